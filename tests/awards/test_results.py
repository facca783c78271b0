"""Art. 23, 4, 28: the results are public after the city government's approval, with the award year and validity."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import AwardRecord
from tests.awards.worlds import approve


def test_art23_no_public_results_before_the_approval(db, client, approval_cycle):
    assert client.get(f"/awards/results/{approval_cycle.cycle.id}").status_code == 404
    assert approval_cycle.cycle.name not in client.get("/awards/results").get_data(as_text=True)


def test_art23_after_the_approval_anyone_reads_the_winners_with_year_and_validity(db, office, client, auth,
                                                                                  approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    auth.logout()
    listing = client.get("/awards/results")
    assert listing.status_code == 200 and cycle.name in listing.get_data(as_text=True)
    page = client.get(f"/awards/results/{cycle.id}").get_data(as_text=True)
    award_table = page[page.index('id="results-award"'):page.index('id="results-nomination"')]
    nomination_table = page[page.index('id="results-nomination"'):]
    assert "甲钢铁有限公司" in award_table and "丙机械有限公司" in award_table
    assert "乙药业有限公司" in nomination_table
    assert "2026" in award_table
    assert "2031-11-24" in award_table  # Art. 4: valid five years, the last day before the anniversary
    assert "本政发〔2026〕30号" in page
    assert award_table.count('class="badge text-bg-info repeat"') == 1  # 丙, Art. 12


def test_the_public_results_name_no_reviewer_and_no_score(db, office, client, auth, approval_cycle):
    approve(client, approval_cycle.cycle)
    auth.logout()
    page = client.get(f"/awards/results/{approval_cycle.cycle.id}").get_data(as_text=True)
    assert "870" not in page and "630" not in page
    assert "/organizations/" not in page and "/certificate" not in page and "/revoke" not in page


def test_art31_32_a_revoked_award_is_marked_on_the_results(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    award = db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == approval_cycle.orgs["甲"].id))
    award.revoked_on, award.revocation_article, award.revocation_reason = date(2026, 11, 26), 32, "重大事故"
    db.session.commit()
    page = client.get(f"/awards/results/{approval_cycle.cycle.id}").get_data(as_text=True)
    assert f'<tr data-award="{award.id}" class="table-danger">' in page and "2026-11-26" in page


def test_the_public_notices_link_to_the_results(client):
    assert 'href="/awards/results"' in client.get("/notices/").get_data(as_text=True)

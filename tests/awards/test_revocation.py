"""Art. 31, 32: a revocation marks the award revoked, recovers its money on the ledger, publishes a notice, and
starts the bans the eligibility rules apply (Art. 31: every quality award for 10 years; Art. 32: the next cycle)."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.applications.eligibility import eligibility_report
from reviewapp.awards import queries
from reviewapp.domain.eligibility import Outcome
from reviewapp.models import AwardKind, AwardRecord, MoneyEntry, Notice, NoticeKind, Role
from tests.awards.worlds import approve, awards_of, money_of
from tests.conftest import audit_actions

TODAY = date(2026, 11, 26)
NEXT_REFERENCE = date(2028, 11, 16)


def revoke(client, award, article="32", clause="第三十二条（一）", revoked_on=TODAY, reason="发生重大生产安全事故",
           evidence="市应急管理局事故调查报告（本应急〔2026〕8号）"):
    return client.post(f"/awards/{award.id}/revoke", data={
        "article": article, "clause": clause, "reason": reason, "evidence": evidence,
        "revoked_on": revoked_on.isoformat()})


def revocation_notices(db) -> list[Notice]:
    """The approval cycle also has its proposed-winner notice (Art. 21): only revocation notices count here."""
    return list(db.session.scalars(select(Notice).where(Notice.kind == NoticeKind.REVOCATION)))


def revocation_notice(db) -> Notice:
    (notice,) = revocation_notices(db)
    return notice


@pytest.fixture
def approved(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    return approval_cycle


def test_art32_revocation_marks_the_award_recovers_the_money_and_publishes_a_notice(db, client, approved):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    response = revoke(client, award)
    notice = revocation_notice(db)
    assert response.status_code == 302 and response.headers["Location"] == f"/notices/{notice.id}"

    db.session.expire_all()
    assert (award.revoked_on, award.revocation_article, award.revocation_clause) == (TODAY, 32, "第三十二条（一）")
    assert award.revocation_reason == "发生重大生产安全事故" and "事故调查报告" in award.revocation_evidence

    assert money_of(db, jia) == [("award", Decimal("200000.00")), ("recovery", Decimal("-200000.00"))]
    recovery = db.session.scalar(select(MoneyEntry).where(MoneyEntry.amount < 0))
    assert recovery.award_record_id == award.id and recovery.cycle_id == approved.cycle.id
    assert recovery.note == "第三十二条（一）"

    assert notice.kind is NoticeKind.REVOCATION and notice.cycle_id == approved.cycle.id
    # starts today, runs the cycle's 5 working days on the official calendar: 26, 27, 30 Nov, 1, 2 Dec
    assert (notice.start_date, notice.end_date, notice.working_days) == (TODAY, date(2026, 12, 2), 5)
    assert notice.entries[0]["organization"] == "甲钢铁有限公司" and notice.entries[0]["award"] == "award"
    assert "甲钢铁有限公司" in notice.title and "撤销" in notice.title
    assert "第三十二条（一）" in notice.body and "不得参加下一届" in notice.body
    assert "事故调查报告" not in notice.body  # the evidence stays with the office
    assert audit_actions(db)[-2:] == ["award_revoked", "notice_published"]

    public = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "甲钢铁有限公司" in public and "发生重大生产安全事故" in public
    assert notice.title in client.get("/notices/").get_data(as_text=True)


def test_art31_32_a_revocation_is_refused_when_already_revoked(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    revoke(client, award)
    page = revoke(client, award, article="31").get_data(as_text=True)
    assert "already revoked" in page
    db.session.expire_all()
    assert award.revocation_article == 32
    assert len(money_of(db, approved.orgs["甲"])) == 2 and len(revocation_notices(db)) == 1
    assert audit_actions(db).count("award_revoked") == 1


def test_art31_a_past_nominee_award_recovers_only_what_was_paid_for_it(db, client, office, make_cycle,
                                                                        approval_cycle):
    jia = approval_cycle.orgs["甲"]
    db.session.add(AwardRecord(organization_id=jia.id, kind=AwardKind.NOMINATION, awarded_on=date(2024, 12, 1)))
    db.session.commit()
    approve(client, approval_cycle.cycle)
    award = next(a for a in awards_of(db, jia) if a.kind is AwardKind.AWARD)
    revoke(client, award, article="31", clause="第三十一条", reason="申报材料弄虚作假")
    assert money_of(db, jia) == [("nominee_to_award", Decimal("100000.00")), ("recovery", Decimal("-100000.00"))]


def test_art12_revoking_a_repeat_winner_books_no_recovery(db, client, approved):
    (award,) = awards_of(db, approved.orgs["丙"])
    assert revoke(client, award).status_code == 302
    assert money_of(db, approved.orgs["丙"]) == []
    assert revocation_notice(db).kind is NoticeKind.REVOCATION


def test_a_revocation_cannot_be_dated_in_the_future_or_before_the_award(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    assert "in the future" in revoke(client, award, revoked_on=date(2026, 11, 27)).get_data(as_text=True)
    assert "before the award" in revoke(client, award, revoked_on=date(2026, 11, 1)).get_data(as_text=True)
    db.session.expire_all()
    assert award.revoked_on is None and revocation_notices(db) == []


def test_a_revocation_needs_clause_reason_and_evidence(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    response = revoke(client, award, clause="", reason="", evidence="")
    assert response.status_code == 200
    db.session.expire_all()
    assert award.revoked_on is None


def next_cycle_report(db, make_cycle, make_application, org):
    cycle = make_cycle(name="第十一届本溪市市长质量奖", reference_date=NEXT_REFERENCE)
    db.session.expire_all()
    return eligibility_report(make_application(cycle, org))


def test_art31_revocation_starts_the_ten_year_ban_in_the_next_cycle(db, client, approved, make_cycle,
                                                                     make_application):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    revoke(client, award, article="31", clause="第三十一条", reason="以弄虚作假手段获得奖项")
    report = next_cycle_report(db, make_cycle, make_application, jia)
    fraud = report.check("fraud_ban")
    assert fraud.outcome is Outcome.FAIL and fraud.article == "Art. 31"
    assert fraud.params["since"] == "2026-11-26" and fraud.params["may_apply_from"] == "2036-11-26"
    assert report.check("revoked_next_cycle").outcome is Outcome.PASS
    assert report.check("award_wait_five_years").outcome is Outcome.PASS  # a revoked award is no award


def test_art32_revocation_bars_the_next_cycle(db, client, approved, make_cycle, make_application):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    revoke(client, award)
    report = next_cycle_report(db, make_cycle, make_application, jia)
    barred = report.check("revoked_next_cycle")
    assert barred.outcome is Outcome.FAIL and barred.article == "Art. 32"
    assert barred.params["revoked_on"] == "2026-11-26"
    assert report.check("fraud_ban").outcome is Outcome.PASS


def test_without_a_revocation_the_winner_must_wait_five_years(db, client, approved, make_cycle, make_application):
    report = next_cycle_report(db, make_cycle, make_application, approved.orgs["甲"])
    assert report.check("award_wait_five_years").outcome is Outcome.FAIL  # Art. 12
    assert report.check("revoked_next_cycle").outcome is Outcome.PASS


def test_the_organization_page_shows_the_revocation(db, client, approved):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    revoke(client, award)
    page = client.get(f"/organizations/{jia.id}").get_data(as_text=True)
    history = page[page.index('id="award-history"'):page.index('id="money-total"')]
    assert "Revoked" in history and "/certificate" not in history and "/revoke" not in history
    assert ">0 yuan" in page or ": 0 yuan" in page


def test_wrong_roles_get_403_on_revocation(db, make_user, auth, client, make_org):
    org = make_org()
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2024, 12, 1))
    db.session.add(award)
    db.session.commit()
    make_user("expert", Role.EXPERT)
    auth.login("expert")
    assert client.get(f"/awards/{award.id}/revoke").status_code == 403
    assert revoke(client, award).status_code == 403
    db.session.expire_all()
    assert award.revoked_on is None


def test_the_revocation_form_shows_what_was_paid(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    page = client.get(f"/awards/{award.id}/revoke").get_data(as_text=True)
    assert 'id="paid">200,000<' in page and 'id="revoke-form"' in page and "2031-11-24" in page


def record_outside(client, org, kind, awarded_on=TODAY):
    return client.post("/awards/outside", data={"organization_id": org.id, "kind": kind,
                                                "awarded_on": awarded_on.isoformat(),
                                                "document": "国市监质〔2026〕1号"})


def test_art25_31_32_the_revocation_form_shows_the_supplements_paid_for_the_award(db, client, approved):
    jia = approved.orgs["甲"]
    record_outside(client, jia, "china_quality_award")
    (award,) = awards_of(db, jia)
    page = client.get(f"/awards/{award.id}/revoke").get_data(as_text=True)
    assert 'id="paid">400,000<' in page


def test_art25_31_32_a_revocation_recovers_the_supplements_too(db, client, approved):
    jia = approved.orgs["甲"]
    record_outside(client, jia, "china_quality_award")
    record_outside(client, jia, "liaoning_governor_award")
    (award,) = awards_of(db, jia)
    assert revoke(client, award).status_code == 302
    lines = money_of(db, jia)
    assert sum(amount for _, amount in lines) == 0
    assert [amount for kind, amount in lines if kind == "recovery"] == [
        Decimal("-200000.00"), Decimal("-200000.00"), Decimal("-100000.00")]
    # each recovery stays where the money it takes back is counted: the cycle, and the outside awards
    assert {t.name: t.amount for t in queries.totals_by_cycle()} == {approved.cycle.name: Decimal("100000"),
                                                                      None: Decimal("0")}

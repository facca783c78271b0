"""Issue 13 item 7 (Art. 12, 20): while the leading group's review is blinded, no page marks a candidate's code as
a past winner or nominee. The acceptance notice names every applicant and the public results every past winner:
a code marked "past winner" would name the applicant. The group sees what the quota rules need as counts, unless
the office records, with its reason, the choice to show each candidate's award history."""
import html
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from reviewapp.cycles.operations import acceptance_entries
from reviewapp.domain.coi.policy import DEFAULT_POLICY_VERSION
from reviewapp.models import AwardKind, AwardRecord, Notice, NoticeKind, PanelReport, Role, Stage
from reviewapp.permissions import LOGGED_IN, PUBLIC
from tests.access import ACCESS
from tests.conftest import audit_actions
from tests.leading.worlds import NAMES

# the per-applicant marks of templates/leading/_award_history.html, in English and Chinese
PAST_AWARD_MARKS = ("past winner", "past nominee", "曾获市长质量奖", "曾获提名奖")


def english(client):
    client.post("/auth/language", data={"locale": "en", "next": "/"})


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


@pytest.fixture
def history(db, proposed, make_cycle):
    """A (proposed for the award) won the award in the 3rd cycle and B (proposed for the nomination) the
    nomination in the 6th, both in public results; the current cycle's acceptance notice is public too."""
    cycle, apps = proposed
    past = make_cycle(name="第三届本溪市市长质量奖", stage=Stage.CLOSED, reference_date=date(2019, 6, 30),
                      approved_on=date(2019, 12, 20))
    db.session.add_all([
        AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.AWARD, awarded_on=date(2019, 12, 20),
                    cycle_id=past.id, cycle_name=past.name),
        AwardRecord(organization_id=apps["B"].organization_id, kind=AwardKind.NOMINATION,
                    awarded_on=date(2019, 12, 20), cycle_id=past.id, cycle_name=past.name)])
    notice = Notice(cycle_id=cycle.id, kind=NoticeKind.ACCEPTANCE, title="第十届受理名单公示", body="受理名单",
                    start_date=date(2026, 6, 1), end_date=date(2026, 6, 8), working_days=5,
                    entries=acceptance_entries(cycle), published_at=datetime(2026, 6, 1, tzinfo=UTC))
    db.session.add(notice)
    db.session.commit()
    return cycle, apps, past, notice


def group_urls(app, cycle, notice, past, report, award) -> list[str]:
    """Every GET page the leading group may open, with this world's ids."""
    values = {"cycle_id": cycle.id, "notice_id": notice.id, "version": DEFAULT_POLICY_VERSION,
              "report_id": report.id, "award_id": award.id,
              "kind": "funds", "record_id": 0,  # a winner's file: none in this world
              "token": "x",  # a password reset link: not a valid one
              "guide": "leading_group"}  # the help page of the group
    urls = []
    for rule in app.url_map.iter_rules():
        roles = ACCESS[rule.endpoint]
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        if roles in (LOGGED_IN, PUBLIC) or Role.LEADING_GROUP in roles:
            assert set(rule.arguments) <= set(values), rule.rule  # a new page: give its ids here
            urls.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return urls


def public_pages(client, past, notice) -> str:
    pages = [client.get(url) for url in (f"/notices/{notice.id}", "/notices/", "/awards/results",
                                         f"/awards/results/{past.id}")]
    assert all(page.status_code == 200 for page in pages)
    return " ".join(text_of(page) for page in pages)


def test_item7_no_blinded_page_can_be_joined_with_the_public_pages_to_name_a_candidate(app, db, history, member,
                                                                                         client):
    cycle, apps, past, notice = history
    public = public_pages(client, past, notice)
    # what the public pages tie to a name: the names, the application numbers, the industries, the past awards
    assert all(name in public for name in NAMES.values())
    identifying = {*NAMES.values(), *(a.number for a in apps.values()), *(a.organization.credit_code for a in
                                                                         apps.values())}
    identifying |= {entry["division"] for entry in notice.entries if entry["division"]}
    report = db.session.scalar(select(PanelReport).where(PanelReport.application_id == apps["A"].id))
    award = db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == apps["A"].organization_id))
    seen = 0
    for reader_locale in ("zh", "en"):
        if reader_locale == "en":
            english(member)
        for url in group_urls(app, cycle, notice, past, report, award):
            response = member.get(url)
            if response.status_code != 200 or url.startswith(("/notices", "/awards/results", "/submissions")):
                continue  # refused, or a public page (the same for everyone)
            if url.startswith("/winners"):
                # the register of winners (Art. 27-29) names the past winners as the public results do, never a code
                assert not re.search(r"(?:Candidate |候选)[A-Z]+\b", text_of(response)), url
                continue
            page = text_of(response)
            seen += 1
            assert not [token for token in identifying if token and token in page], url
            assert not [mark for mark in PAST_AWARD_MARKS if mark in page], url
            assert not re.search(rf"/applications/({'|'.join(str(a.id) for a in apps.values())})\b", page), url
            # the codes are the blinded page's own: no public page uses them
            for code in re.findall(r"(?:Candidate |候选)([A-Z]+)", page):
                assert f"Candidate {code}" not in public and f"候选{code}" not in public
    assert seen >= 6  # the group's list, the cycle's page, home, password… in both languages


def test_item7_the_blinded_group_sees_what_the_quota_needs_as_counts(db, history, member):
    cycle, apps, _, _ = history
    english(member)
    response = member.get(f"/leading/cycles/{cycle.id}")
    page = text_of(response)
    assert "Award history (Art. 12)" not in page.split('id="award-history-counts"')[0]  # no column, no cells
    counts = page.split('id="award-history-counts">')[1].split("</p>")[0]
    assert ("1 of the ranked applicants won the award before and 1 the nomination" in counts
            and "Of the 1 proposed for the award, 1 won it before" in counts
            and "0 of the 2 award places are used" in counts)
    assert 'id="award-history-choice"' not in page  # the office's choice is the office's


def test_item7_the_office_still_sees_each_candidates_history(db, history, office, client):
    cycle, _, _, _ = history
    english(client)
    page = text_of(client.get(f"/leading/cycles/{cycle.id}"))
    assert "past winner: a repeat winner takes no quota place" in page and "past nominee" in page
    assert 'id="award-history-counts"' not in page and 'id="award-history-choice"' in page


def test_item7_the_office_shows_the_group_the_history_with_a_recorded_reason(db, history, office, client, member):
    cycle, apps, _, _ = history
    english(client)
    refused = client.post(f"/leading/cycles/{cycle.id}/award-history", data={"reason": "  ", "submit": "y"})
    assert refused.status_code == 400 and "Give the reason" in text_of(refused)
    assert cycle.award_history_shown_at is None and "award_history_shown_to_group" not in audit_actions(db)
    reason = "领导小组要求核对第十二条名额"
    done = client.post(f"/leading/cycles/{cycle.id}/award-history", data={"reason": reason, "submit": "y"},
                       follow_redirects=True)
    assert done.status_code == 200 and reason in text_of(done)
    db.session.expire_all()
    assert cycle.award_history_shown_reason == reason and cycle.award_history_shown_by_id == office.id
    assert "award_history_shown_to_group" in audit_actions(db)
    english(member)
    page = text_of(member.get(f"/leading/cycles/{cycle.id}"))
    assert "past winner" in page and reason in page and 'id="award-history-counts"' not in page
    assert not [name for name in NAMES.values() if name in page]  # still blinded otherwise
    again = client.post(f"/leading/cycles/{cycle.id}/award-history", data={"reason": "再次", "submit": "y"})
    assert again.status_code == 409 and audit_actions(db).count("award_history_shown_to_group") == 1


def test_item7_only_the_office_records_the_choice(db, history, member):
    cycle, _, _, _ = history
    assert member.post(f"/leading/cycles/{cycle.id}/award-history", data={"reason": "看看"}).status_code == 403
    db.session.expire_all()
    assert cycle.award_history_shown_at is None

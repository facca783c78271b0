"""The leading group's review in the browser (Art. 20, 21): a member reads the ranking blinded (applicants by
code), the office records the group's decision — refused until the departure from its proposal has a reason — and
the member then sees the names and the panels' reports."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import AwardKind, GroupDecision, ListChange, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.leading.worlds import MEETING, NAMES


def log_out(page):
    page.locator("form[action='/auth/logout'] button").click()


def open_candidate_list(page, cycle):
    page.goto("/")
    page.locator("a[href='/leading/']").first.click()  # the group's and the office's home sections
    page.locator(f"#leading-cycles [data-cycle='{cycle.id}']").click()


def test_art20_the_group_sees_the_ranking_blinded_until_the_office_records_its_decision(db, page, make_user,
                                                                                        proposed, screenshot):
    cycle, apps = proposed
    make_user("member", Role.LEADING_GROUP, display_name="张组员")
    make_user("office", Role.OFFICE, display_name="刘主任")

    log_in(page, "member", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#blinded-notice")).to_be_visible()
    ranked = page.locator("#ranking-onsite tbody tr")
    expect(ranked).to_have_count(3)
    expect(ranked.first).to_contain_text("候选A")
    expect(ranked.first).to_contain_text("870.00")
    expect(page.locator("#candidate-list tbody tr")).to_have_count(2)
    html = page.content()
    assert not [name for name in NAMES.values() if name in html]
    assert not [a.number for a in apps.values() if a.number in html]
    expect(page.locator(".report-link")).to_have_count(0)
    screenshot("blinded")
    log_out(page)

    log_in(page, "office", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#ranking-onsite tbody tr").first).to_contain_text(NAMES["A"])
    expect(page.locator("#office-blind-notice")).to_be_visible()
    page.locator("#record-decision").click()
    page.locator("#decided_on").fill("2026-11-25")
    page.locator("#meeting_reference").fill(MEETING)
    page.locator(f"select[name='level-{apps['C'].id}']").select_option("nomination")  # the group adds 丙
    page.locator("#decision-form #submit").click()
    expect(page.locator(".alert-danger").filter(has_text=NAMES["C"])).to_be_visible()
    screenshot("reason-missing")
    assert db.session.scalars(select(GroupDecision)).all() == []

    page.locator(f"textarea[name='reason-{apps['C'].id}']").fill("现场评审显示改进成效显著，领导小组审议同意")
    page.locator("#decision-form #submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#group-decision")).to_contain_text(MEETING)
    screenshot("decided")
    db.session.expire_all()
    change = db.session.scalar(select(ListChange))
    assert (change.application_id, change.from_level, change.to_level) == (apps["C"].id, None, AwardKind.NOMINATION)
    log_out(page)

    log_in(page, "member", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#blinded-notice")).to_have_count(0)
    expect(page.locator("#ranking-onsite tbody tr").first).to_contain_text(NAMES["A"])
    expect(page.locator("#candidate-list")).to_contain_text(NAMES["B"])
    expect(page.locator("#group-changes")).to_contain_text(NAMES["C"])  # added by the group, with its reason
    expect(page.locator("#group-changes")).to_contain_text("现场评审显示改进成效显著")
    screenshot("unblinded")
    page.locator("#ranking-onsite tbody tr").first.locator(".report-link").first.click()
    expect(page.locator("body")).to_contain_text(NAMES["A"])
    page.goto(f"/leading/cycles/{cycle.id}/decision/print")
    expect(page.locator("body")).to_contain_text("现场评审显示改进成效显著")
    screenshot("decision-print")

"""Issue 13 item 7 in the browser (Art. 12, 20): the blinded group reads the award history as counts, never as a
mark beside a code; the office, warned that such a mark names the applicant, records its choice with a reason,
and the group then sees each candidate's history, still by code. Desktop and phone widths."""
from datetime import date

from playwright.sync_api import expect

from reviewapp.models import AwardKind, AwardRecord, Role
from tests.browser.conftest import log_in
from tests.browser.test_leading_group import log_out, open_candidate_list
from tests.conftest import PASSWORD
from tests.leading.worlds import NAMES

PHONE = {"width": 390, "height": 844}


def test_item7_the_blinded_group_sees_counts_until_the_office_records_its_choice(db, page, make_user, proposed,
                                                                                 screenshot):
    cycle, apps = proposed
    db.session.add(AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.AWARD,
                               awarded_on=date(2019, 12, 20), cycle_name="第三届"))
    db.session.commit()
    make_user("member", Role.LEADING_GROUP, display_name="张组员")
    make_user("office", Role.OFFICE, display_name="刘主任")

    log_in(page, "member", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#award-history-counts")).to_contain_text("此前获得过市长质量奖")
    expect(page.locator("#award-history-counts")).to_contain_text("2 个市长质量奖名额已用 0 个")
    expect(page.locator("#candidate-list")).not_to_contain_text("曾获")
    expect(page.locator("#ranking-onsite")).not_to_contain_text("曾获")
    screenshot("blinded-desktop")
    page.set_viewport_size(PHONE)
    screenshot("blinded-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_out(page)

    log_in(page, "office", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#candidate-list")).to_contain_text("曾获市长质量奖")  # the office sees names anyway
    page.locator("#award-history-choice summary").click()
    page.locator("#award-history-choice button[type='submit'], #award-history-choice input[type='submit']").click()
    expect(page.locator("#award-history-choice .invalid-feedback")).to_be_visible()  # no reason: refused
    screenshot("reason-missing")
    page.locator("#award-history-choice textarea[name='reason']").fill("领导小组要求核对第十二条名额")
    page.locator("#award-history-choice input[type='submit']").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#award-history-choice")).to_contain_text("领导小组要求核对第十二条名额")
    screenshot("office-chose")
    log_out(page)

    log_in(page, "member", PASSWORD)
    open_candidate_list(page, cycle)
    expect(page.locator("#award-history-shown")).to_contain_text("领导小组要求核对第十二条名额")
    expect(page.locator("#candidate-list tbody tr").first).to_contain_text("曾获市长质量奖")
    expect(page.locator("#candidate-list tbody tr").first).to_contain_text("候选A")
    assert not [name for name in NAMES.values() if name in page.content()]
    screenshot("shown-desktop")
    page.set_viewport_size(PHONE)
    screenshot("shown-phone")

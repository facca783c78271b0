"""A whole cycle's end in the browser (Art. 20-23, 31): from the office's candidate list, the leading group's decision
is recorded, the proposed winners are publicly noticed, an anonymous visitor objects, the notice period passes,
the office upholds the objection and takes the candidate off the list, the cycle moves on, the city government's
approval is recorded and the results are public; afterwards an award is revoked and its notice published."""
import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import AwardRecord, Cycle, ListEntry, Role, Stage
from tests.browser.conftest import log_in
from tests.browser.test_objections import answer_challenge
from tests.conftest import PASSWORD
from tests.leading.worlds import MEETING, NAMES


def advance(page, cycle, expected_stage: str):
    page.goto(f"/cycles/{cycle.id}")
    page.locator(f"form[action='/cycles/{cycle.id}/advance'] button").click()
    expect(page.locator("#current-stage")).to_contain_text(expected_stage)


def test_art20_to_art23_the_cycle_ends_in_published_results_with_an_objection_upheld(
        db, page, browser, live_server, make_user, proposed, today, screenshot):
    cycle, apps = proposed
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # Art. 20: the leading group's decision, as proposed
    page.goto(f"/leading/cycles/{cycle.id}")
    page.locator("#record-decision").click()
    page.locator("#decided_on").fill("2026-11-25")
    page.locator("#meeting_reference").fill(MEETING)
    page.locator("#decision-form #submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("领导小组决定已登记")
    advance(page, cycle, "拟奖公示")

    # Art. 21: the proposed-winner notice, five working days from today
    page.locator("#publish-proposed").click()
    page.locator("#end_date").fill("2026-12-02")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#notice-list")).to_contain_text(NAMES["A"])
    expect(page.locator("#notice-list")).to_contain_text(NAMES["B"])
    notice_url = page.url
    screenshot("1-notice")

    # Art. 22: an anonymous visitor objects to B
    visitor = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    visitor.goto(notice_url)
    visitor.locator("#file-objection").click()
    visitor.locator("#application_id").select_option(str(apps["B"].id))
    visitor.locator("#filer_name").fill("赵举人")
    visitor.locator("#filer_contact").fill("13800000000")
    visitor.locator("#facts").fill("乙药业有限公司2025年6月发生药品质量事故。")
    visitor.locator("#reasons").fill("不符合申报条件。")
    answer_challenge(visitor)
    visitor.locator("#submit-objection").click()
    receipt = visitor.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"26-[A-Z2-7]{10}", receipt)

    # the notice runs its course; the cycle moves to the objections
    advance(page, cycle, "拟奖公示")  # still running: the stage stays
    today(date(2026, 12, 3))
    advance(page, cycle, "异议处理")

    # the office upholds the objection and takes B off the list; the cycle moves to the approval
    page.goto("/submissions/")
    page.locator(".receipt-link", has_text=receipt).click()
    page.locator("#status").select_option("investigating")
    page.locator("#change-status").click()
    page.locator("#status").select_option("upheld")
    page.locator("#decision").fill("经调查，异议成立，取消乙药业有限公司拟奖资格。")
    page.locator("#change-status").click()
    page.locator("#change").select_option("remove")
    page.locator("#reason").fill("异议成立：发生质量事故。")
    page.locator("#change-list").click()
    expect(page.locator("#list-changes")).to_contain_text(NAMES["B"])
    advance(page, cycle, "审定报批")

    # Art. 23: the approval; the results are public without B
    page.locator("#approval-link").click()
    page.locator("#approved_on").fill("2026-12-03")
    page.locator("#approval_document").fill("本政发〔2026〕31号")
    page.locator("#approval-form button, #approval-form input[type=submit]").first.click()
    expect(page.locator("#results-award")).to_contain_text(NAMES["A"])
    expect(page.locator("body")).not_to_contain_text(NAMES["B"])
    screenshot("2-results")
    advance(page, cycle, "评选结束")

    visitor.goto("/submissions/status")
    visitor.locator("#receipt").fill(receipt)
    visitor.locator("#check").click()
    expect(visitor.locator("#result-status")).to_have_attribute("data-status", "upheld")
    visitor.context.close()

    # Art. 31: afterwards the award is revoked, with its public notice
    award = db.session.scalar(select(AwardRecord).where(AwardRecord.cycle_id == cycle.id))
    page.goto(f"/awards/{award.id}/revoke")
    page.locator("#clause").select_option("art31_fraud")
    page.locator("#event_on").fill("2026-12-03")
    page.locator("#decision_document").fill("本政发〔2026〕41号")
    page.locator("#decided_on").fill("2026-12-03")
    page.locator("#reason").fill("经查实，申报材料弄虚作假。")
    page.locator("#evidence").fill("市市场监管局调查报告")
    page.locator("#revoke-form button, #revoke-form input[type=submit]").first.click()
    expect(page.locator("#notice-list")).to_contain_text(NAMES["A"])
    screenshot("3-revocation")

    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).stage is Stage.CLOSED
    assert [e.application_id for e in db.session.scalars(select(ListEntry))] == [apps["A"].id]
    assert db.session.get(AwardRecord, award.id).revocation_article == 31

"""Objections in the browser (Art. 21, 22): an anonymous visitor files an objection from the running proposed-winner
notice with an evidence file, keeps the receipt and checks the status; the office investigates, upholds it and takes
the candidate off the approved list; the visitor then reads the decision — never anyone's identity. The form's
check is the real ALTCHA widget solving the real proof of work in Chromium (at the tests' small cost), under the
Content-Security-Policy (issue 13 item 1)."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import ListChange, ListEntry, PublicSubmission, Role, SubmissionStatus
from tests.browser.conftest import ARTIFACTS, accept_dialog, log_in
from tests.browser.test_csp import csp_violations
from tests.conftest import PASSWORD
from tests.submissions.worlds import PDF

DECISION = "经调查，乙药业有限公司2025年发生一般质量事故，异议成立，取消其拟奖资格。"


def answer_challenge(page):
    """Tick "我不是机器人" as a person does: the widget's worker finds the counter, and the box says 已验证."""
    widget = page.locator("altcha-widget")
    expect(widget).to_contain_text("我不是机器人")
    widget.locator("input[type=checkbox]").click()
    expect(widget.locator("[data-state]").first).to_have_attribute("data-state", "verified")
    expect(widget).to_contain_text("已验证")


def check_status(page, receipt: str):
    page.goto("/")
    page.locator("#status-link").click()
    page.locator("#receipt").fill(receipt)
    page.locator("#check").click()


def test_art22_a_visitor_objects_and_the_office_removes_the_candidate(db, page, browser, live_server, make_user,
                                                                      proposed_notice, screenshot):
    notice, b = proposed_notice.notice, proposed_notice.apps["B"]
    page.goto(f"/notices/{notice.id}")
    expect(page.locator("#notice-list")).to_contain_text("乙药业有限公司")
    page.locator("#file-objection").click()

    page.locator("#application_id").select_option(str(b.id))
    page.locator("#filer_name").fill("赵举人")
    page.locator("#filer_contact").fill("13800000000")
    page.locator("#facts").fill("乙药业有限公司2025年6月发生药品质量事故，被市市场监管局立案调查。")
    page.locator("#reasons").fill("不符合《办法》第十一条第（六）项的申报条件。")
    page.locator("#evidence").set_input_files([{"name": "立案通知书.pdf", "mimeType": "application/pdf",
                                                "buffer": PDF}])
    violations = csp_violations(page)
    answer_challenge(page)
    screenshot("1-objection-form")
    page.locator("#submit-objection").click()

    receipt = page.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"26-[A-Z2-7]{10}", receipt)
    assert violations == []
    screenshot("2-receipt")

    check_status(page, receipt)
    expect(page.locator("#result-status")).to_have_attribute("data-status", "received")
    expect(page.locator("#status-result")).not_to_contain_text("赵举人")
    expect(page.locator("#status-result")).not_to_contain_text("13800000000")
    screenshot("3-status-received")

    make_user("office", Role.OFFICE, display_name="刘主任")
    office = browser.new_context(locale="zh-CN", base_url=live_server,
                                 viewport={"width": 1280, "height": 800}).new_page()
    office.on("dialog", accept_dialog)  # a decision asks first: the office goes ahead
    log_in(office, "office", PASSWORD)
    office.goto("/submissions/")
    office.locator(".receipt-link", has_text=receipt).click()
    expect(office.locator("#filer")).to_contain_text("赵举人")
    expect(office.locator("#evidence")).to_contain_text("立案通知书.pdf")
    office.locator("#status").select_option("investigating")
    office.locator("#change-status").click()
    expect(office.locator("#current-status")).to_have_attribute("data-status", "investigating")
    office.locator("#status").select_option("upheld")
    office.locator("#decision").fill(DECISION)
    office.locator("#change-status").click()
    expect(office.locator("#current-status")).to_have_attribute("data-status", "upheld")
    office.locator("#change").select_option("remove")
    office.locator("#reason").fill("异议成立：申报前三年内发生质量事故（第十一条第（六）项）。")
    office.locator("#change-list").click()
    expect(office.locator("#list-changes")).to_contain_text("乙药业有限公司")
    office.screenshot(path=str(ARTIFACTS / "test_art22_a_visitor_objects_and_the_office_removes_the_candidate-"
                                           "4-office-upheld-removed.png"), full_page=True)
    office.context.close()

    db.session.expire_all()
    assert db.session.scalar(select(ListEntry).where(ListEntry.application_id == b.id)) is None
    change = db.session.scalar(select(ListChange))
    assert change.application_id == b.id and change.to_level is None
    assert db.session.scalar(select(PublicSubmission)).status is SubmissionStatus.UPHELD

    check_status(page, receipt)
    expect(page.locator("#result-status")).to_have_attribute("data-status", "upheld")
    expect(page.locator("#result-decision")).to_have_text(DECISION)
    expect(page.locator("#status-result")).not_to_contain_text("赵举人")
    screenshot("5-status-decided")



def fill_report(page):
    page.goto("/submissions/report")
    page.locator("#subject_name").fill("甲钢铁有限公司")
    page.locator("#filer_name").fill("钱举人")
    page.locator("#filer_contact").fill("13900000000")
    page.locator("#facts").fill("该企业申报材料中的检测数据与实际不符。")
    page.locator("#reasons").fill("违反《办法》第三十四条。")


def test_issue13_item1_sending_the_form_solves_the_check_first(db, page):
    """Without ticking the box: sending the form runs the proof of work, then sends the form with its answer."""
    violations = csp_violations(page)
    fill_report(page)
    page.locator("#submit-report").click()
    expect(page.locator("#receipt")).to_have_text(re.compile(r"26-[A-Z2-7]{10}"))
    assert db.session.scalar(select(PublicSubmission)).subject_name == "甲钢铁有限公司"
    assert violations == []


def test_issue13_item1_without_javascript_the_form_says_it_needs_it(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/submissions/report")
    expect(page.locator("#needs-javascript")).to_be_visible()
    expect(page.locator("#needs-javascript")).to_contain_text("需要 JavaScript")
    context.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_issue13_item1_the_objection_form_in_chinese_at_desktop_and_phone_width(page, proposed_notice, width,
                                                                                height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/submissions/objection/{proposed_notice.notice.id}")
    widget = page.locator("altcha-widget")
    expect(widget).to_contain_text("我不是机器人")
    expect(page.locator("#challenge-help")).to_contain_text("浏览器")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
    page.screenshot(path=str(ARTIFACTS / f"issue13-objection-form-{width}-unverified.png"), full_page=True)
    widget.locator("input[type=checkbox]").click()
    expect(widget).to_contain_text("已验证")
    page.screenshot(path=str(ARTIFACTS / f"issue13-objection-form-{width}-verified.png"), full_page=True)


def test_issue13_item1_a_check_that_expired_before_sending_is_solved_anew(db, page, monkeypatch):
    """Ticked early, then the form stayed open past the challenge's life: the widget drops the stale answer, and
    sending the form fetches and solves a fresh challenge instead of sending one the server refuses."""
    from reviewapp.domain import challenge as challenge_rules

    monkeypatch.setattr(challenge_rules, "MAX_AGE_SECONDS", 5)
    fill_report(page)
    answer_challenge(page)
    state = page.locator("altcha-widget [data-state]").first
    expect(state).to_have_attribute("data-state", "unverified", timeout=15_000)
    page.locator("#submit-report").click()
    expect(page.locator("#receipt")).to_have_text(re.compile(r"26-[A-Z2-7]{10}"))

"""Issue 16 in the browser: the office sets the cycle's deadlines on its page; the expert sees the due date with
the days left on the home and on the score sheet, on a desktop and on a phone."""
from datetime import date

from playwright.sync_api import expect

from reviewapp.models import Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_the_office_sets_the_deadlines_and_the_expert_sees_them_on_the_home_and_the_sheet(
        db, page, live_server, make_user, doc_panel, today, screenshot):
    today(date(2026, 11, 26))
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)
    page.goto(f"/cycles/{doc_panel.cycle.id}")
    page.locator("#set-deadlines").click()
    page.get_by_label("专家评分表截止日期（资料评审，第十八条）").fill("2026-11-29")
    page.get_by_label("组长资料评审报告截止日期（第十八条）").fill("2026-12-02")
    page.get_by_label("现场评审开始日期（第十九条）").fill("2026-12-14")
    page.get_by_label("现场评审结束日期").fill("2026-12-10")  # before the start: refused
    page.get_by_role("button", name="保存截止日期").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_contain_text("现场评审的结束日期不能早于开始日期")
    page.get_by_label("现场评审结束日期").fill("2026-12-18")
    page.get_by_role("button", name="保存截止日期").click()
    expect(page.locator("#deadlines")).to_contain_text("截止：11月29日（还剩3天）")
    page.set_viewport_size({"width": 1366, "height": 800})
    screenshot("cycle")
    page.locator("form[action='/auth/logout'] button").click()

    log_in(page, "member1", PASSWORD)
    row = page.locator("#my-assignments .assigned-applicants tr").first
    expect(row.locator(".sheet-due")).to_contain_text("截止：11月29日（还剩3天）")
    expect(row.locator(".sheet-due")).to_contain_text("即将截止")
    screenshot("home")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("home-phone")
    page.set_viewport_size({"width": 1366, "height": 800})
    row.locator(".score-link").click()
    expect(page.locator("#sheet-due")).to_contain_text("截止：11月29日（还剩3天）")
    screenshot("sheet")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("sheet-phone")

    today(date(2026, 12, 1))  # two days late: shown, not refused
    page.reload()
    expect(page.locator("#sheet-due")).to_contain_text("已逾期2天")
    expect(page.locator("#sheet-form")).to_be_visible()
    screenshot("sheet-overdue-phone")

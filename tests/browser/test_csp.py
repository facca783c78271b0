"""Issue #8: under the Content-Security-Policy (scripts from our origin only) the pages' behaviour still works, and
the browser reports no violation: the score sheet's live total, the menus, the language switch. Issue 14: styles
from our origin only too; the pages whose style="..." attributes moved to app.css show none."""
from playwright.sync_api import expect

from reviewapp.models import ApplicationStatus, Role, Stage
from tests.browser.conftest import log_in, switch_language
from tests.conftest import PASSWORD
from tests.reviews.worlds import signed_expert_on


def csp_violations(page) -> list[str]:
    """The console messages Chromium writes when the policy blocks something, collected from now on."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text
            else None)
    return seen


def seat_expert(db, make_user, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    signed_expert_on(db, make_user, cycle, application)
    return application


def test_the_listener_sees_a_blocked_inline_script(page):
    violations = csp_violations(page)
    page.goto("/auth/login")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => { const script = document.createElement('script');
                                 script.textContent = "document.title = 'injected'";
                                 document.body.append(script); }""")
    assert page.title() != "injected"
    assert "script-src" in violations[0]


def test_score_sheet_menus_and_language_switch_work_without_a_violation(db, page, make_user, make_cycle,
                                                                         make_application, make_org):
    application = seat_expert(db, make_user, make_cycle, make_application, make_org)
    make_user("office", Role.OFFICE)
    violations = csp_violations(page)

    log_in(page, "lizj", PASSWORD)
    page.goto(f"/reviews/{application.id}/document_review")
    page.locator("#pct-4\\.1\\.2").select_option("60")
    expect(page.locator("#live-total")).to_have_text("30.00")
    expect(page.locator('[data-category-total="4.1"]')).to_have_text("30.00")
    switch_language(page, "语言", "en")
    expect(page.locator("#mainnav").get_by_role("link", name="Home")).to_be_visible()
    switch_language(page, "Language", "zh")
    expect(page.locator("#mainnav").get_by_role("link", name="首页")).to_be_visible()
    page.get_by_role("button", name="退出").click()

    log_in(page, "office", PASSWORD)
    page.locator("#awards-menu").click()
    expect(page.get_by_role("link", name="奖励资金台账")).to_be_visible()
    page.goto("/cycles/")
    page.goto("/notices/")
    assert violations == []


def test_pages_whose_inline_styles_moved_to_the_stylesheet_show_no_violation(db, page, screenshot, make_user,
                                                                              make_cycle, make_application, make_org):
    """Issue 14: style-src 'self' without 'unsafe-inline'. Each page once carried a style="..." attribute: text kept
    as typed (pre-wrap), the sheet's sticky column, the session-expiry notice, the evidence quota's bar. The
    screenshots (test-artifacts/) are for a person to look at."""
    application = seat_expert(db, make_user, make_cycle, make_application, make_org)
    application.cycle.announcement = "第一行：申报须知\n第二行：截止日期"
    db.session.commit()
    make_user("office", Role.OFFICE)
    violations = csp_violations(page)

    log_in(page, "lizj", PASSWORD)
    page.goto(f"/reviews/{application.id}/document_review")
    page.mouse.wheel(0, 600)
    expect(page.locator("#beside-sheet .sticky-top")).to_be_in_viewport()
    screenshot("score-sheet-scrolled")
    page.goto(f"/panels/declaration/{application.cycle_id}")
    screenshot("declaration")
    page.get_by_role("button", name="退出").click()

    log_in(page, "office", PASSWORD)
    page.goto(f"/cycles/{application.cycle_id}")
    expect(page.get_by_text("第一行：申报须知")).to_be_visible()
    screenshot("cycle-announcement")
    page.goto(f"/applications/{application.id}")
    screenshot("application")
    page.goto("/submissions/")
    expect(page.locator("#evidence-usage .progress-meter")).to_be_visible()
    screenshot("evidence-usage")
    page.evaluate("document.getElementById('session-expiry').classList.remove('d-none')")
    screenshot("session-expiry-notice")
    page.goto("/submissions/report")
    screenshot("public-report-form")
    assert violations == []

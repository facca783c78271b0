"""Issue 13, item 2 in the browser: an expert writing a score sheet is warned before the idle limit ends the
session, can stay logged in, and when the session does end the typed text is not lost: it is offered back after
logging in again. The page's clock (Playwright's) and the server's (the sessions module's) are moved together."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.auth import sessions
from reviewapp.models import ApplicationStatus, Role, ScoreSheet, Stage, UserSession
from tests.auth.test_sessions import Clock
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.reviews.worlds import signed_expert_on

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def both_widths(page, screenshot, name):
    screenshot(f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def open_the_sheet(db, page, make_user, make_cycle, make_application, make_org, monkeypatch) -> Clock:
    """A signed expert logged in on a score sheet, the server's and the page's clocks under the test's hand."""
    clock = Clock()
    monkeypatch.setattr(sessions, "utcnow", clock.now)
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    signed_expert_on(db, make_user, cycle, application)
    page.clock.install()
    log_in(page, "lizj", PASSWORD)
    page.locator(".score-link").first.click()
    page.wait_for_load_state("load")  # the deferred scripts
    return clock


def test_item2_the_sheet_warns_keeps_alive_and_keeps_the_typed_text(app, db, page, make_user, make_cycle,
                                                                    make_application, make_org, screenshot,
                                                                    monkeypatch):
    # the browser's own copy of the typed text, for a sheet that could not save itself (offline, say): the
    # automatic save (issue 17, tests/browser/test_sheet_autosave.py) is kept out of this test's way
    monkeypatch.setitem(app.config, "SHEET_AUTOSAVE_SECONDS", 10 ** 6)
    clock = open_the_sheet(db, page, make_user, make_cycle, make_application, make_org, monkeypatch)
    warning = page.locator("#session-expiry")
    expect(warning).to_be_hidden()
    typed = "高层领导以身作则，战略目标清晰，逐级分解到车间"
    page.get_by_placeholder("优势").first.fill(typed)

    # 115 minutes reading the materials in another program: no request reaches the server
    clock.move(minutes=115)
    page.clock.fast_forward("01:55:00")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("由于长时间未操作，您将在")
    expect(warning.locator('[data-when="warning"] [data-countdown]')).to_have_text(re.compile(r"^[45]:\d\d$"))
    both_widths(page, screenshot, "warning")
    warning.get_by_role("button", name="继续保持登录").click()
    expect(warning).to_be_hidden()
    db.session.expire_all()
    assert (clock.now() - db.session.scalar(select(UserSession.last_seen_at))).total_seconds() < 60

    # away for longer than the limit: the session ends; the page says so and keeps the text
    clock.move(minutes=121)
    page.clock.fast_forward("02:01:00")
    expect(warning.locator('[data-when="ended"]')).to_be_visible()
    expect(warning).to_contain_text("会话已结束")
    both_widths(page, screenshot, "ended")
    page.get_by_role("button", name="保存草稿").click()  # what an expert back at the desk does first
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    expect(page.get_by_role("alert").first).to_contain_text("120 分钟未操作")
    page.get_by_label("用户名").fill("lizj")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # back on the sheet, which the server never saved: the typed text is offered back
    expect(page.locator("#sheet-form")).to_be_visible()
    strengths = page.get_by_placeholder("优势").first
    expect(strengths).to_have_value("")
    offer = page.locator(".draft-restore")
    expect(offer).to_contain_text("尚未保存的内容")
    both_widths(page, screenshot, "restore")
    offer.get_by_role("button", name="恢复").click()
    expect(strengths).to_have_value(typed)
    expect(offer).to_have_count(0)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")
    expect(page.locator(".draft-restore")).to_have_count(0)  # saved: nothing more to offer
    db.session.expire_all()
    assert db.session.scalar(select(ScoreSheet)).strengths["4.1.2"] == typed


def test_item2_logging_out_forgets_the_typed_text(db, page, make_user, make_cycle, make_application, make_org):
    """On a shared office computer the next person must not be offered the previous expert's text."""
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    signed_expert_on(db, make_user, cycle, application)
    log_in(page, "lizj", PASSWORD)
    page.locator(".score-link").first.click()
    page.wait_for_load_state("load")
    page.get_by_placeholder("优势").first.fill("不应留在浏览器里的评审意见")
    # typed text is kept a moment after the last key (no wait_for_function: the CSP forbids the eval it uses)
    for _ in range(50):
        if drafts(page):
            break
        page.wait_for_timeout(100)
    assert drafts(page)
    page.locator("form[action='/auth/logout'] button").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    assert drafts(page) == []


def drafts(page) -> list[str]:
    return page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('reviewapp-draft:'))")


def test_item2_log_out_everywhere_from_the_password_page(db, page, browser, live_server, make_user, screenshot):
    make_user("alice", Role.EXPERT, display_name="李专家")
    phone = browser.new_context(locale="zh-CN", base_url=live_server, viewport=PHONE,
                                user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                                           "AppleWebKit/605.1.15 "
                                           "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40")
    other = phone.new_page()
    log_in(other, "alice", PASSWORD)
    expect(other.locator("#current-user")).to_have_text("李专家")
    log_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="密码").click()
    sessions_table = page.locator("#my-sessions tbody tr")
    expect(sessions_table).to_have_count(2)
    expect(page.locator("#my-sessions")).to_contain_text("WeChat")
    both_widths(page, screenshot, "password-page")
    page.get_by_role("button", name="在所有设备上退出登录").click()  # confirmed by the page fixture's dialog handler
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.get_by_role("alert").first).to_contain_text("已在所有设备上退出登录")
    other.reload()
    expect(other).to_have_url(re.compile(r"/auth/login"))
    phone.close()


def test_item2_typing_counts_as_being_at_work(db, page, make_user, make_cycle, make_application, make_org,
                                              monkeypatch):
    """An expert who is typing when the warning comes does not have to press anything: the typing extends the
    session (quietly, at most every few minutes)."""
    clock = open_the_sheet(db, page, make_user, make_cycle, make_application, make_org, monkeypatch)
    clock.move(minutes=116)
    page.clock.fast_forward("01:56:00")
    warning = page.locator("#session-expiry")
    expect(warning).to_be_visible()
    page.get_by_placeholder("改进机会").first.press_sequentially("建议")
    expect(warning).to_be_hidden()
    clock.move(minutes=100)
    page.clock.fast_forward("01:40:00")
    expect(warning).to_be_hidden()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")

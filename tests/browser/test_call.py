"""The call for applications in the browser (Art. 14, 15): the office publishes the call from the cycle's page,
records where the city's media published it, opens applications; an anonymous visitor reads the call on the front
page; the office's early close is refused with the published deadline named."""
from playwright.sync_api import expect

from reviewapp.models import Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_art14_the_office_publishes_the_call_the_public_reads_it_and_an_early_close_is_refused(
        db, page, browser, live_server, make_user, make_cycle, make_application, screenshot):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # Art. 14: stage 1 cannot end without the call
    page.goto(f"/cycles/{cycle.id}")
    expect(page.locator("#blockers")).to_contain_text("申报通告尚未公开发布")
    page.locator("#publish-call").click()
    expect(page.locator("#conditions")).to_contain_text("第十一条")  # the standard text to start from
    expect(page.locator("#award_quota")).to_have_value("2")
    page.locator("#deadline").fill("2027-01-15")
    page.locator("#contact_person").fill("王立新")
    page.locator("#contact_phone").fill("024-42856120")
    page.locator("#contact_email").fill("zlfzk@benxi.gov.cn")
    screenshot("1-call-form")
    page.get_by_role("button", name="发布申报通告").click()  # confirmed (data-confirm): it cannot be changed

    # Art. 14: through the city's main media and the government website
    expect(page.get_by_role("heading", name="申报通告发布情况（第十四条）")).to_be_visible()
    for outlet, day in (("本溪市人民政府网站", "2026-11-26"), ("本溪日报", "2026-11-26")):
        page.locator("#outlet").fill(outlet)
        page.locator("#published_on").fill(day)
        page.get_by_role("button", name="登记发布情况").click()
        expect(page.locator("#call-media")).to_contain_text(outlet)
    page.locator("#outlet").fill("本溪日报")
    page.locator("#published_on").fill("2026-12-01")  # after today
    page.get_by_role("button", name="登记发布情况").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("不能晚于今天")

    page.goto(f"/cycles/{cycle.id}")
    expect(page.locator("#call-deadline")).to_contain_text("2027-01-15")
    page.locator(f"form[action='/cycles/{cycle.id}/advance'] button").click()
    expect(page.locator("#current-stage")).to_contain_text("组织申报")

    # an anonymous visitor reads the open call on the front page, on a desktop and on a phone
    visitor = browser.new_context(locale="zh-CN", base_url=live_server, viewport=DESKTOP).new_page()
    visitor.goto("/")
    expect(visitor.locator(".open-call")).to_contain_text("2027年1月15日")
    visitor.locator(".open-call").get_by_role("link", name="查看申报通告").click()
    expect(visitor.locator("#call-details")).to_contain_text("王立新")
    expect(visitor.locator("#call-media")).to_contain_text("本溪日报")
    visitor.screenshot(path=str(_artifact("public-call-1366")), full_page=True)
    visitor.set_viewport_size(PHONE)
    visitor.screenshot(path=str(_artifact("public-call-390")), full_page=True)
    visitor.goto("/")
    visitor.screenshot(path=str(_artifact("front-page-390")), full_page=True)
    visitor.context.close()

    # Art. 15: closing applications before the published deadline is refused, naming it
    make_application(cycle)
    page.goto(f"/cycles/{cycle.id}")
    expect(page.locator("#blockers")).to_contain_text("2027-01-15")
    page.locator(f"form[action='/cycles/{cycle.id}/advance'] button").click()
    expect(page.get_by_role("alert").first).to_contain_text("申报通告公布的申报截止日期为2027-01-15")
    expect(page.locator("#current-stage")).to_contain_text("组织申报")
    screenshot("2-cycle-page-refused")
    page.goto("/")
    expect(page.locator(f"#cycle-{cycle.id}")).to_contain_text("2027-01-15")
    screenshot("3-dashboard-not-ready")


def _artifact(name: str):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"test_call-{name}.png"

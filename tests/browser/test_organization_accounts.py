"""Issue 18 in the browser: an organization registers, can do nothing until the office verifies it from its to-do
list, then logs in to its home; the office invites a recommender, who sets a password through the mailed link and
sees the applications that name it (Art. 10, 15)."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import OutboxMessage, Role
from tests.browser.conftest import log_in
from tests.conftest import credit_code

PASSWORD = "Taizihe-river-2026!"


def _both_widths(page, screenshot, name):
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-phone")
    page.set_viewport_size({"width": 1366, "height": 900})


def _log_out(page):
    page.context.clear_cookies()


def test_an_organization_registers_is_verified_and_a_recommender_is_invited(
        db, page, live_server, make_user, make_org, make_cycle, make_application, screenshot):
    make_user("office", Role.OFFICE, display_name="王主任")
    org = make_org("本溪华钢特种板材有限公司", contact_name="李明", contact_phone="024-42843576")
    application = make_application(make_cycle(), make_org("辽宁盛京药业有限公司"))

    # the organization registers from the login page
    page.goto("/auth/login")
    page.locator("#register-organization").click()
    expect(page.get_by_role("heading", name="申报组织注册")).to_be_visible()
    page.locator("#credit_code").fill(credit_code("210102", 5))  # Shenyang: refused, Art. 11(2)
    page.locator("#organization_name").fill("本溪华钢特种板材公司")
    page.locator("#contact_name").fill("李明")
    page.locator("#phone").fill("024-42843576")
    page.locator("#email").fill("liming@example.cn")
    page.locator("#username").fill("huagang")
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("本溪")
    page.locator("#credit_code").fill(org.credit_code)
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    _both_widths(page, screenshot, "register")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("alert").first).to_contain_text("注册已收到")

    # it can do nothing until verified
    log_in(page, "huagang", PASSWORD)
    expect(page.locator("#account-awaiting")).to_be_visible()
    _both_widths(page, screenshot, "awaiting")
    assert page.goto("/organizations/").status == 403
    _log_out(page)

    # the office verifies it from its to-do list
    log_in(page, "office", "correct-horse-battery")
    page.locator("#todo-registrations a").click()
    expect(page.get_by_role("heading", name="待核实的组织注册")).to_be_visible()
    expect(page.get_by_text("不一致")).to_be_visible()  # the typed name differs from the registry's
    _both_widths(page, screenshot, "pending")
    page.get_by_role("button", name="核实账户").first.click()
    expect(page.locator("#no-pending")).to_be_visible()

    # the office invites the recommender named by the application
    page.locator("#invite-account").click()
    page.locator("#role").select_option("recommender")
    page.locator("#organization").select_option(str(application.recommender_id))
    page.locator("#display_name").fill("吴秘书长")
    page.locator("#email").fill("wu@example.cn")
    page.locator("#username").fill("xiehui")
    _both_widths(page, screenshot, "invite")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.get_by_role("alert").first).to_contain_text("邀请已发出")
    _log_out(page)

    # the organization logs in and sees its home
    log_in(page, "huagang", PASSWORD)
    expect(page.locator("#home-applicant")).to_contain_text("本溪华钢特种板材有限公司")
    expect(page.locator("#home-organization-users")).to_contain_text("huagang")
    _both_widths(page, screenshot, "applicant-home")
    _log_out(page)

    # the recommender sets its password through the mailed link and sees the application naming it
    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.address == "wu@example.cn"))
    page.goto(re.search(r"/auth/invitation/\S+", mail.body_text).group(0))
    page.get_by_label("新密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入新密码").fill(PASSWORD)
    page.get_by_role("button", name="设置新密码").click()
    log_in(page, "xiehui", PASSWORD)
    expect(page.locator("#home-recommended")).to_contain_text(application.number)
    expect(page.locator("#home-recommended")).to_contain_text("辽宁盛京药业有限公司")
    _both_widths(page, screenshot, "recommender-home")
    assert page.goto(f"/applications/{application.id}").status == 403

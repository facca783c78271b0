"""Issue 16 in the browser: an expert who forgot the password asks for a link on the login page, opens the mailed
link, sets a new password (the policy explained on the way) and logs in with it; the used link says so."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import Expert, OutboxMessage, Person, Role
from tests.browser.conftest import log_in

NEW = "river-lantern-copper-7"


def test_the_expert_sets_a_new_password_by_the_mailed_link(db, page, live_server, make_user, screenshot):
    user = make_user("wang", Role.EXPERT, display_name="王专家")
    db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id)).email = "wang@example.cn"
    db.session.commit()

    page.goto("/auth/login")
    page.locator("#forgot-password").click()
    expect(page.get_by_role("heading", name="忘记密码")).to_be_visible()
    page.get_by_label("用户名").fill("wang")
    screenshot("request")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("request-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="发送链接").click()
    expect(page.get_by_role("alert").first).to_contain_text("如果该用户名存在且登记了电子邮箱")

    # the mail as the outbox holds it for the sender (tests/notifications deliver it to a real SMTP server)
    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.address == "wang@example.cn"))
    path = re.search(r"/auth/password/reset/\S+", mail.body_text).group(0)
    page.goto(path)
    expect(page.locator("#reset-form").locator("xpath=..").get_by_text("wang", exact=True)).to_be_visible()
    page.get_by_label("新密码", exact=True).fill("wang")
    page.get_by_label("再次输入新密码").fill("wang")
    page.get_by_role("button", name="设置新密码").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # the policy, as on the password page
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    screenshot("new-password")
    page.get_by_role("button", name="设置新密码").click()
    expect(page.get_by_role("alert").first).to_contain_text("新密码已设置")

    log_in(page, "wang", NEW)
    expect(page.get_by_role("heading", name="欢迎，王专家")).to_be_visible()
    page.goto(path)  # used once: it says so and offers a new one
    expect(page.locator("#link-invalid")).to_be_visible()
    screenshot("link-used")

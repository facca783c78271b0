"""Issue 13, item 5: an office member enrols a second factor from the QR page (the code computed from the key shown
in the page, as an authenticator app would) and then logs in with password and code."""
import re
from datetime import timedelta

import pyotp
from playwright.sync_api import expect

from reviewapp.models import Role
from reviewapp.models.base import utcnow
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_office_enrols_by_qr_code_and_logs_in_with_the_second_factor(app, page, make_user, screenshot, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_OFFICE_TOTP", True)
    make_user("office", Role.OFFICE, display_name="王主任")
    log_in(page, "office", PASSWORD)
    expect(page).to_have_url(re.compile(r"/auth/two-factor$"))  # before anything else
    expect(page.get_by_role("alert").filter(has_text="办公室账户必须启用双重验证")).to_be_visible()
    page.get_by_role("button", name="设置双重验证").click()
    qr = page.get_by_alt_text("身份验证器应用的二维码")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the inline SVG drew, under the CSP
    screenshot("enrolment-desktop")
    page.set_viewport_size(PHONE)
    expect(qr).to_be_visible()
    screenshot("enrolment-phone")
    page.set_viewport_size(DESKTOP)

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")  # shown in groups of four
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot("recovery-codes")
    page.get_by_role("link", name="我已保存好").click()
    expect(page.locator("#home-office")).to_be_visible()
    page.get_by_role("button", name="退出").click()

    log_in(page, "office", PASSWORD)
    expect(page).to_have_url(re.compile(r"/auth/login/code$"))
    page.get_by_label("验证码").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="确认").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("验证码错误或已使用过")
    screenshot("wrong-code")
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30)))
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#home-office")).to_be_visible()
    expect(page.locator("#failed-logins")).to_be_visible()


def test_the_office_sees_failed_login_bursts_at_phone_width(page, make_user, screenshot):
    from reviewapp.extensions import db
    from reviewapp.models import LoginAttempt

    make_user("office", Role.OFFICE)
    db.session.add_all(LoginAttempt(username=f"guess{i % 3}", at=utcnow() - timedelta(minutes=i), succeeded=False,
                                    remote_addr="2001:db8:85a3::8a2e:370:7334") for i in range(12))
    db.session.commit()
    page.set_viewport_size(PHONE)
    log_in(page, "office", PASSWORD)
    expect(page.locator("#failed-logins-addresses")).to_contain_text("2001:db8:85a3::8a2e:370:7334")
    screenshot("failed-logins-phone")


def test_another_office_member_resets_a_lost_second_factor_after_confirming(app, page, make_user, screenshot):
    from tests.auth.conftest import enrol
    from tests.browser.conftest import accept_dialog

    make_user("office1", Role.OFFICE, display_name="王主任")
    lost = make_user("office2", Role.OFFICE, display_name="刘科长")
    colleague = app.test_client()
    colleague.post("/auth/login", data={"username": "office2", "password": PASSWORD})
    enrol(colleague)
    log_in(page, "office1", PASSWORD)
    page.goto(f"/admin/users/{lost.id}")
    expect(page.locator("#second-factor-status")).to_contain_text("起已启用")
    page.remove_listener("dialog", accept_dialog)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="重置双重验证").click()
    expect(page.locator("#second-factor-status")).to_contain_text("起已启用")  # said no: nothing changed
    assert "刘科长" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置双重验证").click()
    expect(page.get_by_role("alert").filter(has_text="的双重验证已重置")).to_be_visible()
    expect(page.locator("#second-factor-status")).to_contain_text("未启用")
    screenshot("reset")

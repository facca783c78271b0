import re

import pytest
from playwright.sync_api import expect

from reviewapp.models import Role
from tests.browser.conftest import log_in, switch_language
from tests.conftest import PASSWORD

HOME_SECTION = {Role.OFFICE: "#home-office", Role.EXPERT: "#home-expert",
                Role.LEADING_GROUP: "#home-leading_group",
                Role.APPLICANT: "#home-applicant", Role.RECOMMENDER: "#home-recommender"}  # issue 18


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_lands_on_its_chinese_home(page, make_user, screenshot, role):
    make_user("someone", role, display_name="测试用户")
    log_in(page, "someone", PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(HOME_SECTION[role])).to_be_visible()
    expect(page.get_by_role("link", name="首页")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    expect(page.locator("#current-user")).to_have_text("测试用户")
    office_menu = page.get_by_role("button", name="系统").or_(page.get_by_role("link", name="系统"))
    expect(office_menu).to_have_count(1 if role is Role.OFFICE else 0)
    screenshot(f"home-{role.value}")


def test_wrong_password_shows_the_error_in_the_page(page, make_user, screenshot):
    make_user("alice", Role.EXPERT)
    log_in(page, "alice", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/auth/login"))
    screenshot("error")


def test_login_returns_to_the_page_asked_for_then_logout(page, make_user):
    make_user("office", Role.OFFICE)
    page.goto("/admin/audit")
    expect(page.get_by_role("alert")).to_contain_text("请先登录")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/admin/audit$"))
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("alert").first).to_contain_text("您已退出登录")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login"))


def test_switch_to_english_and_back(page, make_user):
    make_user("alice", Role.EXPERT)
    log_in(page, "alice", PASSWORD)
    switch_language(page, "语言", "en")
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    switch_language(page, "Language", "zh")
    expect(page.get_by_role("link", name="首页")).to_be_visible()

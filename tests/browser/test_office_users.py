import re

from playwright.sync_api import expect

from reviewapp.models import Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_office_creates_an_expert_who_then_logs_in(page, browser, live_server, make_user, screenshot):
    make_user("office", Role.OFFICE)
    log_in(page, "office", PASSWORD)
    page.get_by_role("button", name="系统管理").click()
    page.get_by_role("link", name="用户管理").click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("zhangsan")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("评审专家").check()
    page.get_by_label("初始密码").fill("short")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("密码至少需要")
    screenshot("field-error")
    page.get_by_label("初始密码").fill("zhangsan-initial-1")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已创建用户 zhangsan")
    expect(page.locator("#user-zhangsan")).to_contain_text("评审专家")
    screenshot("user-list")

    expert = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    log_in(expert, "zhangsan", "zhangsan-initial-1")
    expect(expert.locator("#home-expert")).to_be_visible()
    expert.context.close()


def test_office_deactivates_a_user_and_sees_it_in_the_audit_log(page, make_user, screenshot):
    make_user("office", Role.OFFICE)
    make_user("alice", Role.EXPERT)
    log_in(page, "office", PASSWORD)
    page.goto("/admin/users")
    page.locator("#user-alice").get_by_role("button", name="停用").click()
    expect(page.locator("#user-alice")).to_contain_text("已停用")
    page.wait_for_load_state("load")
    page.get_by_role("button", name="系统管理").click()
    page.get_by_role("link", name="审计日志").click()
    page.get_by_label("操作").select_option("user_deactivated")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody .audit-action")).to_have_text("停用用户")  # the name, not the code (issue 17)
    screenshot("audit")
    page.set_viewport_size({"width": 390, "height": 800})  # on a phone each entry is a card, labelled cell by cell
    expect(page.locator("#audit-entries thead")).to_be_hidden()
    screenshot("audit-phone")


def test_user_changes_own_password(page, make_user):
    make_user("alice", Role.EXPERT)
    log_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="密码").click()
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("alice-new-password-1")
    page.get_by_label("再次输入新密码").fill("alice-new-password-1")
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator(".alert-success")).to_contain_text("密码已修改")
    page.get_by_role("button", name="退出").click()
    log_in(page, "alice", "alice-new-password-1")
    expect(page).to_have_url(re.compile(r"/$"))

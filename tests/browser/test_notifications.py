"""Issue 16 in the browser: an expert seated on a panel sees the unread count, opens the list and follows the
notice to the page of the assignment; the office sees the mail in the outbox once the sender has run."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    Channel,
    Expert,
    OutboxMessage,
    OutboxStatus,
    Panel,
    PanelStage,
    Person,
    Role,
    Stage,
)
from reviewapp.notifications.sender import send_due
from reviewapp.panels import operations
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def _seated_expert(db, make_user, make_cycle, make_application, make_org):
    office = make_user("office", Role.OFFICE, display_name="刘主任")
    user = make_user("wang", Role.EXPERT, display_name="王专家")
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    expert.email, expert.can_lead, expert.certificate_number = "wang@example.cn", True, "PJ-1"
    cycle = make_cycle(stage=Stage.PANELS)
    make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    panel = operations.create_panel(cycle, PanelStage.DOCUMENT_REVIEW, "第一评审组", office)
    operations.add_member(panel, expert, True, None, office)
    return db.session.get(Panel, panel.id)


def test_the_expert_follows_the_notice_and_the_office_sees_the_outbox(
        db, page, live_server, make_user, make_cycle, make_application, make_org, screenshot):
    _seated_expert(db, make_user, make_cycle, make_application, make_org)
    log_in(page, "wang", PASSWORD)
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#notifications-link").click()
    notice = page.locator("#notifications .notification").first
    expect(notice).to_contain_text("您已被选入第十届本溪市市长质量奖的一个评审组（资料评审）")
    expect(notice).to_contain_text("新")
    page.set_viewport_size({"width": 1366, "height": 800})
    screenshot("list")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#unread-count-small")).to_be_visible()
    screenshot("list-phone")
    page.set_viewport_size({"width": 1366, "height": 800})
    notice.get_by_role("button", name="打开页面").click()
    expect(page).to_have_url(f"{live_server}/#my-assignments")
    expect(page.locator("#my-assignments")).to_contain_text("资料评审")
    expect(page.locator(".unsigned-cycle")).to_contain_text("签署")  # the declaration comes first (Art. 33)
    expect(page.locator("#unread-count")).to_have_count(0)

    assert send_due().sent == 1  # the tests' console backend logs the mail
    db.session.add(OutboxMessage(channel=Channel.EMAIL, address="gone@example.cn", subject="您已被选入一个评审组",
                                 body_text="…", kind="panel_member_added", status=OutboxStatus.FAILED, attempts=8,
                                 last_error="SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable"))
    db.session.commit()
    page.locator("form[action='/auth/logout'] button").click()
    log_in(page, "office", PASSWORD)
    page.goto("/notifications/outbox")
    row = page.locator("#outbox tbody tr", has_text="wang@example.cn")
    expect(row).to_contain_text("已发送")
    page.locator("#outbox-filter").get_by_role("link", name="发送失败").click()
    expect(page.locator("#outbox tbody tr")).to_have_count(1)
    expect(page.locator("#outbox .outbox-error")).to_contain_text("550 5.1.1 Mailbox unavailable")
    page.locator("#outbox-filter").get_by_role("link", name="全部").click()
    screenshot("outbox")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("outbox-phone")

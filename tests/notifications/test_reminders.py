"""Issue 16, reminders computed from the deadlines by `flask notify send`: 3 days and 1 day before the sheets' due
date and the day after it, to each expert whose sheet is not submitted (and to nobody who is done), each queued
once however often the command runs; a real SMTP server (aiosmtpd) receives them."""
from datetime import date

from sqlalchemy import func, select

from reviewapp.models import Cycle, Notification, OutboxMessage, PanelStage, User
from tests.reviews.worlds import submit_sheet, uniform

ADDRESSES = {"leader": "wang@example.cn", "member1": "li@example.cn", "member2": "zhao@example.cn"}


def with_addresses(db, doc_panel, **dates):
    for expert, address in zip(doc_panel.experts, ADDRESSES.values(), strict=True):
        expert.email = address
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    for name, day in dates.items():
        setattr(cycle, name, day)
    db.session.commit()
    return cycle


def notify_send(app) -> str:
    result = app.test_cli_runner().invoke(args=["notify", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def received(smtp_server) -> list[tuple[str, str]]:
    return sorted((recipients[0], mail["Subject"]) for recipients, mail in smtp_server.messages)


def test_three_days_before_only_the_expert_who_has_not_submitted_is_reminded_once(
        db, app, doc_panel, smtp_server, today):
    with_addresses(db, doc_panel, sheets_due_on=date(2026, 11, 29))  # today: 26 November
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], PanelStage.DOCUMENT_REVIEW, uniform(50))
    assert "reminders queued 2" in notify_send(app)
    subject = "提醒：您的资料评审评分表（第十届本溪市市长质量奖）将于11月29日截止"
    assert received(smtp_server) == [("wang@example.cn", subject), ("zhao@example.cn", subject)]
    [(_, mail), _other] = smtp_server.messages
    body = mail.get_body(("plain",)).get_content()
    assert "http://reviewapp.test/#my-assignments" in body
    assert "本溪板材" not in body and "第一评审组" not in body  # only what happened and where to look
    assert "reminders queued 0; sent 0" in notify_send(app)  # a second run sends nothing new
    today(date(2026, 11, 27))
    assert "reminders queued 0" in notify_send(app)  # the same reminder, a day later: already sent
    assert len(smtp_server.messages) == 2


def test_one_day_before_and_the_day_after_the_due_date_come_the_reminder_and_the_overdue_notice(
        db, app, doc_panel, smtp_server, today):
    with_addresses(db, doc_panel, sheets_due_on=date(2026, 11, 29))
    for expert in doc_panel.experts[:2]:
        submit_sheet(db, doc_panel.application, expert, PanelStage.DOCUMENT_REVIEW, uniform(50))
    today(date(2026, 11, 28))
    notify_send(app)
    today(date(2026, 11, 29))
    notify_send(app)  # the due date itself: the day-before reminder was sent already
    today(date(2026, 11, 30))
    notify_send(app)
    notify_send(app)
    assert received(smtp_server) == [
        ("zhao@example.cn", "提醒：您的资料评审评分表（第十届本溪市市长质量奖）将于11月29日截止"),
        ("zhao@example.cn", "逾期提醒：您的资料评审评分表（第十届本溪市市长质量奖）已于11月29日截止")]
    overdue = smtp_server.messages[-1][1].get_body(("plain",)).get_content()
    assert "截止日期已过" in overdue


def test_the_leader_whose_report_is_not_submitted_is_reminded_in_english_if_chosen(
        db, app, doc_panel, smtp_server, today):
    with_addresses(db, doc_panel, report_due_on=date(2026, 11, 27))
    leader = db.session.scalar(select(User).where(User.username == "leader"))
    leader.locale = "en"
    db.session.commit()
    notify_send(app)
    assert received(smtp_server) == [
        ("wang@example.cn", "Reminder: your document-review reports of 第十届本溪市市长质量奖 are due on Nov 27")]


def test_nothing_is_reminded_far_from_the_date_or_once_everything_is_in(db, app, doc_panel, smtp_server, today):
    with_addresses(db, doc_panel, sheets_due_on=date(2026, 12, 20))
    assert "reminders queued 0" in notify_send(app)
    today(date(2026, 12, 19))
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, PanelStage.DOCUMENT_REVIEW, uniform(50))
    assert "reminders queued 0" in notify_send(app)
    assert smtp_server.messages == []


def test_an_expert_without_an_address_gets_the_in_app_notice_once(db, app, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on = date(2026, 11, 25)
    db.session.commit()
    notify_send(app)
    notify_send(app)
    member = db.session.scalar(select(User).where(User.username == "member1"))
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == member.id))
    assert notice.text == "逾期提醒：您的资料评审评分表（第十届本溪市市长质量奖）已于11月25日截止"
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_the_on_site_visits_and_the_group_meeting_are_reminded_before_and_never_as_overdue(
        db, app, doc_panel, make_user, today):
    """Dated events: the on-site panel's members 3 days and 1 day before the visits start (Art. 19), the leading
    group's members before its meeting (Art. 6, 20); once each; nothing after the day."""
    from reviewapp.models import Role, Stage
    from tests.reviews.worlds import seat_panel

    cycle = with_addresses(db, doc_panel, visit_from=date(2026, 11, 29), visit_to=date(2026, 11, 30))
    cycle.stage = Stage.ONSITE_REVIEW
    seat_panel(db, cycle, PanelStage.ONSITE_REVIEW, "现场评审一组", doc_panel.experts[:2], [doc_panel.application])
    member = make_user("member", Role.LEADING_GROUP, display_name="张组员")
    db.session.commit()
    notify_send(app)
    notify_send(app)
    event = "提醒：第十届本溪市市长质量奖的现场评审定于11月29日进行"
    reminded = db.session.scalars(select(Notification).where(Notification.kind == "event_soon")).all()
    assert sorted(n.user_id for n in reminded) == sorted(
        db.session.scalar(select(User.id).where(User.username == name)) for name in ("leader", "member1"))
    assert {n.text for n in reminded} == {event}
    today(date(2026, 12, 1))  # after the visits: no "overdue" for an event
    notify_send(app)
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "event_soon")) == 2
    # the group's meeting, in the comprehensive evaluation
    cycle = db.session.get(Cycle, cycle.id)
    cycle.stage, cycle.group_meeting_on = Stage.COMPREHENSIVE_EVALUATION, date(2026, 12, 2)
    db.session.commit()
    notify_send(app)
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == member.id))
    assert notice.text == "提醒：第十届本溪市市长质量奖的领导小组会议定于12月2日进行"
    assert notice.link == f"/leading/cycles/{cycle.id}"

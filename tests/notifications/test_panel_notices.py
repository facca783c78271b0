"""Issue 16, one event end to end: an expert seated on a panel or removed from it by the office gets an in-app
notice and, with an e-mail address in the expert record, a mail that the sender delivers later; the request never
waits for the mail server, and succeeds while it is down."""
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Notification, OutboxMessage, OutboxStatus, Panel, Stage
from reviewapp.notifications.sender import send_due


def a_panel(db, office, client, make_cycle, make_application, make_org) -> Panel:
    cycle = make_cycle(stage=Stage.PANELS)
    make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": "第一评审组"})
    return db.session.scalar(select(Panel))


def seat(db, client, panel, user):
    db.session.expire_all()
    panel = db.session.get(Panel, panel.id)
    expert_id = user_expert_id(db, user)
    return client.post(f"/panels/{panel.id}/members", data={"expert_id": expert_id, "version": panel.version})


def user_expert_id(db, user):
    from reviewapp.models import Expert, Person

    return db.session.scalar(select(Expert.id).join(Person).where(Person.user_id == user.id))


def test_an_expert_seated_through_the_page_gets_a_notice_and_the_mail_arrives(
        db, office, client, smtp_server, make_expert_user, make_cycle, make_application, make_org):
    panel = a_panel(db, office, client, make_cycle, make_application, make_org)
    user = make_expert_user("wang", email="wang@example.cn", display_name="王专家")
    assert seat(db, client, panel, user).status_code == 302
    assert smtp_server.messages == []  # nothing is sent inside the request
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == user.id))
    assert notice.text == "您已被选入第十届本溪市市长质量奖的一个评审组（资料评审）"
    assert notice.link == "/#my-assignments"
    assert send_due().sent == 1
    [(recipients, mail)] = smtp_server.messages
    assert recipients == ["wang@example.cn"] and mail["Subject"] == notice.text
    body = mail.get_body(("plain",)).get_content()
    assert "第一评审组" not in body and "本溪板材" not in body  # nothing of the cycle before the declaration


def test_the_request_succeeds_and_queues_the_mail_while_the_mail_server_is_down(
        db, office, client, smtp_server, make_expert_user, make_cycle, make_application, make_org):
    smtp_server.stop()
    panel = a_panel(db, office, client, make_cycle, make_application, make_org)
    user = make_expert_user("wang", email="wang@example.cn")
    answer = seat(db, client, panel, user)
    assert answer.status_code == 302
    [row] = db.session.scalars(select(OutboxMessage))
    assert row.status is OutboxStatus.QUEUED and row.address == "wang@example.cn" and row.attempts == 0


def test_an_expert_removed_from_a_panel_is_told(db, office, client, make_expert_user, make_cycle,
                                                make_application, make_org):
    panel = a_panel(db, office, client, make_cycle, make_application, make_org)
    user = make_expert_user("wang", email="wang@example.cn")
    seat(db, client, panel, user)
    db.session.expire_all()
    panel = db.session.get(Panel, panel.id)
    [member] = panel.members
    client.post(f"/panels/{panel.id}/members/{member.id}/remove", data={"version": panel.version})
    db.session.expire_all()
    assert [n.kind for n in db.session.scalars(select(Notification).order_by(Notification.id))] == [
        "panel_member_added", "panel_member_removed"]
    assert [m.kind for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))] == [
        "panel_member_added", "panel_member_removed"]


def test_a_refused_seat_notifies_nobody(db, office, client, make_expert_user, make_cycle, make_application,
                                        make_org):
    """The notice is in the event's transaction: a stale page's change is refused, and nothing is queued."""
    panel = a_panel(db, office, client, make_cycle, make_application, make_org)
    user = make_expert_user("wang", email="wang@example.cn")
    client.post(f"/panels/{panel.id}/members", data={"expert_id": user_expert_id(db, user),
                                                     "version": panel.version + 5})
    assert db.session.scalars(select(Notification)).all() == []
    assert db.session.scalars(select(OutboxMessage)).all() == []

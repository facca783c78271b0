"""Issue 16: the in-app notices of every logged-in user (newest first, unread marked, mark one or all read), the
unread count in the navbar, and the office's outbox page."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp.models import Notification, OutboxMessage, OutboxStatus, Role
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify
from tests.conftest import counting_queries, csrf_token_from


def notice(db, user, text, minutes_ago=0, read=False, link="/#my-assignments"):
    row = Notification(user_id=user.id, kind="panel_member_added", text=text, link=link,
                       created_at=utcnow() - timedelta(minutes=minutes_ago), read_at=utcnow() if read else None)
    db.session.add(row)
    db.session.commit()
    return row


def test_the_list_shows_the_users_notices_newest_first_with_the_unread_marked(db, make_user, auth, client):
    user = make_user("wang", Role.EXPERT)
    notice(db, user, "较早的通知", minutes_ago=60, read=True)
    newer = notice(db, user, "较新的通知", minutes_ago=1)
    notice(db, make_user("li", Role.EXPERT), "别人的通知")
    auth.login("wang")
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.index("较新的通知") < page.index("较早的通知") and "别人的通知" not in page
    assert f'id="notification-{newer.id}"' in page and page.count(' unread"') == 1
    assert 'id="unread-count">1<' in page


def test_marking_one_and_all_read(db, make_user, auth, client):
    user = make_user("wang", Role.EXPERT)
    first, second = notice(db, user, "一"), notice(db, user, "二")
    auth.login("wang")
    client.post(f"/notifications/{first.id}/read")
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None
    client.post("/notifications/read-all")
    db.session.expire_all()
    assert db.session.get(Notification, second.id).read_at is not None
    assert 'id="unread-count"' not in client.get("/notifications/").get_data(as_text=True)


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(db, make_user, auth, client):
    user = make_user("wang", Role.EXPERT)
    row = notice(db, user, "一", link="/#my-assignments")
    auth.login("wang")
    answer = client.post(f"/notifications/{row.id}/read", data={"open": "1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/#my-assignments"


def test_another_users_notice_cannot_be_marked(db, make_user, auth, client):
    row = notice(db, make_user("li", Role.EXPERT), "别人的")
    make_user("wang", Role.EXPERT)
    auth.login("wang")
    assert client.post(f"/notifications/{row.id}/read").status_code == 404
    assert client.post("/notifications/99999999999999999999/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, row.id).read_at is None


def test_marking_read_needs_the_csrf_token(app, db, make_user, auth, client, monkeypatch):
    row = notice(db, make_user("wang", Role.EXPERT), "一")
    auth.login("wang")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/notifications/{row.id}/read").status_code == 400
    token = csrf_token_from(client.get("/notifications/").get_data(as_text=True))
    assert client.post(f"/notifications/{row.id}/read", data={"csrf_token": token}).status_code == 302


def test_anonymous_pages_ask_nothing_of_the_notifications(db, client):
    with counting_queries(db) as statements:
        client.get("/notices/")
    assert not any("notification" in statement for statement in statements)


def test_the_unread_count_is_one_query(db, make_user, auth, client):
    user = make_user("wang", Role.EXPERT)
    notice(db, user, "一")
    auth.login("wang")
    with counting_queries(db) as statements:
        client.get("/notices/")
    assert len([s for s in statements if "FROM notification" in s]) == 1


def outbox_row(db, status, subject, error=None):
    row = OutboxMessage(channel="email", address="x@example.cn", subject=subject, body_text="…", kind="k",
                        status=status, last_error=error)
    db.session.add(row)
    db.session.commit()
    return row


def test_the_office_sees_the_outbox_filtered_by_status_with_the_errors(db, office, client):
    outbox_row(db, OutboxStatus.SENT, "已发送的")
    outbox_row(db, OutboxStatus.QUEUED, "排队的")
    outbox_row(db, OutboxStatus.FAILED, "失败的", error="SMTPRecipientsRefused: 550 no such user")
    page = client.get("/notifications/outbox").get_data(as_text=True)
    assert all(subject in page for subject in ("已发送的", "排队的", "失败的"))
    failed = client.get("/notifications/outbox?status=failed").get_data(as_text=True)
    assert "失败的" in failed and "550 no such user" in failed and "排队的" not in failed
    assert client.get("/notifications/outbox?status=nonsense&page=99999999999999").status_code == 200


def test_only_the_office_sees_the_outbox(db, make_user, auth, client):
    make_user("wang", Role.EXPERT)
    auth.login("wang")
    assert client.get("/notifications/outbox").status_code == 403


def test_the_notice_of_a_user_is_in_their_language(db, make_user):
    user = make_user("smith", Role.EXPERT)
    user.locale = "en"
    notify(user, "panel_member_removed", "/", stage="Document review", cycle="10th")
    db.session.commit()
    assert db.session.scalar(select(Notification.text)) == \
        "You are no longer on a review panel (Document review) of 10th"

"""Issue 16: a forgotten password is reset by a time-limited, single-use link mailed to the user (the office can
still reset by hand). The request says the same whether the name exists or has an address; the mail goes through
the outbox and a real SMTP server; no in-app notice carries the link."""
import re
import time

from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from reviewapp.auth.reset import RATE_LIMIT, token_for, user_of
from reviewapp.domain.passwords import verify_password
from reviewapp.models import Notification, OutboxMessage, User, UserSession
from reviewapp.notifications.sender import send_due
from tests.conftest import PASSWORD, audit_actions

NEW = "another-horse-battery-staple"
SAME_ANSWER = "如果该用户名存在且登记了电子邮箱"


def ask(client, username):
    return client.post("/auth/password/forgotten", data={"username": username}, follow_redirects=True)


def mailed_link(smtp_server) -> str:
    [(recipients, mail)] = smtp_server.messages
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://\S+/auth/password/reset/\S+", text).group(0)


def test_issue16_the_link_arrives_by_mail_and_sets_the_password_once(app, db, client, smtp_server,
                                                                   make_expert_user):
    user = make_expert_user("wang", email="wang@example.cn", display_name="王专家")
    page = ask(client, "Wang ").get_data(as_text=True)  # the name as typed at the login: trimmed, any case
    assert SAME_ANSWER in page
    assert smtp_server.messages == []  # the sender delivers it, not the request
    assert db.session.scalar(select(func.count(Notification.id))) == 0  # never an in-app notice
    assert send_due().sent == 1
    [(recipients, mail)] = smtp_server.messages
    assert recipients == ["wang@example.cn"] and "wang" in mail["Subject"]
    link = mailed_link(smtp_server)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path)
    assert form.status_code == 200 and "wang" in form.get_data(as_text=True)
    # the password policy applies as on the password page
    refused = client.post("/" + path, data={"new_password": "wang", "confirm": "wang"})
    assert refused.status_code == 200 and verify_password(db.session.get(User, user.id).password_hash, PASSWORD)
    done = client.post("/" + path, data={"new_password": NEW, "confirm": NEW}, follow_redirects=True)
    assert "新密码已设置" in done.get_data(as_text=True)
    db.session.expire_all()
    assert verify_password(db.session.get(User, user.id).password_hash, NEW)
    assert {"password_reset_requested", "password_reset_by_mail"} <= set(audit_actions(db))
    # single use: the link named the password it replaced
    again = client.get("/" + path)
    assert again.status_code == 400 and "无法使用" in again.get_data(as_text=True)
    assert client.post("/auth/login", data={"username": "wang", "password": NEW}).status_code == 302


def test_issue16_the_answer_is_the_same_for_an_unknown_name_and_for_one_without_address(db, client, smtp_server,
                                                                                       make_expert_user):
    make_expert_user("noaddr", email=None)
    for name in ("nobody", "noaddr"):
        assert SAME_ANSWER in ask(client, name).get_data(as_text=True)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert send_due().sent == 0 and smtp_server.messages == []


def test_issue16_one_mail_per_account_in_a_quarter_hour_and_a_limit_per_network(db, client, make_expert_user):
    make_expert_user("wang", email="wang@example.cn")
    for _ in range(3):
        ask(client, "wang")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    for _ in range(RATE_LIMIT - 3):
        ask(client, "wang")
    limited = client.post("/auth/password/forgotten", data={"username": "wang"})
    assert limited.status_code == 429 and "最多" in limited.get_data(as_text=True)


def test_issue16_the_link_expires(app, db, make_expert_user, monkeypatch):
    user = make_expert_user("wang", email="wang@example.cn")
    assert user_of(token_for(user)).id == user.id
    lifetime = app.config["PASSWORD_RESET_MINUTES"] * 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - lifetime - 5)
    token = token_for(user)  # made a lifetime ago
    monkeypatch.undo()
    assert user_of(token) is None


def test_issue16_a_set_password_ends_every_session_of_the_account(db, client, make_expert_user, app):
    user = make_expert_user("wang", email="wang@example.cn")
    other = app.test_client()
    assert other.post("/auth/login", data={"username": "wang", "password": PASSWORD}).status_code == 302
    client.post(f"/auth/password/reset/{token_for(user)}", data={"new_password": NEW, "confirm": NEW})
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == user.id)) == 0
    assert other.get("/").status_code == 302  # logged out


def test_issue16_a_deactivated_account_gets_no_link_and_its_link_fails(db, client, make_expert_user):
    user = make_expert_user("wang", email="wang@example.cn")
    token = token_for(user)
    user.active = False
    db.session.commit()
    ask(client, "wang")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert client.get(f"/auth/password/reset/{token}").status_code == 400


def test_issue16_altered_and_oversized_tokens_are_refused_without_a_500(client):
    for token in ("x", "a" * 5000, "eyJ1c2VyIjoxfQ.bad.sig", "%00"):
        assert client.get(f"/auth/password/reset/{token}").status_code == 400

from datetime import timedelta

from sqlalchemy import func, select

from reviewapp.models import AuditEntry, LoginAttempt, Role, User
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD


def audit_actions(db):
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_login_success_redirects_home_and_records(db, client, auth, make_user):
    make_user("alice", Role.EXPERT)
    response = auth.login("alice")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "评审专家" in page  # the expert's home section, in Chinese
    user = db.session.scalar(select(User).where(User.username == "alice"))
    assert user.last_login_at is not None
    assert audit_actions(db)[-1] == "login"


def test_username_is_case_insensitive(client, auth, make_user):
    make_user("alice", Role.EXPERT)
    assert auth.login("  ALICE ").status_code == 302


def test_wrong_password_shows_an_error_in_the_page(db, auth, make_user):
    make_user("alice", Role.EXPERT)
    response = auth.login("alice", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert audit_actions(db)[-1] == "login_failed"


def test_unknown_user_gets_the_same_message_as_a_wrong_password(auth, make_user):
    make_user("alice", Role.EXPERT)
    wrong = auth.login("alice", "wrong-password").get_data(as_text=True)
    unknown = auth.login("nobody", "wrong-password").get_data(as_text=True)
    assert "用户名或密码错误" in wrong and "用户名或密码错误" in unknown


def test_inactive_user_is_refused(auth, make_user, client):
    make_user("alice", Role.EXPERT, active=False)
    response = auth.login("alice")
    assert "已停用" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    for _ in range(5):
        auth.login("alice", "wrong-password")
    response = auth.login("alice", PASSWORD)
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert audit_actions(db)[-1] == "login_locked"


def test_lockout_message_does_not_reveal_whether_the_user_exists(auth, make_user):
    make_user("alice", Role.EXPERT)
    for name in ("alice", "ghost"):
        for _ in range(5):
            auth.login(name, "wrong-password")
    assert auth.login("alice").get_data(as_text=True).count("登录失败次数过多") == 1
    assert auth.login("ghost").get_data(as_text=True).count("登录失败次数过多") == 1


def test_lockout_is_counted_in_the_database_and_expires(db, auth, make_user, client):
    """The count lives in login_attempt, so every server process sees it; old failures stop counting."""
    make_user("alice", Role.EXPERT)
    make_user("bob", Role.EXPERT)
    long_ago, recent = utcnow() - timedelta(minutes=31), utcnow() - timedelta(minutes=1)
    db.session.add_all(LoginAttempt(username="alice", at=long_ago + timedelta(seconds=i), succeeded=False)
                       for i in range(5))
    db.session.add_all(LoginAttempt(username="bob", at=recent + timedelta(seconds=i), succeeded=False)
                       for i in range(5))
    db.session.commit()
    assert auth.login("alice").status_code == 302  # the old burst has expired
    auth.logout()
    assert "登录失败次数过多" in auth.login("bob").get_data(as_text=True)


def test_refused_attempts_while_locked_are_not_counted(db, auth, make_user):
    make_user("alice", Role.EXPERT)
    for _ in range(8):
        auth.login("alice", "wrong-password")
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 5


def test_logout_ends_the_session(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert auth.logout().headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302
    assert audit_actions(db)[-1] == "logout"


def test_logout_by_get_is_not_allowed(auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_remember_me_sets_a_persistent_cookie(auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice", remember="y")
    assert client.get_cookie("remember_token") is not None


def test_remember_cookie_logs_in_a_new_session(app, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice", remember="y")
    cookie = client.get_cookie("remember_token")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", cookie.value)
    assert fresh.get("/").status_code == 200


def test_logged_in_user_visiting_login_goes_home(auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert client.get("/auth/login").headers["Location"] == "/"


def test_empty_form_shows_field_errors(client):
    response = client.post("/auth/login", data={"username": "", "password": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in response.get_data(as_text=True)


def test_the_front_door_leads_a_visitor_to_the_login_page_with_what_the_public_may_do(client):
    """Not a "please log in" reproach: the login page lists the public notices, the misconduct report and the
    receipt check (Art. 16, 21, 34)."""
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "请先登录" not in page
    assert 'id="public-notices"' in page and "/submissions/report" in page and "/submissions/status" in page

from sqlalchemy import select

from reviewapp.domain.passwords import verify_password
from reviewapp.models import AuditEntry, Role, User
from tests.conftest import PASSWORD


def change(client, current=PASSWORD, new="a-new-long-password", confirm=None):
    return client.post("/auth/password", data={"current_password": current, "new_password": new,
                                               "confirm": confirm if confirm is not None else new})


def stored_hash(db, username):
    db.session.expire_all()
    return db.session.scalar(select(User.password_hash).where(User.username == username))


def test_change_own_password(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    response = change(client)
    assert response.status_code == 302
    assert verify_password(stored_hash(db, "alice"), "a-new-long-password")
    assert client.get("/").status_code == 200  # this session stays logged in
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1)) == "password_changed"


def test_other_sessions_are_logged_out_after_a_change(app, db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    other = app.test_client()
    other.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    assert other.get("/").status_code == 200
    change(client)
    assert other.get("/").status_code == 302


def test_wrong_current_password_changes_nothing(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    before = stored_hash(db, "alice")
    response = change(client, current="not-my-password")
    assert response.status_code == 200
    assert "当前密码不正确" in response.get_data(as_text=True)
    assert stored_hash(db, "alice") == before


def test_too_short_password_is_refused(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    before = stored_hash(db, "alice")
    assert "密码至少需要 10 个字符" in change(client, new="short").get_data(as_text=True)
    assert stored_hash(db, "alice") == before


def test_password_equal_to_username_is_refused(db, auth, make_user, client):
    make_user("alicealice99", Role.EXPERT)
    auth.login("alicealice99")
    assert "密码不能与用户名相同" in change(client, new="alicealice99").get_data(as_text=True)


def test_mismatched_confirmation_is_refused(auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert "两次输入的密码不一致" in change(client, confirm="something-else-entirely").get_data(as_text=True)


# --- issue 13, item 5: the old policy accepted 1111111111, aaaaaaaaaa, password12 and the old password again ----

WEAK = {"1111111111": "重复的字符", "aaaaaaaaaa": "重复的字符", "password12": "最常见的密码"}


def test_issue13_common_and_patterned_passwords_are_refused_with_what_to_do(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    before = stored_hash(db, "alice")
    for weak, message in WEAK.items():
        page = change(client, new=weak).get_data(as_text=True)
        assert message in page and "请改用" in page, weak
    assert stored_hash(db, "alice") == before


def test_issue13_the_current_password_is_refused_as_the_new_one(db, auth, make_user, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    before = stored_hash(db, "alice")
    assert "新密码不能与当前密码相同" in change(client, new=PASSWORD).get_data(as_text=True)
    assert stored_hash(db, "alice") == before


def test_issue13_a_password_built_on_the_display_name_is_refused(db, auth, make_user, client):
    make_user("alice", Role.EXPERT, display_name="Wangxiaoming")
    auth.login("alice")
    assert "您的姓名、用户名或本系统的名称" in change(client, new="wangxiaoming1").get_data(as_text=True)


def test_issue13_the_office_cannot_give_a_weak_password_to_a_new_user_or_in_a_reset(db, office, make_user, client):
    response = client.post("/admin/users/new", data={"username": "bob", "display_name": "Bob", "roles": ["expert"],
                                                     "locale": "zh", "password": "password12"})
    assert "最常见的密码" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "bob")) is None
    alice = make_user("alice", Role.EXPERT)
    for weak in ("aaaaaaaaaa", PASSWORD):  # a pattern; the password alice has now
        assert client.post(f"/admin/users/{alice.id}/password", data={"password": weak}).status_code == 422
    assert verify_password(stored_hash(db, "alice"), PASSWORD)


def test_issue13_create_user_command_refuses_a_common_password(app, db):
    result = app.test_cli_runner().invoke(args=["create-user", "chief", "--role", "office", "--password",
                                                "password12"])
    assert result.exit_code != 0 and "weak_common" in result.output
    assert db.session.scalar(select(User).where(User.username == "chief")) is None

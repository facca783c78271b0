from sqlalchemy import select

from reviewapp.domain.passwords import verify_password
from reviewapp.models import AuditEntry, Role, User
from reviewapp.permissions import may_deactivate
from tests.conftest import PASSWORD


def user_named(db, username) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def last_audit(db) -> AuditEntry:
    return db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


def test_office_lists_users(office, make_user, client):
    make_user("alice", Role.EXPERT)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "alice" in page and "评审专家" in page


def test_office_creates_a_user_with_several_roles(db, office, client):
    response = client.post("/admin/users/new", data={
        "username": "Wang.Li", "display_name": "王力", "roles": ["expert", "leading_group"],
        "locale": "zh", "password": "initial-password-1"})
    assert response.status_code == 302
    user = user_named(db, "wang.li")
    assert user.roles == {Role.EXPERT, Role.LEADING_GROUP}
    assert verify_password(user.password_hash, "initial-password-1")
    entry = last_audit(db)
    assert (entry.action, entry.object_id, entry.user_id) == ("user_created", str(user.id), office.id)


def test_new_user_can_log_in(office, client, app):
    client.post("/admin/users/new", data={"username": "bob", "display_name": "Bob", "roles": ["expert"],
                                          "locale": "zh", "password": "initial-password-1"})
    other = app.test_client()
    assert other.post("/auth/login", data={"username": "bob", "password": "initial-password-1"}).status_code == 302


def test_bad_new_user_rerenders_with_errors_and_writes_nothing(db, office, make_user, client):
    make_user("alice", Role.EXPERT)
    count_before = len(db.session.scalars(select(User)).all())
    response = client.post("/admin/users/new", data={"username": "alice", "display_name": "", "roles": [],
                                                      "locale": "zh", "password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "该用户名已被使用" in page and "请至少选择一个角色" in page and "密码至少需要" in page
    assert len(db.session.scalars(select(User)).all()) == count_before


def test_username_with_spaces_or_symbols_is_refused(db, office, client):
    page = client.post("/admin/users/new", data={"username": "a b<script>", "display_name": "x", "roles": ["expert"],
                                                 "locale": "zh",
                                                 "password": "initial-password-1"}).get_data(as_text=True)
    assert "只能使用字母" in page
    assert user_named(db, "a b<script>") is None


def test_office_edits_roles_and_the_change_is_audited(db, office, make_user, client):
    alice = make_user("alice", Role.EXPERT)
    client.post(f"/admin/users/{alice.id}", data={"display_name": "Alice Li", "roles": ["expert", "office"],
                                                  "locale": "en"})
    alice = user_named(db, "alice")
    assert alice.roles == {Role.EXPERT, Role.OFFICE} and alice.display_name == "Alice Li"
    entry = last_audit(db)
    assert entry.action == "user_updated"
    assert entry.details["roles"] == [["expert"], ["expert", "office"]]


def test_office_cannot_remove_its_own_office_role(db, office, client):
    response = client.post(f"/admin/users/{office.id}", data={"display_name": "x", "roles": ["expert"],
                                                              "locale": "zh"})
    assert "不能移除自己账号的办公室角色" in response.get_data(as_text=True)
    assert user_named(db, "office").roles == {Role.OFFICE}


def test_reset_password_ends_the_users_sessions(app, db, office, make_user, client):
    alice = make_user("alice", Role.EXPERT)
    alice_client = app.test_client()
    alice_client.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    response = client.post(f"/admin/users/{alice.id}/password", data={"password": "reset-password-22"})
    assert response.status_code == 302
    assert verify_password(user_named(db, "alice").password_hash, "reset-password-22")
    assert alice_client.get("/").status_code == 302
    assert last_audit(db).action == "password_reset"


def test_reset_with_a_bad_password_changes_nothing(db, office, make_user, client):
    alice = make_user("alice", Role.EXPERT)
    response = client.post(f"/admin/users/{alice.id}/password", data={"password": "alice"})
    assert response.status_code == 422
    assert verify_password(user_named(db, "alice").password_hash, PASSWORD)


def test_deactivation_logs_the_user_out_and_refuses_login(app, db, office, make_user, client):
    alice = make_user("alice", Role.EXPERT)
    alice_client = app.test_client()
    alice_client.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    client.post(f"/admin/users/{alice.id}/deactivate")
    assert user_named(db, "alice").active is False
    assert alice_client.get("/").status_code == 302
    page = alice_client.post("/auth/login", data={"username": "alice", "password": PASSWORD}).get_data(as_text=True)
    assert "该账号已停用" in page
    client.post(f"/admin/users/{alice.id}/activate")
    assert user_named(db, "alice").active is True


def test_office_cannot_deactivate_itself(db, office, make_user, client):
    alice = make_user("alice", Role.EXPERT)
    assert may_deactivate(office, alice) and not may_deactivate(office, office)  # the users page asks the same
    page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{alice.id}/deactivate"' in page
    assert f'action="/admin/users/{office.id}/deactivate"' not in page
    client.post(f"/admin/users/{office.id}/deactivate")
    assert user_named(db, "office").active is True


def test_unknown_user_is_404(office, client):
    assert client.get("/admin/users/9999").status_code == 404

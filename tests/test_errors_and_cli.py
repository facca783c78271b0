from sqlalchemy import select

from reviewapp.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from reviewapp.domain.passwords import verify_password
from reviewapp.models import Role, User
from tests.demo_data import load_demo


def test_404_page_is_in_the_layout_and_in_chinese(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "页面不存在" in page and "navbar" in page


def test_403_page_is_in_the_layout(make_user, auth, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    response = client.get("/admin/users")
    assert response.status_code == 403 and "您没有权限查看此页面" in response.get_data(as_text=True)


def test_500_page_is_in_the_layout(make_app):
    broken_app = make_app()
    broken_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer like production, not raise into the test
    broken_app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    broken_app.view_functions["boom"].access = "public"
    response = broken_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "系统出现错误" in response.get_data(as_text=True)


def test_create_user_command(app, db):
    result = app.test_cli_runner().invoke(args=["create-user", "Chief", "--role", "office", "--role", "expert",
                                                "--password", "a-long-password-1", "--display-name", "主任"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "chief"))
    assert user.roles == {Role.OFFICE, Role.EXPERT} and user.display_name == "主任"
    assert verify_password(user.password_hash, "a-long-password-1")


def test_create_user_command_asks_for_the_password(app, db):
    result = app.test_cli_runner().invoke(args=["create-user", "chief", "--role", "office"],
                                          input="a-long-password-1\na-long-password-1\n")
    assert result.exit_code == 0, result.output


def test_create_user_command_refuses_a_weak_password_and_duplicates(app, db, make_user):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "chief", "--role", "office", "--password", "short"])
    assert weak.exit_code != 0 and "too_short" in weak.output
    make_user("taken", Role.EXPERT)
    duplicate = runner.invoke(args=["create-user", "taken", "--role", "office", "--password", "a-long-password-1"])
    assert duplicate.exit_code != 0 and "exists" in duplicate.output
    assert db.session.scalar(select(User).where(User.username == "chief")) is None


def test_demo_command_loads_a_login_for_every_role_and_is_idempotent(app, db):
    load_demo(app)
    load_demo(app)
    users = db.session.scalars(select(User)).all()
    assert {u.username for u in users} >= {username for username, _, _ in DEMO_USERS}
    assert len(users) == len({u.username for u in users})
    assert set().union(*(u.roles for u in users)) == set(Role)
    assert all(verify_password(u.password_hash, DEMO_PASSWORD) for u in users)


def test_a_database_outage_answers_503_from_a_page_that_needs_no_database(office, client, monkeypatch):
    """Issue #8, faults: while the database is unreachable the app answers cleanly and tells the client to retry;
    the page itself reads nothing from the database (its layout would ask for the logged-in user)."""
    from sqlalchemy.exc import OperationalError

    import reviewapp.main.routes as main_routes

    def down():
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("the database is restarting"))

    monkeypatch.setattr(main_routes, "dashboard_rows", down)
    response = client.get("/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert "服务暂时不可用" in response.get_data(as_text=True)

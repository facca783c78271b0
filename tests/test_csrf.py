"""CSRF protection is on for every form (TestingConfig turns it off; these tests turn it back on)."""
import pytest

from reviewapp.models import Role
from tests.conftest import csrf_token_from


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_login_post_without_token_is_refused(csrf_on, make_user, client):
    make_user("alice", Role.EXPERT)
    response = client.post("/auth/login", data={"username": "alice", "password": "correct-horse-battery"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in


def test_login_post_with_the_pages_token_works(csrf_on, make_user, client):
    make_user("alice", Role.EXPERT)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post("/auth/login", data={"username": "alice", "password": "correct-horse-battery",
                                                "csrf_token": token})
    assert response.status_code == 302


def test_office_action_without_token_changes_nothing(csrf_on, db, make_user, client):
    make_user("office", Role.OFFICE)
    alice = make_user("alice", Role.EXPERT)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "office", "password": "correct-horse-battery", "csrf_token": token})
    assert client.post(f"/admin/users/{alice.id}/deactivate").status_code == 400
    db.session.expire_all()
    assert alice.active is True


def test_logout_without_token_is_refused(csrf_on, make_user, client):
    make_user("alice", Role.EXPERT)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "alice", "password": "correct-horse-battery", "csrf_token": token})
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/").status_code == 200

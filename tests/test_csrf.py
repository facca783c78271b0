"""CSRF protection is on for every form (TestingConfig turns it off; these tests turn it back on)."""
import pytest

from reviewapp.models import Role
from tests.conftest import csrf_token_from
from tests.test_access_matrix import sample_url


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


def state_changing_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            yield rule.endpoint, method, sample_url(rule)


def test_every_state_changing_endpoint_refuses_a_request_without_the_token(csrf_on, app, client):
    """Checked before anything else, for the public forms and for the ones behind a login alike."""
    checked = 0
    for endpoint, method, url in state_changing_routes(app):
        response = client.open(url, method=method, data={"anything": "x"})
        assert response.status_code == 400, (endpoint, method, response.status_code)
        checked += 1
    assert checked > 50


def test_a_logged_in_expert_cannot_save_a_score_sheet_without_the_token(csrf_on, make_user, client):
    make_user("alice", Role.EXPERT)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "alice", "password": "correct-horse-battery", "csrf_token": token})
    assert client.post("/reviews/1/document_review", data={"save_draft": "y"}).status_code == 400
    assert client.post("/auth/language", data={"locale": "en", "next": "/"}).status_code == 400

import pytest

from reviewapp.models import Role
from reviewapp.urls import is_safe_local_url


@pytest.mark.parametrize("target", ["/admin/users", "/?page=2", "/auth/password"])
def test_local_paths_are_safe(target):
    assert is_safe_local_url(target)


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "", None, "admin/users", "/\x00evil", " //evil.example",
])
def test_other_hosts_and_schemes_are_not(target):
    assert not is_safe_local_url(target)


def test_anonymous_visit_redirects_to_login_with_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_login_follows_a_local_next(make_user, client):
    make_user("office", Role.OFFICE)
    response = client.post("/auth/login", data={"username": "office", "password": "correct-horse-battery",
                                                "next": "/admin/users"})
    assert response.headers["Location"] == "/admin/users"


@pytest.mark.parametrize("next_url", ["https://evil.example/phish", "//evil.example", "/\\evil.example"])
def test_login_refuses_an_open_redirect(make_user, client, next_url):
    make_user("office", Role.OFFICE)
    response = client.post("/auth/login", data={"username": "office", "password": "correct-horse-battery",
                                                "next": next_url})
    assert response.headers["Location"] == "/"


def test_next_from_the_query_string_is_kept_in_the_form(client):
    page = client.get("/auth/login?next=/admin/users").get_data(as_text=True)
    assert 'value="/admin/users"' in page

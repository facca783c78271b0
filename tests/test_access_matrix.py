"""Every endpoint declares who may use it, and the declaration is what the server enforces.

ACCESS (tests/access.py, gathered from each feature's tests/<feature>/access.py) lists every endpoint of the
app. A new endpoint missing there fails test_every_endpoint_is_listed: add it with the roles that may use it,
and the behavioural tests below check them for real.
"""
import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from reviewapp.converters import EnumConverter
from reviewapp.models import Role
from reviewapp.permissions import LOGGED_IN, PUBLIC
from tests.access import ACCESS


def sample_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, EnumConverter):  # <panel_stage:stage>: a real stage, or the rule does not match
            values[name] = next(iter(converter.enum))
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def routes(app):
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS", "HEAD"})[0]
        yield rule.endpoint, method, sample_url(rule)


def test_every_endpoint_is_listed(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ACCESS)


def test_declarations_match_the_matrix(app):
    for endpoint, expected in ACCESS.items():
        if endpoint == "static":
            continue
        assert getattr(app.view_functions[endpoint], "access", None) == expected, endpoint


def test_anonymous_users_are_sent_to_login_from_every_non_public_endpoint(app, client):
    for endpoint, method, url in routes(app):
        if ACCESS[endpoint] == PUBLIC:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, response.status_code)
        assert response.headers["Location"].startswith("/auth/login"), endpoint


@pytest.mark.parametrize("role", list(Role))
def test_users_without_the_role_get_403_and_with_it_get_through(app, make_user, role):
    make_user("someone", role)
    client = app.test_client()
    client.post("/auth/login", data={"username": "someone", "password": "correct-horse-battery"})
    for endpoint, method, url in routes(app):
        access = ACCESS[endpoint]
        if access in (PUBLIC, LOGGED_IN) or endpoint == "auth.logout":
            continue
        status = client.open(url, method=method).status_code
        if role in access:
            assert status != 403, (endpoint, role)
        else:
            assert status == 403, (endpoint, role, status)


def test_a_view_without_a_declaration_is_refused(make_app, make_user):
    """Fail closed: an undeclared view answers 403 even to a logged-in office user."""
    probe_app = make_app()
    probe_app.add_url_rule("/_undeclared_probe", "undeclared_probe", lambda: "secret")
    make_user("someone", Role.OFFICE)
    client = probe_app.test_client()
    client.post("/auth/login", data={"username": "someone", "password": "correct-horse-battery"})
    assert client.get("/").status_code == 200
    assert client.get("/_undeclared_probe").status_code == 403

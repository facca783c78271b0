"""Shared fixtures: one app per test session on SQLite (a temporary file) or on the PostgreSQL server named by
TEST_DATABASE_URL; every test starts with empty tables; factories build the small world a test needs."""
import contextvars
import os
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete

from config import TestingConfig
from reviewapp import create_app
from reviewapp.admin.operations import create_user as create_user_operation
from reviewapp.extensions import db as _db
from reviewapp.models import Role

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


class IsolatedClient(FlaskClient):
    """Each request runs in an empty context, as under a real server: its own app context, `g` and database
    session, even while the test holds an app context for its factories and assertions. (Flask reuses an app
    context that is already pushed, which would share Flask-Login's cached user between clients.)"""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    class SessionConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        UPLOAD_FOLDER = str(tmp_path_factory.mktemp("uploads"))

    app = create_app(SessionConfig)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def make_app(app):
    """Another app on the same database, for tests that must add routes (Flask forbids that once an app has
    served a request). Its engine is disposed afterwards."""
    made = []

    def make():
        class SameDatabase(TestingConfig):
            SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]

        other = create_app(SameDatabase)
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(request, app):
    """An app context per test, and empty tables after it."""
    with app.app_context():
        yield _db
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(delete(table))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(db):
    """make_user("alice", Role.EXPERT, ...) -> User, with password PASSWORD unless given."""
    def make(username: str, *roles: Role, password: str = PASSWORD, active: bool = True, display_name=None):
        user = create_user_operation(username, display_name or username.title(), password, list(roles), "zh")
        if not active:
            user.active = False
            db.session.commit()
        return user
    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = PASSWORD, **extra):
        return self.client.post("/auth/login", data={"username": username, "password": password, **extra})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def office(make_user, auth):
    """A logged-in office user."""
    user = make_user("office", Role.OFFICE)
    auth.login("office")
    return user


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)

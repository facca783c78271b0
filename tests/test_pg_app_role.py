"""Issue 13, item 3, on PostgreSQL: the application runs under its own role (`flask audit pg-app-role`), which may
read and write its tables but not UPDATE or DELETE an audit entry: even the running application, or whoever takes
its database password, cannot change the trail's history."""
import base64
import hashlib
import hmac
import re

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from config import TestingConfig
from reviewapp import audit, create_app
from reviewapp.extensions import db as _db
from reviewapp.models import AuditEntry, Role, User
from tests.conftest import PASSWORD, IsolatedClient

ROLE_PASSWORD = "app-role-pw'%s\\"  # a quote, a placeholder and a backslash must arrive as typed


def password_is(connection, role: str, password: str) -> bool:
    """Whether the role's stored SCRAM-SHA-256 verifier (RFC 5802/7677) is the password's."""
    stored = connection.scalar(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": role})
    iterations, salt, stored_key, _ = re.fullmatch(r"SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)", stored).groups()
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key


@pytest.fixture
def app_role(app, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no roles or privileges")
    # Roles belong to the cluster, which other runs (other checkouts) may share: the role is named after this
    # run's database, and none is left behind.
    role = f"{make_url(app.config['SQLALCHEMY_DATABASE_URI']).database}_app_role"
    yield role
    with db.engine.begin() as connection:
        if connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": role}):
            connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')


@pytest.fixture
def role_app(app, app_role):
    """The application as deployed: the same database through the restricted role."""
    class AsAppRole(TestingConfig):
        SQLALCHEMY_DATABASE_URI = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(
            username=app_role, password=None).render_as_string(hide_password=False)
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]

    result = app.test_cli_runner().invoke(args=["audit", "pg-app-role", app_role, "--password", ROLE_PASSWORD])
    assert result.exit_code == 0, result.output
    restricted = create_app(AsAppRole)
    restricted.test_client_class = IsolatedClient
    yield restricted
    with restricted.app_context():
        _db.engine.dispose()


def test_item3_the_app_works_under_a_role_that_cannot_rewrite_the_audit_trail(app, db, make_user, app_role,
                                                                              role_app):
    make_user("office", Role.OFFICE)
    client = role_app.test_client()

    login = client.post("/auth/login", data={"username": "office", "password": PASSWORD})
    created = client.post("/admin/users/new", data={"username": "wang", "display_name": "王力", "roles": ["expert"],
                                                    "locale": "zh", "password": "Tq7-vortex-lumen-88"})
    page = client.get("/admin/audit")
    logout = client.post("/auth/logout")

    assert login.status_code == 302 and created.status_code == 302, created.get_data(as_text=True)[:2000]
    assert page.status_code == 200 and "wang" in page.get_data(as_text=True)
    assert logout.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username == "wang")) is not None
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions[:1] == ["user_created"] and "login" in actions and actions.count("user_created") == 2
    assert audit.verify_chain() is None
    assert password_is(db.session, app_role, ROLE_PASSWORD)

    url = role_app.config["SQLALCHEMY_DATABASE_URI"]
    engine = create_engine(url)
    try:
        for statement in (update(AuditEntry).where(AuditEntry.seq == 1).values(action="nothing happened"),
                          text("DELETE FROM audit_entry WHERE seq = 1"), text("TRUNCATE audit_entry")):
            with engine.begin() as connection, pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(statement)
    finally:
        engine.dispose()
    assert audit.verify_chain() is None


def test_the_role_command_refuses_the_owner_and_sqlite(app, db):
    result = app.test_cli_runner().invoke(args=["audit", "pg-app-role", "postgres"])
    if db.engine.dialect.name == "postgresql":
        owner = db.session.scalar(text("SELECT current_user"))
        result = app.test_cli_runner().invoke(args=["audit", "pg-app-role", owner])
        assert result.exit_code == 1 and "the owner" in result.output
    else:
        assert result.exit_code == 1 and "PostgreSQL" in result.output


def test_the_role_statements_can_be_printed_for_a_dba(app, db, app_role):
    result = app.test_cli_runner().invoke(args=["audit", "pg-app-role", app_role, "--print-sql"])
    assert result.exit_code == 0, result.output
    assert f'REVOKE UPDATE, DELETE, TRUNCATE ON "public"."audit_entry" FROM "{app_role}"' in result.output
    assert db.session.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": app_role}) == 0

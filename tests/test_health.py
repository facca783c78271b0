"""GET /healthz for the load balancer (issue 14, the operator's basics; reviewapp/health.py): 200 only when the
database answers and its schema is at the migrations' head; 503 otherwise, with the reason in the log only."""
import pytest
from sqlalchemy import text

from config import TestingConfig
from reviewapp import create_app
from reviewapp.health import migration_heads
from reviewapp.models import Role


@pytest.fixture
def stamp(app, db):
    """stamp(*revisions): the database's alembic_version as `flask db upgrade` leaves it (the test database is
    made by create_all, without one); dropped afterwards."""
    def make(*revisions):
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            for revision in revisions:
                connection.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})

    yield make
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_ok_when_the_database_answers_and_its_schema_is_at_the_head(client, stamp):
    stamp(*migration_heads())
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.mimetype == "text/plain" and response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_unavailable_when_the_schema_is_behind_the_migrations(client, stamp, caplog):
    stamp("0123456789ab")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "unavailable\n"
    assert "0123456789ab" not in response.get_data(as_text=True)
    [reason] = [r.getMessage() for r in caplog.records if r.name == "reviewapp.health"]
    assert "0123456789ab" in reason and sorted(migration_heads())[0] in reason


def test_unavailable_when_the_database_was_never_migrated(client, caplog):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "unavailable\n"
    assert any("no version" in r.getMessage() for r in caplog.records if r.name == "reviewapp.health")


def test_unavailable_when_the_database_does_not_answer(tmp_path, caplog):
    class Unreachable(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.sqlite'}"

    response = create_app(Unreachable).test_client().get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "unavailable\n"
    [reason] = [r.getMessage() for r in caplog.records if r.name == "reviewapp.health"]
    assert reason.startswith("health check failed: database unreachable: OperationalError")


def test_a_logged_in_user_is_told_no_more_than_anyone(client, auth, make_user):
    make_user("alice", Role.OFFICE)
    auth.login("alice")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "unavailable\n"

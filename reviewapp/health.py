"""GET /healthz for the load balancer (issue 14, the operator's basics): 200 "ok" when the database answers and its
schema is at the migrations' head, 503 "unavailable" otherwise.

Public, and it says nothing more to anyone: the reason (the database's error, the versions that differ) goes to the
log with the request id. It neither sets a cookie nor loads a user."""
import logging

from flask import Blueprint, current_app

from reviewapp.extensions import db
from reviewapp.logs import database_error
from reviewapp.permissions import public

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
PLAIN_TEXT = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/healthz")
@public
def healthz():
    problem = schema_problem()
    if problem:
        log.warning("health check failed: %s", problem)
        return "unavailable\n", 503, PLAIN_TEXT
    return "ok\n", 200, PLAIN_TEXT


def schema_problem() -> str | None:
    """Why the app cannot serve (the database does not answer, or its schema is not the code's), or None."""
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            database_heads = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # whatever the driver raises, the answer is "unavailable"
        return f"database unreachable: {database_error(error)}"
    expected = migration_heads()
    if database_heads != expected:
        return f"database schema at {sorted(database_heads) or 'no version'}, migrations at {sorted(expected)}"
    return None


def migration_heads() -> set[str]:
    """The head revision(s) of migrations/, read once per process: the files do not change under a running app
    (a deployment restarts it)."""
    key = "reviewapp.migration_heads"
    if key not in current_app.extensions:
        from alembic.script import ScriptDirectory

        scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        current_app.extensions[key] = set(scripts.get_heads())
    return current_app.extensions[key]

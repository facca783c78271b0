"""The graph version: a token in the database that changes in the same transaction as any write to what the
conflict engine reads, so that engines built once can be reused until the graph changes (service.cycle_engine).

Every write goes through the ORM session, so two session events see them all: a flush of people, organizations,
relations or declarations, and a bulk INSERT/UPDATE/DELETE statement on their tables (the graph import, merging
duplicates). A write outside the ORM (a restore) brings its own graph_version row with it.

Each new version is also a numbered change in graph_change (issue 19) naming the rows it wrote, so that a process
holding an engine of an earlier version re-reads only those rows and updates the engine in place. The number is
counted in the version's own row, which a writer holds locked until it commits: the committed changes are numbered
1, 2, 3... without gaps, in the order of their commits (service.catch_up relies on it). A bulk statement names its
rows with the execution option `graph_rows` ({table name: [ids]}); without it, its change says "rebuild"."""
import uuid
from typing import NamedTuple

from sqlalchemy import Connection, delete, event, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from reviewapp.models import ConflictDeclaration, GraphChange, GraphVersion, Organization, Person, Relation
from reviewapp.models.base import utcnow

GRAPH_MODELS = (Person, Organization, Relation, ConflictDeclaration)
GRAPH_TABLES = frozenset(model.__table__ for model in GRAPH_MODELS)
KEEP_CHANGES = 10_000  # older changes are deleted; a process further behind rebuilds


class Version(NamedTuple):
    token: str
    seq: int  # the number of the change that made it (0: none recorded)


def current_token(session: Session) -> str | None:
    """None on a database whose graph was never written through the app: nothing to key a cache by."""
    return session.scalar(select(GraphVersion.token).where(GraphVersion.id == 1))


def current(session: Session) -> Version | None:
    row = session.execute(select(GraphVersion.token, GraphVersion.seq).where(GraphVersion.id == 1)).first()
    return None if row is None else Version(*row)


def columns():
    """The version's token and number as two columns another statement can carry (the user loader reads them
    with the user on every request: a query less per page that checks conflicts; issue 19)."""
    return (select(GraphVersion.token).where(GraphVersion.id == 1).scalar_subquery(),
            select(GraphVersion.seq).where(GraphVersion.id == 1).scalar_subquery())


def of_columns(token: str | None, seq: int | None) -> Version | None:
    return None if token is None else Version(token, seq)


# The version read with the user is kept on the request object (never beyond it: an app context, and its g, may
# outlive a request, as in tests): service.cycle_engine uses it instead of asking again.
UNREAD = object()


def keep_read(version: Version | None) -> None:
    from flask import request

    request.graph_version_read = version


def read_with_user():
    """The version read with this request's user (None: the graph has no version row), or UNREAD (no request, no
    user loaded, or the request wrote the graph since)."""
    from flask import has_request_context, request

    if not has_request_context():
        return UNREAD
    return getattr(request, "graph_version_read", UNREAD)


def forget_read() -> None:
    """This request wrote the graph (or is told it did): the version read with the user is old; ask again."""
    from flask import has_request_context, request

    if has_request_context():
        request.__dict__.pop("graph_version_read", None)


def bump(connection: Connection, changes: dict) -> None:
    """A new token and the next change number, inserting the row if it is missing; one upsert statement, so
    concurrent writers cannot both insert it, and it keeps the row locked until the commit."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    token = uuid.uuid4().hex
    after_the_log = select(func.coalesce(func.max(GraphChange.seq), 0) + 1).scalar_subquery()
    stmt = insert(GraphVersion).values(id=1, token=token, seq=after_the_log)
    forget_read()
    seq = connection.execute(stmt.on_conflict_do_update(
        index_elements=[GraphVersion.id], set_={"token": stmt.excluded.token, "seq": GraphVersion.seq + 1})
        .returning(GraphVersion.seq)).scalar_one()
    # A number already in the log (a version row deleted or restored by hand) is overwritten: its token differs
    # from the one a process holds for that number, so the process rebuilds.
    log = insert(GraphChange).values(seq=seq, token=token, changes=changes, created_at=utcnow())
    connection.execute(log.on_conflict_do_update(index_elements=[GraphChange.seq], set_={
        "token": log.excluded.token, "changes": log.excluded.changes, "created_at": log.excluded.created_at}))
    if seq % 1000 == 0:
        connection.execute(delete(GraphChange).where(GraphChange.seq <= seq - KEEP_CHANGES))


def _written_rows(objects) -> dict[str, list[int]]:
    rows: dict[str, set[int]] = {}
    for obj in objects:
        if isinstance(obj, GRAPH_MODELS) and obj.id is not None:
            rows.setdefault(obj.__tablename__, set()).add(obj.id)
    return {table: sorted(ids) for table, ids in sorted(rows.items())}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context) -> None:
    # After the flush the collections still hold what was flushed, new objects with their ids.
    rows = _written_rows((*session.new, *session.dirty, *session.deleted))
    if rows:
        bump(session.connection(), rows)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.statement.table in GRAPH_TABLES:
        rows = state.execution_options.get("graph_rows")
        bump(state.session.connection(), rows if rows is not None else
             {"rebuild": f"bulk {'insert' if state.is_insert else 'update' if state.is_update else 'delete'} "
                         f"of {state.statement.table.name}"})

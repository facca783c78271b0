"""The graph version: a token in the database that changes in the same transaction as any write to what the
conflict engine reads, so that engines built once can be reused until the graph changes (service.cycle_engine).

Every write goes through the ORM session, so two session events see them all: a flush of people, organizations,
relations or declarations, and a bulk INSERT/UPDATE/DELETE statement on their tables (the graph import, merging
duplicates). A write outside the ORM (a restore) brings its own graph_version row with it."""
import uuid

from sqlalchemy import Connection, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from reviewapp.models import ConflictDeclaration, GraphVersion, Organization, Person, Relation

GRAPH_MODELS = (Person, Organization, Relation, ConflictDeclaration)
GRAPH_TABLES = frozenset(model.__table__ for model in GRAPH_MODELS)


def current_token(session: Session) -> str | None:
    """None on a database whose graph was never written through the app: nothing to key a cache by."""
    return session.scalar(select(GraphVersion.token).where(GraphVersion.id == 1))


def bump(connection: Connection) -> None:
    """A new token, inserting the row if it is missing; one upsert statement, so concurrent writers cannot both
    insert it."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(GraphVersion).values(id=1, token=uuid.uuid4().hex)
    connection.execute(stmt.on_conflict_do_update(index_elements=[GraphVersion.id],
                                                  set_={"token": stmt.excluded.token}))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context) -> None:
    # After the flush the collections still hold what was flushed.
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, GRAPH_MODELS) for obj in changed):
        bump(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.statement.table in GRAPH_TABLES:
        bump(state.session.connection())

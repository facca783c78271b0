"""Writing to and checking the audit trail. `record` adds an entry to the current transaction, so the entry
commits (or rolls back) together with the change it describes."""
from typing import Any

from flask_login import current_user
from sqlalchemy import insert, select, update

from reviewapp.domain.audit_chain import GENESIS_HASH, ChainBreak, ChainLink, entry_hash, first_break
from reviewapp.extensions import db
from reviewapp.models import AuditEntry, AuditHead, User
from reviewapp.models.base import utcnow


def _lock_head() -> tuple[int, str]:
    """Take the chain's tip under a write lock (row lock on PostgreSQL, the write lock on SQLite)."""
    stmt = (update(AuditHead).where(AuditHead.id == 1)
            .values(seq=AuditHead.seq + 1).returning(AuditHead.seq, AuditHead.last_hash))
    row = db.session.execute(stmt).one_or_none()
    if row is None:  # first entry ever
        db.session.execute(insert(AuditHead).values(id=1, seq=1, last_hash=GENESIS_HASH))
        return 1, GENESIS_HASH
    return row.seq, row.last_hash


def _acting_user_id(user: User | None) -> int | None:
    if user is not None:
        return user.id
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.id
    return None


def record(action: str, obj: Any = None, *, object_type: str | None = None, object_id: Any = None,
           details: dict | None = None, user: User | None = None) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = obj.id if object_id is None else object_id
    db.session.flush()  # so a new obj has its id
    if obj is not None and object_id is None:
        object_id = obj.id
    seq, prev_hash = _lock_head()
    entry = AuditEntry(seq=seq, at=utcnow(), user_id=_acting_user_id(user), action=action,
                       object_type=object_type, object_id=None if object_id is None else str(object_id),
                       details=details or {}, prev_hash=prev_hash)
    entry.hash = entry_hash(prev_hash, seq, entry.at, entry.user_id, action, entry.object_type,
                            entry.object_id, entry.details)
    db.session.add(entry)
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    return entry


def verify_chain(batch_size: int = 1000) -> ChainBreak | None:
    head = db.session.get(AuditHead, 1)
    # Streamed in batches (a server-side cursor on PostgreSQL): the trail grows without bound.
    with db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)
                            .execution_options(yield_per=batch_size)).scalars() as entries:
        links = (ChainLink(e.seq, e.at, e.user_id, e.action, e.object_type, e.object_id, e.details,
                           e.prev_hash, e.hash) for e in entries)
        return first_break(links, head.seq if head else 0, head.last_hash if head else GENESIS_HASH)

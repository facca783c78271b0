"""Writing to and checking the audit trail. `record` adds an entry to the current transaction, so the entry
commits (or rolls back) together with the change it describes. The chain is keyed by AUDIT_KEY (see
reviewapp.domain.audit_chain for what that protects against and what the anchors add)."""
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from flask import current_app
from flask_login import current_user
from sqlalchemy import bindparam, insert, select, update

from reviewapp.domain.audit_chain import (
    GENESIS_HASH,
    LEGACY,
    Anchor,
    ChainBreak,
    ChainLink,
    entry_hash,
    first_break,
    key_id,
    rehash,
)
from reviewapp.extensions import db
from reviewapp.models import AuditEntry, AuditHead, User
from reviewapp.models.base import utcnow
from reviewapp.snapshot import read_snapshot

LINK_COLUMNS = (AuditEntry.seq, AuditEntry.at, AuditEntry.user_id, AuditEntry.action, AuditEntry.object_type,
                AuditEntry.object_id, AuditEntry.details, AuditEntry.prev_hash, AuditEntry.hash)


def audit_key() -> bytes:
    key = current_app.config.get("AUDIT_KEY")
    if not key:
        raise RuntimeError("AUDIT_KEY is not set: the audit trail cannot be written or checked without it")
    return key.encode("utf-8")


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
    key = audit_key()
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
    entry.hash = entry_hash(key, prev_hash, seq, entry.at, entry.user_id, action, entry.object_type,
                            entry.object_id, entry.details)
    db.session.add(entry)
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    return entry


def _links(batch_size: int, reader=None) -> Iterator[ChainLink]:
    """The chain in order, read in batches by seq (plain rows, not ORM objects: the trail grows without bound),
    through `reader` (a snapshot's connection) or the session."""
    reader, last = reader if reader is not None else db.session, 0
    while True:
        rows = reader.execute(select(*LINK_COLUMNS).where(AuditEntry.seq > last)
                              .order_by(AuditEntry.seq).limit(batch_size)).all()
        for row in rows:
            yield ChainLink(*row)
        if len(rows) < batch_size:
            return
        last = rows[-1].seq


def _checked_tip(anchors: Iterable[Anchor], batch_size: int) -> tuple[ChainBreak | None, int, str]:
    """The first break and the tip, read in one snapshot: entries the app appends meanwhile are not mistaken for
    a tip that disagrees with the entries."""
    key = audit_key()
    with read_snapshot() as connection:
        head = connection.execute(select(AuditHead.seq, AuditHead.last_hash).where(AuditHead.id == 1)).first()
        head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
        return first_break(_links(batch_size, connection), [key], head_seq, head_hash, anchors), head_seq, head_hash


def verify_chain(anchors: Iterable[Anchor] = (), batch_size: int = 1000) -> ChainBreak | None:
    return _checked_tip(anchors, batch_size)[0]


def current_key_id() -> str:
    return key_id(audit_key())


class AuditRefused(Exception):
    """A refusal with a message for the operator: nothing was changed."""


def take_anchor() -> Anchor:
    """The chain's tip, once the chain verifies: an anchor of a tampered chain would vouch for the tampering."""
    broken, head_seq, head_hash = _checked_tip((), 1000)
    if broken is not None:
        raise AuditRefused(f"the audit chain is broken at entry seq={broken.seq} ({broken.reason}): no anchor taken")
    if head_seq == 0:
        raise AuditRefused("the audit trail is empty: nothing to anchor yet")
    return Anchor(head_seq, head_hash, utcnow().astimezone(UTC).isoformat(), current_key_id())


@dataclass
class RekeySummary:
    entries: int
    old_scheme: str
    anchor: Anchor


def _describe_scheme(key: bytes | None) -> str:
    return "sha256 without a key" if key is LEGACY else f"the old key {key_id(key)}"


def rekey(old_key: bytes | None, anchors: Iterable[Anchor] = (), batch_size: int = 1000) -> RekeySummary:
    """Rewrite every hash under AUDIT_KEY, in one transaction, once the chain verifies under its old scheme
    (`old_key`; LEGACY for the unkeyed sha256 chain of installations before AUDIT_KEY) followed, possibly, by
    entries the application already wrote under AUDIT_KEY. Records an entry saying so. Anchors taken before no
    longer apply: the caller takes a new one."""
    new_key = audit_key()
    if old_key == new_key:
        raise AuditRefused("the old key is AUDIT_KEY itself: nothing to rekey")
    head_seq, head_hash = _lock_head_for_rewrite()
    try:
        if head_seq == 0:
            raise AuditRefused("the audit trail is empty: nothing to rekey (new entries are keyed with AUDIT_KEY)")
        if first_break(_links(batch_size), [new_key], head_seq, head_hash) is None:
            raise AuditRefused("the audit chain is already keyed with AUDIT_KEY: nothing to rekey")
        earlier = db.session.scalar(select(AuditEntry.seq).where(AuditEntry.action == "audit_rekeyed").limit(1))
        if old_key is LEGACY and earlier is not None:
            raise AuditRefused(f"the trail records an earlier rekeying (entry seq={earlier}): an unkeyed chain now "
                               "means it was rewritten without the key. Nothing rewritten; compare the trail with "
                               "your anchors and backups")
        broken = first_break(_links(batch_size), [old_key, new_key], head_seq, head_hash, anchors)
        if broken is not None:
            raise AuditRefused(f"the audit chain does not verify under {_describe_scheme(old_key)}: broken at "
                               f"entry seq={broken.seq} ({broken.reason}); nothing rewritten")
        last_hash = _rewrite(new_key, batch_size)
        db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=last_hash))
        record("audit_rekeyed", object_type="audit_entry",
               details={"entries": head_seq, "from": _describe_scheme(old_key), "key_id": key_id(new_key),
                        "previous_tip": {"seq": head_seq, "hash": head_hash}})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return RekeySummary(head_seq, _describe_scheme(old_key), take_anchor())


def _lock_head_for_rewrite() -> tuple[int, str]:
    """Hold the tip's lock for the whole rekey, so no entry is appended between the check and the rewrite."""
    row = db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq)
                             .returning(AuditHead.seq, AuditHead.last_hash)).one_or_none()
    return (row.seq, row.last_hash) if row else (0, GENESIS_HASH)


def _rewrite(new_key: bytes, batch_size: int) -> str:
    table = AuditEntry.__table__
    statement = (update(table).where(table.c.seq == bindparam("b_seq"))
                 .values(prev_hash=bindparam("b_prev"), hash=bindparam("b_hash")))
    last_hash, batch = GENESIS_HASH, []
    # _links reads by seq past the last batch, so rows already rewritten are never read again.
    for seq, prev, digest in rehash(_links(batch_size), new_key):
        batch.append({"b_seq": seq, "b_prev": prev, "b_hash": digest})
        last_hash = digest
        if len(batch) == batch_size:
            db.session.execute(statement, batch)
            batch = []
    if batch:
        db.session.execute(statement, batch)
    return last_hash

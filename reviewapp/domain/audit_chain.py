"""The audit trail's hash chain: each entry's hash covers its content and the previous entry's hash,
so altering, deleting or reordering a stored entry breaks every hash after it."""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainLink:
    seq: int
    at: datetime
    user_id: int | None
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


def entry_hash(prev_hash: str, seq: int, at: datetime, user_id, action, object_type, object_id, details) -> str:
    content = json.dumps(
        {
            "seq": seq,
            "at": at.strftime("%Y-%m-%dT%H:%M:%S.%f"),
            "user_id": user_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "details": details,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def first_break(links: Iterable[ChainLink], head_seq: int | None = None, head_hash: str | None = None) -> ChainBreak | None:
    """The first entry where the chain no longer holds, or None when it is intact.

    `head_seq`/`head_hash` are the tip recorded separately; they reveal entries cut off the end.
    """
    expected_prev, expected_seq = GENESIS_HASH, 1
    for link in links:
        if link.seq != expected_seq:
            return ChainBreak(expected_seq, "missing")
        if link.prev_hash != expected_prev:
            return ChainBreak(link.seq, "prev_hash")
        recomputed = entry_hash(link.prev_hash, link.seq, link.at, link.user_id, link.action,
                                link.object_type, link.object_id, link.details)
        if recomputed != link.hash:
            return ChainBreak(link.seq, "content")
        expected_prev, expected_seq = link.hash, link.seq + 1
    if head_seq is not None and (head_seq != expected_seq - 1 or head_hash != expected_prev):
        return ChainBreak(expected_seq, "truncated")
    return None

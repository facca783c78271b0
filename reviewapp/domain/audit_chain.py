"""The audit trail's keyed hash chain (issue 13, item 3).

Each entry's hash is an HMAC-SHA256, keyed by AUDIT_KEY, over its content and the previous entry's hash, so
altering, deleting or reordering a stored entry breaks every hash after it.

What someone who can write to the database (but does not hold AUDIT_KEY) can and cannot do:
- Change, insert, delete or reorder an entry in the middle: the entry's HMAC, or the next entry's prev_hash, no
  longer matches, and recomputing the rest of the chain needs the key. Recomputing it with plain sha256 (the scheme
  before the key) or any other key is reported too: an entry hashed without the key is named as such.
- Cut entries off the END and set the tip (audit_head) back to the new last entry: every remaining hash is still
  valid, so the key cannot reveal it. Anchors do: `flask audit anchor` exports (seq, hash) of the tip for the
  operator to keep outside the database, and `flask audit verify --anchor FILE` requires the chain to reach that
  entry with that hash. Entries written after the last anchor can be cut unnoticed until the next anchor.
- Rewrite the whole trail with plain sha256: `verify` never reports it intact; it says the chain must be rekeyed,
  which on an installation already rekeyed means it was rewritten (the anchors no longer match, and `rekey
  --legacy` refuses a trail that records an earlier rekeying).
- Append entries or rewrite the trail with the key: only someone who also holds AUDIT_KEY (the application's
  environment, not the database) can. On PostgreSQL the application's own role may not UPDATE or DELETE audit
  entries at all (`flask audit pg-app-role`, reviewapp/pg_role.py), so even the running application cannot
  change history.

The domain stays pure: the key comes in as an argument."""
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
ANCHOR_FORMAT, ANCHOR_VERSION = "reviewapp-audit-anchor", 1
# The scheme before AUDIT_KEY: sha256 of the same input, no key. Accepted only by `flask audit rekey --legacy`.
LEGACY = None


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


def _content(seq: int, at: datetime, user_id, action, object_type, object_id, details) -> str:
    return json.dumps(
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


def entry_hash(key: bytes | None, prev_hash: str, seq: int, at: datetime, user_id, action, object_type, object_id,
               details) -> str:
    """HMAC-SHA256 under `key`; key=LEGACY (None) gives the unkeyed sha256 of installations before AUDIT_KEY."""
    message = (prev_hash + _content(seq, at, user_id, action, object_type, object_id, details)).encode("utf-8")
    if key is LEGACY:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def link_hash(key: bytes | None, link: ChainLink, prev_hash: str | None = None) -> str:
    return entry_hash(key, link.prev_hash if prev_hash is None else prev_hash, link.seq, link.at, link.user_id,
                      link.action, link.object_type, link.object_id, link.details)


def key_id(key: bytes) -> str:
    """A short name for a key that reveals nothing of it: which key an anchor was taken under."""
    return hmac.new(key, b"reviewapp audit key id", hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class ChainBreak:
    """reason: missing (a gap in seq), prev_hash (not linked to the entry before), content (the hash does not match
    under any accepted key), unkeyed (hashed with plain sha256, not with the key), anchor (the entry's hash differs
    from the anchor's), truncated (the chain ends before the tip or an anchor)."""
    seq: int
    reason: str


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str = ""
    key_id: str | None = None


def _scheme_of(link: ChainLink, keys: Sequence[bytes | None], start: int) -> int | None:
    """The index, from `start` on, of the first accepted key under which the link's hash holds."""
    for index in range(start, len(keys)):
        if hmac.compare_digest(link_hash(keys[index], link), link.hash):
            return index
    return None


def first_break(links: Iterable[ChainLink], keys: Sequence[bytes | None], head_seq: int | None = None,
                head_hash: str | None = None, anchors: Iterable[Anchor] = ()) -> ChainBreak | None:
    """The first entry where the chain no longer holds, or None when it is intact.

    `keys` are the accepted schemes in the order the chain may use them: [key] for `verify`; [LEGACY, key] or
    [old_key, key] for `rekey` (a prefix under the old scheme, then entries under the new key, never back).
    `head_seq`/`head_hash` are the tip recorded separately and `anchors` the tips kept outside the database; they
    reveal entries cut off the end."""
    by_seq = {anchor.seq: anchor for anchor in anchors}
    expected_prev, expected_seq, scheme = GENESIS_HASH, 1, 0
    for link in links:
        if link.seq != expected_seq:
            return ChainBreak(expected_seq, "missing")
        if link.prev_hash != expected_prev:
            return ChainBreak(link.seq, "prev_hash")
        found = _scheme_of(link, keys, scheme)
        if found is None:
            unkeyed = hmac.compare_digest(link_hash(LEGACY, link), link.hash)
            return ChainBreak(link.seq, "unkeyed" if unkeyed else "content")
        anchor = by_seq.get(link.seq)
        if anchor is not None and not hmac.compare_digest(anchor.hash, link.hash):
            return ChainBreak(link.seq, "anchor")
        expected_prev, expected_seq, scheme = link.hash, link.seq + 1, found
    if head_seq is not None and (head_seq != expected_seq - 1 or head_hash != expected_prev):
        return ChainBreak(expected_seq, "truncated")
    if any(seq >= expected_seq for seq in by_seq):
        return ChainBreak(expected_seq, "truncated")
    return None


def rehash(links: Iterable[ChainLink], new_key: bytes) -> Iterator[tuple[int, str, str]]:
    """(seq, prev_hash, hash) of every entry under `new_key`, for a chain already verified under its old scheme."""
    prev = GENESIS_HASH
    for link in links:
        digest = link_hash(new_key, link, prev_hash=prev)
        yield link.seq, prev, digest
        prev = digest


# --- anchors: the tip, kept by the operator outside the database --------------------------------------------------

class AnchorError(ValueError):
    """An anchor file that cannot be read, with a message for the operator."""


def anchor_record(anchor: Anchor) -> dict:
    return {"format": ANCHOR_FORMAT, "version": ANCHOR_VERSION, "seq": anchor.seq, "hash": anchor.hash,
            "at": anchor.at, "key_id": anchor.key_id}


def parse_anchors(text: str) -> list[Anchor]:
    """The anchors in a file: one JSON object, or one per line (`flask audit anchor >> anchors.jsonl`)."""
    try:
        whole = json.loads(text)
        records = [whole]
    except ValueError:
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as error:
            raise AnchorError(f"not JSON: {error}") from error
    if not records:
        raise AnchorError("no anchor in it")
    return [_anchor(record) for record in records]


def _anchor(record) -> Anchor:
    if not isinstance(record, dict) or (record.get("format"), record.get("version")) != (ANCHOR_FORMAT,
                                                                                          ANCHOR_VERSION):
        raise AnchorError(f"not a {ANCHOR_FORMAT} of version {ANCHOR_VERSION}")
    seq, digest = record.get("seq"), record.get("hash")
    if type(seq) is not int or seq < 1:
        raise AnchorError("its seq is not a positive whole number")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise AnchorError("its hash is not 64 lowercase hexadecimal digits")
    key = record.get("key_id")
    return Anchor(seq, digest, str(record.get("at", "")), key if isinstance(key, str) else None)

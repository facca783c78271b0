"""The audit trail's keyed hash chain (issue 13, item 3), without the app."""
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from reviewapp.domain.audit_chain import (
    GENESIS_HASH,
    LEGACY,
    Anchor,
    AnchorError,
    ChainLink,
    anchor_record,
    entry_hash,
    first_break,
    key_id,
    parse_anchors,
    rehash,
)

T0 = datetime(2026, 11, 26, 1, 2, 3, 456789)
KEY = b"the-audit-key-of-this-installation"
OTHER_KEY = b"a-key-someone-made-up-for-himself"


def build_chain(n: int, key: bytes | None = KEY, start: list[ChainLink] = ()) -> list[ChainLink]:
    links = list(start)
    prev = links[-1].hash if links else GENESIS_HASH
    for seq in range(len(links) + 1, n + 1):
        at = T0 + timedelta(seconds=seq)
        details = {"n": seq, "名称": "本溪"}
        digest = entry_hash(key, prev, seq, at, 7, "login", "user", "7", details)
        links.append(ChainLink(seq, at, 7, "login", "user", "7", details, prev, digest))
        prev = digest
    return links


def recomputed_from(chain: list[ChainLink], seq: int, key: bytes | None, **change) -> list[ChainLink]:
    """What someone with write access does: change entry `seq`, then recompute its hash and every later one (and
    the tip) with `key`: plain sha256 (LEGACY) or a key of his own, since he does not hold AUDIT_KEY."""
    forged, prev = chain[:seq - 1], chain[seq - 2].hash if seq > 1 else GENESIS_HASH
    for link in chain[seq - 1:]:
        link = replace(link, **change) if link.seq == seq else link
        link = replace(link, prev_hash=prev, hash=entry_hash(key, prev, link.seq, link.at, link.user_id, link.action,
                                                             link.object_type, link.object_id, link.details))
        forged.append(link)
        prev = link.hash
    return forged


def test_intact_chain_verifies():
    chain = build_chain(5)
    assert first_break(chain, [KEY], head_seq=5, head_hash=chain[-1].hash) is None


def test_empty_chain_verifies():
    assert first_break([], [KEY], head_seq=0, head_hash=GENESIS_HASH) is None


def test_the_hash_is_an_hmac_under_the_key_not_a_plain_sha256():
    keyed = entry_hash(KEY, GENESIS_HASH, 1, T0, None, "a", None, None, {})
    assert keyed != entry_hash(LEGACY, GENESIS_HASH, 1, T0, None, "a", None, None, {})
    assert keyed != entry_hash(OTHER_KEY, GENESIS_HASH, 1, T0, None, "a", None, None, {})


def test_changed_content_is_found_at_its_entry():
    chain = build_chain(5)
    chain[2] = replace(chain[2], details={"n": 99, "名称": "本溪"})
    broken = first_break(chain, [KEY])
    assert (broken.seq, broken.reason) == (3, "content")


def test_changed_time_or_user_breaks_the_hash():
    chain = build_chain(3)
    assert first_break([chain[0], replace(chain[1], at=chain[1].at + timedelta(microseconds=1)), chain[2]],
                       [KEY]).seq == 2
    assert first_break([chain[0], replace(chain[1], user_id=8), chain[2]], [KEY]).seq == 2


def test_item3_a_chain_recomputed_with_plain_sha256_is_detected():
    """Issue 13 item 3: before the key, rewriting an entry and recomputing every later hash and the tip passed."""
    chain = build_chain(6)
    forged = recomputed_from(chain, 3, LEGACY, action="logout")
    broken = first_break(forged, [KEY], head_seq=6, head_hash=forged[-1].hash)
    assert (broken.seq, broken.reason) == (3, "unkeyed")


def test_item3_a_chain_recomputed_with_a_wrong_key_is_detected():
    chain = build_chain(6)
    forged = recomputed_from(chain, 3, OTHER_KEY, details={"n": 3, "名称": "别处"})
    broken = first_break(forged, [KEY], head_seq=6, head_hash=forged[-1].hash)
    assert (broken.seq, broken.reason) == (3, "content")


def test_recomputed_hash_under_the_key_still_breaks_the_next_link():
    chain = build_chain(4)
    forged = replace(chain[1], action="logout")
    chain[1] = replace(forged, hash=entry_hash(KEY, forged.prev_hash, 2, forged.at, 7, "logout", "user", "7",
                                               forged.details))
    broken = first_break(chain, [KEY])
    assert (broken.seq, broken.reason) == (3, "prev_hash")


def test_deleted_entry_is_reported_missing():
    chain = build_chain(4)
    del chain[1]
    broken = first_break(chain, [KEY])
    assert (broken.seq, broken.reason) == (2, "missing")


def test_entries_cut_off_the_end_are_detected_by_the_head():
    chain = build_chain(4)
    broken = first_break(chain[:3], [KEY], head_seq=4, head_hash=chain[-1].hash)
    assert (broken.seq, broken.reason) == (4, "truncated")


def test_item3_entries_cut_after_an_anchor_are_detected_even_with_the_head_set_back():
    """The key cannot reveal a cut at the end (every remaining hash is valid, the tip is set back): the anchor can."""
    chain = build_chain(6)
    anchor = Anchor(5, chain[4].hash)
    assert first_break(chain[:3], [KEY], head_seq=3, head_hash=chain[2].hash) is None  # the key alone
    broken = first_break(chain[:3], [KEY], head_seq=3, head_hash=chain[2].hash, anchors=[anchor])
    assert (broken.seq, broken.reason) == (4, "truncated")
    assert first_break(chain, [KEY], head_seq=6, head_hash=chain[-1].hash, anchors=[anchor]) is None


def test_item3_an_entry_that_differs_from_its_anchor_is_named():
    chain = build_chain(4)
    broken = first_break(chain, [KEY], anchors=[Anchor(2, chain[1].hash), Anchor(3, "f" * 64)])
    assert (broken.seq, broken.reason) == (3, "anchor")


def test_rekey_accepts_an_unkeyed_prefix_then_keyed_entries_and_never_back():
    legacy_then_keyed = build_chain(5, KEY, start=build_chain(3, LEGACY))
    assert first_break(legacy_then_keyed, [KEY]).reason == "unkeyed"
    assert first_break(legacy_then_keyed, [LEGACY, KEY]) is None
    keyed_then_legacy = build_chain(5, LEGACY, start=build_chain(3, KEY))
    broken = first_break(keyed_then_legacy, [LEGACY, KEY])
    assert (broken.seq, broken.reason) == (4, "unkeyed")


def test_rehash_gives_a_chain_that_verifies_under_the_new_key_only():
    old = build_chain(4, OTHER_KEY)
    rewritten = [replace(link, prev_hash=prev, hash=digest)
                 for link, (seq, prev, digest) in zip(old, rehash(old, KEY))]
    assert first_break(rewritten, [KEY], head_seq=4, head_hash=rewritten[-1].hash) is None
    assert first_break(rewritten, [OTHER_KEY]).seq == 1


def test_timezone_aware_and_naive_times_hash_alike():
    aware = T0.replace(tzinfo=UTC)
    assert entry_hash(KEY, GENESIS_HASH, 1, aware, None, "a", None, None, {}) == \
        entry_hash(KEY, GENESIS_HASH, 1, T0, None, "a", None, None, {})


def test_key_id_names_a_key_without_revealing_it():
    assert key_id(KEY) != key_id(OTHER_KEY) and len(key_id(KEY)) == 16
    assert KEY.hex()[:16] != key_id(KEY)


def test_anchors_are_read_from_one_object_or_one_per_line():
    first = anchor_record(Anchor(3, "a" * 64, "2026-12-07T01:00:00+00:00", key_id(KEY)))
    second = anchor_record(Anchor(9, "b" * 64, "2026-12-08T01:00:00+00:00", key_id(KEY)))
    assert parse_anchors(json.dumps(first, indent=1)) == [Anchor(3, "a" * 64, first["at"], key_id(KEY))]
    lines = json.dumps(first) + "\n\n" + json.dumps(second) + "\n"
    assert [a.seq for a in parse_anchors(lines)] == [3, 9]


@pytest.mark.parametrize("text, message", [
    ("", "no anchor"), ("{not json", "not JSON"), ('{"format": "x", "version": 1}', "not a reviewapp-audit-anchor"),
    ('{"format": "reviewapp-audit-anchor", "version": 1, "seq": "3", "hash": "' + "a" * 64 + '"}', "seq"),
    ('{"format": "reviewapp-audit-anchor", "version": 1, "seq": 0, "hash": "' + "a" * 64 + '"}', "seq"),
    ('{"format": "reviewapp-audit-anchor", "version": 1, "seq": 3, "hash": "xyz"}', "hash"),
    ('[1, 2]', "not a reviewapp-audit-anchor"),
])
def test_a_bad_anchor_file_gets_a_clear_message(text, message):
    with pytest.raises(AnchorError, match=message):
        parse_anchors(text)

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from reviewapp.domain.audit_chain import GENESIS_HASH, ChainLink, entry_hash, first_break

T0 = datetime(2026, 11, 26, 1, 2, 3, 456789)


def build_chain(n: int) -> list[ChainLink]:
    links, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        at = T0 + timedelta(seconds=seq)
        details = {"n": seq, "名称": "本溪"}
        digest = entry_hash(prev, seq, at, 7, "login", "user", "7", details)
        links.append(ChainLink(seq, at, 7, "login", "user", "7", details, prev, digest))
        prev = digest
    return links


def test_intact_chain_verifies():
    chain = build_chain(5)
    assert first_break(chain, head_seq=5, head_hash=chain[-1].hash) is None


def test_empty_chain_verifies():
    assert first_break([], head_seq=0, head_hash=GENESIS_HASH) is None


def test_changed_content_is_found_at_its_entry():
    chain = build_chain(5)
    chain[2] = replace(chain[2], details={"n": 99, "名称": "本溪"})
    broken = first_break(chain)
    assert (broken.seq, broken.reason) == (3, "content")


def test_changed_time_or_user_breaks_the_hash():
    chain = build_chain(3)
    assert first_break([chain[0], replace(chain[1], at=chain[1].at + timedelta(microseconds=1)), chain[2]]).seq == 2
    assert first_break([chain[0], replace(chain[1], user_id=8), chain[2]]).seq == 2


def test_recomputed_hash_still_breaks_the_next_link():
    chain = build_chain(4)
    forged = replace(chain[1], action="logout")
    forged = replace(forged, hash=entry_hash(forged.prev_hash, 2, forged.at, 7, "logout", "user", "7", forged.details))
    chain[1] = forged
    broken = first_break(chain)
    assert (broken.seq, broken.reason) == (3, "prev_hash")


def test_deleted_entry_is_reported_missing():
    chain = build_chain(4)
    del chain[1]
    assert first_break(chain) .seq == 2
    assert first_break(chain).reason == "missing"


def test_entries_cut_off_the_end_are_detected_by_the_head():
    chain = build_chain(4)
    broken = first_break(chain[:3], head_seq=4, head_hash=chain[-1].hash)
    assert (broken.seq, broken.reason) == (4, "truncated")


def test_timezone_aware_and_naive_times_hash_alike():
    aware = T0.replace(tzinfo=timezone.utc)
    assert entry_hash(GENESIS_HASH, 1, aware, None, "a", None, None, {}) == \
        entry_hash(GENESIS_HASH, 1, T0, None, "a", None, None, {})

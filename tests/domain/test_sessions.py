"""Issue 13, item 2: how long a login lasts (reviewapp/domain/sessions.py), without the app."""
from datetime import UTC, datetime, timedelta

from reviewapp.domain.sessions import TOUCH_INTERVAL, Ending, SessionPolicy, session_state, token_hash

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
POLICY = SessionPolicy(idle_office=timedelta(minutes=30), idle_others=timedelta(minutes=120),
                       lifetime=timedelta(hours=12), remember_lifetime=timedelta(days=7))


def state(minutes_since_seen, minutes_since_start=None, office=False, remember=False):
    started = T0
    now = T0 + timedelta(minutes=minutes_since_start if minutes_since_start is not None else minutes_since_seen)
    last_seen = now - timedelta(minutes=minutes_since_seen)
    return session_state(last_seen, POLICY.expires_at(started, remember), POLICY.idle_limit(office, remember), now)


def test_item2_the_office_is_logged_out_after_its_shorter_idle_limit():
    assert state(29, office=True).ended is None
    assert state(30, office=True).ended is Ending.IDLE
    assert state(31).ended is None  # an expert may read the materials for longer


def test_item2_experts_and_the_group_have_the_longer_idle_limit():
    assert state(119).ended is None
    assert state(120).ended is Ending.IDLE


def test_item2_activity_does_not_extend_a_session_past_its_lifetime():
    assert state(5, minutes_since_start=12 * 60 - 1).ended is None
    assert state(5, minutes_since_start=12 * 60).ended is Ending.LIFETIME


def test_item2_near_the_lifetime_the_end_is_the_lifetime_and_activity_cannot_move_it():
    near = state(0, minutes_since_start=12 * 60 - 60)  # an hour left, the idle limit is two hours
    assert near.ends_at == T0 + timedelta(hours=12) and not near.can_extend
    early = state(10, minutes_since_start=60)
    assert early.ends_at == T0 + timedelta(minutes=50 + 120) and early.can_extend


def test_item2_an_experts_remembered_login_has_no_idle_limit_but_a_bounded_lifetime():
    assert state(3 * 24 * 60, minutes_since_start=3 * 24 * 60, remember=True).ended is None
    assert state(60, minutes_since_start=7 * 24 * 60, remember=True).ended is Ending.LIFETIME
    assert state(60, minutes_since_start=12 * 60, remember=False).ended is Ending.LIFETIME


def test_item2_last_seen_is_written_at_most_once_a_minute():
    assert not state(0.5).touch
    assert state(TOUCH_INTERVAL.total_seconds() / 60).touch


def test_item2_the_token_is_stored_as_its_sha256():
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_item2_remember_me_does_not_lift_the_offices_idle_limit():
    """The office's accounts can change every decision of a cycle: 30 minutes idle ends them even when remembered."""
    assert state(31, minutes_since_start=31, office=True, remember=True).ended is Ending.IDLE
    assert state(29, minutes_since_start=3 * 24 * 60, office=True, remember=True).ended is None

from datetime import datetime, timedelta, timezone

from reviewapp.domain.lockout import LockoutPolicy, locked_until

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
POLICY = LockoutPolicy()  # 5 failures within 15 minutes lock for 15 minutes


def failures(*minutes):
    return [(T0 + timedelta(minutes=m), False) for m in minutes]


def test_four_failures_do_not_lock():
    assert locked_until(failures(0, 1, 2, 3), T0 + timedelta(minutes=4), POLICY) is None


def test_fifth_failure_within_the_window_locks_for_fifteen_minutes():
    attempts = failures(0, 1, 2, 3, 4)
    assert locked_until(attempts, T0 + timedelta(minutes=5), POLICY) == T0 + timedelta(minutes=19)


def test_lock_ends_exactly_fifteen_minutes_after_the_fifth_failure():
    attempts = failures(0, 1, 2, 3, 4)
    assert locked_until(attempts, T0 + timedelta(minutes=18, seconds=59), POLICY) is not None
    assert locked_until(attempts, T0 + timedelta(minutes=19), POLICY) is None


def test_failures_spread_over_more_than_the_window_do_not_lock():
    # five failures, but no five of them within 15 minutes
    assert locked_until(failures(0, 4, 8, 12, 16), T0 + timedelta(minutes=17), POLICY) is None


def test_window_boundary_is_inclusive():
    assert locked_until(failures(0, 4, 8, 12, 15), T0 + timedelta(minutes=16), POLICY) is not None


def test_a_success_resets_the_count():
    attempts = failures(0, 1, 2, 3) + [(T0 + timedelta(minutes=3, seconds=30), True)] + failures(4)
    assert locked_until(attempts, T0 + timedelta(minutes=5), POLICY) is None


def test_order_of_attempts_does_not_matter():
    attempts = list(reversed(failures(0, 1, 2, 3, 4)))
    assert locked_until(attempts, T0 + timedelta(minutes=5), POLICY) is not None


def test_custom_policy():
    policy = LockoutPolicy(max_failures=2, window=timedelta(minutes=1), lock=timedelta(minutes=5))
    assert locked_until(failures(0, 1), T0 + timedelta(minutes=2), policy) == T0 + timedelta(minutes=6)

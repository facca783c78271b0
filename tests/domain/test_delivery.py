"""Issue 16: the sender's retries, without an app."""
from datetime import UTC, datetime, timedelta

import pytest

from reviewapp.domain.delivery import RetryPolicy, after_failure, backoff

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=5, first_delay=timedelta(minutes=1), max_delay=timedelta(minutes=10))


def test_the_wait_doubles_after_each_failure():
    assert [backoff(n, POLICY) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]


def test_the_wait_is_capped():
    assert backoff(5, POLICY) == timedelta(minutes=10)
    assert backoff(10_000, POLICY) == timedelta(minutes=10)


def test_a_failure_below_the_maximum_is_tried_again_after_the_wait():
    outcome = after_failure(3, NOW, POLICY)
    assert not outcome.give_up and outcome.next_attempt_at == NOW + timedelta(minutes=4)


def test_the_last_allowed_attempt_failing_gives_up():
    assert after_failure(5, NOW, POLICY).give_up
    assert after_failure(5, NOW, POLICY).next_attempt_at is None
    assert not after_failure(4, NOW, POLICY).give_up


def test_there_is_no_backoff_before_a_first_attempt():
    with pytest.raises(ValueError):
        backoff(0, POLICY)

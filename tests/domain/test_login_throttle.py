"""Issue 13, item 5: growing delays per account and per address instead of a lock that a stranger controls."""
from datetime import UTC, datetime, timedelta

from reviewapp.domain.login_throttle import Delay, ThrottlePolicy, account_failures, login_wait

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy()  # account: 5 free, cap 2 min; address: 10 free, cap 1 h; window 1 h


def failures(*seconds):
    return [(T0 + timedelta(seconds=s), False) for s in seconds]


def times(*seconds):
    return [T0 + timedelta(seconds=s) for s in seconds]


def test_the_free_failures_cost_nothing():
    assert login_wait(failures(0, 1, 2, 3), [], T0 + timedelta(seconds=4), POLICY) is None


def test_past_the_free_failures_the_wait_starts_at_two_seconds_and_doubles():
    delay = POLICY.account
    assert [delay.after(n).total_seconds() for n in range(4, 10)] == [0, 2, 4, 8, 16, 32]


def test_the_account_wait_is_capped_at_minutes_so_a_stranger_cannot_lock_anyone_out():
    """The old rule locked the account for 15 minutes after five failures, again and again."""
    assert POLICY.account.after(1000) == timedelta(minutes=2)
    many = failures(*range(0, 600, 5))  # 120 failures in ten minutes
    wait = login_wait(many, [], T0 + timedelta(seconds=600), POLICY)
    assert wait.scope == "account" and wait.until - (T0 + timedelta(seconds=595)) == timedelta(minutes=2)


def test_the_address_wait_grows_to_an_hour():
    assert POLICY.address.after(1000) == timedelta(hours=1)
    assert POLICY.address.after(10) == timedelta(seconds=2)


def test_the_next_attempt_waits_from_the_latest_failure():
    attempts = failures(0, 1, 2, 3, 4, 5)  # six failures: 4 s after the sixth
    assert login_wait(attempts, [], T0 + timedelta(seconds=8), POLICY).until == T0 + timedelta(seconds=9)
    assert login_wait(attempts, [], T0 + timedelta(seconds=9), POLICY) is None


def test_seconds_left_is_rounded_up_and_never_zero():
    attempts = failures(0, 1, 2, 3, 4, 5)
    wait = login_wait(attempts, [], T0 + timedelta(seconds=8, milliseconds=900), POLICY)
    assert wait.seconds_left(T0 + timedelta(seconds=8, milliseconds=900)) == 1
    assert login_wait(attempts, [], T0 + timedelta(seconds=6), POLICY).seconds_left(T0 + timedelta(seconds=6)) == 3


def test_a_success_forgets_the_accounts_earlier_failures():
    attempts = failures(0, 1, 2, 3, 4, 5) + [(T0 + timedelta(seconds=6), True)] + failures(7)
    assert account_failures(attempts, T0 + timedelta(seconds=8), POLICY) == [T0 + timedelta(seconds=7)]
    assert login_wait(attempts, [], T0 + timedelta(seconds=8), POLICY) is None


def test_failures_older_than_the_window_do_not_count():
    old = failures(*range(0, 20))
    assert login_wait(old, times(*range(0, 20)), T0 + timedelta(hours=1, seconds=20), POLICY) is None


def test_an_address_guessing_at_many_names_waits_whatever_the_name():
    address = times(*range(0, 12))  # twelve failures from one address, each on another name
    wait = login_wait([], address, T0 + timedelta(seconds=12), POLICY)
    assert wait.scope == "address" and wait.until == T0 + timedelta(seconds=11 + 8)


def test_a_known_address_is_not_held_back_by_the_accounts_delay_but_by_its_own():
    """Strangers' failures on the office's account do not keep the office out at its own desks."""
    strangers = failures(*range(0, 100))
    assert login_wait(strangers, [], T0 + timedelta(seconds=101), POLICY, known_address=True) is None
    own = times(*range(0, 15))
    assert login_wait(strangers, own, T0 + timedelta(seconds=16), POLICY, known_address=True).scope == "address"


def test_the_longer_wait_wins():
    account = failures(*range(0, 8))  # 16 s after the 8th
    address = times(*range(0, 11))  # 4 s after the 11th
    assert login_wait(account, address, T0 + timedelta(seconds=12), POLICY).scope == "account"


def test_a_custom_policy():
    policy = ThrottlePolicy(account=Delay(2, timedelta(seconds=10)), address=Delay(3, timedelta(seconds=30)),
                            window=timedelta(minutes=5))
    assert login_wait(failures(0, 1), [], T0 + timedelta(seconds=2), policy).until == T0 + timedelta(seconds=3)
    assert policy.account.after(50) == timedelta(seconds=10)


def test_issue13_attempts_are_kept_as_long_as_they_can_matter():
    """The failure window, the known addresses' successes and the office's day of bursts, whichever is longest."""
    assert ThrottlePolicy(known_address_days=30).history == timedelta(days=30)
    assert ThrottlePolicy(window=timedelta(days=40)).history == timedelta(days=40)
    assert ThrottlePolicy(known_address_days=0).history == timedelta(days=1)

"""When the sender tries a message again (issue 16: sending is reliable): exponential backoff after each failed
attempt, up to a cap, and giving up after a maximum of attempts so that the office sees the failure."""
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(hours=6)
    # A claimed message is not due for this long: a sender that dies while sending leaves it to be tried again
    # after the lease, instead of for ever claimed.
    lease: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class AfterFailure:
    give_up: bool
    next_attempt_at: datetime | None  # None when given up


def backoff(attempts: int, policy: RetryPolicy) -> timedelta:
    """The wait after the `attempts`-th failed attempt: the first delay, doubled per earlier failure, capped."""
    if attempts < 1:
        raise ValueError("backoff follows a failed attempt")
    doublings = min(attempts - 1, 32)  # 2**32 minutes is past any cap: no overflow for absurd counts
    return min(policy.first_delay * 2 ** doublings, policy.max_delay)


def after_failure(attempts: int, now: datetime, policy: RetryPolicy) -> AfterFailure:
    """`attempts` counts the attempts made, the failed one included."""
    if attempts >= policy.max_attempts:
        return AfterFailure(give_up=True, next_attempt_at=None)
    return AfterFailure(give_up=False, next_attempt_at=now + backoff(attempts, policy))

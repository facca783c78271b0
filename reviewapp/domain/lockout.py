"""Login throttling: after N failed logins for a username within a window, refuse attempts for a while."""
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)

    @property
    def lookback(self) -> timedelta:
        """How far back attempts can still matter."""
        return self.window + self.lock


def locked_until(attempts: list[tuple[datetime, bool]], now: datetime, policy: LockoutPolicy) -> datetime | None:
    """When the lock on a username ends, or None if it is not locked now.

    `attempts` are (time, succeeded) pairs. Failures before the latest success do not count: a user who
    finally typed the right password starts afresh. The lock runs from the failure that completed a burst of
    `max_failures` failures within `window`.
    """
    last_success = max((at for at, ok in attempts if ok), default=None)
    failures = sorted(at for at, ok in attempts if not ok and (last_success is None or at > last_success))
    n = policy.max_failures
    until = None
    for i in range(n - 1, len(failures)):
        if failures[i] - failures[i - n + 1] <= policy.window:
            until = failures[i] + policy.lock
    return until if until is not None and until > now else None

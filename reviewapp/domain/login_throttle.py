"""Login throttling: growing delays per account and per client address, never a lock that a stranger controls.

Issue 13, item 5. The old rule (five failures lock a user name for 15 minutes) let anybody lock the office out by
typing five wrong passwords, again and again. The rule now:

- Every failure is counted twice: against the user name (whether or not it exists, so the answers tell nothing
  about which names exist) and against the client address.
- After `free_failures` failures within the window, the next attempt on that account or from that address must
  wait `first_delay`, doubled with every further failure, up to a cap. Attempts made while waiting are refused
  with "please wait N seconds" without checking the password and are not counted: the delay never grows faster
  than one failure per delay.
- The account's cap is low (two minutes by default): it slows a guesser spread over many addresses, but a
  stranger who keeps failing can at worst make the real user wait that long. The address's cap is high (an hour
  by default): one address guessing at many names, or at one, is slowed down hard.
- An address from which the account logged in successfully within `known_address_days` is not held back by the
  account's delay (only by its own address delay): the office at its own desks keeps getting in however many
  failures strangers produce elsewhere. Strangers cannot borrow this, as they do not send from those addresses.
- A success on the account forgets the account's earlier failures. An address's failures are not forgotten by a
  success from it: someone holding one account of their own could otherwise reset their address between guesses.
- Failures older than the window do not count.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Delay:
    """How long the next attempt must wait after a number of failures."""

    free_failures: int
    cap: timedelta
    first_delay: timedelta = timedelta(seconds=2)

    def after(self, failures: int) -> timedelta:
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, 40)  # 2^40 s is far past any cap: no overflow
        return min(self.first_delay * (2 ** doublings), self.cap)


@dataclass(frozen=True)
class ThrottlePolicy:
    account: Delay = Delay(free_failures=5, cap=timedelta(minutes=2))
    address: Delay = Delay(free_failures=10, cap=timedelta(hours=1))
    window: timedelta = timedelta(hours=1)
    known_address_days: int = 30

    @property
    def history(self) -> timedelta:
        """How long a recorded attempt can still matter: the failure window, the successes that make an address
        known, and the day of failed-login bursts the office's home shows. Older attempts may be deleted."""
        return max(self.window, timedelta(days=self.known_address_days), timedelta(days=1))


@dataclass(frozen=True)
class Wait:
    """An attempt refused until `until`: `scope` says whose failures caused it ("account" or "address")."""

    until: datetime
    scope: str
    failures: int

    def seconds_left(self, now: datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))  # rounded up: never "wait 0 seconds"


def _wait(failures: list[datetime], delay: Delay, scope: str, now: datetime) -> Wait | None:
    if not failures:
        return None
    until = max(failures) + delay.after(len(failures))
    return Wait(until, scope, len(failures)) if until > now else None


def account_failures(attempts: list[tuple[datetime, bool]], now: datetime, policy: ThrottlePolicy) -> list[datetime]:
    """The failures that count against an account: (time, succeeded) pairs, within the window, after the latest
    success."""
    last_success = max((at for at, ok in attempts if ok), default=None)
    return [at for at, ok in attempts
            if not ok and at > now - policy.window and (last_success is None or at > last_success)]


def login_wait(account_attempts: list[tuple[datetime, bool]], address_failures: list[datetime], now: datetime,
               policy: ThrottlePolicy, known_address: bool = False) -> Wait | None:
    """The wait imposed on a login attempt now, or None when it may go ahead.

    `account_attempts` are the (time, succeeded) attempts on the user name, `address_failures` the times of the
    failures from the client's address (on any name); `known_address` says the account logged in from this address
    recently (see the module's docstring). The longer of the two waits wins.
    """
    waits = [_wait([at for at in address_failures if at > now - policy.window], policy.address, "address", now)]
    if not known_address:
        waits.append(_wait(account_failures(account_attempts, now, policy), policy.account, "account", now))
    waits = [w for w in waits if w is not None]
    return max(waits, key=lambda w: w.until) if waits else None

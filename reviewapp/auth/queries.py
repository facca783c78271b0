"""Reads of the auth blueprint: what the login throttle needs, and the failed-login bursts the office sees."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from reviewapp.domain.login_throttle import ThrottlePolicy, Wait
from reviewapp.domain.login_throttle import login_wait as throttle_wait
from reviewapp.extensions import db
from reviewapp.models import LoginAttempt


def login_wait(username: str, remote_addr: str | None, now: datetime, policy: ThrottlePolicy,
               stage: str = "password") -> Wait | None:
    """The wait before an attempt at `stage` on `username` from `remote_addr` (domain/login_throttle.py). The
    account's count is per stage: a right password does not forget the wrong codes after it."""
    since = now - policy.window
    account = [(row.at, row.succeeded) for row in db.session.execute(
        select(LoginAttempt.at, LoginAttempt.succeeded)
        .where(LoginAttempt.username == username, LoginAttempt.stage == stage, LoginAttempt.at >= since))]
    address = [] if remote_addr is None else list(db.session.scalars(
        select(LoginAttempt.at)
        .where(LoginAttempt.remote_addr == remote_addr, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))))
    return throttle_wait(account, address, now, policy,
                         known_address=stage == "password" and _known_address(username, remote_addr, now, policy))


def _known_address(username: str, remote_addr: str | None, now: datetime, policy: ThrottlePolicy) -> bool:
    if remote_addr is None:
        return False
    since = now - timedelta(days=policy.known_address_days)
    return db.session.scalar(select(LoginAttempt.id).where(
        LoginAttempt.username == username, LoginAttempt.remote_addr == remote_addr,
        LoginAttempt.succeeded.is_(True), LoginAttempt.at >= since).limit(1)) is not None


@dataclass(frozen=True)
class Burst:
    """Failed logins on one account or from one address: how many, from/on how many others, first and last."""

    key: str
    failures: int
    others: int
    first: datetime
    last: datetime


def failed_login_bursts(now: datetime, hours: int = 24, at_least: int = 3, limit: int = 10) -> dict[str, list]:
    """The accounts and the addresses with at least `at_least` failed logins in the last `hours`, most first
    (issue 13, item 5: the office sees someone guessing). Addresses are personal data: only the office sees them."""
    since = now - timedelta(hours=hours)
    failed = (LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)

    def grouped(key, other):
        rows = db.session.execute(
            select(key, func.count(), func.count(other.distinct()), func.min(LoginAttempt.at),
                   func.max(LoginAttempt.at))
            .where(*failed, key.is_not(None)).group_by(key)
            .having(func.count() >= at_least).order_by(func.count().desc(), func.max(LoginAttempt.at).desc())
            .limit(limit))
        return [Burst(*row) for row in rows]

    return {"accounts": grouped(LoginAttempt.username, LoginAttempt.remote_addr),
            "addresses": grouped(LoginAttempt.remote_addr, LoginAttempt.username)}

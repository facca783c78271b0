"""Logging in and out, and password changes: the writes of the auth blueprint."""
import enum
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import select

from reviewapp import audit
from reviewapp.domain.lockout import LockoutPolicy, locked_until
from reviewapp.domain.passwords import hash_password, needs_rehash, verify_password
from reviewapp.extensions import db
from reviewapp.models import LoginAttempt, User
from reviewapp.models.base import utcnow
from reviewapp.models.user import new_session_token


# What a visitor chose before logging in and keeps afterwards; everything else in the session is dropped.
SURVIVES_LOGIN = ("locale",)


class LoginOutcome(enum.Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    INACTIVE = "inactive"


@dataclass
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None


def lockout_policy() -> LockoutPolicy:
    cfg = current_app.config
    return LockoutPolicy(cfg["LOGIN_MAX_FAILURES"], timedelta(minutes=cfg["LOGIN_FAILURE_WINDOW_MINUTES"]),
                         timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"]))


def normalize_username(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalize_username(username)))


def _recent_attempts(username: str, policy: LockoutPolicy, now) -> list[tuple]:
    rows = db.session.execute(
        select(LoginAttempt.at, LoginAttempt.succeeded)
        .where(LoginAttempt.username == username, LoginAttempt.at >= now - policy.lookback)
    )
    return [(row.at, row.succeeded) for row in rows]


def attempt_login(username: str, password: str, remember: bool, remote_addr: str | None) -> LoginResult:
    """Check the password, count the attempt, log the user in. The lockout is counted per user name whether or
    not the account exists, so its messages reveal nothing about which names exist."""
    username = normalize_username(username)
    now, policy = utcnow(), lockout_policy()
    if locked_until(_recent_attempts(username, policy, now), now, policy):
        audit.record("login_locked", details={"username": username, "remote_addr": remote_addr})
        db.session.commit()
        return LoginResult(LoginOutcome.LOCKED)
    user = find_user(username)
    ok = user is not None and verify_password(user.password_hash, password)
    db.session.add(LoginAttempt(username=username, at=now, succeeded=ok, remote_addr=remote_addr))
    if not ok:
        audit.record("login_failed", details={"username": username, "remote_addr": remote_addr})
        db.session.commit()
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    if not user.active:
        audit.record("login_refused_inactive", user, user=user, details={"remote_addr": remote_addr})
        db.session.commit()
        return LoginResult(LoginOutcome.INACTIVE, user)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    audit.record("login", user, user=user, details={"remote_addr": remote_addr, "remember": remember})
    db.session.commit()
    complete_login(user, remember)
    return LoginResult(LoginOutcome.OK, user)


def complete_login(user: User, remember: bool) -> None:
    """The last step of every login, once the user has proved who they are: a fresh session for this user."""
    fresh_session()
    login_user(user, remember=remember)


def fresh_session() -> None:
    """Session fixation: nothing put in the session before a login or after a logout (by this visitor, or planted
    by someone who handed them the cookie) carries over, and the CSRF token bound to it is replaced."""
    kept = {key: session[key] for key in SURVIVES_LOGIN if key in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # Flask-WTF's copy of the old token for this request


def logout(user: User) -> None:
    audit.record("logout", user, user=user)
    db.session.commit()
    fresh_session()  # before logout_user, which marks the remember-me cookie for deletion in the session
    logout_user()


def set_password(user: User, new_password: str) -> None:
    """Store a new password and end the user's other sessions and remember-me cookies."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def change_own_password(user: User, new_password: str) -> None:
    set_password(user, new_password)
    audit.record("password_changed", user, user=user)
    db.session.commit()
    login_user(user)  # the session token changed: keep this session, end the others


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    audit.record("locale_changed", user, user=user, details={"locale": locale})
    db.session.commit()

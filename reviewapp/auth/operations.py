"""Logging in and out, and password changes: the writes of the auth blueprint."""
import enum
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from reviewapp import audit
from reviewapp.auth import queries, sessions
from reviewapp.auth.hashing import password_hashing
from reviewapp.domain.login_throttle import Delay, ThrottlePolicy
from reviewapp.domain.passwords import verify_password
from reviewapp.domain.submissions import client_network
from reviewapp.extensions import db
from reviewapp.models import LoginAttempt, User
from reviewapp.models.base import utcnow

# What a visitor chose before logging in and keeps afterwards; everything else in the session is dropped.
SURVIVES_LOGIN = ("locale",)


class LoginOutcome(enum.Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    THROTTLED = "throttled"
    INACTIVE = "inactive"
    SECOND_FACTOR = "second_factor"  # the password was right; the code of the second factor comes next


@dataclass
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    wait_seconds: int | None = None


def throttle_policy() -> ThrottlePolicy:
    cfg = current_app.config
    return ThrottlePolicy(
        account=Delay(cfg["LOGIN_ACCOUNT_FREE_FAILURES"], timedelta(seconds=cfg["LOGIN_ACCOUNT_MAX_DELAY_SECONDS"])),
        address=Delay(cfg["LOGIN_ADDRESS_FREE_FAILURES"], timedelta(seconds=cfg["LOGIN_ADDRESS_MAX_DELAY_SECONDS"])),
        window=timedelta(minutes=cfg["LOGIN_FAILURE_WINDOW_MINUTES"]),
        known_address_days=cfg["LOGIN_KNOWN_ADDRESS_DAYS"])


def throttle_client(remote_addr: str | None) -> str | None:
    """Whom the per-address throttle counts as one client: an IPv4 address, or an IPv6 client's /64 (where every
    device picks as many addresses as it likes), as the public forms' limit does (domain/submissions.py)."""
    return client_network(remote_addr) if remote_addr else None


def normalize_username(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalize_username(username)))


def attempt_login(username: str, password: str, remember: bool, remote_addr: str | None) -> LoginResult:
    """Check the password, count the attempt, log the user in (or, with a second factor, ask for the code next).

    Issue 13, item 5: the throttle (domain/login_throttle.py) is counted per user name whether or not the account
    exists and per client address, so its answers reveal nothing about which names exist; an unknown name is
    checked against a dummy hash, so the time of the answer does not tell either."""
    username = normalize_username(username)
    now = utcnow()
    client = throttle_client(remote_addr)
    wait = queries.login_wait(username, client, now, throttle_policy())
    if wait:
        # Nothing is written: the failures that caused the wait are in the trail already, and a script hammering
        # the form while it waits must not be able to flood the audit trail (kept for ever) with refusals.
        return LoginResult(LoginOutcome.THROTTLED, wait_seconds=wait.seconds_left(now))
    user = find_user(username)
    ok = verify_password(user.password_hash if user else password_hashing().dummy_hash(), password) and user is not None
    db.session.add(LoginAttempt(username=username, at=now, succeeded=ok, remote_addr=client))
    if not ok:
        audit.record("login_failed", details={"username": username, "remote_addr": remote_addr})
        db.session.commit()
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    if not user.active:
        audit.record("login_refused_inactive", user, user=user, details={"remote_addr": remote_addr})
        db.session.commit()
        return LoginResult(LoginOutcome.INACTIVE, user)
    if password_hashing().needs_rehash(user.password_hash):
        user.password_hash = password_hashing().hash(password)
    # the table would otherwise grow for ever; a success is the quiet moment to trim it
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - throttle_policy().history))
    if user.totp_enabled_at is not None:
        db.session.commit()
        return LoginResult(LoginOutcome.SECOND_FACTOR, user)
    user.last_login_at = now
    audit.record("login", user, user=user, details={"remote_addr": remote_addr, "remember": remember})
    db.session.commit()
    complete_login(user, remember)
    return LoginResult(LoginOutcome.OK, user)


def complete_login(user: User, remember: bool) -> None:
    """The last step of every login, once the user has proved who they are: a fresh cookie session and a new
    server-side session (issue 13, item 2), whose token both cookies carry."""
    fresh_session()
    sessions.start(user, remember)
    login_user(user, remember=remember, duration=timedelta(days=current_app.config["REMEMBER_DAYS"]))


def fresh_session() -> None:
    """Session fixation: nothing put in the session before a login or after a logout (by this visitor, or planted
    by someone who handed them the cookie) carries over, and the CSRF token bound to it is replaced."""
    kept = {key: session[key] for key in SURVIVES_LOGIN if key in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # Flask-WTF's copy of the old token for this request


def logout(user: User) -> None:
    """Ends this session on the server: its session cookie and remember-me cookie open nothing any more, even if
    the browser kept copies (issue 13, item 2)."""
    sessions.end(user.current_session)
    audit.record("logout", user, user=user)
    db.session.commit()
    fresh_session()  # before logout_user, which marks the remember-me cookie for deletion in the session
    logout_user()


def set_password(user: User, new_password: str, keep=None) -> int:
    """Store a new password and end the user's sessions and remember-me cookies, all but `keep` (the session in
    use, when it is the user's own); returns how many ended. The caller audits and commits."""
    user.password_hash = password_hashing().hash(new_password)
    return sessions.end_all(user, keep=keep)


def change_own_password(user: User, new_password: str) -> None:
    ended = set_password(user, new_password, keep=user.current_session)
    audit.record("password_changed", user, user=user, details={"sessions_ended": ended})
    db.session.commit()


def log_out_everywhere(user: User) -> None:
    """The password page's "log out everywhere": every session of the user ends, this one included (someone who
    fears another device is logged in may be at a borrowed one too)."""
    ended = sessions.end_all(user)
    audit.record("logout_everywhere", user, user=user, details={"sessions_ended": ended})
    db.session.commit()
    fresh_session()
    logout_user()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    audit.record("locale_changed", user, user=user, details={"locale": locale})
    db.session.commit()

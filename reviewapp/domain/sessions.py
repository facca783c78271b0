"""How long a login lasts (issue 13, item 2): an idle limit that depends on the user's roles, an absolute lifetime,
and a longer but still bounded lifetime for "remember me". Plain values in, plain values out: the request side
(reviewapp/auth/sessions.py) reads the settings and the stored session, and acts on the verdict."""
import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

# last_seen_at is written at most this often: a request a few seconds after the last one costs no write, and the
# idle limit is measured from the last write (so it may end up to this much sooner than to the second).
TOUCH_INTERVAL = timedelta(minutes=1)


class Ending(str, enum.Enum):
    IDLE = "idle"  # no request for longer than the idle limit
    LIFETIME = "lifetime"  # the absolute lifetime (or the remember-me lifetime) has run out


@dataclass(frozen=True)
class SessionPolicy:
    idle_office: timedelta
    idle_others: timedelta
    lifetime: timedelta
    remember_lifetime: timedelta

    def idle_limit(self, is_office: bool, remember: bool) -> timedelta | None:
        """The office's accounts can change every decision of a cycle and often sit on shared office computers:
        the shorter limit applies to anyone holding the office role, remembered or not (a tick in "remember me"
        must not lift it). Anyone else's remembered login is meant to outlive closing the browser, so it has no
        idle limit, only its own bounded lifetime."""
        if is_office:
            return self.idle_office
        return None if remember else self.idle_others

    def expires_at(self, started: datetime, remember: bool) -> datetime:
        return started + (self.remember_lifetime if remember else self.lifetime)


@dataclass(frozen=True)
class SessionState:
    ended: Ending | None
    ends_at: datetime  # when the session ends if nothing else happens
    can_extend: bool  # whether activity moves ends_at (False once the idle limit reaches past the lifetime)
    touch: bool  # last_seen_at is old enough to be written again


def session_state(last_seen_at: datetime, expires_at: datetime, idle: timedelta | None, now: datetime) -> SessionState:
    if now >= expires_at:
        return SessionState(Ending.LIFETIME, expires_at, False, False)
    if idle is not None and now - last_seen_at >= idle:
        return SessionState(Ending.IDLE, last_seen_at + idle, False, False)
    idle_end = None if idle is None else last_seen_at + idle
    ends_at = expires_at if idle_end is None or idle_end >= expires_at else idle_end
    can_extend = idle is not None and now + idle < expires_at
    return SessionState(None, ends_at, can_extend, now - last_seen_at >= TOUCH_INTERVAL)


def new_token() -> str:
    """The secret the browser holds (in the signed session cookie and the remember-me cookie)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database holds instead of the token: a backup or a reader of the table cannot open a session.
    A plain SHA-256 suffices: the token is 256 random bits, there is nothing to guess."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()

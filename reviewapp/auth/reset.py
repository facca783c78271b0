"""A forgotten password (issue 16): a link mailed to the user, valid for PASSWORD_RESET_MINUTES and once.

The link carries a signed token (itsdangerous, keyed by SECRET_KEY with its own salt) naming the user and a digest
of the password hash it replaces: setting any new password, by this link or otherwise, makes it useless. The
request never says whether a user name exists or has an address (the page answers the same either way); each
account gets at most one mail per RESEND_MINUTES and each client network RATE_LIMIT requests an hour. Users whose
person has no e-mail address (the office's accounts) are reset by another office member, as before."""
import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete

from reviewapp import audit
from reviewapp.auth.operations import find_user, set_password
from reviewapp.domain.submissions import address_key, over_rate_limit
from reviewapp.extensions import db
from reviewapp.models import RateLimitHit, User
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import mail_only
from reviewapp.notifications.rendering import app_path
from reviewapp.submissions.queries import recent_hits

SALT = "reviewapp password reset"
# issue 17: the invitation to set a first password is the same kind of link, with its own salt (a reset link does
# not open the invitation page, nor the reverse) and its own validity, INVITATION_DAYS
INVITATION_SALT = "reviewapp invitation"
RESEND_MINUTES = 15  # one mail per account in this time, however often it is asked for
RATE_LIMIT = 10  # requests per client network and hour
RATE_WINDOW_SECONDS = 3600
MAX_TOKEN_LENGTH = 400  # a longer URL part is no token of ours (checked before any work)
KEY_KIND = "password-reset"


def _serializer(invitation: bool = False) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT if invitation else SALT)


def _max_age(invitation: bool) -> int:
    config = current_app.config
    return config["INVITATION_DAYS"] * 86400 if invitation else config["PASSWORD_RESET_MINUTES"] * 60


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def token_for(user: User, invitation: bool = False) -> str:
    return _serializer(invitation).dumps({"user": user.id, "password": _fingerprint(user)})


def user_of(token: str, invitation: bool = False) -> User | None:
    """The active user a token was made for, if it is ours, not expired and its password is still the one it
    names; else None (a used, expired, altered or foreign token alike)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = _serializer(invitation).loads(token, max_age=_max_age(invitation))
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) or not 0 < data["user"] < 2**31:
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("password") != _fingerprint(user):
        return None
    return user


def rate_limited(remote_addr: str | None) -> bool:
    return over_rate_limit(recent_hits(_client_key(remote_addr), RATE_WINDOW_SECONDS), RATE_LIMIT)


def _client_key(remote_addr: str | None) -> str:
    return address_key(current_app.config["SECRET_KEY"], remote_addr, kind=KEY_KIND)


def request_reset(username: str, remote_addr: str | None) -> None:
    """Count the request and, for an active user with an e-mail address not mailed in the last RESEND_MINUTES,
    queue the mail with the link (the sender delivers it). The outcome is not told: the page says the same."""
    now = utcnow()
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key.startswith(f"{KEY_KIND}:"),
                                                  RateLimitHit.at < now - timedelta(seconds=RATE_WINDOW_SECONDS)))
    db.session.add(RateLimitHit(key=_client_key(remote_addr)))
    user = find_user(username)
    if user is not None and user.active:
        bucket = int(now.timestamp() // (RESEND_MINUTES * 60))
        if mail_only(user, "password_reset", app_path("auth.reset_password", token=token_for(user)),
                     dedupe_key=f"password_reset:{user.id}:{bucket}", username=user.username):
            audit.record("password_reset_requested", user, details={"username": user.username})
    db.session.commit()


def reset(user: User, new_password: str, invitation: bool = False) -> None:
    """The new password; every session of the user ends (whoever had the old password is logged out)."""
    ended = set_password(user, new_password)
    audit.record("invitation_accepted" if invitation else "password_reset_by_mail", user, user=user,
                 details={"sessions_ended": ended})
    db.session.commit()


def invite(user: User, acting, kind: str = "invitation", **params) -> bool:
    """Issue 17: queue the invitation mail with the link to set the first password, in the caller's transaction;
    False when the user has no e-mail address. Sent again, the earlier links still work until one is used. Issue 18:
    an organization's account is invited with its own mail (`kind`)."""
    if not mail_only(user, kind, app_path("auth.accept_invitation", token=token_for(user, invitation=True)),
                     username=user.username, **params):
        return False
    audit.record("invitation_sent", user, user=acting, details={"username": user.username})
    return True

"""The second factor (issue 13, item 5): enrolment, the code asked after a right password, recovery codes, and the
office resetting a colleague who lost their device. The rules of the codes are in reviewapp/domain/totp.py.

The TOTP secret is stored encrypted (Fernet) with TOTP_KEY, or, without it, with a key derived from SECRET_KEY:
a copy of the database (a backup, a dump) alone does not give anyone the codes."""
import base64
import enum
from dataclasses import dataclass
from datetime import timedelta

import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app, session
from sqlalchemy import delete, or_, select, update

from reviewapp import audit
from reviewapp.auth import queries
from reviewapp.auth.operations import complete_login, throttle_client, throttle_policy
from reviewapp.domain import totp
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.keys import derived_key
from reviewapp.models import LoginAttempt, RecoveryCode, Role, User
from reviewapp.models.base import utcnow
from reviewapp.permissions import may_reset_second_factor

PENDING = "pending_login"
# Wrong codes one password may be followed by; then the password is asked again.
MAX_CODES_PER_PASSWORD = 5


# --- the secret at rest ------------------------------------------------------------------------------------------

def _derived_key() -> bytes:
    return base64.urlsafe_b64encode(derived_key("reviewapp totp secrets"))


def _fernet() -> MultiFernet:
    """TOTP_KEY encrypts; it and the key derived from SECRET_KEY both decrypt, so that setting TOTP_KEY later
    keeps the secrets enrolled before."""
    keys = []
    if current_app.config.get("TOTP_KEY"):
        try:
            keys.append(Fernet(current_app.config["TOTP_KEY"]))
        except ValueError as error:
            raise RuntimeError("TOTP_KEY must be a Fernet key: python3 -c 'from cryptography.fernet import Fernet; "
                               "print(Fernet.generate_key().decode())'") from error
    keys.append(Fernet(_derived_key()))
    return MultiFernet(keys)


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str | None:
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:  # the keys changed: the user must be reset by the office
        return None


def has_second_factor(user: User) -> bool:
    return user.totp_enabled_at is not None


def must_enrol(user) -> bool:
    """An office account without a second factor, where the configuration requires one (production)."""
    return (current_app.config["REQUIRE_OFFICE_TOTP"] and user.is_authenticated and user.has_role(Role.OFFICE)
            and not has_second_factor(user))


# --- enrolment ---------------------------------------------------------------------------------------------------

def start_enrolment(user: User) -> None:
    """A new secret, not yet enabled: the page shows it until a code from it confirms the enrolment."""
    user.totp_secret = encrypt_secret(totp.new_secret())
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.commit()


def pending_secret(user: User) -> str | None:
    if user.totp_secret is None or has_second_factor(user):
        return None
    return decrypt_secret(user.totp_secret)


def qr_code_data_uri(secret: str, username: str) -> str:
    """The QR code as an SVG data: URI, made here (segno), with no service on the internet seeing the secret."""
    return segno.make(totp.provisioning_uri(secret, username), error="m").svg_data_uri(scale=5, border=2)


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=totp.recovery_code_hash(code)) for code in codes)
    return codes


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Enable the second factor once a code from the new secret is right; the recovery codes, shown once, or None
    when the code is wrong."""
    secret = pending_secret(user)
    check = totp.check_code(secret, code, utcnow(), None) if secret else totp.CodeCheck(None, "wrong")
    if not check.ok:
        return None
    user.totp_enabled_at = utcnow()
    user.totp_last_step = check.step
    codes = _replace_recovery_codes(user)
    audit.record("second_factor_enabled", user, user=user)
    db.session.commit()
    return codes


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def disable_own(user: User, code: str) -> bool:
    """Turn one's own second factor off, proved with a current code or a recovery code."""
    if must_keep(user) or verify(user, code) is None:
        db.session.rollback()
        return False
    _clear(user)
    audit.record("second_factor_disabled", user, user=user)
    db.session.commit()
    return True


def must_keep(user: User) -> bool:
    return bool(current_app.config["REQUIRE_OFFICE_TOTP"] and user.has_role(Role.OFFICE))


def renew_recovery_codes(user: User, code: str) -> list[str] | None:
    if verify(user, code) is None:
        db.session.rollback()
        return None
    codes = _replace_recovery_codes(user)
    audit.record("recovery_codes_renewed", user, user=user)
    db.session.commit()
    return codes


def reset_by_office(user: User, acting: User) -> None:
    """An office member who lost their device is reset by another office member (never by themselves: a stolen
    office password alone must not remove the second factor). They enrol again at their next login."""
    if not may_reset_second_factor(acting, user):
        raise Refused(N_("You cannot reset your own second factor. Please ask another member of the office."))
    _clear(user)
    audit.record("second_factor_reset", user, user=acting, details={"username": user.username})
    db.session.commit()


def unused_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user.id,
                                                                RecoveryCode.used_at.is_(None))).all())


# --- the code at login -------------------------------------------------------------------------------------------

def verify(user: User, code: str) -> str | None:
    """Check a code from the authenticator or a recovery code and use it up; "totp" or "recovery_code" (not yet
    committed), or None."""
    if totp.looks_like_recovery_code(code):
        recovery = db.session.scalar(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == totp.recovery_code_hash(code),
            RecoveryCode.used_at.is_(None)).with_for_update())
        if recovery is None:
            return None
        recovery.used_at = utcnow()
        return "recovery_code"
    secret = decrypt_secret(user.totp_secret) if user.totp_secret else None
    if secret is None:
        return None
    check = totp.check_code(secret, code, utcnow(), user.totp_last_step)
    if not check.ok:
        return None
    # a conditional update: of two requests with the same code at the same moment, only one gets through
    taken = db.session.execute(update(User).where(
        User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < check.step))
        .values(totp_last_step=check.step).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return None
    user.totp_last_step = check.step
    return "totp"


def begin(user: User, remember: bool, next_url: str) -> None:
    """After a right password: nobody is logged in yet; the signed session remembers who may give a code, until
    when."""
    until = utcnow() + timedelta(minutes=current_app.config["LOGIN_SECOND_FACTOR_MINUTES"])
    session[PENDING] = {"user_id": user.id, "remember": bool(remember), "next": next_url or "",
                        "until": until.timestamp(), "failures": 0}


def pending() -> tuple[User, dict] | None:
    """The user waiting to give a code, with their pending state, or None (none, expired, or no longer able)."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or not isinstance(state.get("user_id"), int) \
            or state.get("until", 0) < utcnow().timestamp():
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, state["user_id"])
    if user is None or not user.active or not has_second_factor(user):
        session.pop(PENDING, None)
        return None
    return user, state


class CodeOutcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"
    RESTART = "restart"  # too many wrong codes: enter the password again


@dataclass
class CodeResult:
    outcome: CodeOutcome
    wait_seconds: int | None = None


def attempt_code(user: User, state: dict, code: str, remote_addr: str | None) -> CodeResult:
    """The second step of a login, throttled like the password (per account, with the second step's own count,
    and per address)."""
    now = utcnow()
    client = throttle_client(remote_addr)
    wait = queries.login_wait(user.username, client, now, throttle_policy(), stage="second_factor")
    if wait:
        return CodeResult(CodeOutcome.THROTTLED, wait.seconds_left(now))
    kind = verify(user, code)
    db.session.add(LoginAttempt(username=user.username, at=now, succeeded=kind is not None, remote_addr=client,
                                stage="second_factor"))
    if kind is None:
        audit.record("login_second_factor_failed", user, user=user, details={"remote_addr": remote_addr})
        db.session.commit()
        state["failures"] = state.get("failures", 0) + 1
        session[PENDING] = state
        if state["failures"] >= MAX_CODES_PER_PASSWORD:
            session.pop(PENDING, None)
            return CodeResult(CodeOutcome.RESTART)
        return CodeResult(CodeOutcome.WRONG)
    user.last_login_at = now
    audit.record("login", user, user=user, details={"remote_addr": remote_addr, "remember": state["remember"],
                                                    "second_factor": kind})
    db.session.commit()
    complete_login(user, state["remember"])  # a fresh session: the pending state goes with the old one
    return CodeResult(CodeOutcome.OK)

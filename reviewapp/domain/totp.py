"""The second factor (issue 13, item 5): time-based one-time codes (RFC 6238, as every authenticator app makes
them) and single-use recovery codes."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp

ISSUER = "Benxi Quality Award"
STEP_SECONDS = 30
# A code of the step before or after is accepted too: a phone's clock a little off, or a code typed as it changed.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """What the QR code holds: an otpauth:// URI that authenticator apps read."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def code_at(secret: str, now: datetime) -> str:
    return pyotp.TOTP(secret).at(now)


@dataclass(frozen=True)
class CodeCheck:
    """`step` is the time step of the accepted code (store it: codes of that step or earlier are refused from then
    on), or None; `reason` says why a code was refused: "format", "wrong" or "replayed"."""

    step: int | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.step is not None


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-").lower()


def check_code(secret: str, code: str, now: datetime, last_step: int | None) -> CodeCheck:
    """A six-digit code from the authenticator, within one step of now and later than the last accepted step: a
    code seen by someone looking over a shoulder cannot be used again within its window."""
    code = normalize_code(code)
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return CodeCheck(None, "format")
    totp = pyotp.TOTP(secret)
    current = time_step(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return CodeCheck(None, "replayed")
            return CodeCheck(step)
    return CodeCheck(None, "wrong")


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Ten codes of ten letters and digits (50 bits each), written xxxxx-xxxxx."""
    def one() -> str:
        text = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        return f"{text[:5]}-{text[5:]}"
    return [one() for _ in range(count)]


def recovery_code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    text = normalize_code(code)
    return len(text) == 10 and all(ch in _RECOVERY_ALPHABET for ch in text)

"""A small arithmetic challenge for the public forms (objections, Art. 22; reports of misconduct, Art. 34), made
without any third-party service: the page shows "7 + 5", the form carries a signed token, the filer types 12.

The token never contains the answer, not even encoded: it holds a random nonce, the time it was issued and a
keyed hash of (nonce, answer). Checking recomputes the hash from the typed answer. The nonce lets the caller refuse
a token used twice (one solved challenge, one submission); after `max_age` seconds a token expires.
"""
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer

from reviewapp.domain.i18n import N_

MAX_AGE_SECONDS = 30 * 60
SALT = "public-submission-challenge"
OPERATORS = ("+", "−")  # "−" is the minus sign, as printed

MSG_WRONG = N_("The answer to the check question is wrong; please try the new question.")
MSG_EXPIRED = N_("The check question expired after %(minutes)s minutes; please answer the new question.")
MSG_INVALID = N_("The check question could not be verified; please answer the new question.")


@dataclass(frozen=True)
class Challenge:
    left: int
    operator: str
    right: int
    token: str

    @property
    def question(self) -> str:
        return f"{self.left} {self.operator} {self.right}"


@dataclass(frozen=True)
class ChallengeCheck:
    ok: bool
    nonce: str | None = None  # set when the token is genuine (even if the answer is wrong)
    message: str | None = None
    params: dict = field(default_factory=dict)


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def _answer_hash(secret: str, nonce: str, answer: int) -> str:
    return hmac.new(secret.encode(), f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def answer_of(left: int, operator: str, right: int) -> int:
    return left + right if operator == "+" else left - right


def make_challenge(secret: str, now: float | None = None, rng: secrets.SystemRandom | None = None) -> Challenge:
    """A sum or a difference of two numbers below 20, never negative."""
    rng = rng or secrets.SystemRandom()
    left, right, operator = rng.randint(2, 19), rng.randint(1, 9), rng.choice(OPERATORS)
    if operator == "−" and right > left:
        left, right = right, left
    nonce = secrets.token_hex(8)
    issued = int(time.time() if now is None else now)
    token = _serializer(secret).dumps({"n": nonce, "t": issued,
                                       "h": _answer_hash(secret, nonce, answer_of(left, operator, right))})
    return Challenge(left, operator, right, token)


def check_challenge(secret: str, token: str, answer: int | None, now: float | None = None,
                    max_age: int = MAX_AGE_SECONDS) -> ChallengeCheck:
    try:
        payload = _serializer(secret).loads(token or "")
        nonce, issued, expected = str(payload["n"]), int(payload["t"]), str(payload["h"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return ChallengeCheck(False, None, MSG_INVALID)
    now = time.time() if now is None else now
    if now - issued > max_age or issued > now + 60:
        return ChallengeCheck(False, nonce, MSG_EXPIRED, {"minutes": max_age // 60})
    if answer is None or not hmac.compare_digest(expected, _answer_hash(secret, nonce, answer)):
        return ChallengeCheck(False, nonce, MSG_WRONG)
    return ChallengeCheck(True, nonce)

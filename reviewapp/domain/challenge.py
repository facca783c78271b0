"""The proof of work that guards the public forms (objections, Art. 22; reports of misconduct, Art. 34), made
without any third-party service: ALTCHA's signed challenge (protocol v2, the `altcha` library; the browser solves
it with the vendored widget, static/vendor/altcha).

The page carries a challenge signed with the app's key: a random nonce and salt, and the prefix of a key derived
(PBKDF2) from the nonce and a counter the server drew below `max_number`. The browser tries counters from 0 until
the derived key has that prefix — on average `max_number` * 3/4 derivations of `cost` iterations each (config.py:
about a second in a desktop browser, a few on a phone), and the same work again for every filing a script wants to
make. The server checks the answer
without redoing the work: the challenge also carries a keyed signature of the right derived key.

Each challenge answers once: its nonce is what the caller records as used (a filing, or a failed answer), and it
expires after `MAX_AGE_SECONDS`, so solved challenges cannot be stockpiled for later (the widget fetches a fresh one
when the form is sent, so a form that stayed open for long is not affected).
"""
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field

import altcha

from reviewapp.domain.i18n import N_

ALGORITHM = "PBKDF2/SHA-256"  # the widget's built-in worker for it uses the browser's own PBKDF2 (Web Crypto)
MAX_AGE_SECONDS = 30 * 60  # from the fetch to the filing: the widget fetches one when the form is sent
MAX_NONCE = 64  # the nonce is 32 hex digits; anything longer is not ours
MAX_PAYLOAD = 4_000  # the widget's answer is about 900 characters; a longer one is not read at all

MSG_MISSING = N_("Please complete the check before sending: tick the box “I am not a robot” and wait until it is "
                 "verified (it runs in your browser and needs JavaScript).")
MSG_EXPIRED = N_("The check expired after %(minutes)s minutes; please send the form again.")
MSG_INVALID = N_("The check could not be verified; please send the form again.")
MSG_WRONG = N_("The check was not solved; please send the form again.")


@dataclass(frozen=True)
class Challenge:
    nonce: str
    data: dict  # what the widget gets, as JSON in its `challenge` attribute

    @property
    def json(self) -> str:
        return json.dumps(self.data, separators=(",", ":"))


@dataclass(frozen=True)
class ChallengeCheck:
    ok: bool
    nonce: str | None = None  # set when the challenge is genuine (ours, signed), even if the answer is wrong
    message: str | None = None
    params: dict = field(default_factory=dict)


def key_secret(hmac_key: str) -> str:
    """The second key, for the derived key's signature (the fast check), from the first with its own label."""
    return hmac.new(hmac_key.encode(), b"reviewapp altcha derived-key signature", hashlib.sha256).hexdigest()


def make_challenge(hmac_key: str, max_number: int, cost: int, now: float | None = None) -> Challenge:
    """A challenge whose counter is drawn from the upper half below `max_number`: never trivially small."""
    low = max(1, max_number // 2)
    counter = low + secrets.randbelow(max(1, max_number - low))
    issued = time.time() if now is None else now
    made = altcha.create_challenge(ALGORITHM, cost, counter=counter, expires_at=int(issued + MAX_AGE_SECONDS),
                                   hmac_secret=hmac_key, hmac_key_secret=key_secret(hmac_key))
    return Challenge(nonce=made.parameters.nonce, data=made.to_dict())


def check_solution(hmac_key: str, payload: str | None) -> ChallengeCheck:
    """The widget's answer (base64 JSON of the challenge and the counter found): genuine, in time, and right."""
    if not (payload or "").strip():
        return ChallengeCheck(False, None, MSG_MISSING)
    if len(payload) > MAX_PAYLOAD:
        return ChallengeCheck(False, None, MSG_INVALID)
    try:
        result = altcha.verify_solution(payload.strip(), hmac_key, hmac_key_secret=key_secret(hmac_key))
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):  # well-formed JSON of other shapes
        return ChallengeCheck(False, None, MSG_INVALID)
    nonce = _genuine_nonce(payload) if result.invalid_signature is False else None
    if result.verified and nonce:
        return ChallengeCheck(True, nonce)
    if result.expired:
        return ChallengeCheck(False, None, MSG_EXPIRED, {"minutes": MAX_AGE_SECONDS // 60})
    if nonce:
        return ChallengeCheck(False, nonce, MSG_WRONG)
    return ChallengeCheck(False, None, MSG_INVALID)


def _genuine_nonce(payload: str) -> str | None:
    """The nonce of a payload whose signature held (so the nonce is the one we issued)."""
    try:
        nonce = altcha.Payload.from_base64(payload.strip()).challenge.parameters.nonce
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return None
    return nonce if isinstance(nonce, str) and 0 < len(nonce) <= MAX_NONCE else None

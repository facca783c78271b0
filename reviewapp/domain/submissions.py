"""Objections (异议, Art. 22) and reports of misconduct (举报, Art. 34) from the public: when an objection may be
filed, the receipt the filer keeps, how the office moves a submission to its decision, and the limits that keep
the public forms usable without any third-party service.

Statuses are the stored values of SubmissionStatus ("received", ...): the domain does not import the models.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.i18n import N_

RECEIVED, ACKNOWLEDGED, INVESTIGATING, UPHELD, REJECTED = (
    "received", "acknowledged", "investigating", "upheld", "rejected")
OPEN_STATUSES = (RECEIVED, ACKNOWLEDGED, INVESTIGATING)  # in the order the office works through them
DECISIONS = (UPHELD, REJECTED)

# Limits of the public forms. Text limits fit the columns (names, contacts) or keep a page readable (facts).
MAX_NAME = 100
MAX_CONTACT = 200
MAX_SUBJECT_NAME = 200
MAX_TEXT = 10_000
MAX_DECISION = 10_000
MAX_EVIDENCE_FILES = 5
# Per client address: at most this many submissions within the window (refused with 429 beyond).
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

RECEIPT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32: no 0/O, 1/I/L confusion
RECEIPT_RANDOM_CHARS = 10  # 50 bits: not guessable, short enough to copy by hand


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str | None = None
    params: dict = field(default_factory=dict)


OK = Check(True)


def new_receipt(today: date, rng: secrets.SystemRandom | None = None) -> str:
    """"26-K7Q2M4XW9A": the year filed, then random characters from a cryptographic source."""
    rng = rng or secrets.SystemRandom()
    return f"{today.year % 100:02d}-" + "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_RANDOM_CHARS))


def normalize_receipt(text: str | None) -> str:
    """What people type back: any case, spaces, a missing or different dash."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{cleaned[:2]}-{cleaned[2:]}" if len(cleaned) > 2 else cleaned


def objection_window(start: date, end: date, withdrawn: bool, today: date) -> Check:
    """Art. 22: objections concern the proposed-winner notice (Art. 21) and are filed while it runs, from its
    first to its last day inclusive."""
    params = {"start": start.isoformat(), "end": end.isoformat()}
    if withdrawn:
        return Check(False, N_("This notice was withdrawn; objections to it are no longer accepted (Art. 22)."),
                     params)
    if today < start:
        return Check(False, N_("Objections to this notice can be filed while it runs, from %(start)s to %(end)s; "
                               "it has not started yet (Art. 22)."), params)
    if today > end:
        return Check(False, N_("Objections to this notice could be filed while it ran, from %(start)s to %(end)s; "
                               "the notice period is over (Art. 22)."), params)
    return OK


def next_statuses(current: str) -> list[str]:
    """Forward only: acknowledged, under investigation, then a decision. A rejection may come at any step (an
    objection outside the notice's scope needs no investigation); upholding needs an investigation first. A
    decision is final: a new fact is a new submission."""
    if current not in OPEN_STATUSES:
        return []
    later = list(OPEN_STATUSES[OPEN_STATUSES.index(current) + 1:])
    return later + ([UPHELD] if current == INVESTIGATING else []) + [REJECTED]


def status_change_problems(current: str, target: str, decision: str | None) -> list[tuple[str, dict]]:
    if current in DECISIONS:
        return [(N_("This submission has been decided; a decision is final."), {})]
    if target not in next_statuses(current):
        if target == UPHELD:
            return [(N_("A submission is upheld only after an investigation."), {})]
        return [(N_("This status change is not possible from the current status."), {})]
    if target in DECISIONS and not (decision or "").strip():
        return [(N_("Upholding or rejecting needs the written decision."), {})]
    return []


def address_key(secret: str, address: str | None) -> str:
    """The rate limit's key for a client address: a keyed hash, so the stored key reveals no address and nobody
    without the app's secret can link keys to addresses."""
    digest = hmac.new(secret.encode(), (address or "unknown").encode(), hashlib.sha256).hexdigest()
    return "submission:" + digest[:40]


def challenge_key(nonce: str) -> str:
    return "challenge:" + nonce


def over_rate_limit(recent_hits: int, limit: int = RATE_LIMIT) -> bool:
    return recent_hits >= limit


def public_decision(decision: str | None, hidden_names: list[str], replacement: str) -> str | None:
    """The decision as the filer reads it with the receipt: the names of reviewers (the linked expert, the name
    the filer typed) are replaced, so a report about a reviewer never names them in public (Art. 33)."""
    if decision is None:
        return None
    for name in sorted({n.strip() for n in hidden_names if n and n.strip()}, key=len, reverse=True):
        decision = decision.replace(name, replacement)
    return decision

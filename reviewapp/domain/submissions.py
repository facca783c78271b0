"""Objections (异议, Art. 22) and reports of misconduct (举报, Art. 34) from the public: when an objection may be
filed, the receipt the filer keeps, how the office moves a submission to its decision, and the limits that keep
the public forms usable without any third-party service.

Statuses are the stored values of SubmissionStatus ("received", ...): the domain does not import the models.
"""
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

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
# Per client (an IPv4 address, an IPv6 /64): at most this many submissions, and this many failed checks (the
# proof of work), within the window (refused with 429 beyond).
RATE_LIMIT = 5
FAILED_CHECK_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60
IPV6_CLIENT_PREFIX = 64
# Evidence the public may store in one day in Benxi, all filers together (files are up to 50 MB each).
EVIDENCE_DAILY_QUOTA_MB = 500
MB = 1024 * 1024

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


# issue 16: an e-mail address in the filer's contact (free text: a phone, an address, or both) gets the receipt and
# each change of status by mail; a plain pattern, not a validator (a wrong address only means no mail arrives)
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def contact_email(contact: str | None) -> str | None:
    """The first e-mail address in the filer's contact, or None."""
    found = EMAIL_PATTERN.search(contact or "")
    return found.group(0) if found else None


# ... and a mainland mobile number gets them by text message (a landline cannot receive one): 11 digits from 13-19,
# written as one run or in groups of 3-4-4 with spaces or dashes, with or without +86 in front
MOBILE_PATTERN = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")


def contact_mobile(contact: str | None) -> str | None:
    """The first mainland mobile number in the filer's contact, as 11 digits, or None."""
    found = MOBILE_PATTERN.search(contact or "")
    return "".join(found.groups()) if found else None


def client_network(address: str | None) -> str:
    """Who a rate limit counts as one client. An IPv4 address is one client (a household or an office behind one
    NAT address); an IPv6 client is its /64: one household's or one phone's network, where every device picks as
    many addresses as it likes. An IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown").strip()[:100] or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)


def address_key(secret: str, address: str | None, kind: str = "submission") -> str:
    """The rate limit's key for a client (client_network): a keyed hash, so the stored key reveals no address and
    nobody without the app's secret can link keys to addresses. `kind` keeps separate counts (filings, failed
    checks) for the same client."""
    digest = hmac.new(secret.encode(), client_network(address).encode(), hashlib.sha256).hexdigest()
    return f"{kind}:" + digest[:40]


def failed_check_key(secret: str, address: str | None) -> str:
    return address_key(secret, address, kind="failed-check")


def over_rate_limit(recent_hits: int, limit: int = RATE_LIMIT) -> bool:
    return recent_hits >= limit


def city_day_bounds(now: datetime, city: tzinfo) -> tuple[datetime, datetime]:
    """The day in the city (Benxi) that `now` falls on, as [start, end) in UTC: the evidence quota is per Benxi
    day, while upload times are stored in UTC (Benxi midnight is 16:00 UTC)."""
    day = now.astimezone(city).date()
    start = datetime.combine(day, time.min, tzinfo=city)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


@dataclass(frozen=True)
class EvidenceUsage:
    """The public's evidence stored today against the daily quota, for the office's pages."""
    used_bytes: int
    quota_bytes: int

    @property
    def used_mb(self) -> str:
        return f"{self.used_bytes / MB:.1f}"

    @property
    def quota_mb(self) -> str:
        return f"{self.quota_bytes / MB:.0f}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used_bytes / self.quota_bytes)) if self.quota_bytes > 0 else 100


def evidence_quota(used_bytes: int, new_bytes: int, quota_bytes: int) -> Check:
    """Art. 22, 34 allow evidence with every filing, and each file may be 50 MB: all the public's evidence of one
    day together is bounded, so the disk cannot be filled by anonymous uploads. A filing whose files would pass
    the day's total is refused whole; a filing without files is never refused for it."""
    if new_bytes <= 0 or used_bytes + new_bytes <= quota_bytes:
        return OK
    left = max(0, quota_bytes - used_bytes)
    return Check(False, N_("Today's limit for evidence files from the public (%(quota_mb)s MB in all) would be "
                           "exceeded: %(left_mb)s MB are left today, and your files have %(new_mb)s MB. Nothing was "
                           "filed. Please send the form without the files and describe the evidence in the facts, or "
                           "send the files tomorrow."),
                 {"quota_mb": f"{quota_bytes / MB:.0f}", "left_mb": f"{left / MB:.1f}",
                  "new_mb": f"{new_bytes / MB:.1f}"})


def public_decision(decision: str | None, hidden_names: list[str], replacement: str) -> str | None:
    """The decision as the filer reads it with the receipt: the names of reviewers (the linked expert, the name
    the filer typed) are replaced, so a report about a reviewer never names them in public (Art. 33)."""
    if decision is None:
        return None
    for name in sorted({n.strip() for n in hidden_names if n and n.strip()}, key=len, reverse=True):
        decision = decision.replace(name, replacement)
    return decision

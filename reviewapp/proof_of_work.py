"""The proof of work of the public forms (the rules: reviewapp/domain/challenge.py; the widget:
templates/_macros/challenge.html; the form's field: forms.ChallengeForm): objections and reports (Art. 22, 34) and an
organization's registration (issue 18). Each solved challenge is used once; a failed check counts against the
client's network address, FAILED_CHECK_LIMIT an hour, whichever form it was sent with."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from reviewapp.domain import challenge as challenge_rules
from reviewapp.domain import submissions as rules
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.keys import derived_key
from reviewapp.models import RateLimitHit, UsedChallenge
from reviewapp.models.base import utcnow
from reviewapp.submissions.queries import recent_hits

MSG_TOO_MANY_FAILED = N_("Too many failed checks from your network address: at most %(n)s per hour. Please try "
                         "again later.")
MSG_CHALLENGE_USED = N_("This check was already used; please send the form again.")


class ChallengeUsed(Refused):
    """A solved challenge sent again: refused, and counted as a failed check."""


def hmac_key() -> str:
    """ALTCHA_HMAC_KEY, or a key derived from SECRET_KEY with its own label (never SECRET_KEY itself)."""
    configured = current_app.config.get("ALTCHA_HMAC_KEY")
    if configured:
        return configured
    return derived_key("reviewapp public-form challenge").hex()


def new_challenge() -> challenge_rules.Challenge:
    return challenge_rules.make_challenge(hmac_key(), current_app.config["ALTCHA_MAX_NUMBER"],
                                          current_app.config["ALTCHA_COST"])


def check_challenge(payload: str | None) -> challenge_rules.ChallengeCheck:
    return challenge_rules.check_solution(hmac_key(), payload)


def failed_check_key(address: str | None) -> str:
    return rules.failed_check_key(current_app.config["SECRET_KEY"], address)


def failed_check_limit() -> int:
    return current_app.config.get("SUBMISSION_FAILED_CHECK_LIMIT", rules.FAILED_CHECK_LIMIT)


def too_many_failed_checks(key: str) -> bool:
    return rules.over_rate_limit(recent_hits(key, rules.RATE_WINDOW_SECONDS), failed_check_limit())


def challenge_used(nonce: str) -> bool:
    return db.session.scalar(select(UsedChallenge.id).where(UsedChallenge.nonce == nonce)) is not None


def use_challenge(nonce: str) -> None:
    """Spend a solved challenge in the caller's transaction; refused when it was spent before. Two requests racing
    with one answer: the second one's commit fails on the unique nonce (the caller catches IntegrityError and asks
    `challenge_used` again)."""
    if challenge_used(nonce):
        raise ChallengeUsed(MSG_CHALLENGE_USED)
    db.session.add(UsedChallenge(nonce=nonce))


def prune() -> None:
    """Failed checks older than the window no longer count, and a challenge older than its lifetime cannot come
    back: drop them."""
    now = utcnow()
    db.session.execute(delete(RateLimitHit).where(
        RateLimitHit.at < now - timedelta(seconds=rules.RATE_WINDOW_SECONDS),
        RateLimitHit.key.startswith("failed-check:")))
    # a minute's grace over the lifetime: the expiry is checked against the clock of whichever server answers
    db.session.execute(delete(UsedChallenge).where(
        UsedChallenge.at < now - timedelta(seconds=challenge_rules.MAX_AGE_SECONDS + 60)))


def record_failed_check(address_key: str, nonce: str | None) -> None:
    """A wrong, forged or expired answer counts against the client (FAILED_CHECK_LIMIT an hour), and a genuine
    challenge answered wrongly is used up: each challenge gets one answer."""
    db.session.add(RateLimitHit(key=address_key))
    if nonce and not challenge_used(nonce):
        db.session.add(UsedChallenge(nonce=nonce))
    prune()
    try:
        db.session.commit()
    except IntegrityError:  # the same challenge failed twice at the same moment: count the failure only
        db.session.rollback()
        db.session.add(RateLimitHit(key=address_key))
        db.session.commit()

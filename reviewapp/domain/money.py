"""Incentive money (Art. 25), what Art. 12 withholds from it, and what a revocation takes back (Art. 31, 32).

The ledger is a list of lines, never a field: each grant is a line of its own kind, a recovery is a negative line.
This module decides which lines an event gives; the caller writes them. Kinds are the values of MoneyKind and
OutsideAwardKind (reviewapp/models/award.py), and award levels those of AwardKind: the domain imports no model.

"Holds the city award" (Art. 25, third paragraph: 对已获得市长质量奖的组织) is read as: a Mayor's Quality Award
proper (the nomination award is a different award, Art. 2), received on or before the day of the outside award,
not revoked by then, and still within its five-year validity (Art. 4; Art. 28 lets a winner use the title only
while it is valid). A repeat winner holds the award too: Art. 12 withholds the award's own money, not its standing.

A supplement is money paid *for* the city award it rests on (给予追加奖励): it is paid once per outside award kind
and city award (一次性), and a revocation of that city award takes it back with the award's own money (Art. 31, 32:
收回……激励资金).
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from reviewapp.domain.dates import years_after
from reviewapp.domain.i18n import N_

# --- amounts, in yuan (Art. 25) ---
AWARD_AMOUNT = Decimal("200000")                      # 市长质量奖 20万元
NOMINATION_AMOUNT = Decimal("100000")                 # 提名奖 10万元
NOMINEE_TO_AWARD_AMOUNT = AWARD_AMOUNT - NOMINATION_AMOUNT  # 补发差额 10万元
CHINA_QUALITY_AWARD_AMOUNT = Decimal("200000")        # 中国质量奖 追加20万元
CHINA_QUALITY_NOMINATION_AMOUNT = Decimal("100000")   # 中国质量奖提名奖 追加10万元
LIAONING_GOVERNOR_AWARD_AMOUNT = Decimal("100000")    # 省长质量奖 追加10万元

VALIDITY_YEARS = 5  # Art. 4: 有效期5年

# --- award levels (AwardKind values) ---
AWARD = "award"
NOMINATION = "nomination"

# --- outside awards (OutsideAwardKind values) ---
CHINA_QUALITY_AWARD = "china_quality_award"
CHINA_QUALITY_NOMINATION = "china_quality_nomination"
LIAONING_GOVERNOR_AWARD = "liaoning_governor_award"

# --- ledger kinds (MoneyKind values) ---
KIND_AWARD = "award"
KIND_NOMINATION = "nomination"
KIND_NOMINEE_TO_AWARD = "nominee_to_award"
KIND_CHINA_QUALITY_AWARD = "china_quality_award"
KIND_CHINA_QUALITY_NOMINATION = "china_quality_nomination"
KIND_LIAONING_GOVERNOR_AWARD = "liaoning_governor_award"
KIND_RECOVERY = "recovery"

OUTSIDE_SUPPLEMENTS = {
    CHINA_QUALITY_AWARD: (KIND_CHINA_QUALITY_AWARD, CHINA_QUALITY_AWARD_AMOUNT),
    CHINA_QUALITY_NOMINATION: (KIND_CHINA_QUALITY_NOMINATION, CHINA_QUALITY_NOMINATION_AMOUNT),
    LIAONING_GOVERNOR_AWARD: (KIND_LIAONING_GOVERNOR_AWARD, LIAONING_GOVERNOR_AWARD_AMOUNT),
}


class MoneyLine(NamedTuple):
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class MoneyDecision:
    """The lines an event gives (possibly none) and why, as `message % params`."""

    lines: tuple[MoneyLine, ...]
    article: str
    message: str
    params: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def yuan(amount: Decimal) -> str:
    """An amount as people read it in a message: 200,000 (whole yuan; the ledger keeps the fen)."""
    amount = Decimal(amount)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def valid_until(awarded_on: date) -> date:
    """Art. 4: an award is valid five years; this is the last day it is valid (the day before the fifth
    anniversary, the same count as Art. 12's "five years after winning")."""
    return years_after(awarded_on, VALIDITY_YEARS) - timedelta(days=1)


def entries_for_award(level: str, repeat_winner: bool, past_nominee: bool) -> MoneyDecision:
    """Art. 25: 200,000 yuan for the award, 100,000 for the nomination award; a past nomination winner who wins
    the award gets only the 100,000 difference. Art. 12: a repeat winner gets the plaque and certificate only."""
    if level not in (AWARD, NOMINATION):
        raise ValueError(f"unknown award level: {level!r}")
    if repeat_winner:
        return MoneyDecision((), "Art. 12", N_("A repeat winner receives the plaque and certificate only, no "
                                               "incentive money (Art. 12)."))
    if level == NOMINATION:
        if past_nominee:
            # Art. 12 forbids a second nomination award; the list should never hold one.
            raise ValueError("a past nomination winner cannot receive the nomination award again (Art. 12)")
        return MoneyDecision((MoneyLine(KIND_NOMINATION, NOMINATION_AMOUNT),), "Art. 25",
                             N_("Nomination award: %(amount)s yuan, one-off (Art. 25)."),
                             {"amount": yuan(NOMINATION_AMOUNT)})
    if past_nominee:
        return MoneyDecision((MoneyLine(KIND_NOMINEE_TO_AWARD, NOMINEE_TO_AWARD_AMOUNT),), "Art. 25",
                             N_("A past nomination winner wins the award: the difference of %(amount)s yuan "
                                "(Art. 25)."), {"amount": yuan(NOMINEE_TO_AWARD_AMOUNT)})
    return MoneyDecision((MoneyLine(KIND_AWARD, AWARD_AMOUNT),), "Art. 25",
                         N_("Mayor's Quality Award: %(amount)s yuan, one-off (Art. 25)."),
                         {"amount": yuan(AWARD_AMOUNT)})


@dataclass(frozen=True)
class CityAward:
    """An award the organization received from the city, as the holder rule needs it."""

    id: int
    level: str
    awarded_on: date
    revoked_on: date | None = None


@dataclass(frozen=True)
class Standing:
    """Whether the organization holds the city award on a day, with the award it rests on and why."""

    holds: bool
    award_id: int | None
    message: str
    params: dict = field(default_factory=dict)


def city_award_standing(awards: Iterable[CityAward], on: date) -> Standing:
    """Art. 25 (third paragraph), read with Art. 4 and 28: see the module docstring for what holding means."""
    awards = list(awards)
    proper = sorted((a for a in awards if a.level == AWARD and a.awarded_on <= on), key=lambda a: a.awarded_on)
    held = [a for a in proper if (a.revoked_on is None or a.revoked_on > on) and on <= valid_until(a.awarded_on)]
    params = {"on": on.isoformat()}
    if held:
        latest = held[-1]
        params.update(awarded_on=latest.awarded_on.isoformat(), valid_until=valid_until(latest.awarded_on).isoformat())
        return Standing(True, latest.id, N_("Holds the Mayor's Quality Award received on %(awarded_on)s, valid "
                                            "until %(valid_until)s."), params)
    if not proper:
        if any(a.level == NOMINATION and a.awarded_on <= on for a in awards):
            return Standing(False, None, N_("Holds only the nomination award on %(on)s; the supplements of Art. 25 "
                                            "are for winners of the Mayor's Quality Award itself."), params)
        return Standing(False, None, N_("Had not won the Mayor's Quality Award by %(on)s."), params)
    latest = proper[-1]
    params.update(awarded_on=latest.awarded_on.isoformat(), valid_until=valid_until(latest.awarded_on).isoformat())
    if latest.revoked_on is not None and latest.revoked_on <= on:
        params["revoked_on"] = latest.revoked_on.isoformat()
        return Standing(False, None, N_("Its Mayor's Quality Award of %(awarded_on)s was revoked on %(revoked_on)s."),
                        params)
    return Standing(False, None, N_("Its Mayor's Quality Award of %(awarded_on)s was valid only until "
                                    "%(valid_until)s (Art. 4)."), params)


def entries_for_outside_award(outside_kind: str, holds_city_award: bool) -> MoneyDecision:
    """Art. 25: a winner of the Mayor's Quality Award who then wins the China Quality Award gets 200,000 yuan
    more, its nomination 100,000, the Liaoning Governor's Quality Award 100,000. Anyone else gets nothing from
    the city for an outside award. Each outside award is paid on its own: a China Quality nomination followed by
    the China Quality Award gives 100,000 and then 200,000 (Art. 25 provides no difference here)."""
    if outside_kind not in OUTSIDE_SUPPLEMENTS:
        raise ValueError(f"unknown outside award: {outside_kind!r}")
    kind, amount = OUTSIDE_SUPPLEMENTS[outside_kind]
    if not holds_city_award:
        return MoneyDecision((), "Art. 25", N_("No incentive money: the supplements of Art. 25 are paid only to "
                                               "an organization that holds the Mayor's Quality Award."))
    return MoneyDecision((MoneyLine(kind, amount),), "Art. 25",
                         N_("A holder of the Mayor's Quality Award wins an outside award: %(amount)s yuan more "
                            "(Art. 25)."), {"amount": yuan(amount)})


@dataclass(frozen=True)
class PaidSupplement:
    """A supplement already on the ledger: for which outside award (kind, date) and, when the line says so, which
    city award it was paid on (lines booked before supplements carried their city award have None)."""

    outside_kind: str
    outside_awarded_on: date
    city_award_id: int | None


def _paid_on(supplement: PaidSupplement, award: CityAward) -> bool:
    if supplement.city_award_id is not None:
        return supplement.city_award_id == award.id
    # An older line without its city award: while `award` is the one held, every supplement rests on it.
    return supplement.outside_awarded_on >= award.awarded_on


def repeated_supplement(outside_kind: str, award: CityAward,
                        paid: Iterable[PaidSupplement]) -> MoneyDecision | None:
    """Art. 25: each supplement is one-off (一次性): a second China Quality Award (or its nomination, or Governor's
    award) recorded for the same city award gives nothing more, whatever its date. Returns the refusal, or None
    when this supplement has not been paid on `award` yet. A later city award (won again, Art. 12) starts afresh."""
    earlier = sorted((s for s in paid if s.outside_kind == outside_kind and _paid_on(s, award)),
                     key=lambda s: s.outside_awarded_on)
    if not earlier:
        return None
    return MoneyDecision((), "Art. 25", N_("The supplement for this outside award was already paid on the Mayor's "
                                           "Quality Award of %(awarded_on)s (outside award of %(date)s): Art. 25 "
                                           "pays it once."),
                         {"awarded_on": award.awarded_on.isoformat(),
                          "date": earlier[0].outside_awarded_on.isoformat()})


def recoveries_for(paid: Iterable[tuple[object, Decimal]]) -> list[tuple[object, Decimal]]:
    """Art. 31, 32: everything paid for a revoked award is taken back, its own money and the supplements of
    Art. 25 alike. `paid` pairs each ledger amount with where it is counted (None: the award itself; otherwise
    the outside award of a supplement); one recovery per place, so every total of the ledger nets to zero."""
    by_source: dict[object, list[Decimal]] = {}
    for source, amount in paid:
        by_source.setdefault(source, []).append(Decimal(amount))
    recoveries = [(source, recovery_for(amounts)) for source, amounts in by_source.items()]
    return [(source, amount) for source, amount in recoveries if amount]


def recovery_for(paid_amounts: Iterable[Decimal]) -> Decimal:
    """Art. 31, 32: a revoked award's incentive money is taken back: the negative of what was paid for it
    (the lines already on the ledger for that award, recoveries included, so nothing is recovered twice)."""
    paid = sum((Decimal(a) for a in paid_amounts), Decimal(0))
    if paid < 0:
        raise ValueError("more was recovered than was paid")
    return Decimal(0) - paid

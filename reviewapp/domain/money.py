"""Incentive money (Art. 25), what Art. 12 withholds from it, and what a revocation takes back (Art. 31, 32).

The ledger is a list of lines, never a field: each grant is a line of its own kind, a recovery is a negative line.
This module decides which lines an event gives; the caller writes them. Kinds are the values of MoneyKind and
OutsideAwardKind (reviewapp/models/award.py), and award levels those of AwardKind: the domain imports no model.

"Holds the city award" (Art. 25, third paragraph: 对已获得市长质量奖的组织) is read as: a Mayor's Quality Award
proper (the nomination award is a different award, Art. 2), received on or before the day of the outside award
and not revoked by then. The text sets no time limit: the five-year validity of Art. 4 governs the use of the
title (Art. 28), not the supplements, so a 2012 winner that wins the China Quality Award in 2026 is paid. A repeat
winner holds the award too: Art. 12 withholds the award's own money, not its standing. The nominee's difference
(Art. 25, second paragraph) likewise has no time limit: any unrevoked nomination award counts.

What an award pays (Art. 25) and what Art. 12 withholds is decided in one place, `award_money`: the ranking, the
leading group's pages, the approval and the ledger all ask it, so no page can promise what the ledger does not book.
Each ledger line carries its basis (`basis_text`): the article and why, in the city's own words.

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
    refused: bool = False  # Art. 12: the level cannot be given at all (a second nomination award)

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


def award_money(level: str, *, holds_award: bool, holds_nomination: bool) -> MoneyDecision:
    """The one answer to "what does this level pay this organization" (Art. 25, 12), for every page and the ledger.
    `holds_award`: it won the Mayor's Quality Award before (not revoked); `holds_nomination`: the nomination award.
    Art. 12 withholds money only from an organization that wins *the award* again (再次获得市长质量奖): a past
    winner placed at the nomination level is paid the nomination's 100,000 like any nominee, which is also why
    Art. 4's quota counts it (domain/comprehensive.py). A past nominee cannot be given the nomination again (Art.
    12): the decision is refused; for the award it is paid the 100,000 difference (Art. 25)."""
    if level == NOMINATION and holds_nomination:
        return MoneyDecision((), "Art. 12", N_("Already holds the nomination award, which is not given twice "
                                               "(Art. 12)."), refused=True)
    return entries_for_award(level, level == AWARD and holds_award, holds_nomination)


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
    """Art. 25 (third paragraph): see the module docstring for what holding means (no time limit, not revoked)."""
    awards = list(awards)
    proper = sorted((a for a in awards if a.level == AWARD and a.awarded_on <= on), key=lambda a: a.awarded_on)
    held = [a for a in proper if a.revoked_on is None or a.revoked_on > on]
    params = {"on": on.isoformat()}
    if held:
        latest = held[-1]
        params.update(awarded_on=latest.awarded_on.isoformat(), year=latest.awarded_on.year)
        return Standing(True, latest.id, N_("Holds the Mayor's Quality Award received on %(awarded_on)s (not "
                                            "revoked; Art. 25 sets no time limit)."), params)
    if not proper:
        if any(a.level == NOMINATION and a.awarded_on <= on for a in awards):
            return Standing(False, None, N_("Holds only the nomination award on %(on)s; the supplements of Art. 25 "
                                            "are for winners of the Mayor's Quality Award itself."), params)
        return Standing(False, None, N_("Had not won the Mayor's Quality Award by %(on)s."), params)
    latest = proper[-1]
    params.update(awarded_on=latest.awarded_on.isoformat(), revoked_on=latest.revoked_on.isoformat())
    return Standing(False, None, N_("Its Mayor's Quality Award of %(awarded_on)s was revoked on %(revoked_on)s."),
                    params)


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


# --- the basis of a ledger line (Art. 25), in the city's own words like its other financial records ---
BASIS_REASONS = {
    KIND_AWARD: "获市长质量奖，一次性激励资金",
    KIND_NOMINATION: "获市长质量奖提名奖，一次性激励资金",
    KIND_NOMINEE_TO_AWARD: "已获提名奖的组织获市长质量奖，补发激励资金差额",
    KIND_CHINA_QUALITY_AWARD: "获中国质量奖，追加一次性激励资金",
    KIND_CHINA_QUALITY_NOMINATION: "获中国质量奖提名奖，追加一次性激励资金",
    KIND_LIAONING_GOVERNOR_AWARD: "获辽宁省省长质量奖，追加一次性激励资金",
}


def wan(amount: Decimal) -> str:
    """An amount as the text of Art. 25 writes it: 20万元, 7.5万元."""
    figure = (Decimal(amount) / 10000).normalize()
    return f"{figure:f}万元"


def basis_text(line: MoneyLine, resting_on: str | None = None) -> str:
    """Art. 25: why a line is paid, e.g. "第二十五条：获中国质量奖，追加一次性激励资金20万元（依据2024年市长质量奖）".
    `resting_on` names what it rests on: the cycle of the award, or the city award a supplement is paid for."""
    text = f"第二十五条：{BASIS_REASONS[line.kind]}{wan(line.amount)}"
    return f"{text}（{resting_on}）" if resting_on else text


def supplement_resting_on(awarded_on: date) -> str:
    """Art. 25: the city award a supplement is paid for, as its basis names it."""
    return f"依据{awarded_on.year}年市长质量奖"

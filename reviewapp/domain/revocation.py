"""Revoking a Mayor's Quality Award (Art. 31, 32): the grounds as the text lists them, and when each may be used.

The revocation is the city government's act (市政府撤销): the office proposes it (提请) and records the decision,
its document number and date. The date of the decision is the revocation's date: the bans of Art. 31 (10 years)
and Art. 32 (the next cycle) run from it (domain/eligibility.py), never from the day the office types it in.

Art. 31 (弄虚作假、贿赂等不正当手段) has no time limit: the award was never deserved. Art. 32 covers only what
happens "获奖后5年内": the event (the accident, the problem found by a regulator, the listing as a typical
dishonesty case, the fraud against consumers) must fall within the five years after the award, counted as
Art. 12 and Art. 4 count them (the award day up to the day before the fifth anniversary). The decision itself may
come later: an investigation takes time.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from reviewapp.domain.dates import years_after
from reviewapp.domain.i18n import N_

EVENT_WINDOW_YEARS = 5  # Art. 32: 获奖后5年内


@dataclass(frozen=True)
class Clause:
    """One ground of revocation: its article, its place in the article and the article's own words."""

    code: str
    article: int
    item: str  # "（一）" … for Art. 32; the improper means named by Art. 31
    text: str


# The seed's exact wording. Art. 31 names its means in one sentence ("弄虚作假、贿赂等不正当手段"): each means is a
# ground of its own, and "等" admits other improper means.
CLAUSES = (
    Clause("art31_fraud", 31, "弄虚作假", "通过弄虚作假手段获得市长质量奖"),
    Clause("art31_bribery", 31, "贿赂", "通过贿赂手段获得市长质量奖"),
    Clause("art31_other", 31, "其他不正当手段", "通过其他不正当手段获得市长质量奖"),
    Clause("art32_1", 32, "（一）", "发生重大质量安全、环保、卫生等事故或较大及以上生产安全事故的"),
    Clause("art32_2", 32, "（二）", "产品、工程、服务、环境质量发生重大问题，被监管部门查处或群众投诉并查证属实的"),
    Clause("art32_3", 32, "（三）", "在全省征信体系建设中被列为“典型失信案件”曝光的"),
    Clause("art32_4", 32, "（四）", "提供的商品或者服务被人民法院或县级以上政府职能部门判定存在欺诈消费者行为、"
                                  "使消费者的合法权益受到严重损害的"),
    Clause("art32_5", 32, "（五）", "其他违反市长质量奖宗旨与原则的重大事项"),
)
CLAUSE_CODES = tuple(c.code for c in CLAUSES)
_BY_CODE = {c.code: c for c in CLAUSES}


def clause(code: str) -> Clause:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown revocation clause: {code!r}") from None


def event_window(awarded_on: date) -> tuple[date, date]:
    """Art. 32: the first and last day of "获奖后5年内" (the last is the day before the fifth anniversary)."""
    return awarded_on, years_after(awarded_on, EVENT_WINDOW_YEARS) - timedelta(days=1)


@dataclass(frozen=True)
class Problem:
    """Why a revocation cannot be recorded as given; `field` names the form field at fault."""

    field: str
    message: str
    params: dict = field(default_factory=dict)


def revocation_problems(awarded_on: date, clause_code: str, event_on: date, decided_on: date,
                        today: date) -> list[Problem]:
    """Art. 31, 32: what stands against recording the city government's decision to revoke an award given on
    `awarded_on` on the ground `clause_code`, for an event of `event_on`, decided on `decided_on`. Empty: allowed."""
    ground = clause(clause_code)
    problems = []
    iso = {"awarded_on": awarded_on.isoformat(), "event_on": event_on.isoformat(),
           "decided_on": decided_on.isoformat(), "today": today.isoformat()}
    if decided_on > today:
        problems.append(Problem("decided_on", N_("The decision's date %(decided_on)s is in the future (today is "
                                                 "%(today)s)."), iso))
    elif decided_on < awarded_on:
        problems.append(Problem("decided_on", N_("The decision is dated before the award (%(awarded_on)s)."), iso))
    if event_on > today:
        problems.append(Problem("event_on", N_("The event's date %(event_on)s is in the future (today is "
                                               "%(today)s)."), iso))
    elif event_on > decided_on:
        problems.append(Problem("event_on", N_("The event (%(event_on)s) comes after the decision that revokes the "
                                               "award for it (%(decided_on)s)."), iso))
    if ground.article == 32:
        first, last = event_window(awarded_on)
        params = {**iso, "first": first.isoformat(), "last": last.isoformat(), "years": EVENT_WINDOW_YEARS}
        if event_on < first:
            problems.append(Problem("event_on", N_(
                "Art. 32 covers events after the award: the event of %(event_on)s came before the award of "
                "%(awarded_on)s. An award obtained by concealing it falls under Art. 31."), params))
        elif event_on > last:
            problems.append(Problem("event_on", N_(
                "Art. 32 covers only events within %(years)s years after the award, from %(first)s to %(last)s: "
                "the event of %(event_on)s is outside them, so the award cannot be revoked under Art. 32."),
                params))
    return problems

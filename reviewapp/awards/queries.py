"""Read-only helpers of the awards feature: the approved list, the awards a cycle gave, the money ledger."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.award_history import awards_held
from reviewapp.city_calendar import city_today
from reviewapp.domain import money
from reviewapp.domain.approval import ApprovalFacts
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardKind,
    AwardRecord,
    CommendationDecision,
    Cycle,
    GroupDecision,
    ListEntry,
    MoneyEntry,
    MoneyKind,
    Organization,
    OutsideAward,
)

LEVEL_ORDER = (AwardKind.AWARD, AwardKind.NOMINATION)


def approval_recorded(cycle: Cycle) -> bool:
    """Art. 23: the city government's approval is on record, so the results are public."""
    return cycle.approved_on is not None


def commendation_of(cycle_id: int | Cycle | None) -> CommendationDecision | None:
    """Art. 24: the city government's commendation decision on the cycle, if recorded."""
    cycle_id = getattr(cycle_id, "id", cycle_id)
    if cycle_id is None:
        return None
    return db.session.scalar(select(CommendationDecision).where(CommendationDecision.cycle_id == cycle_id)
                             .options(selectinload(CommendationDecision.scan)))


def commendations_by_cycle(cycle_ids) -> dict[int, CommendationDecision]:
    return {d.cycle_id: d for d in db.session.scalars(select(CommendationDecision).where(
        CommendationDecision.cycle_id.in_(list(cycle_ids))))}


def group_decided_on(cycle: Cycle) -> date | None:
    """Art. 20: the day the leading group decided on the candidate list, if recorded."""
    return db.session.scalar(select(GroupDecision.decided_on).where(GroupDecision.cycle_id == cycle.id))


def approval_facts(cycle: Cycle) -> ApprovalFacts:
    """What the approval's timing rule needs (Art. 21-23, domain/approval.py)."""
    from reviewapp.cycles.queries import award_facts

    facts = award_facts(cycle)
    notice = facts["proposed_winner_notice"]
    return ApprovalFacts(city_today(), notice.end_date if notice else None, facts["open_objections"],
                         group_decided_on(cycle))


def list_entries(cycle: Cycle) -> list[ListEntry]:
    entries = db.session.scalars(
        select(ListEntry).where(ListEntry.cycle_id == cycle.id)
        .options(selectinload(ListEntry.application).selectinload(Application.organization))).all()
    return sorted(entries, key=lambda e: (LEVEL_ORDER.index(e.level), -(e.combined_score or 0),
                                          e.application.organization.name))


@dataclass(frozen=True)
class PlannedAward:
    """An entry of the approved list as the approval will grant it, with its money from money.award_money
    (Art. 25, 12); `decision.refused` for a nomination to a past nomination winner, which Art. 12 forbids."""

    entry: ListEntry
    past_nominee: bool
    decision: money.MoneyDecision


def planned_awards(cycle: Cycle, on: date) -> list[PlannedAward]:
    entries = list_entries(cycle)
    held = awards_held({e.application.organization_id for e in entries}, excluding_cycle_id=cycle.id, before=on)
    planned = []
    for entry in entries:
        # Art. 25: a nomination winner (however long ago, not revoked) is paid the difference when it wins the
        # award. Art. 12: the list's repeat_winner says it won the award before (set only at the award level).
        nominee = AwardKind.NOMINATION in held.get(entry.application.organization_id, set())
        planned.append(PlannedAward(entry, nominee, money.award_money(
            entry.level.value, holds_award=entry.repeat_winner, holds_nomination=nominee)))
    return planned


def city_awards(organization_id: int) -> list[money.CityAward]:
    records = db.session.scalars(select(AwardRecord).where(AwardRecord.organization_id == organization_id))
    return [money.CityAward(r.id, r.kind.value, r.awarded_on, r.revoked_on) for r in records]


def published_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.approved_on.is_not(None))
                                   .order_by(Cycle.approved_on.desc(), Cycle.id.desc())))


def awards_of_cycle(cycle: Cycle) -> list[AwardRecord]:
    records = db.session.scalars(select(AwardRecord).where(AwardRecord.cycle_id == cycle.id)
                                 .options(selectinload(AwardRecord.organization))).all()
    return sorted(records, key=lambda r: (LEVEL_ORDER.index(r.kind), r.organization.name, r.id))


def own_money(awards: list[AwardRecord]) -> dict[int, Decimal]:
    """The award's own money on the ledger (Art. 25, 12: what the approval booked for it, net of any recovery of
    it), per award id; supplements of outside awards are not counted here."""
    rows = db.session.execute(select(MoneyEntry.award_record_id, func.sum(MoneyEntry.amount))
                              .where(MoneyEntry.award_record_id.in_([a.id for a in awards]),
                                     MoneyEntry.outside_award_id.is_(None))
                              .group_by(MoneyEntry.award_record_id))
    return {award_id: Decimal(amount or 0) for award_id, amount in rows}


def paid_for(award: AwardRecord) -> list[Decimal]:
    """Every ledger amount booked against the award: its own money, the Art. 25 supplements that rest on it, and
    any earlier recovery."""
    return [amount for _source, amount in paid_lines_for(award)]


def paid_lines_for(award: AwardRecord) -> list[tuple[int | None, Decimal]]:
    """As paid_for, each amount with the outside award of its supplement (None: the award's own money)."""
    return [(source, amount) for source, amount in db.session.execute(
        select(MoneyEntry.outside_award_id, MoneyEntry.amount)
        .where(MoneyEntry.award_record_id == award.id).order_by(MoneyEntry.id))]


SUPPLEMENT_KINDS = tuple(MoneyKind(kind) for kind, _amount in money.OUTSIDE_SUPPLEMENTS.values())


def supplements_paid(organization_id: int) -> list[money.PaidSupplement]:
    """Art. 25: the supplements already paid to the organization, with the outside award and the city award each
    was paid for (the one-off rule reads them)."""
    rows = db.session.execute(
        select(OutsideAward.kind, OutsideAward.awarded_on, MoneyEntry.award_record_id)
        .join(OutsideAward, MoneyEntry.outside_award_id == OutsideAward.id)
        .where(MoneyEntry.organization_id == organization_id, MoneyEntry.kind.in_(SUPPLEMENT_KINDS),
               MoneyEntry.amount > 0))
    return [money.PaidSupplement(kind.value, awarded_on, award_id) for kind, awarded_on, award_id in rows]


def organization_total(organization_id: int) -> Decimal:
    total = db.session.scalar(select(func.sum(MoneyEntry.amount))
                              .where(MoneyEntry.organization_id == organization_id))
    return Decimal(total or 0)


def outside_awards() -> list[OutsideAward]:
    return list(db.session.scalars(select(OutsideAward).options(selectinload(OutsideAward.organization))
                                   .order_by(OutsideAward.awarded_on.desc(), OutsideAward.id.desc())))


def outside_award_exists(organization_id: int, kind, awarded_on: date) -> bool:
    return db.session.scalar(select(OutsideAward.id).where(
        OutsideAward.organization_id == organization_id, OutsideAward.kind == kind,
        OutsideAward.awarded_on == awarded_on).limit(1)) is not None


# --- the ledger ---
# Where a line of the ledger is counted per cycle: a cycle of the system, a cycle run before it (an award recorded
# by hand, its cycle only a name), or the outside awards (Art. 25 supplements, and their recoveries).
CYCLE, PAST, OUTSIDE = "cycle", "past", "outside"


@dataclass(frozen=True)
class Total:
    key: int | None   # the organization's or the cycle's id; None for a past cycle or the outside awards
    name: str | None  # None: the outside awards, or a past cycle whose name was not recorded
    amount: Decimal
    lines: int
    group: str | None = None  # per cycle: CYCLE, PAST or OUTSIDE


def _filtered(stmt, organization_id: int | None, cycle_id: int | None):
    if organization_id:
        stmt = stmt.where(MoneyEntry.organization_id == organization_id)
    if cycle_id:
        stmt = stmt.where(MoneyEntry.cycle_id == cycle_id)
    return stmt


def ledger_lines(organization_id: int | None = None, cycle_id: int | None = None) -> list[MoneyEntry]:
    stmt = (select(MoneyEntry).options(selectinload(MoneyEntry.organization), selectinload(MoneyEntry.cycle),
                                       selectinload(MoneyEntry.award_record))
            .order_by(MoneyEntry.entered_on, MoneyEntry.id))
    return list(db.session.scalars(_filtered(stmt, organization_id, cycle_id)))


def line_cycle_name(line: MoneyEntry) -> str | None:
    """The cycle a line belongs to: the system's cycle, or the recorded name of a past award's cycle; none for
    the money of an outside award."""
    if line.cycle is not None:
        return line.cycle.name
    if line.outside_award_id is None and line.award_record is not None:
        return line.award_record.cycle_name
    return None


def line_basis(line: MoneyEntry) -> str | None:
    """Why the line is on the ledger: its basis (Art. 25), or for a recovery the ground of the revocation (its note,
    Art. 31, 32)."""
    if line.basis:
        return line.basis
    return line.note if line.kind is MoneyKind.RECOVERY else None


def totals_by_organization(organization_id: int | None = None, cycle_id: int | None = None) -> list[Total]:
    stmt = (select(Organization.id, Organization.name, func.sum(MoneyEntry.amount), func.count(MoneyEntry.id))
            .join(Organization, MoneyEntry.organization_id == Organization.id)
            .group_by(Organization.id, Organization.name).order_by(Organization.name))
    return [Total(i, name, Decimal(amount or 0), n)
            for i, name, amount, n in db.session.execute(_filtered(stmt, organization_id, cycle_id))]


@dataclass
class _Group:
    group: str
    key: int | None
    name: str | None
    day: date | None  # a cycle's reference date, a past cycle's latest award
    amount: Decimal = Decimal(0)
    lines: int = 0

    def add(self, amount: Decimal, lines: int, day: date | None) -> None:
        self.amount += amount
        self.lines += lines
        if day is not None and (self.day is None or day > self.day):
            self.day = day

    def order(self) -> tuple:
        unnamed_past = self.group == PAST and self.name is None
        return (CYCLE, PAST, OUTSIDE).index(self.group), unnamed_past, -(self.day.toordinal() if self.day else 0)


def totals_by_cycle(organization_id: int | None = None, cycle_id: int | None = None) -> list[Total]:
    """Per cycle of the system (latest first), then per past cycle (latest award first; unnamed last), then the
    outside awards: a past city award is not an outside award, though neither has a Cycle row."""
    outside = MoneyEntry.outside_award_id.is_not(None)
    stmt = (select(outside, Cycle.id, Cycle.name, Cycle.reference_date, AwardRecord.cycle_name,
                   func.max(AwardRecord.awarded_on), func.sum(MoneyEntry.amount), func.count(MoneyEntry.id))
            .outerjoin(Cycle, MoneyEntry.cycle_id == Cycle.id)
            .outerjoin(AwardRecord, MoneyEntry.award_record_id == AwardRecord.id)
            .group_by(outside, Cycle.id, Cycle.name, Cycle.reference_date, AwardRecord.cycle_name))
    groups: dict[tuple, _Group] = {}
    for is_outside, key, name, reference, past_name, awarded, amount, n in db.session.execute(
            _filtered(stmt, organization_id, cycle_id)):
        # folded here, not grouped in SQL: the award's cycle name splits only the lines of past cycles
        if is_outside:
            group = groups.setdefault((OUTSIDE, None), _Group(OUTSIDE, None, None, None))
        elif key is not None:
            group = groups.setdefault((CYCLE, key), _Group(CYCLE, key, name, reference))
        else:
            group = groups.setdefault((PAST, past_name), _Group(PAST, None, past_name, awarded))
        group.add(Decimal(amount or 0), n, awarded if group.group == PAST else None)
    return [Total(g.key, g.name, g.amount, g.lines, g.group) for g in sorted(groups.values(), key=_Group.order)]


def ledger_organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(
        Organization.id.in_(select(MoneyEntry.organization_id))).order_by(Organization.name)))


def ledger_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.id.in_(select(MoneyEntry.cycle_id)))
                                   .order_by(Cycle.reference_date.desc())))

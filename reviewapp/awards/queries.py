"""Read-only helpers of the awards feature: the approved list, the awards a cycle gave, the money ledger."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.award_history import awards_held
from reviewapp.domain import money
from reviewapp.extensions import db
from reviewapp.models import (Application, AwardKind, AwardRecord, Cycle, ListEntry, MoneyEntry, Organization,
                              OutsideAward)

LEVEL_ORDER = (AwardKind.AWARD, AwardKind.NOMINATION)


def approval_recorded(cycle: Cycle) -> bool:
    """Art. 23: the city government's approval is on record, so the results are public."""
    return cycle.approved_on is not None


def list_entries(cycle: Cycle) -> list[ListEntry]:
    entries = db.session.scalars(
        select(ListEntry).where(ListEntry.cycle_id == cycle.id)
        .options(selectinload(ListEntry.application).selectinload(Application.organization))).all()
    return sorted(entries, key=lambda e: (LEVEL_ORDER.index(e.level), -(e.combined_score or 0),
                                          e.application.organization.name))


@dataclass(frozen=True)
class PlannedAward:
    """An entry of the approved list as the approval will grant it, with its money (Art. 25, 12); `decision` is
    None for a nomination to a past nomination winner, which Art. 12 forbids."""

    entry: ListEntry
    past_nominee: bool
    decision: money.MoneyDecision | None


def planned_awards(cycle: Cycle, on: date) -> list[PlannedAward]:
    entries = list_entries(cycle)
    held = awards_held({e.application.organization_id for e in entries}, excluding_cycle_id=cycle.id, before=on)
    planned = []
    for entry in entries:
        # Art. 25: a nomination winner who still holds it is paid the difference when it wins the award.
        nominee = AwardKind.NOMINATION in held.get(entry.application.organization_id, set())
        forbidden = entry.level is AwardKind.NOMINATION and nominee and not entry.repeat_winner
        planned.append(PlannedAward(entry, nominee, None if forbidden else
                                    money.entries_for_award(entry.level.value, entry.repeat_winner, nominee)))
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


def paid_for(award: AwardRecord) -> list[Decimal]:
    """Every ledger amount booked against the award (grants and any earlier recovery)."""
    return list(db.session.scalars(select(MoneyEntry.amount).where(MoneyEntry.award_record_id == award.id)))


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
@dataclass(frozen=True)
class Total:
    key: int | None
    name: str | None  # None: lines without a cycle (outside awards)
    amount: Decimal
    lines: int


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


def totals_by_organization(organization_id: int | None = None, cycle_id: int | None = None) -> list[Total]:
    stmt = (select(Organization.id, Organization.name, func.sum(MoneyEntry.amount), func.count(MoneyEntry.id))
            .join(Organization, MoneyEntry.organization_id == Organization.id)
            .group_by(Organization.id, Organization.name).order_by(Organization.name))
    return [Total(i, name, Decimal(amount or 0), n)
            for i, name, amount, n in db.session.execute(_filtered(stmt, organization_id, cycle_id))]


def totals_by_cycle(organization_id: int | None = None, cycle_id: int | None = None) -> list[Total]:
    stmt = (select(Cycle.id, Cycle.name, func.sum(MoneyEntry.amount), func.count(MoneyEntry.id))
            .outerjoin(Cycle, MoneyEntry.cycle_id == Cycle.id)
            .group_by(Cycle.id, Cycle.name, Cycle.reference_date).order_by(Cycle.reference_date.desc().nulls_last()))
    return [Total(i, name, Decimal(amount or 0), n)
            for i, name, amount, n in db.session.execute(_filtered(stmt, organization_id, cycle_id))]


def ledger_organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(
        Organization.id.in_(select(MoneyEntry.organization_id))).order_by(Organization.name)))


def ledger_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.id.in_(select(MoneyEntry.cycle_id)))
                                   .order_by(Cycle.reference_date.desc())))

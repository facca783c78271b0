"""Read-side of the leading group's review (Art. 20, 21): the cycles with a candidate list, the group's decision,
the approved list as it stands, and whether a user sees the ranking blinded."""
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from reviewapp.city_calendar import city_date
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.extensions import db
from reviewapp.models import Application, AwardKind, Cycle, GroupDecision, ListChange, ListChangeSource, ListEntry


def proposed_cycles() -> list[Cycle]:
    """The cycles whose candidate list went to the leading group, the latest first."""
    return list(db.session.scalars(select(Cycle).where(Cycle.candidates_proposed_at.is_not(None))
                                   .order_by(Cycle.year.desc(), Cycle.id.desc())))


def decisions_by_cycle(cycles) -> dict[int, GroupDecision]:
    ids = [cycle.id for cycle in cycles]
    if not ids:
        return {}
    return {d.cycle_id: d for d in db.session.scalars(select(GroupDecision).where(GroupDecision.cycle_id.in_(ids)))}


def decision_of(cycle: Cycle) -> GroupDecision | None:
    return db.session.scalar(select(GroupDecision).where(GroupDecision.cycle_id == cycle.id))


def blind_setting(cycle: Cycle) -> int:
    return with_defaults(cycle.settings)["blind_group_review"]


def proposed_on(cycle: Cycle) -> date | None:
    """The day in Benxi the candidate list was proposed."""
    return city_date(cycle.candidates_proposed_at) if cycle.candidates_proposed_at else None


LEVEL_ORDER = case((ListEntry.level == AwardKind.AWARD, 0), else_=1)


def approved_list(cycle: Cycle) -> list[ListEntry]:
    """The approved list as it stands (Art. 21, 22): the award first, then the nomination award, best score first."""
    return list(db.session.scalars(
        select(ListEntry).where(ListEntry.cycle_id == cycle.id)
        .options(selectinload(ListEntry.application).selectinload(Application.organization))
        .order_by(LEVEL_ORDER, ListEntry.combined_score.desc().nulls_last(), ListEntry.application_id)))


def group_changes(cycle: Cycle) -> list[ListChange]:
    """Where the group departed from the office's proposal, with the reasons."""
    return list(db.session.scalars(
        select(ListChange).where(ListChange.cycle_id == cycle.id, ListChange.source == ListChangeSource.GROUP)
        .options(selectinload(ListChange.application).selectinload(Application.organization))
        .order_by(ListChange.id)))

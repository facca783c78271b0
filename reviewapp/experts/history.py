"""The expert's history (issue 17): the seats they held and the sheets they submitted, still readable after the
panel dissolved or the cycle closed. Art. 17 ends a panel's access to its applicants when its work is over; the
expert's record of their own work stays theirs (and the office's), never an applicant they are in conflict with
(Art. 33)."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from reviewapp.conflicts import service
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import Cycle, Expert, ExpertStatus, Panel, PanelMember, ScoreSheet, SheetStatus


@dataclass(frozen=True)
class PastSheet:
    sheet: ScoreSheet
    total: Decimal


@dataclass(frozen=True)
class CycleSheets:
    cycle: Cycle
    sheets: list[PastSheet]


@dataclass(frozen=True)
class PastSeat:
    member: PanelMember
    applicants: int
    submitted: int  # of the panel's applicants, those the expert submitted a sheet for at the panel's stage


def own_past_sheets(expert: Expert, submitted: list[ScoreSheet], current: set = frozenset()) -> list[CycleSheets]:
    """The expert's submitted sheets (`submitted`, the latest cycle first: panels.queries.cycles_of_user) per cycle,
    leaving out those still reached from an active seat (`current`: (application id, stage) pairs) and any applicant
    they are in conflict with (Art. 33)."""
    grouped: dict[int, CycleSheets] = {}
    for sheet in submitted:
        application = sheet.application
        if (application.id, sheet.stage) in current or not visible_to_author(sheet, expert):
            continue
        total = summarize(load_standard(application.cycle.standard_version), sheet.percents).total
        grouped.setdefault(application.cycle_id, CycleSheets(application.cycle, [])).sheets.append(
            PastSheet(sheet, total))
    return list(grouped.values())


def visible_to_author(sheet: ScoreSheet, expert: Expert) -> bool:
    """The expert's own submitted sheet, for an applicant they are not in conflict with (Art. 33); nothing once the
    expert is disqualified (Art. 33)."""
    application = sheet.application
    return (expert.status is not ExpertStatus.DISQUALIFIED and sheet.expert_id == expert.id
            and sheet.status is SheetStatus.SUBMITTED
            and not service.is_conflicted(application.cycle, expert.person_id, application.organization_id))


def seat_history(expert: Expert) -> list[PastSeat]:
    """Every seat the expert held, dissolved panels and closed cycles included, the latest cycle first: two
    queries."""
    members = list(db.session.scalars(
        select(PanelMember).join(Panel, Panel.id == PanelMember.panel_id).where(PanelMember.expert_id == expert.id)
        .options(joinedload(PanelMember.panel).joinedload(Panel.cycle),
                 joinedload(PanelMember.panel).selectinload(Panel.applicants))
        .order_by(Panel.cycle_id.desc(), Panel.stage, Panel.id)))
    done = {(application_id, stage) for application_id, stage in db.session.execute(
        select(ScoreSheet.application_id, ScoreSheet.stage)
        .where(ScoreSheet.expert_id == expert.id, ScoreSheet.status == SheetStatus.SUBMITTED))}
    return [PastSeat(member, len(member.panel.applicants),
                     sum((entry.application_id, member.panel.stage) in done for entry in member.panel.applicants))
            for member in members]

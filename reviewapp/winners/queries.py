"""What the register's pages read (Art. 6, 10, 26-29): the winners in it, each with its duties' state."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.domain import winner_duties
from reviewapp.domain.money import valid_until
from reviewapp.extensions import db
from reviewapp.models import (
    AwardRecord,
    FundsReport,
    Organization,
    OrgKind,
    TitleMisuseReport,
    WinnerActivity,
    WinnerActivityKind,
    WinnerDutyPolicy,
)

RECOMMENDER_KINDS = (OrgKind.GOVERNMENT_DEPARTMENT, OrgKind.INDUSTRY_ASSOCIATION, OrgKind.MARKET_SUPERVISION)


def policy_row() -> WinnerDutyPolicy | None:
    return db.session.scalar(select(WinnerDutyPolicy).order_by(WinnerDutyPolicy.id).limit(1))


def policy() -> winner_duties.DutyPolicy:
    row = policy_row()
    if row is None:
        return winner_duties.DutyPolicy()
    return winner_duties.DutyPolicy(row.funds_report_due_days, row.misuse_open_days)


@dataclass
class WinnerState:
    """One winner's line of the register: its award and the state of its duties today."""

    award: AwardRecord
    funds: list[winner_duties.FundsReportDuty]
    misuse: list[TitleMisuseReport] = field(default_factory=list)
    overdue_misuse: list[TitleMisuseReport] = field(default_factory=list)
    activities: list[WinnerActivity] = field(default_factory=list)

    @property
    def valid_until(self) -> date:
        return valid_until(self.award.awarded_on)

    @property
    def overdue_funds(self) -> list[winner_duties.FundsReportDuty]:
        return [duty for duty in self.funds if duty.overdue]

    @property
    def open_misuse(self) -> list[TitleMisuseReport]:
        return [report for report in self.misuse if report.closed_on is None]

    @property
    def sharing_events(self) -> list[WinnerActivity]:
        return [a for a in self.activities if a.kind is WinnerActivityKind.SHARING]

    @property
    def has_overdue(self) -> bool:
        return bool(self.overdue_funds or self.overdue_misuse)


def winner_states(today: date, award_ids: list[int] | None = None) -> list[WinnerState]:
    """Every unrevoked award (or those of `award_ids`) with its duties, in four queries."""
    query = (select(AwardRecord).where(AwardRecord.revoked_on.is_(None))
             .options(selectinload(AwardRecord.organization))
             .order_by(AwardRecord.awarded_on.desc(), AwardRecord.id))
    if award_ids is not None:
        query = query.where(AwardRecord.id.in_(award_ids))
    awards = db.session.scalars(query).all()
    ids = [award.id for award in awards]
    received, misuse, activities = defaultdict(dict), defaultdict(list), defaultdict(list)
    for report in db.session.scalars(select(FundsReport).where(FundsReport.award_record_id.in_(ids))):
        received[report.award_record_id][report.report_year] = report.received_on
    for report in db.session.scalars(select(TitleMisuseReport).where(TitleMisuseReport.award_record_id.in_(ids))
                                     .order_by(TitleMisuseReport.received_on.desc(), TitleMisuseReport.id)):
        misuse[report.award_record_id].append(report)
    for activity in db.session.scalars(select(WinnerActivity).where(WinnerActivity.award_record_id.in_(ids))
                                       .options(selectinload(WinnerActivity.promoter))
                                       .order_by(WinnerActivity.held_on.desc(), WinnerActivity.id)):
        activities[activity.award_record_id].append(activity)
    rules = policy()
    return [WinnerState(award, winner_duties.funds_report_duties(award.awarded_on, award.repeat,
                                                                 received[award.id], rules, today),
                        misuse[award.id],
                        [r for r in misuse[award.id]
                         if winner_duties.misuse_overdue(r.received_on, r.closed_on, rules, today)],
                        activities[award.id])
            for award in awards]


def register_index(today: date) -> tuple[list[WinnerState], list[WinnerState]]:
    """The current winners (within validity, Art. 4), and past ones that still have an overdue duty."""
    states = winner_states(today)
    current = [s for s in states if winner_duties.within_validity(s.award.awarded_on, today)]
    past = [s for s in states if s not in current and (s.has_overdue or s.open_misuse)]
    return current, past


def winner_state(award: AwardRecord, today: date) -> WinnerState | None:
    states = winner_states(today, [award.id])
    return states[0] if states else None


def overdue_duties(today: date) -> list[WinnerState]:
    """For the office's home page: the winners with an overdue use-of-funds report or misuse report."""
    return [state for state in winner_states(today) if state.has_overdue]


def funds_reports_of(award: AwardRecord) -> dict[int, FundsReport]:
    return {report.report_year: report for report in db.session.scalars(
        select(FundsReport).where(FundsReport.award_record_id == award.id))}


def public_sharing_events_of_cycle(cycle) -> dict[int, list[WinnerActivity]]:
    """Art. 27: the sharing events of a cycle's standing awards, by award, for its public results (the page shows
    only their title, date and place)."""
    events = defaultdict(list)
    for event in db.session.scalars(
            select(WinnerActivity).join(AwardRecord)
            .where(AwardRecord.cycle_id == cycle.id, AwardRecord.revoked_on.is_(None),
                   WinnerActivity.kind == WinnerActivityKind.SHARING)
            .order_by(WinnerActivity.held_on, WinnerActivity.id)):
        events[event.award_record_id].append(event)
    return events


def recommender_choices() -> list[Organization]:
    """Art. 10: the organizations that recommend and promote (departments, associations, county bureaus)."""
    return list(db.session.scalars(select(Organization).where(Organization.kind.in_(RECOMMENDER_KINDS))
                                   .order_by(Organization.name)))


def own_states(organization_id: int, today: date) -> list[WinnerState]:
    """Issue 18: the organization's unrevoked awards with their duties, for its own page (Art. 27, 29)."""
    ids = list(db.session.scalars(select(AwardRecord.id).where(AwardRecord.organization_id == organization_id,
                                                               AwardRecord.revoked_on.is_(None))))
    return winner_states(today, ids) if ids else []

"""Reminders computed from the cycles' deadlines (issue 16), queued by `flask notify send` before it delivers: 3 days
and 1 day before a due date and the day after it, to each expert whose score sheet is not submitted and to each
leader whose report is not; nothing to those who are done. Dated events (the on-site visits, to the on-site panels;
the leading group's meeting, to its members) are reminded 3 days and 1 day before. Idempotent: each reminder's
dedupe key (cycle, work, due date, which reminder, recipient) is queued once, so running it every minute queues
nothing twice; a due date the office moves gets its own reminders."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.accounts.recipients import organization_users
from reviewapp.city_calendar import city_today
from reviewapp.deadline_text import short_date
from reviewapp.domain import deadlines
from reviewapp.domain.winner_duties import FundsReportDuty
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardRecord,
    ComprehensiveReport,
    Cycle,
    Expert,
    ExpertStatus,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelReport,
    PanelStage,
    Person,
    ReportStatus,
    Role,
    ScoreSheet,
    SheetStatus,
    Stage,
    User,
)
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.notifications.operations import notify
from reviewapp.notifications.queries import users_with
from reviewapp.notifications.rendering import app_path
from reviewapp.winners.queries import winner_states

KIND = {"3_days": "deadline_soon", "1_day": "deadline_soon", "overdue": "deadline_overdue"}


class Work(LabelledEnum):
    """What a reminder is about, as its recipient reads it."""

    SHEETS = "sheets"
    REPORT = "report"
    COMPREHENSIVE = "comprehensive"
    VISITS = "visits"  # an event, not a due date: reminded before, never "overdue"
    MEETING = "meeting"

    __labels__ = {SHEETS: _l("your score sheets of the document review"),
                  REPORT: _l("your document-review reports"),
                  COMPREHENSIVE: _l("your comprehensive evaluation reports"),
                  VISITS: _l("the on-site visits"),
                  MEETING: _l("the leading group's meeting")}


class Day:
    """A due date that reads in the recipient's language when the notice is written (notify() sets it)."""

    def __init__(self, day: date):
        self.day = day

    def __str__(self) -> str:
        return short_date(self.day)


@dataclass(frozen=True)
class Due:
    cycle: Cycle
    work: Work
    due_on: date
    which: str  # domain/deadlines.reminder: "3_days", "1_day" or "overdue"


def _members(cycle: Cycle, stage: PanelStage, leaders_only: bool) -> list[tuple[PanelMember, User]]:
    """The active seats of the cycle's panels of `stage` held by active experts with an account."""
    query = (select(PanelMember, User).join(Panel, PanelMember.panel_id == Panel.id)
             .join(Expert, PanelMember.expert_id == Expert.id).join(Person, Expert.person_id == Person.id)
             .join(User, Person.user_id == User.id)
             .where(Panel.cycle_id == cycle.id, Panel.stage == stage, Panel.dissolved_at.is_(None),
                    Expert.status == ExpertStatus.ACTIVE)
             .options(selectinload(PanelMember.panel).selectinload(Panel.applicants)
                      .selectinload(PanelApplicant.application), selectinload(PanelMember.expert))
             .order_by(PanelMember.id))
    if leaders_only:
        query = query.where(PanelMember.is_leader.is_(True))
    return [(seat, user) for seat, user in db.session.execute(query)]


def _reviewable(cycle: Cycle, seat: PanelMember) -> list[int]:
    """The applications of the seat's panel the expert takes part in: one withheld for a conflict is not theirs to
    do (Art. 33)."""
    from reviewapp.conflicts import service

    return [entry.application_id for entry in seat.panel.applicants
            if not service.is_conflicted(cycle, seat.expert.person_id, entry.application.organization_id)]


def _with_open_sheets(cycle: Cycle) -> list[User]:
    submitted = {(application_id, expert_id) for application_id, expert_id in db.session.execute(
        select(ScoreSheet.application_id, ScoreSheet.expert_id).join(Application)
        .where(Application.cycle_id == cycle.id, ScoreSheet.stage == PanelStage.DOCUMENT_REVIEW,
               ScoreSheet.status == SheetStatus.SUBMITTED))}
    return [user for seat, user in _members(cycle, PanelStage.DOCUMENT_REVIEW, leaders_only=False)
            if any((application_id, seat.expert_id) not in submitted for application_id in _reviewable(cycle, seat))]


def _with_open_reports(cycle: Cycle, model, stage: PanelStage) -> list[User]:
    submitted = set(db.session.scalars(select(model.application_id).join(Panel, model.panel_id == Panel.id)
                                       .where(Panel.cycle_id == cycle.id, Panel.stage == stage,
                                              model.status == ReportStatus.SUBMITTED)))
    return [user for seat, user in _members(cycle, stage, leaders_only=True)
            if any(application_id not in submitted for application_id in _reviewable(cycle, seat))]


# The work each stage has due: (what, the cycle's date, who has not finished it)
WORK_OF_STAGE = {
    Stage.DOCUMENT_REVIEW: (
        (Work.SHEETS, "sheets_due_on", _with_open_sheets),
        (Work.REPORT, "report_due_on",
         lambda cycle: _with_open_reports(cycle, PanelReport, PanelStage.DOCUMENT_REVIEW))),
    Stage.COMPREHENSIVE_EVALUATION: (
        (Work.COMPREHENSIVE, "comprehensive_due_on",
         lambda cycle: _with_open_reports(cycle, ComprehensiveReport, PanelStage.ONSITE_REVIEW)),),
}


def _seated(cycle: Cycle, stage: PanelStage) -> list[User]:
    return list({user.id: user for _seat, user in _members(cycle, stage, leaders_only=False)}.values())


# The events each stage has dated: (what, the cycle's date, who takes part, the page to open)
EVENTS_OF_STAGE = {
    Stage.ONSITE_REVIEW: ((Work.VISITS, "visit_from", lambda cycle: _seated(cycle, PanelStage.ONSITE_REVIEW),
                           lambda cycle: app_path("main.index", "my-assignments")),),
    Stage.COMPREHENSIVE_EVALUATION: ((Work.MEETING, "group_meeting_on",
                                      lambda cycle: users_with(Role.LEADING_GROUP),
                                      lambda cycle: app_path("leading.cycle", cycle_id=cycle.id)),),
}


def _dated(by_stage: dict, today: date):
    """(cycle, its stage's entry, the entry's date, which reminder) for each date of the cycles in those stages that
    calls for a reminder today (domain/deadlines.reminder)."""
    for cycle in db.session.scalars(select(Cycle).where(Cycle.stage.in_(list(by_stage))).order_by(Cycle.id)):
        for entry in by_stage[cycle.stage]:
            on = getattr(cycle, entry[1])
            which = deadlines.reminder(deadlines.status(on, today))
            if which is not None:
                yield cycle, entry, on, which


def due_reminders(today: date) -> list[tuple[Due, list[User]]]:
    """Each reminder due today, with those who have not finished the work."""
    return [(Due(cycle, work, on, which), unfinished(cycle))
            for cycle, (work, _field, unfinished), on, which in _dated(WORK_OF_STAGE, today)]


def due_events(today: date) -> list[tuple[Due, list[User], str]]:
    """Each event reminder due today (3 days and 1 day before; none after), with who takes part and the link."""
    return [(Due(cycle, work, on, which), taking_part(cycle), link(cycle))
            for cycle, (work, _field, taking_part, link), on, which in _dated(EVENTS_OF_STAGE, today)
            if which != "overdue"]


def queue_reminders() -> int:
    """Queue the reminders due today in Benxi that are not queued yet; the number queued. Commits."""
    queued = 0
    for due, users in due_reminders(city_today()):
        for user in users:
            key = f"deadline:{due.cycle.id}:{due.work.value}:{due.due_on.isoformat()}:{due.which}:{user.id}"
            notice = notify(user, KIND[due.which], app_path("main.index", "my-assignments"), dedupe_key=key,
                            work=due.work, cycle=due.cycle.name, date=Day(due.due_on))
            queued += notice is not None
    for due, users, link in due_events(city_today()):
        for user in users:
            key = f"event:{due.cycle.id}:{due.work.value}:{due.due_on.isoformat()}:{due.which}:{user.id}"
            notice = notify(user, "event_soon", link, dedupe_key=key, work=due.work, cycle=due.cycle.name,
                            date=Day(due.due_on))
            queued += notice is not None
    queued += _queue_funds_report_reminders(city_today())
    db.session.commit()
    return queued


def funds_report_reminders(today: date) -> list[tuple[AwardRecord, FundsReportDuty, str, list[User]]]:
    """Issue 18, Art. 29: each standing award's use-of-funds report not received whose due date calls for a reminder
    today, with its organization's verified applicant logins (the office sees the same reports overdue in its
    to-do list)."""
    due = []
    for state in winner_states(today):
        for duty in state.funds:
            which = None if duty.received_on else deadlines.reminder(deadlines.status(duty.due_on, today))
            if which is not None:
                due.append((state.award, duty, which, organization_users(state.award.organization_id)))
    return due


def _queue_funds_report_reminders(today: date) -> int:
    queued = 0
    for award, duty, which, users in funds_report_reminders(today):
        kind = "funds_report_overdue" if which == "overdue" else "funds_report_soon"
        for user in users:
            key = f"funds:{award.id}:{duty.year}:{duty.due_on.isoformat()}:{which}:{user.id}"
            notice = notify(user, kind, app_path("winners.mine"), dedupe_key=key, year=duty.year,
                            date=Day(duty.due_on))
            queued += notice is not None
    return queued

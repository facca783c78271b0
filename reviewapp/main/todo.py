"""The office's to-do list (issue 17): what waits for the office, each line linking to where it is handled. Every line
is computed from the state of the records, so it disappears when the matter is handled; nothing is stored. Worst
first: what blocks people's work or breaks a rule (conflicts found late, overdue work, failed mail), then what waits
for a decision (new objections and reports, avoidance requests, possible conflicts, applications to accept, winners'
duties), then what runs out soon (notices ending) and what blocks a cycle's next stage."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.accounts.queries import awaiting_count
from reviewapp.city_calendar import city_date
from reviewapp.cycles.queries import LATE_CONFLICT
from reviewapp.deadline_text import short_date
from reviewapp.domain import deadlines
from reviewapp.domain.i18n import N_
from reviewapp.duplicates.queries import possible_conflict_count
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    ConflictDeclaration,
    CorrectionOutcome,
    CorrectionRequest,
    DeclarationKind,
    DeclarationStatus,
    Notice,
    OutboxMessage,
    OutboxStatus,
    PublicSubmission,
    Stage,
    SubmissionStatus,
)
from reviewapp.models.labelled_enum import label
from reviewapp.notifications.rendering import app_path
from reviewapp.winners.queries import overdue_duties

URGENT, DECIDE, SOON, STAGE = "urgent", "decide", "soon", "stage"
ORDER = (URGENT, DECIDE, SOON, STAGE)


@dataclass(frozen=True)
class Todo:
    key: str            # stable, for the page's ids and the tests: "late-conflicts-3", "submission-12"
    message: str        # an N_ msgid, rendered with `params` (already in the reader's language)
    link: str
    tone: str = DECIDE  # URGENT, DECIDE, SOON or STAGE: the list's order and the line's badge
    params: dict = field(default_factory=dict)
    cycle: str | None = None  # the cycle's name, shown before the line


# What the office reads of overdue work (reminders.Work says it to the experts in the second person)
OVERDUE = {
    "sheets": N_("%(n)s expert(s) have not submitted their document-review score sheets, due %(date)s"),
    "report": N_("%(n)s panel leader(s) have not submitted their document-review reports, due %(date)s"),
    "comprehensive": N_("%(n)s panel leader(s) have not submitted their comprehensive evaluation reports, due "
                        "%(date)s"),
}


FUNDS_ONE = N_("%(name)s: the use-of-funds report for year %(year)s after the award is overdue (due %(date)s, "
               "Art. 29)")
FUNDS_MANY = N_("%(name)s: %(n)s use-of-funds reports overdue, the earliest due %(date)s (Art. 29)")
MISUSE_OPEN = N_("%(name)s: the misuse report received %(date)s is still open (Art. 28)")


def office_todo(rows: list[dict], today: date) -> list[Todo]:
    """The list for the office's home; `rows` are the dashboard's (cycles.queries.dashboard_rows), which already hold
    each cycle's counts, late conflicts and blockers."""
    open_rows = [row for row in rows if row["cycle"].stage is not Stage.CLOSED]
    items = [*_late_conflicts(open_rows), *_overdue_work(open_rows, today), *_failed_mail(),
             *_new_submissions(), *_avoidance_requests(), *_recusal_requests(), *_possible_conflicts(open_rows),
             *_to_accept(open_rows), *_resubmitted(),
             *_winners_duties(today), *_registrations(),
             *_notices_ending(today), *_blockers(open_rows)]
    return sorted(items, key=lambda item: ORDER.index(item.tone))


def _late_conflicts(rows):
    for row in rows:
        cycle = row["cycle"]
        if row["late_conflicts"]:
            onsite = cycle.stage in (Stage.ONSITE_REVIEW, Stage.COMPREHENSIVE_EVALUATION)
            yield Todo(f"late-conflicts-{cycle.id}",
                       N_("%(n)s conflict(s) of interest found after the assignment: replace the experts (Art. 33)"),
                       app_path("panels.index", "late-conflicts", cycle_id=cycle.id,
                                stage="onsite_review" if onsite else "document_review"),
                       URGENT, {"n": row["late_conflicts"]}, cycle.name)


def _overdue_work(rows, today):
    from reviewapp.notifications.reminders import WORK_OF_STAGE  # the reminders' own list of who has work open

    for row in rows:
        cycle = row["cycle"]
        for work, date_field, unfinished in WORK_OF_STAGE.get(cycle.stage, ()):
            state = deadlines.status(getattr(cycle, date_field), today)
            if state is not None and state.overdue and (late := len(unfinished(cycle))):
                yield Todo(f"overdue-{work.value}-{cycle.id}", OVERDUE[work.value],
                           app_path("reports.overview", cycle_id=cycle.id), URGENT,
                           {"n": late, "date": short_date(state.due_on)}, cycle.name)


def _failed_mail():
    failed = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.status == OutboxStatus.FAILED))
    if failed:
        yield Todo("failed-notifications", N_("%(n)s notification(s) could not be sent: check the addresses"),
                   app_path("notifications.outbox", status="failed"), URGENT, {"n": failed})


def _new_submissions():
    for submission in db.session.scalars(select(PublicSubmission).where(
            PublicSubmission.status == SubmissionStatus.RECEIVED).order_by(PublicSubmission.id)):
        yield Todo(f"submission-{submission.id}", N_("New %(what)s, receipt %(receipt)s, filed %(date)s"),
                   app_path("submissions.show", submission_id=submission.id), DECIDE,
                   {"what": label(submission.kind), "receipt": submission.receipt,
                    "date": short_date(city_date(submission.created_at))})


def _avoidance_requests():
    pending = db.session.scalar(select(func.count()).select_from(ConflictDeclaration).where(
        ConflictDeclaration.kind == DeclarationKind.APPLICANT_REQUEST,
        ConflictDeclaration.status == DeclarationStatus.PENDING))
    if pending:
        yield Todo("avoidance-requests", N_("%(n)s avoidance request(s) await your decision (Art. 33)"),
                   app_path("graph.declarations", status="pending"), DECIDE, {"n": pending})


def _recusal_requests():
    """Issue 18, Art. 33: each recusal request an applicant organization sent, until the office decides on it."""
    from reviewapp.recusals.queries import pending

    for request in pending():
        yield Todo(f"recusal-{request.id}", N_("%(organization)s asks that named persons or organizations be avoided "
                                               "(Art. 33), sent %(date)s"),
                   app_path("recusals.show", request_id=request.id), DECIDE,
                   {"organization": request.application.organization.name,
                    "date": short_date(city_date(request.submitted_at))}, request.application.cycle.name)


def _registrations():
    """Issue 18: organizations that registered online wait for the office's check against the registry."""
    waiting = awaiting_count()
    if waiting:
        yield Todo("registrations", N_("%(n)s organization registration(s) await verification"),
                   app_path("accounts.pending"), DECIDE, {"n": waiting})


def _possible_conflicts(rows):
    for row in rows:
        cycle = row["cycle"]
        if found := possible_conflict_count(cycle):  # every open cycle, as the page that settles them lists them
            yield Todo(f"possible-conflicts-{cycle.id}",
                       N_("%(n)s possible conflict(s) to check: an expert's employer has the name of an organization "
                          "of an applicant's group (Art. 33)"),
                       app_path("duplicates.index", "possible-conflicts"), DECIDE, {"n": found}, cycle.name)


def _to_accept(rows):
    for row in rows:
        cycle = row["cycle"]
        waiting = row["counts"].get(ApplicationStatus.REGISTERED, 0)
        if waiting and cycle.stage is Stage.ACCEPTANCE_REVIEW:
            yield Todo(f"acceptance-{cycle.id}", N_("%(n)s application(s) await the acceptance decision (Art. 16)"),
                       app_path("cycles.show", "applications", cycle_id=cycle.id), DECIDE, {"n": waiting},
                       cycle.name)


def _resubmitted():
    """Art. 16: applications corrected and resubmitted by their organization, awaiting the office's review (the line
    goes once the office decides or sends the application back again)."""
    reopened = select(CorrectionRequest.application_id).where(CorrectionRequest.closed_at.is_(None))
    rows = db.session.execute(
        select(Application, func.max(CorrectionRequest.resubmitted_at))
        .join(CorrectionRequest, CorrectionRequest.application_id == Application.id)
        .where(CorrectionRequest.outcome == CorrectionOutcome.RESUBMITTED,
               Application.status == ApplicationStatus.REGISTERED, Application.id.not_in(reopened))
        .group_by(Application.id).order_by(Application.number)
        .options(selectinload(Application.organization), selectinload(Application.cycle)))
    for application, when in rows:
        yield Todo(f"resubmitted-{application.id}",
                   N_("%(number)s %(name)s: corrections resubmitted %(date)s, to review (Art. 16)"),
                   app_path("applications.show", "corrections", application_id=application.id), DECIDE,
                   {"number": application.number, "name": application.organization.name,
                    "date": short_date(city_date(when))}, application.cycle.name)


def _winners_duties(today):
    """Art. 28, 29: a winner's use-of-funds report past due, a misuse report left open (dates with their year: the
    duties run over years)."""
    for state in overdue_duties(today):
        award, name = state.award, state.award.organization.name
        funds, link = state.overdue_funds, app_path("winners.register", "funds", award_id=award.id)
        if len(funds) == 1:
            yield Todo(f"funds-{award.id}", FUNDS_ONE, link, DECIDE,
                       {"name": name, "year": funds[0].year, "date": funds[0].due_on.isoformat()})
        elif funds:
            yield Todo(f"funds-{award.id}", FUNDS_MANY, link, DECIDE,
                       {"name": name, "n": len(funds), "date": funds[0].due_on.isoformat()})
        for report in state.overdue_misuse:
            yield Todo(f"misuse-{report.id}", MISUSE_OPEN, app_path("winners.misuse", report_id=report.id), DECIDE,
                       {"name": name, "date": report.received_on.isoformat()})


def _notices_ending(today):
    """Running notices that end within deadlines.SOON_DAYS: the objections they collect (Art. 22) are due then."""
    for notice in db.session.scalars(select(Notice).where(
            Notice.withdrawn_at.is_(None), Notice.start_date <= today, Notice.end_date >= today,
            Notice.end_date <= today + timedelta(days=deadlines.SOON_DAYS))
            .options(selectinload(Notice.cycle)).order_by(Notice.end_date, Notice.id)):
        yield Todo(f"notice-ending-{notice.id}", N_("The notice \u201c%(title)s\u201d ends on %(date)s"),
                   app_path("notices.show", notice_id=notice.id), SOON,
                   {"title": notice.title, "date": short_date(notice.end_date)},
                   notice.cycle.name if notice.cycle else None)


def _blockers(rows):
    for row in rows:
        cycle = row["cycle"]
        for number, blocker in enumerate(row["blockers"]):
            if blocker.message != LATE_CONFLICT:  # listed once above, with their count
                yield Todo(f"blocker-{cycle.id}-{number}", blocker.message, app_path("cycles.show", cycle_id=cycle.id),
                           STAGE, blocker.params, cycle.name)

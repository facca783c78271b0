"""What the investigation and withdrawal pages read."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Candidate,
    Cycle,
    Investigation,
    ListEntry,
    OpinionRequest,
    Panel,
    PanelApplicant,
    PublicSubmission,
    Stage,
    SubmissionKind,
    Withdrawal,
)


def cycle_approved(cycle: Cycle) -> bool:
    """Art. 23: the city government approved the cycle's list (or the cycle is closed)."""
    return cycle.approved_on is not None or cycle.stage is Stage.CLOSED


def investigation(investigation_id: int) -> Investigation:
    return db.first_or_404(select(Investigation).where(Investigation.id == investigation_id).options(
        selectinload(Investigation.evidence), selectinload(Investigation.application)
        .selectinload(Application.organization)))


def seats_to_free(application: Application) -> list[PanelApplicant]:
    """The application's places on panels still at work (a dissolved panel's record stays as it was)."""
    return list(db.session.scalars(
        select(PanelApplicant).join(Panel).where(PanelApplicant.application_id == application.id,
                                                 Panel.dissolved_at.is_(None))
        .options(selectinload(PanelApplicant.panel).selectinload(Panel.applicants))))


def exclusion_preview(application: Application) -> dict:
    """What excluding (or withdrawing) the application would change, for the confirmation page."""
    return {"panels": [entry.panel for entry in seats_to_free(application)],
            "candidate": db.session.scalar(select(Candidate.id).where(
                Candidate.application_id == application.id)) is not None,
            "listed": db.session.scalar(select(ListEntry.id).where(
                ListEntry.application_id == application.id)) is not None}


def submissions_about(application: Application) -> list[PublicSubmission]:
    """Reports and objections the office linked to the applicant (an objection only if it is of this cycle)."""
    return list(db.session.scalars(
        select(PublicSubmission).where(PublicSubmission.organization_id == application.organization_id)
        .where((PublicSubmission.kind == SubmissionKind.MISCONDUCT)
               | (PublicSubmission.cycle_id == application.cycle_id))
        .order_by(PublicSubmission.id.desc())))


def opinions_on(application: Application) -> list[OpinionRequest]:
    return list(db.session.scalars(select(OpinionRequest).where(OpinionRequest.application_id == application.id)
                                   .order_by(OpinionRequest.id)))


def applications_for(submission: PublicSubmission) -> list[Application]:
    """The applications a report or objection may lead to investigate: the linked organization's (newest cycle
    first), or those of the objection's cycle when nothing is linked yet."""
    query = select(Application).options(selectinload(Application.organization), selectinload(Application.cycle))
    if submission.organization_id is not None:
        query = query.where(Application.organization_id == submission.organization_id)
    elif submission.cycle_id is not None:
        query = query.where(Application.cycle_id == submission.cycle_id)
    else:
        return []
    return [a for a in db.session.scalars(query.order_by(Application.cycle_id.desc(), Application.number))
            if not cycle_approved(a.cycle)]


def cycle_investigations(cycle: Cycle) -> list[Investigation]:
    return list(db.session.scalars(
        select(Investigation).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(Investigation.application).selectinload(Application.organization))
        .order_by(Investigation.id.desc())))


def cycle_withdrawals(cycle: Cycle) -> list[Withdrawal]:
    return list(db.session.scalars(
        select(Withdrawal).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(Withdrawal.application).selectinload(Application.organization))
        .order_by(Withdrawal.received_on.desc(), Withdrawal.id.desc())))


def investigations_of(submission: PublicSubmission) -> list[Investigation]:
    return list(db.session.scalars(select(Investigation).where(Investigation.submission_id == submission.id)
                                   .order_by(Investigation.id)))

"""What the organization's pages read (issue 18): its applications and their status in words (Art. 16, 21, 23),
built only from what the organization may know (Art. 33)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.awards.queries import commendation_of
from reviewapp.city_calendar import city_today
from reviewapp.cycles.queries import current_notice
from reviewapp.domain.applicant_status import ApplicantStatus, StatusFacts, applicant_status
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    AwardRecord,
    CommendationDecision,
    Cycle,
    NoticeKind,
    Organization,
)
from reviewapp.permissions import applicant_organization


def applications_of(organization: Organization) -> list[Application]:
    return list(db.session.scalars(
        select(Application).join(Cycle, Application.cycle_id == Cycle.id)
        .where(Application.organization_id == organization.id)
        .options(selectinload(Application.cycle), selectinload(Application.corrections))
        .order_by(Cycle.year.desc(), Application.id.desc())))


def results_public(cycle: Cycle) -> bool:
    """Art. 23: the results exist for anyone outside the office once the city government's approval is recorded."""
    return cycle.approved_on is not None


def on_public_proposed_notice(application: Application) -> bool:
    """Art. 21: on the proposed-winner notice, counted only once that notice is public (not before its start)."""
    notice = current_notice(application.cycle, NoticeKind.PROPOSED_WINNERS)
    if notice is None or notice.start_date > city_today():
        return False
    return any(entry.get("application_id") == application.id for entry in notice.entries or [])


def award_of(application: Application) -> AwardRecord | None:
    """The award this application won, once the results are public (Art. 23)."""
    if not results_public(application.cycle):
        return None
    return db.session.scalar(select(AwardRecord).where(AwardRecord.cycle_id == application.cycle_id,
                                                       AwardRecord.organization_id == application.organization_id))


def status_of(application: Application) -> ApplicantStatus:
    request = application.open_correction
    award = award_of(application)
    facts = StatusFacts(
        status=application.status.value, stage=application.cycle.stage.value,
        decision_reason=application.decision_reason,
        correction_missing=request.missing if request else None, correction_due=request.due_on if request else None,
        on_public_proposed_notice=on_public_proposed_notice(application),
        results_public=results_public(application.cycle), awarded_level=award.kind.value if award else None)
    return applicant_status(facts)


def feedback_available(application: Application) -> bool:
    """Art. 26: the feedback report goes to an accepted applicant once the cycle's results are public (Art. 23)."""
    return application.status is ApplicationStatus.ACCEPTED and results_public(application.cycle)


def commendation_for(award: AwardRecord | None) -> CommendationDecision | None:
    return commendation_of(award.cycle_id) if award is not None and award.cycle_id else None


def home_applications(user) -> list[tuple[Application, ApplicantStatus]]:
    """The applicant's home: its organization's applications with their status in words."""
    organization = applicant_organization(user)
    if organization is None:
        return []
    return [(application, status_of(application)) for application in applications_of(organization)]

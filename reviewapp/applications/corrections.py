"""Art. 16: sending an application back for correction (补正), the organization's correction and resubmission.
Every change is audited; the organization's users and the office are told (notifications/kinds.py)."""
from datetime import date

from sqlalchemy import select

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.domain import correction
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import Application, CorrectionOutcome, CorrectionRequest, OrganizationAccount, Role, User
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify, notify_office
from reviewapp.notifications.rendering import app_path


def open_request_of(application: Application) -> correction.OpenRequest | None:
    request = application.open_correction
    return correction.OpenRequest(request.id, request.missing, request.due_on) if request else None


def organization_users(application: Application) -> list[User]:
    """The verified, active applicant logins of the application's organization (issue 18)."""
    accounts = db.session.scalars(select(OrganizationAccount).where(
        OrganizationAccount.organization_id == application.organization_id,
        OrganizationAccount.verified_at.is_not(None)))
    return [a.user for a in accounts if a.user.active and a.user.has_role(Role.APPLICANT)]


def send_back(application: Application, missing: str, due_on: date | None, acting) -> CorrectionRequest:
    refusal = correction.send_back_refusal(application.cycle.stage.value, application.status.value,
                                           open_request_of(application), missing, due_on, city_today())
    if refusal:
        raise Refused(*refusal)
    request = CorrectionRequest(application=application, missing=missing.strip(), due_on=due_on,
                                requested_by_id=acting.id, requested_at=utcnow())
    db.session.add(request)
    audit.record("correction_requested", request, user=acting,
                 details={"application": application.number, "missing": request.missing,
                          "due_on": due_on.isoformat()})
    for user in organization_users(application):
        notify(user, "correction_requested", app_path("tracking.show", application_id=application.id),
               number=application.number, date=due_on.isoformat())
    db.session.commit()
    return request


def withdraw(request: CorrectionRequest, acting) -> None:
    if not request.is_open:
        raise Refused(N_("This correction request is already closed."))
    _close(request, CorrectionOutcome.WITHDRAWN, acting)
    audit.record("correction_withdrawn", request, user=acting, details={"application": request.application.number})
    db.session.commit()


def close_lapsed(application: Application, acting) -> None:
    """Art. 16: the office rejects an application not corrected by the due date; the request closes with it
    (in the decision's transaction, committed by the caller)."""
    request = application.open_correction
    if request is not None:
        _close(request, CorrectionOutcome.LAPSED, acting)
        audit.record("correction_lapsed", request, user=acting, details={"application": application.number})


def resubmit(application: Application, note: str, acting) -> CorrectionRequest:
    request = application.open_correction
    refusal = correction.resubmit_refusal(open_request_of(application), application.cycle.stage.value,
                                          application.status.value)
    if refusal:
        raise Refused(*refusal)
    request.resubmitted_at, request.resubmitted_by_id = utcnow(), acting.id
    request.resubmission_note = note.strip() or None
    _close(request, CorrectionOutcome.RESUBMITTED, acting)
    audit.record("correction_resubmitted", request, user=acting,
                 details={"application": application.number, "note": request.resubmission_note})
    notify_office("correction_resubmitted", app_path("applications.show", application_id=application.id),
                  number=application.number, organization=application.organization.name)
    db.session.commit()
    return request


def _close(request: CorrectionRequest, outcome: CorrectionOutcome, acting) -> None:
    request.closed_at, request.closed_by_id, request.outcome = utcnow(), acting.id, outcome

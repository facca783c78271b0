"""Opinions the office solicits about an applicant (征求意见, Art. 8(4), 9): a request to a department (market
regulation, ecology and environment, emergency management, taxation ...) and its reply, with an optional scanned
copy checked by its content like the application's materials. Every write is audited."""
from datetime import date

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.domain.i18n import N_
from reviewapp.domain.opinions import check_reply_dates, check_request_dates
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationStatus, OpinionRequest, Stage
from reviewapp.models.base import utcnow
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

# Opinions are sought from the application up to the objections; approval (Art. 23) rests on what came in by then.
OPEN_STAGES = (Stage.APPLICATION, Stage.ACCEPTANCE_REVIEW, Stage.PANELS, Stage.DOCUMENT_REVIEW, Stage.ONSITE_REVIEW,
               Stage.COMPREHENSIVE_EVALUATION, Stage.PROPOSED_NOTICE, Stage.OBJECTIONS)


def can_request(application: Application) -> bool:
    return application.cycle.stage in OPEN_STAGES and \
        application.status in (ApplicationStatus.REGISTERED, ApplicationStatus.ACCEPTED)


def _refusal(found: tuple[str, dict] | None, field: str | None = None) -> None:
    if found:
        raise Refused(found[0], found[1], field=field)


def request_opinion(application: Application, department: str, subject: str, sent_on: date, reply_due: date,
                    acting) -> OpinionRequest:
    if not can_request(application):
        raise Refused(N_("Opinions on this application can no longer be requested (Art. 9)."))
    _refusal(check_request_dates(sent_on, reply_due, city_today()), "reply_due")
    opinion = OpinionRequest(application=application, department=department.strip(), subject=subject.strip(),
                             sent_on=sent_on, reply_due=reply_due, requested_by_id=acting.id)
    db.session.add(opinion)
    audit.record("opinion_requested", opinion, user=acting,
                 details={"application": application.number, "department": opinion.department,
                          "date": sent_on.isoformat(), "due": reply_due.isoformat()})
    db.session.commit()
    return opinion


def record_reply(opinion: OpinionRequest, replied_on: date, text: str, raises_problem: bool,
                 scan: tuple[str, bytes] | None, acting) -> None:
    """The department's reply, once; its scan (if any) is stored under a generated name and removed again if
    recording fails, so no orphan file or half-written record remains."""
    if opinion.replied_on is not None:
        raise Refused(N_("The reply to this request is already recorded."))
    if opinion.application.cycle.stage is Stage.CLOSED:
        raise Refused(N_("The cycle is closed; its records can no longer be changed."))
    _refusal(check_reply_dates(opinion.sent_on, replied_on, city_today()), "replied_on")
    stored = store_upload(*scan, field="scan") if scan is not None else None
    with kept_if_committed(stored):
        if stored is not None:
            opinion.scan_stored_name, opinion.scan_name = stored.stored_name, stored.original_name
            opinion.scan_mimetype, opinion.scan_size, opinion.scan_sha256 = stored.mimetype, stored.size, stored.sha256
        opinion.replied_on, opinion.reply_text, opinion.raises_problem = replied_on, text.strip(), raises_problem
        opinion.reply_recorded_by_id, opinion.reply_recorded_at = acting.id, utcnow()
        audit.record("opinion_reply_recorded", opinion, user=acting,
                     details={"application": opinion.application.number, "department": opinion.department,
                              "date": replied_on.isoformat(), "raises_problem": raises_problem,
                              "sha256": opinion.scan_sha256})
        db.session.commit()


def scan_path(opinion: OpinionRequest):
    return upload_folder() / opinion.scan_stored_name

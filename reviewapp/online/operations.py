"""Writes of the online application (issue 18, Art. 14-16): the organization's draft and files, its submission to
the recommender, taking it back, and the recommender's signed opinion or refusal. Signing registers the application
through the office's own registration (applications/operations.create_application). Every change is audited."""
from datetime import date

from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.applications.eligibility import cycle_facts, organization_facts
from reviewapp.applications.forms import APPLICATION_FORM_FIELDS
from reviewapp.applications.operations import create_application, form_data_from_form, self_assessment_from_form
from reviewapp.city_calendar import city_today
from reviewapp.domain import eligibility as eligibility_rules
from reviewapp.domain.i18n import N_
from reviewapp.domain.online_application import opening_refusal, signing_refusal, submission_problems
from reviewapp.domain.standard import load_standard
from reviewapp.errors import Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.models import (
    ApplicationDraft,
    AwardKind,
    Cycle,
    DraftStatus,
    Material,
    MaterialKind,
    Organization,
    Role,
)
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify, notify_office
from reviewapp.notifications.rendering import app_path
from reviewapp.online import queries
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

# what the organization uploads to its draft; the recommender's stamped letter is the recommender's own upload
DRAFT_KINDS = (MaterialKind.APPLICATION_FORM, MaterialKind.SELF_ASSESSMENT_REPORT, MaterialKind.SUPPORTING)


def _check_open(cycle: Cycle) -> None:
    refusal = opening_refusal(queries.call_facts(cycle))
    if refusal is not None:
        raise Refused(*refusal)


def _check_editable(draft: ApplicationDraft) -> None:
    if not draft.editable:
        raise Refused(N_("This application has been submitted: it can no longer be changed."))
    _check_open(draft.cycle)


def start_draft(cycle: Cycle, organization: Organization, acting) -> ApplicationDraft:
    """Art. 15: one online application per organization and cycle, and none beside a registered (paper) one."""
    existing = queries.draft_of(organization, cycle)
    if existing is not None:
        return existing
    _check_open(cycle)
    if queries.application_of(organization, cycle) is not None:
        raise Refused(N_("The office has already registered an application of your organization in this cycle."))
    draft = ApplicationDraft(cycle_id=cycle.id, organization_id=organization.id, form_data={}, self_assessment={},
                             created_by_id=acting.id, updated_by_id=acting.id)
    db.session.add(draft)
    try:
        db.session.flush()
    except IntegrityError:  # the organization's other user started it at the same moment
        db.session.rollback()
        raise Refused(N_("Your organization's application was started at the same moment by another of its users; "
                         "open it from the home page.")) from None
    audit.record("draft_started", draft, user=acting, details={"cycle_id": cycle.id,
                                                               "organization_id": organization.id})
    db.session.commit()
    return draft


def save_draft(draft: ApplicationDraft, data: dict, expected_version: int, acting) -> None:
    """Saving never asks for completeness: the organization fills its draft in as many sittings as it needs."""
    _check_editable(draft)
    if draft.version != expected_version:
        raise StaleWrite
    draft.award = AwardKind(data["award"])
    draft.form_data = form_data_from_form(data["form_data"])
    draft.self_assessment = self_assessment_from_form(draft.cycle.standard_version, data["self_assessment"])
    draft.recommender_id = data["recommender_id"] or None
    draft.updated_by_id, draft.updated_at = acting.id, utcnow()
    audit.record("draft_saved", draft, user=acting, details={
        "award": draft.award.value, "recommender_id": draft.recommender_id,
        "items": len(draft.self_assessment), "fields": sorted(draft.form_data)})
    db.session.commit()


def add_file(draft: ApplicationDraft, kind: str, filename: str, data: bytes, acting) -> Material:
    """Checked by its content (reviewapp/uploads.py), stored under a generated name, recorded on the draft."""
    _check_editable(draft)
    if kind not in {k.value for k in DRAFT_KINDS}:
        raise Refused(N_("Choose what the file is."))
    stored = store_upload(filename, data)
    with kept_if_committed(stored):
        material = Material(draft=draft, kind=MaterialKind(kind), uploaded_by_id=acting.id, **stored.columns())
        db.session.add(material)
        draft.updated_by_id, draft.updated_at = acting.id, utcnow()
        audit.record("draft_file_uploaded", material, user=acting, details={
            "draft_id": draft.id, "kind": kind, "name": material.original_name, "size": material.size,
            "sha256": material.sha256})
        db.session.commit()
    return material


def remove_file(material: Material, acting) -> None:
    """Only a draft's own file, while the draft is a draft: the record and the file go."""
    draft = material.draft
    if draft is None or material.application_id is not None:
        raise Refused(N_("This file belongs to a registered application: it cannot be removed."))
    _check_editable(draft)
    path = upload_folder() / material.stored_name
    audit.record("draft_file_removed", material, user=acting, details={
        "draft_id": draft.id, "name": material.original_name, "sha256": material.sha256})
    db.session.delete(material)
    draft.updated_by_id, draft.updated_at = acting.id, utcnow()
    db.session.commit()
    path.unlink(missing_ok=True)


def submission_refusals(draft: ApplicationDraft) -> list[tuple[str, dict]]:
    """Art. 11, 12, 15, 30-32: what keeps the draft from going to its recommender, each reason explained."""
    codes = [item.code for item in load_standard(draft.cycle.standard_version).items]
    labels = {name: label for name, (label, _kind) in APPLICATION_FORM_FIELDS.items()}  # lazy: shown in a request
    problems = submission_problems(queries.call_facts(draft.cycle), queries.draft_facts(draft), codes, labels)
    if problems:
        return problems
    report = eligibility_rules.check_eligibility(organization_facts(draft.organization), cycle_facts(draft.cycle),
                                                 draft.award.value, judgements=[])
    if report.failed_automatic:  # the office's judgements (Art. 11(1), (3)-(5)) stay pending: the office decides
        # each failed check as the office's eligibility report explains it: the rule's sentence, then its records
        return [(N_("The automatic eligibility checks refuse the application (Art. 11, 12, 30-32):"), {})] + \
            [problem for check in report.failed_automatic
             for problem in [(check.message, check.params), *((e.message, e.params) for e in check.evidence)]]
    return []


def submit(draft: ApplicationDraft, expected_version: int, acting) -> None:
    if not draft.editable:
        raise Refused(N_("This application has been submitted already."))
    if draft.version != expected_version:
        raise StaleWrite
    problems = submission_refusals(draft)
    if problems:
        raise Refused.because_of(problems)
    draft.status, draft.submitted_at, draft.submitted_by_id = DraftStatus.AWAITING_RECOMMENDATION, utcnow(), acting.id
    draft.decline_reason = draft.declined_at = draft.declined_by_id = None
    audit.record("draft_submitted", draft, user=acting, details={"recommender_id": draft.recommender_id,
                                                                 "award": draft.award.value})
    for user in queries.users_of(draft.recommender, Role.RECOMMENDER):
        notify(user, "draft_submitted", app_path("online.opinion", draft_id=draft.id),
               organization=draft.organization.name, cycle=draft.cycle.name)
    db.session.commit()


def take_back(draft: ApplicationDraft, acting) -> None:
    """Before the recommender signs, the organization may take its submission back to change it."""
    if draft.status is not DraftStatus.AWAITING_RECOMMENDATION:
        raise Refused(N_("Only an application awaiting its recommender can be taken back."))
    draft.status, draft.updated_by_id, draft.updated_at = DraftStatus.DRAFT, acting.id, utcnow()
    audit.record("draft_taken_back", draft, user=acting, details={"recommender_id": draft.recommender_id})
    db.session.commit()


def _check_awaiting(draft: ApplicationDraft) -> None:
    if draft.status is not DraftStatus.AWAITING_RECOMMENDATION:
        raise Refused(N_("This application no longer awaits your opinion."))


def sign(draft: ApplicationDraft, opinion: str, signatory: str, signed_on: date, scan: tuple[str, bytes], acting):
    """Art. 15: the recommender's signed opinion with its stamped letter registers the application with the office,
    in one transaction: the application (as the office registers one), the draft's files moved to it, the letter."""
    _check_awaiting(draft)
    refusal = signing_refusal(draft.cycle.stage.value, queries.submitted_on(draft), draft.cycle.application_deadline)
    if refusal is not None:
        raise Refused(*refusal)
    if signed_on > city_today():
        raise Refused(N_("The opinion cannot be dated after today."), field="signed_on")
    stored = store_upload(*scan, field="scan")
    with kept_if_committed(stored):
        application = create_application(
            draft.cycle, draft.organization_id, draft.award, dict(draft.form_data), dict(draft.self_assessment),
            draft.recommender_id, opinion, signatory, signed_on, acting, details={"online": True,
                                                                                  "draft_id": draft.id})
        letter = Material(draft=draft, kind=MaterialKind.RECOMMENDATION_LETTER, uploaded_by_id=acting.id,
                          **stored.columns())
        db.session.add(letter)
        for material in [*draft.materials, letter]:
            material.application = application
        draft.status, draft.application = DraftStatus.REGISTERED, application
        audit.record("draft_signed", draft, user=acting, details={
            "number": application.number, "signatory": signatory.strip(), "signed_on": signed_on.isoformat(),
            "letter": letter.original_name, "sha256": letter.sha256})
        link = app_path("applications.show", application_id=application.id)
        notify_office("online_application_registered", link, number=application.number,
                      organization=draft.organization.name)
        for user in queries.users_of(draft.organization, Role.APPLICANT):
            notify(user, "draft_registered", app_path("main.index"), number=application.number,
                   cycle=draft.cycle.name)
        db.session.commit()
    return application


def decline(draft: ApplicationDraft, reason: str, acting) -> None:
    """The recommender declines with its reason; the organization may choose another recommender or change its
    application and submit again."""
    _check_awaiting(draft)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(N_("Give the reason: the organization reads it."), field="reason")
    draft.status, draft.decline_reason = DraftStatus.DECLINED, reason
    draft.declined_at, draft.declined_by_id = utcnow(), acting.id
    audit.record("draft_declined", draft, user=acting, details={"reason": reason})
    for user in queries.users_of(draft.organization, Role.APPLICANT):
        notify(user, "draft_declined", app_path("main.index"), cycle=draft.cycle.name)
    db.session.commit()

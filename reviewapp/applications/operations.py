"""Registering applications (Art. 15), their materials, the office's judgements and the acceptance decision
(Art. 16). Every change is audited."""
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.applications import corrections
from reviewapp.applications.acceptance import checklist_for
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.city_calendar import city_today
from reviewapp.cycles.queries import current_notice
from reviewapp.domain import correction
from reviewapp.domain.acceptance import acceptance_refusal
from reviewapp.domain.call import registration_refusal
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard
from reviewapp.errors import BatchRefused, Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    AwardKind,
    Cycle,
    JudgementRecord,
    Material,
    MaterialKind,
    NoticeKind,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from reviewapp.models.base import utcnow
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

EDITABLE_STAGES = (Stage.APPLICATION, Stage.ACCEPTANCE_REVIEW)


def self_assessment_from_form(version: str, data: dict) -> dict[str, int]:
    standard = load_standard(version)
    percents = {}
    for item in standard.items:
        value = data.get(item.code.replace(".", "_"))
        if value not in (None, ""):
            percents[item.code] = int(value)
    return percents


def form_data_from_form(data: dict) -> dict:
    return {name: (value.strip() if isinstance(value, str) else value)
            for name, value in data.items() if value not in (None, "")}


def _next_number(cycle: Cycle) -> str:
    count = db.session.scalar(select(func.count()).select_from(Application).where(Application.cycle_id == cycle.id))
    return f"{cycle.year}-{count + 1:03d}"


def _record_recommendation(application: Application, acting) -> None:
    """The recommender's opinion is also a `recommended` relation of the affiliation graph (recusal rule R6)."""
    relation = Relation(type=RelationType.RECOMMENDED, from_org_id=application.recommender_id,
                        to_org_id=application.organization_id, start_date=application.recommendation_date,
                        source=RelationSource.OFFICE, recorded_by_id=acting.id,
                        note=f"申报 {application.number} 的推荐意见")  # stored data: in the office's language
    db.session.add(relation)
    audit.record("relation_created", relation, user=acting,
                 details={"type": "recommended", "application": application.number})


def _check_open_for_registration(cycle: Cycle) -> None:
    if cycle.stage is not Stage.APPLICATION:
        raise Refused(N_("Applications are registered while the cycle is in its application stage (Art. 15)."))
    # Art. 15: the deadline of the current call (publish_call copies it to the cycle), as Benxi counts days
    refusal = registration_refusal(cycle.application_deadline, city_today())
    if refusal is not None:
        raise Refused(*refusal)


def register_application(cycle: Cycle, data: dict, acting) -> Application:
    """The office registers a paper application (Art. 15) with the recommender's signed opinion."""
    _check_open_for_registration(cycle)
    application = create_application(
        cycle, data["organization_id"], AwardKind(data["award"]), form_data_from_form(data["form_data"]),
        self_assessment_from_form(cycle.standard_version, data["self_assessment"]), data["recommender_id"],
        data["recommendation_opinion"], data["recommendation_signatory"], data["recommendation_date"], acting)
    db.session.commit()
    return application


def create_application(cycle: Cycle, organization_id: int, award: AwardKind, form_data: dict,
                       self_assessment: dict[str, int], recommender_id: int, opinion: str, signatory: str,
                       signed_on, acting, *, details: dict | None = None) -> Application:
    """Art. 15: the application with its number, form, self-assessment and the recommender's signed opinion (also
    the graph's `recommended` relation), audited; not committed. Both ways in share it: the office's registration
    of a paper application and the recommender's signature on an online one (reviewapp/online)."""
    if db.session.scalar(select(Application.id).where(Application.cycle_id == cycle.id,
                                                      Application.organization_id == organization_id)):
        raise Refused(N_("This organization has already applied in this cycle."))
    application = Application(
        cycle_id=cycle.id, organization_id=organization_id, number=_next_number(cycle), award=award,
        form_data=form_data, self_assessment=self_assessment, recommender_id=recommender_id,
        recommendation_opinion=opinion.strip(), recommendation_signatory=signatory.strip(),
        recommendation_date=signed_on, registered_by_id=acting.id)
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError:  # two registrations at once took the same number or organization
        db.session.rollback()
        raise Refused(N_("The application could not be registered because of a simultaneous change; "
                      "please try again.")) from None
    audit.record("application_registered", application, user=acting,
                 details={"number": application.number, "organization_id": application.organization_id,
                          "award": application.award.value, **(details or {})})
    _record_recommendation(application, acting)
    return application


def _check_editable(application: Application) -> None:
    if application.cycle.stage not in EDITABLE_STAGES or application.status is not ApplicationStatus.REGISTERED:
        raise Refused(N_("This application can no longer be changed."))


def _check_correctable(application: Application) -> None:
    """The organization changes its application only to answer an open correction request (Art. 16)."""
    if application.open_correction is None:
        raise Refused(N_("Your application can be changed only while it is sent back for correction."))
    _check_editable(application)


def correct_application(application: Application, data: dict, expected_version: int, acting) -> None:
    """Art. 16: the organization corrects its form and self-assessment; the office's fields (the recommendation,
    the award applied for) stay as they are."""
    _check_correctable(application)
    if application.version != expected_version:
        raise StaleWrite
    application.form_data = form_data_from_form(data["form_data"])
    application.self_assessment = self_assessment_from_form(application.cycle.standard_version,
                                                            data["self_assessment"])
    audit.record("application_corrected", application, user=acting,
                 details={"number": application.number, "correction": application.open_correction.id})
    db.session.commit()


def update_application(application: Application, data: dict, expected_version: int, acting) -> None:
    _check_editable(application)
    if application.version != expected_version:
        raise StaleWrite
    recommender_changed = application.recommender_id != data["recommender_id"] or \
        application.recommendation_date != data["recommendation_date"]
    application.award = AwardKind(data["award"])
    application.form_data = form_data_from_form(data["form_data"])
    application.self_assessment = self_assessment_from_form(application.cycle.standard_version,
                                                            data["self_assessment"])
    application.recommender_id = data["recommender_id"]
    application.recommendation_opinion = data["recommendation_opinion"].strip()
    application.recommendation_signatory = data["recommendation_signatory"].strip()
    application.recommendation_date = data["recommendation_date"]
    audit.record("application_updated", application, user=acting, details={"number": application.number})
    if recommender_changed:
        _record_recommendation(application, acting)
    db.session.commit()


def add_material(application: Application, kind: str, filename: str, data: bytes, acting,
                 replaces: Material | None = None, *, by_organization: bool = False) -> Material:
    """Check the file by its content, store it under a generated name outside the static folder, then record it.
    If recording fails the file is removed again, so no orphan file or half-written record remains. A new version
    of a file (`replaces`) keeps the earlier one, marked superseded (Art. 16: every version is kept)."""
    _check_correctable(application) if by_organization else _check_editable(application)
    if replaces is not None and (replaces.application_id != application.id or replaces.superseded_at is not None):
        raise Refused(N_("Only a current file of this application can be replaced by a new version."))
    stored = store_upload(filename, data)
    with kept_if_committed(stored):
        material = Material(application=application, kind=replaces.kind if replaces else MaterialKind(kind),
                            uploaded_by_id=acting.id, replaces_id=replaces.id if replaces else None,
                            **stored.columns())
        if replaces is not None:
            replaces.superseded_at = utcnow()
        db.session.add(material)
        audit.record("material_uploaded", material, user=acting,
                     details={"application": application.number, "name": material.original_name,
                              "size": material.size, "sha256": material.sha256,
                              "replaces": replaces.id if replaces else None})
        db.session.commit()
    return material


def version_history(material: Material) -> list[Material]:
    """The earlier versions a current file replaced, newest first."""
    earlier, seen = [], {material.id}
    while material.replaces is not None and material.replaces.id not in seen:
        material = material.replaces
        seen.add(material.id)
        earlier.append(material)
    return earlier


def material_path(material: Material) -> Path:
    return upload_folder() / material.stored_name


def record_judgement(application: Application, item: str, passed: bool, note: str, acting) -> JudgementRecord:
    _check_editable(application)
    record = JudgementRecord(application=application, item=item, passed=passed, note=note.strip(),
                             recorded_by_id=acting.id)
    db.session.add(record)
    audit.record("judgement_recorded", record, user=acting,
                 details={"application": application.number, "item": item, "passed": passed})
    db.session.commit()
    return record


def decide(application: Application, accept: bool, reason: str | None, override_reason: str | None, acting) -> None:
    """Art. 16: accept or reject with a reason. Accepting needs the checklist of Art. 15-16 complete (materials,
    the recommender's signed opinion, the office's judgements, the automatic checks, the solicited opinions) or a
    written reason answering for every missing or failed item; decisions are final once the acceptance notice is
    published."""
    _record_decision(application, accept, reason, override_reason, acting)
    db.session.commit()


def decide_many(decisions: list[tuple[Application, str | None, str | None]], accept: bool, acting) -> None:
    """Art. 16, issue 17: one decision (accept or reject) on several applications, each with its own reason and,
    to accept over open checklist items, its own written reason. Each goes through the single decision's rules;
    all or nothing: when any is refused nothing is written and BatchRefused names each refused one and why."""
    refusals = {}
    for application, reason, override_reason in decisions:
        try:
            _record_decision(application, accept, reason, override_reason, acting)
        except Refused as refusal:
            refusals[application.id] = refusal.problems
    if refusals or not decisions:
        db.session.rollback()
        raise BatchRefused(refusals) if refusals else Refused(N_("Choose at least one application."))
    db.session.commit()


def _record_decision(application: Application, accept: bool, reason: str | None, override_reason: str | None,
                     acting) -> None:
    cycle = application.cycle
    if cycle.stage is not Stage.ACCEPTANCE_REVIEW:
        raise Refused(N_("Applications are accepted or rejected during the acceptance review (Art. 16)."))
    if current_notice(cycle, NoticeKind.ACCEPTANCE) is not None:
        raise Refused(N_("The acceptance notice is published; withdraw it before changing a decision."))
    reason, override_reason = (reason or "").strip() or None, (override_reason or "").strip() or None
    checklist = checklist_for(application)
    report = eligibility_report(application)
    failed = [check.rule for check in report.failed_automatic]
    if not accept and not reason:
        raise Refused(N_("A rejection needs its reason."))
    # Art. 16: not accepted while sent back for correction; rejected for not correcting only once it is overdue
    open_request = corrections.open_request_of(application)
    if refusal := (correction.accept_refusal(open_request) if accept
                   else correction.reject_refusal(open_request, city_today())):
        raise Refused(*refusal)
    if not accept:
        corrections.close_lapsed(application, acting)
    if accept and (refusal := acceptance_refusal(checklist, override_reason)):
        raise Refused(*refusal)
    overridden = accept and not checklist.complete
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED
    application.decision_reason = reason
    application.override_reason = override_reason if overridden else None
    application.accepted_over = checklist.open_codes if overridden else None
    application.decided_by_id, application.decided_at = acting.id, utcnow()
    audit.record("application_accepted" if accept else "application_rejected", application, user=acting,
                 details={"number": application.number, "reason": reason,
                          "override_reason": application.override_reason, "accepted_over": application.accepted_over,
                          "open_items": checklist.open_codes, "eligibility": report.outcome.value,
                          "failed_checks": failed})

"""Opening an investigation (Art. 8(4)), its evidence and conclusion; the exclusion and the Art. 30 ban it writes;
reversing an exclusion; recording a withdrawal (Art. 5). Every change is audited and committed here."""
from pathlib import Path

from sqlalchemy import delete, select

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.domain import investigation as rules
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.investigations.queries import cycle_approved, seats_to_free
from reviewapp.models import (
    Application,
    ApplicationStatus,
    Candidate,
    FindingKind,
    Investigation,
    InvestigationConclusion,
    InvestigationEvidence,
    InvestigationSource,
    ListChange,
    ListChangeSource,
    ListEntry,
    MisconductFinding,
    OpinionRequest,
    PublicSubmission,
    SubmissionKind,
    Withdrawal,
)
from reviewapp.models.base import utcnow
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

SOURCE_KIND = {InvestigationSource.REPORT: SubmissionKind.MISCONDUCT,
               InvestigationSource.OBJECTION: SubmissionKind.OBJECTION}


def _ensure(check: rules.Check, field: str | None = None) -> None:
    if not check.ok:
        raise Refused(check.message, check.params, field=field)


def _take_version(investigation: Investigation, expected: int) -> None:
    if investigation.version != expected:
        raise StaleWrite


def _check_source(application: Application, source: InvestigationSource, submission: PublicSubmission | None,
                  opinion: OpinionRequest | None) -> None:
    """The investigation names what it comes from: the report or objection about this applicant, the opinion on
    this application, or nothing for the office's own finding (Art. 8(4), 9)."""
    if source in SOURCE_KIND:
        if submission is None or submission.kind is not SOURCE_KIND[source]:
            raise Refused(N_("Choose the report or objection the investigation comes from."), field="submission_id")
        if submission.organization_id not in (None, application.organization_id):
            raise Refused(N_("That submission is about another organization."), field="submission_id")
    elif source is InvestigationSource.OPINION:
        if opinion is None or opinion.application_id != application.id:
            raise Refused(N_("Choose the solicited opinion on this application the investigation comes from."),
                          field="opinion_request_id")


def open_investigation(application: Application, source: str, submission: PublicSubmission | None,
                       opinion: OpinionRequest | None, scope: str, acting) -> Investigation:
    _ensure(rules.may_investigate(cycle_approved(application.cycle)))
    source = InvestigationSource(source)
    _check_source(application, source, submission, opinion)
    if not scope.strip():
        raise Refused(N_("Say what the investigation examines."), field="scope")
    investigation = Investigation(
        application=application, source=source,
        submission_id=submission.id if source in SOURCE_KIND else None,
        opinion_request_id=opinion.id if source is InvestigationSource.OPINION else None,
        scope=scope.strip(), opened_by_id=acting.id)
    db.session.add(investigation)
    db.session.flush()
    audit.record("investigation_opened", investigation, user=acting,
                 details={"application": application.number, "source": source.value,
                          "submission_id": investigation.submission_id,
                          "opinion_request_id": investigation.opinion_request_id})
    db.session.commit()
    return investigation


def add_evidence(investigation: Investigation, note: str, filename: str, data: bytes | None,
                 acting) -> InvestigationEvidence:
    """A note, a file or both; the file is checked by its content and removed again if recording fails."""
    if investigation.concluded:
        raise Refused(N_("This investigation is concluded: its evidence is closed."))
    note = (note or "").strip() or None
    if note is None and not data:
        raise Refused(N_("Write a note or choose a file."), field="note")
    stored = store_upload(filename, data, field="file") if data else None
    with kept_if_committed(stored):
        evidence = InvestigationEvidence(investigation=investigation, note=note, added_by_id=acting.id,
                                         **(stored.columns() if stored else {}))
        db.session.add(evidence)
        db.session.flush()
        audit.record("investigation_evidence_added", evidence, user=acting,
                     details={"investigation_id": investigation.id, "name": evidence.original_name,
                              "sha256": evidence.sha256, "note": bool(note)})
        db.session.commit()
    return evidence


def _leave_cycle(application: Application, source: ListChangeSource, reason: str, acting) -> dict:
    """The application leaves the cycle (excluded, Art. 30; withdrawn, Art. 5): its seats on active panels are
    freed, it leaves the office's candidate list and the approved list (a ListChange says why). Part of the
    caller's transaction."""
    freed = []
    for entry in seats_to_free(application):
        freed.append(entry.panel.name)
        entry.panel.applicants.remove(entry)
        audit.record("panel_applicant_removed", entry.panel, user=acting,
                     details={"application_id": application.id, "because": source.value})
    candidate = db.session.execute(delete(Candidate).where(Candidate.application_id == application.id)).rowcount
    listed = db.session.scalar(select(ListEntry).where(ListEntry.application_id == application.id))
    if listed is not None:
        db.session.add(ListChange(cycle_id=listed.cycle_id, application_id=application.id, from_level=listed.level,
                                  to_level=None, source=source, reason=reason, recorded_by_id=acting.id))
        db.session.delete(listed)
    return {"panels": freed, "candidate": bool(candidate), "listed": listed is not None}


def conclude(investigation: Investigation, conclusion: str, text: str, expected_version: int,
             acting) -> rules.ConclusionEffect:
    """The conclusion, by whom and when. False or concealed information (Art. 30) writes the finding the
    eligibility checks read as the 5-year ban and excludes an applicant still in the cycle."""
    application = investigation.application
    approved = cycle_approved(application.cycle)
    _ensure(rules.may_conclude(approved, investigation.concluded))
    _take_version(investigation, expected_version)
    if not (text or "").strip():
        raise Refused(N_("Write the conclusion: what was found and on what evidence."), field="conclusion_text")
    effect = rules.conclusion_effect(conclusion, application.status.value, approved, city_today())
    acting_id = acting.id  # loaded before the conclusion is set: an autoflush in between would break its CHECK
    investigation.concluded_by_id, investigation.concluded_at = acting_id, utcnow()
    investigation.conclusion, investigation.conclusion_text = InvestigationConclusion(conclusion), text.strip()
    details = {"application": application.number, "conclusion": conclusion}
    if effect.bans:
        finding = MisconductFinding(organization_id=application.organization_id, kind=FindingKind.FALSE_MATERIALS,
                                    found_on=effect.found_on, recorded_by_id=acting.id,
                                    description=f"核查 {application.number}：{investigation.conclusion_text}")
        db.session.add(finding)
        investigation.finding = finding
        details.update(ban_until=effect.ban_until.isoformat())
    if effect.excludes:
        investigation.excluded_from = application.status
        application.status = ApplicationStatus.EXCLUDED
        details.update(_leave_cycle(application, ListChangeSource.EXCLUSION, investigation.conclusion_text, acting))
    db.session.flush()
    audit.record("investigation_concluded", investigation, user=acting, details=details)
    if effect.excludes:
        audit.record("application_excluded", application, user=acting,
                     details={"number": application.number, "investigation_id": investigation.id,
                              "from": investigation.excluded_from.value})
    if effect.bans:
        audit.record("finding_added", investigation.finding, user=acting,
                     details={"organization_id": application.organization_id, "kind": "false_materials",
                              "investigation_id": investigation.id})
    db.session.commit()
    return effect


def reverse_exclusion(investigation: Investigation, reason: str, expected_version: int, acting) -> None:
    """The office's correction of an exclusion made in error, with its reason, before the approval: the status
    it left comes back and the Art. 30 finding goes; panel seats and list places are not given back."""
    application = investigation.application
    _ensure(rules.may_reverse(investigation.excluded, cycle_approved(application.cycle), reason or ""),
            field="reason")
    _take_version(investigation, expected_version)
    finding = investigation.finding
    investigation.finding = None
    investigation.reversal_reason, investigation.reversed_by_id = reason.strip(), acting.id
    investigation.reversed_at = utcnow()
    application.status = investigation.excluded_from
    if finding is not None:
        audit.record("finding_removed", finding, user=acting,
                     details={"organization_id": finding.organization_id, "kind": finding.kind.value,
                              "found_on": finding.found_on.isoformat(), "investigation_id": investigation.id})
        db.session.delete(finding)
    audit.record("exclusion_reversed", application, user=acting,
                 details={"number": application.number, "investigation_id": investigation.id,
                          "to": application.status.value, "reason": investigation.reversal_reason})
    db.session.commit()


def record_withdrawal(application: Application, received_on, note: str, filename: str, data: bytes,
                      acting) -> Withdrawal:
    """Art. 5: the applicant's letter, received by the office before the cycle's approval; no ban follows."""
    _ensure(rules.may_withdraw(application.status.value, cycle_approved(application.cycle), received_on,
                               city_today()))
    if not data:
        raise Refused(N_("Upload the applicant's letter."), field="letter")
    stored = store_upload(filename, data, field="letter")
    with kept_if_committed(stored):
        withdrawal = Withdrawal(application=application, received_on=received_on, note=(note or "").strip() or None,
                                withdrawn_from=application.status, recorded_by_id=acting.id, **stored.columns())
        db.session.add(withdrawal)
        application.status = ApplicationStatus.WITHDRAWN
        left = _leave_cycle(application, ListChangeSource.WITHDRAWAL,
                            withdrawal.note or f"申报组织来函撤回申报（{received_on.isoformat()}）", acting)
        db.session.flush()
        audit.record("application_withdrawn", application, user=acting,
                     details={"number": application.number, "received_on": received_on.isoformat(),
                              "from": withdrawal.withdrawn_from.value, "letter": withdrawal.original_name,
                              "sha256": withdrawal.sha256, **left})
        db.session.commit()
    return withdrawal


def stored_path(stored_name: str) -> Path:
    return upload_folder() / stored_name

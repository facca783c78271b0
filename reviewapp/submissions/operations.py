"""Writing objections (Art. 22) and reports of misconduct (Art. 34), and the office's handling of them: status
changes with a written decision, a change to the approved list after an upheld objection, and a finding recorded
against an expert — with disqualification (Art. 33) — after an upheld report about a reviewer.

A public filing is all or nothing: every check runs before anything is written; evidence files go to disk only
after the checks, and are removed again if the commit fails, so a refusal leaves no row and no file."""
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from reviewapp import audit, proof_of_work
from reviewapp.award_history import awards_held
from reviewapp.city_calendar import CITY_TZ, city_today
from reviewapp.domain import comprehensive
from reviewapp.domain import submissions as rules
from reviewapp.domain.files import check_upload
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused, StaleWrite
from reviewapp.experts.operations import disqualify
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardKind,
    Cycle,
    Expert,
    ExpertNote,
    ExpertNoteKind,
    ExpertStatus,
    ListChange,
    ListChangeSource,
    ListEntry,
    Notice,
    Organization,
    PublicSubmission,
    RateLimitHit,
    SubmissionEvidence,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import mail_to_address, notify_office, text_to_number
from reviewapp.notifications.rendering import app_path
from reviewapp.submissions import queries
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

EVIDENCE_FOLDER = "evidence"  # the public's evidence, in its own folder of the uploads
REMOVE = "remove"  # the list change that takes the applicant off the approved list


class RateLimited(Refused):
    """Too many filings from this client: refused with 429."""


@dataclass(frozen=True)
class Filing:
    kind: SubmissionKind
    subject: SubmissionSubject
    subject_name: str
    filer_name: str
    filer_contact: str
    facts: str
    reasons: str
    organization_id: int | None = None
    cycle_id: int | None = None
    notice_id: int | None = None


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


# --- filing ----------------------------------------------------------------------------------------------------------

def objection_window(notice: Notice) -> rules.Check:
    return rules.objection_window(notice.start_date, notice.end_date, notice.withdrawn, city_today())


def rate_key(address: str | None) -> str:
    return rules.address_key(current_app.config["SECRET_KEY"], address)


def rate_limit() -> int:
    return current_app.config.get("SUBMISSION_RATE_LIMIT", rules.RATE_LIMIT)


def rate_limited(key: str) -> bool:
    return rules.over_rate_limit(queries.recent_hits(key, rules.RATE_WINDOW_SECONDS), rate_limit())


MSG_TOO_MANY = N_("Too many submissions from your network address: at most %(n)s per hour. Please try again later.")


def objection_filing(notice: Notice, application_id: int, fields: dict) -> Filing:
    """An objection names one applicant of the running proposed-winner notice (Art. 21, 22)."""
    entry = queries.notice_entry(notice, application_id)
    application = db.session.get(Application, application_id) if entry else None
    if application is None or application.cycle_id != notice.cycle_id:
        raise Refused(N_("Choose an organization from the notice."))
    return Filing(kind=SubmissionKind.OBJECTION, subject=SubmissionSubject.APPLICANT,
                  subject_name=entry.get("organization") or application.organization.name,
                  organization_id=application.organization_id, cycle_id=notice.cycle_id, notice_id=notice.id,
                  **_filer_fields(fields))


def report_filing(subject: SubmissionSubject, subject_name: str, fields: dict) -> Filing:
    """A report of misconduct (Art. 34) names its subject as the filer knows it; the office links it later."""
    return Filing(kind=SubmissionKind.MISCONDUCT, subject=subject, subject_name=subject_name.strip(),
                  **_filer_fields(fields))


def _filer_fields(fields: dict) -> dict:
    return {name: (fields[name] or "").strip() for name in ("filer_name", "filer_contact", "facts", "reasons")}


def _checked_uploads(uploads: list[Upload]) -> list[tuple[Upload, object]]:
    """Evidence is checked like application materials (by content, Art. 15), with every problem reported."""
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    if len(uploads) > rules.MAX_EVIDENCE_FILES:
        raise Refused(N_("At most %(n)s evidence files can be attached."), {"n": rules.MAX_EVIDENCE_FILES})
    checks = [(upload, check_upload(upload.filename, upload.data, max_bytes=max_bytes)) for upload in uploads]
    problems = [(check.message, check.params) for _, check in checks if not check.ok]
    if not problems and sum(len(u.data) for u in uploads) > max_bytes:
        problems.append((N_("The evidence files together are larger than %(max_mb)s MB."),
                         {"max_mb": f"{max_bytes / (1024 * 1024):.1f}"}))
    if problems:
        raise Refused.because_of(problems)
    return checks


def _new_receipt() -> str:
    for _ in range(5):
        receipt = rules.new_receipt(city_today())
        if not queries.receipt_taken(receipt):
            return receipt
    raise RuntimeError("no free receipt number after 5 tries")  # 50 random bits: does not happen


def evidence_folder() -> Path:
    return upload_folder(EVIDENCE_FOLDER)


def _prune_hits() -> None:
    """Hits older than the window no longer count: drop them, ours only (other forms keep their own keys), and the
    proof of work's old failed checks and spent challenges."""
    db.session.execute(delete(RateLimitHit).where(
        RateLimitHit.at < utcnow() - timedelta(seconds=rules.RATE_WINDOW_SECONDS),
        RateLimitHit.key.startswith("submission:")))
    proof_of_work.prune()


def evidence_usage() -> rules.EvidenceUsage:
    """The public's evidence stored today (a day in Benxi, by the upload times) against the daily quota."""
    start, end = rules.city_day_bounds(utcnow(), CITY_TZ)
    return rules.EvidenceUsage(queries.evidence_bytes(start, end),
                               current_app.config.get("EVIDENCE_DAILY_QUOTA_MB", rules.EVIDENCE_DAILY_QUOTA_MB)
                               * rules.MB)


def _check_quota(uploads: list[Upload]) -> None:
    usage = evidence_usage()
    check = rules.evidence_quota(usage.used_bytes, sum(len(u.data) for u in uploads), usage.quota_bytes)
    if not check.ok:
        raise Refused(check.message, check.params)


def file_submission(filing: Filing, uploads: list[Upload], key: str, challenge_nonce: str) -> PublicSubmission:
    """Record an objection or a report with its evidence, or refuse it with nothing written."""
    if rate_limited(key):
        raise RateLimited(MSG_TOO_MANY, {"n": rate_limit()})
    if proof_of_work.challenge_used(challenge_nonce):
        raise proof_of_work.ChallengeUsed(proof_of_work.MSG_CHALLENGE_USED)
    checks = _checked_uploads(uploads)
    _check_quota(uploads)
    submission = PublicSubmission(receipt=_new_receipt(), kind=filing.kind, cycle_id=filing.cycle_id,
                                  notice_id=filing.notice_id, subject=filing.subject,
                                  organization_id=filing.organization_id, subject_name=filing.subject_name,
                                  filer_name=filing.filer_name, filer_contact=filing.filer_contact,
                                  facts=filing.facts, reasons=filing.reasons, status=SubmissionStatus.RECEIVED)
    try:
        with kept_if_committed() as stored:
            for upload, check in checks:
                stored.append(store_upload(upload.filename, upload.data, check=check, subfolder=EVIDENCE_FOLDER))
                submission.evidence.append(SubmissionEvidence(**stored[-1].columns()))
            db.session.add(submission)
            db.session.add(RateLimitHit(key=key))
            proof_of_work.use_challenge(challenge_nonce)
            _prune_hits()
            # The filer's identity stays out of the audit trail, which is kept for ever.
            audit.record("submission_filed", submission, details={
                "receipt": submission.receipt, "kind": filing.kind.value, "subject": filing.subject.value,
                "notice_id": filing.notice_id, "organization_id": filing.organization_id,
                "evidence": [{"name": e.original_name, "size": e.size, "sha256": e.sha256}
                             for e in submission.evidence]})
            db.session.flush()
            # issue 16: the office's inbox; the filer's identity and the facts stay on the page
            notify_office("submission_received", app_path("submissions.show", submission_id=submission.id),
                          what=filing.kind, receipt=submission.receipt)
            _tell_filer(submission, "submission_receipt")
            db.session.commit()
    except IntegrityError:
        if proof_of_work.challenge_used(challenge_nonce):  # two filings raced with one solved challenge
            raise proof_of_work.ChallengeUsed(proof_of_work.MSG_CHALLENGE_USED) from None
        # the same receipt drawn twice at the same moment
        raise Refused(N_("The submission could not be recorded; please send it again.")) from None
    return submission


# --- the office -------------------------------------------------------------------------------------------------------

def _take_version(submission: PublicSubmission, expected: int) -> None:
    """Move the submission to its next version, atomically: a change from a stale page is refused."""
    moved = db.session.execute(update(PublicSubmission).where(PublicSubmission.id == submission.id,
                                                              PublicSubmission.version == expected)
                               .values(version=PublicSubmission.version + 1))
    if moved.rowcount != 1:
        raise StaleWrite


def change_status(submission: PublicSubmission, target: str, decision: str | None, expected_version: int,
                  acting) -> None:
    """Acknowledge, investigate, uphold or reject (Art. 22, 34); a decision needs its written text, which the
    filer reads with the receipt."""
    text = (decision or "").strip() or None
    problems = rules.status_change_problems(submission.status.value, target, text)
    if problems:
        raise Refused.because_of(problems)
    _take_version(submission, expected_version)
    previous = submission.status
    submission.status = SubmissionStatus(target)
    details = {"receipt": submission.receipt, "from": previous.value, "to": target}
    if target in rules.DECISIONS:
        submission.decision, submission.decided_by_id, submission.decided_at = text, acting.id, utcnow()
        details["decision"] = text
    elif text:
        details["note"] = text
    audit.record("submission_status_changed", submission, user=acting, details=details)
    _tell_filer(submission, "submission_status", status=submission.status)
    db.session.commit()


def _tell_filer(submission: PublicSubmission, kind: str, **params) -> None:
    """Issue 16: the filer who gave an e-mail address or a mobile number hears of the receipt and of each change of
    status, by mail or text message (both when both were given); the text of a decision is read on the receipt's
    page."""
    link = app_path("submissions.status")
    params.update(what=submission.kind, receipt=submission.receipt)
    address = rules.contact_email(submission.filer_contact)
    if address is not None:
        mail_to_address(address, submission.filer_name, kind, link, **params)
    mobile = rules.contact_mobile(submission.filer_contact)
    if mobile is not None:
        text_to_number(mobile, kind, link, **params)


def link_subject(submission: PublicSubmission, organization: Organization | None, expert: Expert | None,
                 expected_version: int, acting) -> None:
    """The office names the organization or the expert a report is about (the filer only typed a name)."""
    if organization is None and expert is None:
        raise Refused(N_("Choose the organization or the expert."))
    _take_version(submission, expected_version)
    if organization is not None:
        submission.organization_id = organization.id
    if expert is not None:
        submission.expert_id = expert.id
    audit.record("submission_linked", submission, user=acting, details={
        "receipt": submission.receipt, "organization_id": submission.organization_id,
        "expert_id": submission.expert_id})
    db.session.commit()


# --- an upheld objection changes the approved list (Art. 22, 23) ------------------------------------------------------

def _proposals(cycle: Cycle, entries: list[ListEntry], changed: ListEntry, to_level: AwardKind | None):
    """The approved list as it would stand after the change, as the comprehensive evaluation's rules read it."""
    held = awards_held({e.application.organization_id for e in entries}, excluding_cycle_id=cycle.id)
    proposals = []
    for entry in entries:
        level = to_level if entry.id == changed.id else entry.level
        if level is None:
            continue
        awards = held.get(entry.application.organization_id, set())
        repeat = entry.repeat_winner if entry.id != changed.id else AwardKind.AWARD in awards
        proposals.append(comprehensive.Proposal(
            key=entry.application_id, name=entry.application.organization.name, level=level.value,
            combined=entry.combined_score, went_onsite=bool(entry.application.goes_onsite),
            repeat_winner=repeat and level is AwardKind.AWARD, past_nominee=AwardKind.NOMINATION in awards))
    return proposals


def list_problems(cycle: Cycle, changed: ListEntry, to_level: AwardKind | None) -> list[tuple[str, dict]]:
    """Art. 4, 12, 20: the changed list must still keep the quotas (a cycle's optional minimum score is no rule
    of the text: the change's own reason stands for it)."""
    return comprehensive.proposal_problems(_proposals(cycle, queries.approved_list(cycle), changed, to_level),
                                           cycle.award_quota, cycle.nomination_quota)


def _check_list_change(submission: PublicSubmission, cycle: Cycle | None) -> ListEntry:
    if submission.kind is not SubmissionKind.OBJECTION or submission.status is not SubmissionStatus.UPHELD:
        raise Refused(N_("Only an upheld objection changes the approved list (Art. 22)."))
    if cycle is not None and cycle.approved_on is not None:
        raise Refused(N_("The city government approved the list on %(date)s; it can no longer change (Art. 23)."),
                      {"date": cycle.approved_on.isoformat()})
    if queries.list_changes(submission):
        raise Refused(N_("This objection has already changed the approved list."))
    entry = queries.list_entry_of(submission)
    if cycle is None or entry is None:
        raise Refused(N_("The organization is not on the approved list."))
    return entry


def change_list(submission: PublicSubmission, change: str, reason: str, expected_version: int, acting) -> ListChange:
    """Remove the objected applicant from the approved list or change its level, with the reason; the change
    and its reason go into the final list (Art. 23). The quotas are checked on the resulting list first."""
    cycle = db.session.get(Cycle, submission.cycle_id) if submission.cycle_id else None
    entry = _check_list_change(submission, cycle)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(N_("Give the reason for the change."))
    to_level = None if change == REMOVE else AwardKind(change)
    if to_level is entry.level:
        raise Refused(N_("The applicant already has this level on the list."))
    problems = list_problems(cycle, entry, to_level)
    if problems:
        raise Refused.because_of(problems)
    _take_version(submission, expected_version)
    record = ListChange(cycle_id=cycle.id, application_id=entry.application_id, from_level=entry.level,
                        to_level=to_level, source=ListChangeSource.OBJECTION, submission_id=submission.id,
                        reason=reason, recorded_by_id=acting.id)
    db.session.add(record)
    audit.record("approved_list_changed", record, user=acting, details={
        "source": ListChangeSource.OBJECTION.value, "receipt": submission.receipt, "cycle_id": cycle.id,
        "application_id": entry.application_id, "from": entry.level.value,
        "to": to_level.value if to_level else None, "reason": reason})
    if to_level is None:
        db.session.delete(entry)
    else:
        held = awards_held([entry.application.organization_id], excluding_cycle_id=cycle.id)
        entry.level = to_level
        entry.repeat_winner = to_level is AwardKind.AWARD and AwardKind.AWARD in held.get(
            entry.application.organization_id, set())
    db.session.commit()
    return record


# --- an upheld report about a reviewer (Art. 33, 34) ------------------------------------------------------------------

def record_expert_finding(submission: PublicSubmission, expert: Expert, kind: ExpertNoteKind, text: str,
                          disqualify_expert: bool, expected_version: int, acting) -> ExpertNote:
    """Put the finding on the expert's record; with `disqualify_expert`, disqualify them with the decision as the
    reason, which removes them from every active panel and ends their access at once (Art. 33)."""
    if (submission.kind is not SubmissionKind.MISCONDUCT or submission.subject is not SubmissionSubject.REVIEWER
            or submission.status is not SubmissionStatus.UPHELD):
        raise Refused(N_("A finding against an expert follows an upheld report about a reviewer (Art. 34)."))
    if queries.expert_notes(submission):
        raise Refused(N_("The finding of this report is already on the expert's record."))
    text = (text or "").strip()
    if not text:
        raise Refused(N_("Write the finding for the expert's record."))
    _take_version(submission, expected_version)
    submission.expert_id = expert.id
    note = ExpertNote(expert_id=expert.id, kind=kind, text=text, submission_id=submission.id,
                      recorded_by_id=acting.id)
    db.session.add(note)
    audit.record("expert_note_recorded", note, user=acting, details={
        "expert_id": expert.id, "kind": kind.value, "receipt": submission.receipt})
    if disqualify_expert and expert.status is not ExpertStatus.DISQUALIFIED:
        disqualify(expert, submission.decision or text, acting, details={"receipt": submission.receipt})
    db.session.commit()
    return note


# --- evidence --------------------------------------------------------------------------------------------------------

def evidence_path(evidence: SubmissionEvidence) -> Path:
    return evidence_folder() / evidence.stored_name

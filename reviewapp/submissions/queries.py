"""What the objection and report pages read. The public status page gets a PublicStatus, never the record: it
carries no field that could name the filer or a reviewer."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.domain import submissions as rules
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AuditEntry,
    Cycle,
    Expert,
    ExpertNote,
    ListChange,
    ListEntry,
    Notice,
    Organization,
    Person,
    PublicSubmission,
    RateLimitHit,
    SubmissionEvidence,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from reviewapp.models.base import utcnow

PER_PAGE = 25


# --- the public side -------------------------------------------------------------------------------------------------

def notice_entries(notice: Notice) -> list[dict]:
    """The proposed winners a notice lists, as objections may name them (entries carry their application id)."""
    return [entry for entry in notice.entries or [] if entry.get("application_id")]


def notice_entry(notice: Notice, application_id: int) -> dict | None:
    return next((e for e in notice_entries(notice) if int(e["application_id"]) == application_id), None)


def recent_hits(key: str, seconds: int) -> int:
    since = utcnow() - timedelta(seconds=seconds)
    return db.session.scalar(select(func.count()).select_from(RateLimitHit)
                             .where(RateLimitHit.key == key, RateLimitHit.at >= since))


def evidence_bytes(start: datetime, end: datetime) -> int:
    """The size of all evidence the public uploaded in [start, end)."""
    return int(db.session.scalar(select(func.coalesce(func.sum(SubmissionEvidence.size), 0)).where(
        SubmissionEvidence.uploaded_at >= start, SubmissionEvidence.uploaded_at < end)) or 0)


def receipt_taken(receipt: str) -> bool:
    return db.session.scalar(select(PublicSubmission.id).where(PublicSubmission.receipt == receipt)) is not None


@dataclass(frozen=True)
class PublicStatus:
    receipt: str
    kind: SubmissionKind
    filed_at: datetime
    status: SubmissionStatus
    subject: SubmissionSubject
    subject_name: str | None  # None for a reviewer: the public never learns who was reported (Art. 33)
    decision: str | None
    decided_at: datetime | None
    decided_from: str | None = None  # tells "not accepted for handling" from "not upheld" (submission_status_label)


def public_status(receipt: str) -> PublicStatus | None:
    submission = db.session.scalar(select(PublicSubmission).options(selectinload(PublicSubmission.expert)
                                                                    .selectinload(Expert.person))
                                   .where(PublicSubmission.receipt == rules.normalize_receipt(receipt)))
    if submission is None:
        return None
    reviewer = submission.subject is SubmissionSubject.REVIEWER
    decided = submission.status.value in rules.DECISIONS
    hidden = [submission.subject_name] if reviewer else []
    if submission.expert is not None:
        hidden.append(submission.expert.person.name)
    return PublicStatus(
        receipt=submission.receipt, kind=submission.kind, filed_at=submission.created_at, status=submission.status,
        subject=submission.subject, subject_name=None if reviewer else submission.subject_name,
        decision=rules.public_decision(submission.decision, hidden, _("the reviewer")) if decided else None,
        decided_at=submission.decided_at if decided else None,
        decided_from=decided_from([submission]).get(submission.id) if decided else None)


# --- the office's side -----------------------------------------------------------------------------------------------

@dataclass
class Filters:
    kind: SubmissionKind | None = None
    status: SubmissionStatus | None = None
    cycle_id: int | None = None


def submissions_page(filters: Filters, page: int):
    stmt = select(PublicSubmission).options(selectinload(PublicSubmission.organization))
    if filters.kind is not None:
        stmt = stmt.where(PublicSubmission.kind == filters.kind)
    if filters.status is not None:
        stmt = stmt.where(PublicSubmission.status == filters.status)
    if filters.cycle_id:
        stmt = stmt.where(PublicSubmission.cycle_id == filters.cycle_id)
    stmt = stmt.order_by(PublicSubmission.created_at.desc(), PublicSubmission.id.desc())
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).order_by(Cycle.year.desc(), Cycle.id.desc())))


def submission(submission_id: int) -> PublicSubmission:
    return db.first_or_404(select(PublicSubmission).where(PublicSubmission.id == submission_id).options(
        selectinload(PublicSubmission.evidence), selectinload(PublicSubmission.organization),
        selectinload(PublicSubmission.expert).selectinload(Expert.person)))


def history(submission: PublicSubmission) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == PublicSubmission.__tablename__, AuditEntry.object_id == str(submission.id))
        .order_by(AuditEntry.seq)))


def decided_from_entries(entries) -> dict[int, str]:
    """Submission id -> the status its decision was taken from, as the decision's audit entry recorded it: what
    tells a submission not accepted for handling from one not upheld (Art. 22, 34; submission_status_label)."""
    found = {}
    for entry in entries:
        details = entry.details or {}
        if entry.action == "submission_status_changed" and details.get("to") in rules.DECISIONS:
            found[int(entry.object_id)] = details.get("from")
    return found


def decided_from(submissions) -> dict[int, str]:
    """decided_from_entries for the decided ones of `submissions`, in one query."""
    ids = [str(s.id) for s in submissions if s.status.value in rules.DECISIONS]
    if not ids:
        return {}
    return decided_from_entries(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "submission_status_changed", AuditEntry.object_type == PublicSubmission.__tablename__,
        AuditEntry.object_id.in_(ids)).order_by(AuditEntry.seq)))


def list_changes(submission: PublicSubmission) -> list[ListChange]:
    return list(db.session.scalars(select(ListChange).where(ListChange.submission_id == submission.id)
                                   .options(selectinload(ListChange.application).selectinload(
                                       Application.organization)).order_by(ListChange.id)))


def expert_notes(submission: PublicSubmission) -> list[ExpertNote]:
    return list(db.session.scalars(select(ExpertNote).where(ExpertNote.submission_id == submission.id)
                                   .order_by(ExpertNote.id)))


def list_entry_of(submission: PublicSubmission) -> ListEntry | None:
    """The objected applicant's place on the approved list of the cycle, if it still has one."""
    if submission.cycle_id is None or submission.organization_id is None:
        return None
    return db.session.scalar(select(ListEntry).join(Application, Application.id == ListEntry.application_id)
                             .where(ListEntry.cycle_id == submission.cycle_id,
                                    Application.organization_id == submission.organization_id))


def approved_list(cycle: Cycle) -> list[ListEntry]:
    return list(db.session.scalars(select(ListEntry).where(ListEntry.cycle_id == cycle.id)
                                   .options(selectinload(ListEntry.application).selectinload(
                                       Application.organization)).order_by(ListEntry.id)))


def organization_choices() -> list[tuple[int, str]]:
    return [(org.id, org.name) for org in db.session.scalars(select(Organization).order_by(Organization.name))]


def expert_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(select(Expert.id, Person.name).join(Person, Expert.person_id == Person.id)
                              .order_by(Person.name, Expert.id))
    return [(expert_id, name) for expert_id, name in rows]

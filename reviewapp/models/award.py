"""From the candidate list to awards (Art. 20-25, 28-35): the leading group's decision and the list it approved, as
changed by upheld objections; objections and reports of misconduct from the public; the incentive money ledger;
awards won outside (China Quality Award, Liaoning Governor's Quality Award); notes on an expert's record."""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.cycle import Cycle
from reviewapp.models.expert import Expert
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardKind, AwardRecord, Organization


class GroupDecision(Base):
    """The leading group's decision on the office's candidate list (Art. 20, 21), recorded by the office."""

    __tablename__ = "group_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), unique=True)
    decided_on: Mapped[date] = mapped_column(Date)
    meeting_reference: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListEntry(Base):
    """One applicant on the approved list as it stands now: set by the group's decision, changed only by an upheld
    objection (Art. 22); every change is a ListChange with its reason."""

    __tablename__ = "list_entry"
    __table_args__ = (UniqueConstraint("cycle_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    level: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"))
    combined_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    repeat_winner: Mapped[bool] = mapped_column(default=False)  # Art. 12: no quota place, no money
    # Art. 20 sets no minimum score: approved below the cycle's optional minimum, the group's reason
    minimum_override_reason: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship()


class ListChangeSource(LabelledEnum):
    GROUP = "group"          # the leading group's decision departs from the office's proposal
    OBJECTION = "objection"  # an upheld objection (Art. 22)
    EXCLUSION = "exclusion"  # the applicant was excluded (Art. 30)
    WITHDRAWAL = "withdrawal"  # the applicant withdrew (Art. 5)

    __labels__ = {
        GROUP: _l("Leading group's decision"),
        OBJECTION: _l("Upheld objection"),
        EXCLUSION: _l("Exclusion (Art. 30)"),
        WITHDRAWAL: _l("Withdrawal (Art. 5)"),
    }


class ListChange(Base):
    """A change to the approved list and why (level None: not on the list)."""

    __tablename__ = "list_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    # two CHECK constraints in one table: each needs its own name (PostgreSQL refuses a duplicate)
    from_level: Mapped[AwardKind | None] = mapped_column(str_enum(AwardKind, "from_award_kind"))
    to_level: Mapped[AwardKind | None] = mapped_column(str_enum(AwardKind, "to_award_kind"))
    source: Mapped[ListChangeSource] = mapped_column(str_enum(ListChangeSource, "list_change_source"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("public_submission.id"))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()


class SubmissionKind(LabelledEnum):
    OBJECTION = "objection"    # 异议, Art. 22: during an open proposed-winner notice
    MISCONDUCT = "misconduct"  # 举报, Art. 34: any time

    __labels__ = {
        OBJECTION: _l("Objection (异议)"),
        MISCONDUCT: _l("Report of misconduct (举报)"),
    }


class SubmissionSubject(LabelledEnum):
    APPLICANT = "applicant"
    WINNER = "winner"
    REVIEWER = "reviewer"

    __labels__ = {
        APPLICANT: _l("An applicant"),
        WINNER: _l("A winner"),
        REVIEWER: _l("A reviewer"),
    }


class SubmissionStatus(LabelledEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    UPHELD = "upheld"
    REJECTED = "rejected"

    __labels__ = {
        RECEIVED: _l("Received"),
        ACKNOWLEDGED: _l("Acknowledged"),
        INVESTIGATING: _l("Under investigation"),
        UPHELD: _l("Upheld"),
        # Both negative outcomes share the stored status: this label is for where they are listed together (the
        # filter); a single submission reads as submission_status_label() says.
        REJECTED: _l("Not accepted or not upheld"),
    }


# A rejection (SubmissionStatus.REJECTED) means one of two things (Art. 22, 34), told by the status it was decided
# from: a submission the office never accepted for handling (still "received") is not accepted (不予受理); one it
# accepted (acknowledged, under investigation) is not upheld (不予采纳).
NOT_ACCEPTED_LABEL = _l("Not accepted for handling")
NOT_UPHELD_LABEL = _l("Not upheld")


def submission_status_label(status, decided_from=None) -> str:
    """The label of a submission's status (a SubmissionStatus or its value); `decided_from` is the status value the
    decision was taken from (the "from" of its audit entry), None when unknown."""
    status = SubmissionStatus(getattr(status, "value", status))
    if status is not SubmissionStatus.REJECTED or decided_from is None:
        return status.label
    return str(NOT_ACCEPTED_LABEL if decided_from == SubmissionStatus.RECEIVED.value else NOT_UPHELD_LABEL)


class PublicSubmission(TimestampMixin, Base):
    """An objection (Art. 22) or a report of misconduct (Art. 34) from the public. Who filed it is for the office's
    eyes only; the filer follows it with the receipt number."""

    __tablename__ = "public_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[SubmissionKind] = mapped_column(str_enum(SubmissionKind, "submission_kind"))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id"))
    subject: Mapped[SubmissionSubject] = mapped_column(str_enum(SubmissionSubject, "submission_subject"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("expert.id"))
    subject_name: Mapped[str] = mapped_column(String(200))  # as the filer names it
    filer_name: Mapped[str] = mapped_column(String(100))
    filer_contact: Mapped[str] = mapped_column(String(200))
    facts: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text)
    status: Mapped[SubmissionStatus] = mapped_column(str_enum(SubmissionStatus, "submission_status"),
                                                     default=SubmissionStatus.RECEIVED)
    decision: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization | None] = relationship()
    expert: Mapped[Expert | None] = relationship()
    evidence: Mapped[list["SubmissionEvidence"]] = relationship(back_populates="submission",
                                                                cascade="all, delete-orphan",
                                                                order_by="SubmissionEvidence.id")


class SubmissionEvidence(Base):
    """An evidence file, checked by its content like application materials."""

    __tablename__ = "submission_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("public_submission.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # the daily quota

    submission: Mapped[PublicSubmission] = relationship(back_populates="evidence")


class RateLimitHit(Base):
    """One use of a rate-limited public form, kept in the database so that every app server sees it."""

    __tablename__ = "rate_limit_hit"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)  # e.g. "submission:" + hashed address
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class UsedChallenge(Base):
    """A proof-of-work challenge of the public forms that was answered, by a filing or by a wrong answer: each
    answers once. The nonce is unique, so two filings racing with one solved challenge cannot both be stored."""

    __tablename__ = "used_challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OutsideAwardKind(LabelledEnum):
    """Awards the office records from outside the city (Art. 25)."""

    CHINA_QUALITY_AWARD = "china_quality_award"            # 中国质量奖
    CHINA_QUALITY_NOMINATION = "china_quality_nomination"  # 中国质量奖提名奖
    LIAONING_GOVERNOR_AWARD = "liaoning_governor_award"    # 辽宁省省长质量奖

    __labels__ = {
        CHINA_QUALITY_AWARD: _l("China Quality Award (中国质量奖)"),
        CHINA_QUALITY_NOMINATION: _l("China Quality Award nomination (中国质量奖提名奖)"),
        LIAONING_GOVERNOR_AWARD: _l("Liaoning Governor's Quality Award (辽宁省省长质量奖)"),
    }


class OutsideAward(Base):
    __tablename__ = "outside_award"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    kind: Mapped[OutsideAwardKind] = mapped_column(str_enum(OutsideAwardKind, "outside_award_kind"))
    awarded_on: Mapped[date] = mapped_column(Date)
    document: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()


class MoneyKind(LabelledEnum):
    """Art. 25 and Art. 12: every movement of incentive money has its own kind."""

    AWARD = "award"                                # 200,000 for the award
    NOMINATION = "nomination"                      # 100,000 for the nomination award
    NOMINEE_TO_AWARD = "nominee_to_award"          # the 100,000 difference when a past nominee wins the award
    CHINA_QUALITY_AWARD = "china_quality_award"    # +200,000
    CHINA_QUALITY_NOMINATION = "china_quality_nomination"  # +100,000
    LIAONING_GOVERNOR_AWARD = "liaoning_governor_award"    # +100,000
    RECOVERY = "recovery"                          # money recovered after a revocation (negative)

    __labels__ = {
        AWARD: _l("Mayor's Quality Award"),
        NOMINATION: _l("Nomination award"),
        NOMINEE_TO_AWARD: _l("Past nominee wins the award: the difference"),
        CHINA_QUALITY_AWARD: _l("China Quality Award (中国质量奖)"),
        CHINA_QUALITY_NOMINATION: _l("China Quality Award nomination (中国质量奖提名奖)"),
        LIAONING_GOVERNOR_AWARD: _l("Liaoning Governor's Quality Award (辽宁省省长质量奖)"),
        RECOVERY: _l("Recovery after revocation"),
    }


class MoneyEntry(Base):
    """A line of the incentive-money ledger: never edited; a correction is another line."""

    __tablename__ = "money_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    award_record_id: Mapped[int | None] = mapped_column(ForeignKey("award_record.id"))
    outside_award_id: Mapped[int | None] = mapped_column(ForeignKey("outside_award.id"))
    kind: Mapped[MoneyKind] = mapped_column(str_enum(MoneyKind, "money_kind"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # yuan; negative for a recovery
    entered_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)  # Art. 25: the article and why (domain/money.basis_text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
    cycle: Mapped[Cycle | None] = relationship()
    award_record: Mapped[AwardRecord | None] = relationship()


class ExpertNoteKind(LabelledEnum):
    MISCONDUCT = "misconduct"          # a finding of reviewer misconduct (Art. 33, 34)
    LATE_CONFLICT = "late_conflict"    # a conflict of interest found after the review

    __labels__ = {
        MISCONDUCT: _l("Misconduct found"),
        LATE_CONFLICT: _l("Conflict of interest found later"),
    }


class ExpertNote(Base):
    """What is on an expert's record beyond their profile: findings and conflicts found later."""

    __tablename__ = "expert_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    kind: Mapped[ExpertNoteKind] = mapped_column(str_enum(ExpertNoteKind, "expert_note_kind"))
    text: Mapped[str] = mapped_column(Text)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("public_submission.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

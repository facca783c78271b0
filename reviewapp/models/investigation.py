"""Investigations (核查, Art. 8(4)) of an application, their evidence and conclusion; the exclusion they lead to when
false or concealed information is established (Art. 30); withdrawals by the applicant (Art. 5)."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from reviewapp.models.application import Application, ApplicationStatus
from reviewapp.models.award import PublicSubmission
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import MisconductFinding
from reviewapp.models.user import User


class InvestigationSource(LabelledEnum):
    REPORT = "report"        # 举报 (Art. 34)
    OBJECTION = "objection"  # 异议 (Art. 22)
    OPINION = "opinion"      # a department's reply to a solicited opinion (Art. 9)
    OFFICE = "office"        # the office's own finding (Art. 8(4))

    __labels__ = {
        REPORT: _l("Report of misconduct (举报)"),
        OBJECTION: _l("Objection (异议)"),
        OPINION: _l("Solicited opinion (征求意见)"),
        OFFICE: _l("The office's own finding"),
    }


class InvestigationConclusion(LabelledEnum):
    UNFOUNDED = "unfounded"
    FALSE_INFORMATION = "false_information"  # Art. 30: 隐瞒有关情况或者提供虚假材料
    OTHER_FINDING = "other_finding"

    __labels__ = {
        UNFOUNDED: _l("Unfounded"),
        FALSE_INFORMATION: _l("Established: false or concealed information (Art. 30)"),
        OTHER_FINDING: _l("Other finding"),
    }


class Investigation(TimestampMixin, Base):
    """核查: what is examined, where it came from, the evidence gathered and the conclusion, by whom and when. A
    conclusion of false or concealed information excludes the applicant (status `excluded`) and writes the
    Art. 30 finding (`finding`) that the eligibility checks read as the 5-year ban."""

    __tablename__ = "investigation"
    __table_args__ = (
        CheckConstraint("(conclusion IS NULL) = (concluded_at IS NULL)", name="conclusion_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    source: Mapped[InvestigationSource] = mapped_column(str_enum(InvestigationSource, "investigation_source"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("public_submission.id"), index=True)
    opinion_request_id: Mapped[int | None] = mapped_column(ForeignKey("opinion_request.id"))
    scope: Mapped[str] = mapped_column(Text)  # what is examined
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    conclusion: Mapped[InvestigationConclusion | None] = mapped_column(
        str_enum(InvestigationConclusion, "investigation_conclusion"))
    conclusion_text: Mapped[str | None] = mapped_column(Text)
    concluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the exclusion it led to: the application's status before, and the Art. 30 finding (the ban)
    excluded_from: Mapped[ApplicationStatus | None] = mapped_column(
        str_enum(ApplicationStatus, "excluded_from_status"))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("misconduct_finding.id", ondelete="SET NULL"))
    # the office's reversal of the exclusion, with its reason (the finding is then removed; the audit keeps it)
    reversal_reason: Mapped[str | None] = mapped_column(Text)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship(
        backref=backref("investigations", order_by="Investigation.id"))
    submission: Mapped[PublicSubmission | None] = relationship()
    opinion_request: Mapped["OpinionRequest | None"] = relationship()  # noqa: F821 - models/opinion.py
    finding: Mapped[MisconductFinding | None] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    concluded_by: Mapped[User | None] = relationship(foreign_keys=[concluded_by_id])
    reversed_by: Mapped[User | None] = relationship(foreign_keys=[reversed_by_id])
    evidence: Mapped[list["InvestigationEvidence"]] = relationship(
        back_populates="investigation", cascade="all, delete-orphan", order_by="InvestigationEvidence.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def concluded(self) -> bool:
        return self.conclusion is not None

    @property
    def excluded(self) -> bool:
        return self.excluded_from is not None and self.reversed_at is None


class InvestigationEvidence(Base):
    """A note and/or a file gathered by the investigation; files are checked by their content like materials."""

    __tablename__ = "investigation_evidence"
    __table_args__ = (
        CheckConstraint("note IS NOT NULL OR stored_name IS NOT NULL", name="note_or_file"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigation.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str | None] = mapped_column(String(200))
    stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    mimetype: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    investigation: Mapped[Investigation] = relationship(back_populates="evidence")
    added_by: Mapped[User | None] = relationship()


class Withdrawal(Base):
    """Art. 5: the applicant's letter withdrawing its application, received by the office before approval."""

    __tablename__ = "withdrawal"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    received_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    withdrawn_from: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus, "withdrawn_from_status"))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(backref=backref("withdrawal", uselist=False))
    recorded_by: Mapped[User | None] = relationship()

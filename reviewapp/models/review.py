"""Score sheets (Art. 18, 19): one per expert, applicant and stage, scored against the cycle's GB/T 19580 version;
the leaders' reports, the on-site visit and its issues, and the candidate list (Art. 20)."""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.expert import Expert
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardKind
from reviewapp.models.panel import Panel, PanelStage


class SheetStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    __labels__ = {
        DRAFT: _l("Draft"),
        SUBMITTED: _l("Submitted"),
    }


class ScoreSheet(TimestampMixin, Base):
    __tablename__ = "score_sheet"
    __table_args__ = (UniqueConstraint("application_id", "expert_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))
    # GB/T 19580 item code -> percentage (steps of 5), and the feedback per item
    percents: Mapped[dict] = mapped_column(JSON, default=dict)
    strengths: Mapped[dict] = mapped_column(JSON, default=dict)
    opportunities: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[SheetStatus] = mapped_column(str_enum(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped by every save: a save from a stale tab finds it moved on and is refused, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship()
    expert: Mapped[Expert] = relationship()


class ReportStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    __labels__ = {
        DRAFT: _l("Draft"),
        SUBMITTED: _l("Submitted"),
    }


class PanelReport(TimestampMixin, Base):
    """The panel leader's report on one applicant (组长负责制): the document-review report (资料评审报告, Art. 18)
    or the on-site review report (现场评审报告, Art. 19). The consensus is the panel's score, not an average."""

    __tablename__ = "panel_report"
    __table_args__ = (UniqueConstraint("application_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))
    # item code -> the consensus percentage, and the justification where it lies outside the members' range
    consensus: Mapped[dict] = mapped_column(JSON, default=dict)
    justifications: Mapped[dict] = mapped_column(JSON, default=dict)
    # category code -> the summarised strengths and opportunities for improvement
    strengths: Mapped[dict] = mapped_column(JSON, default=dict)
    opportunities: Mapped[dict] = mapped_column(JSON, default=dict)
    # document review: should the applicant go on site; on-site review: should it be proposed as a candidate
    recommend: Mapped[bool | None] = mapped_column(Boolean)
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus, "report_status"), default=ReportStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The office's recorded exception: the report may go without the sheets still missing (Art. 18).
    waiver_reason: Mapped[str | None] = mapped_column(Text)
    waiver_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    waiver_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship()
    panel: Mapped[Panel] = relationship()


class SiteVisit(TimestampMixin, Base):
    """The on-site review's plan (Art. 19): when, where, the agenda and who of the panel was there."""

    __tablename__ = "site_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    agenda: Mapped[str | None] = mapped_column(Text)
    members_present: Mapped[list] = mapped_column(JSON, default=list)  # expert ids
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship()
    issues: Mapped[list["SiteIssue"]] = relationship(back_populates="visit", cascade="all, delete-orphan",
                                                     order_by="(SiteIssue.category_code, SiteIssue.id)")


class SiteIssueKind(LabelledEnum):
    VERIFY_STRENGTH = "verify_strength"            # a strength from the document review, to see for real
    CLARIFY_OPPORTUNITY = "clarify_opportunity"    # an opportunity for improvement, to ask about

    __labels__ = {
        VERIFY_STRENGTH: _l("Strength to verify"),
        CLARIFY_OPPORTUNITY: _l("Opportunity to clarify"),
    }


class SiteIssueResolution(LabelledEnum):
    OPEN = "open"
    VERIFIED = "verified"
    NOT_VERIFIED = "not_verified"
    CLARIFIED = "clarified"

    __labels__ = {
        OPEN: _l("Open"),
        VERIFIED: _l("Verified"),
        NOT_VERIFIED: _l("Not verified"),
        CLARIFIED: _l("Clarified"),
    }


class SiteIssue(Base):
    """One point the panel checks on site, drawn from the document-review report; the on-site report cannot be
    submitted while one is still open (Art. 19)."""

    __tablename__ = "site_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("site_visit.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SiteIssueKind] = mapped_column(str_enum(SiteIssueKind, "site_issue_kind"))
    category_code: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    resolution: Mapped[SiteIssueResolution] = mapped_column(str_enum(SiteIssueResolution, "site_issue_resolution"),
                                                            default=SiteIssueResolution.OPEN)
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    visit: Mapped[SiteVisit] = relationship(back_populates="issues")


class Candidate(Base):
    """An applicant the office proposes to the leading group (Art. 20), at one award level. The list is replaced
    as a whole and checked as a whole (quotas, minimum scores, Art. 4 and 12)."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("cycle_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    level: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"))
    combined_score: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    # Art. 12: won the award before; takes no quota place and gets no money
    repeat_winner: Mapped[bool] = mapped_column(Boolean, default=False)
    # Art. 20 sets no minimum score: proposed below the cycle's optional minimum, the office's reason
    minimum_override_reason: Mapped[str | None] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()

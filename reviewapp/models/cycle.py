"""Award cycles (评选届次), their stage in the procedure of Art. 13, and the official holiday schedules that
the office enters for years the calendar package does not know."""
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum


class Stage(LabelledEnum):
    """The ten steps of Art. 13, in order, then closed."""

    ANNOUNCEMENT = "announcement"
    APPLICATION = "application"
    ACCEPTANCE_REVIEW = "acceptance_review"
    PANELS = "panels"
    DOCUMENT_REVIEW = "document_review"
    ONSITE_REVIEW = "onsite_review"
    COMPREHENSIVE_EVALUATION = "comprehensive_evaluation"
    PROPOSED_NOTICE = "proposed_notice"
    OBJECTIONS = "objections"
    APPROVAL = "approval"
    CLOSED = "closed"

    __labels__ = {
        ANNOUNCEMENT: _l("Announcement (发布通告)"),
        APPLICATION: _l("Application (组织申报)"),
        ACCEPTANCE_REVIEW: _l("Acceptance review (受理审查)"),
        PANELS: _l("Panels (组建评审组)"),
        DOCUMENT_REVIEW: _l("Document review (资料评审)"),
        ONSITE_REVIEW: _l("On-site review (现场评审)"),
        COMPREHENSIVE_EVALUATION: _l("Comprehensive evaluation (综合评价)"),
        PROPOSED_NOTICE: _l("Proposed-winner notice (拟奖公示)"),
        OBJECTIONS: _l("Objections (异议处理)"),
        APPROVAL: _l("Approval (审定报批)"),
        CLOSED: _l("Closed"),
    }


class Cycle(TimestampMixin, Base):
    __tablename__ = "cycle"
    __table_args__ = (
        # Only one cycle may be open for applications at a time; the database refuses a second.
        Index("uq_cycle_open_for_applications", "open_for_applications", unique=True,
              sqlite_where=text("open_for_applications"), postgresql_where=text("open_for_applications")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    reference_date: Mapped[date] = mapped_column(Date)
    application_deadline: Mapped[date | None] = mapped_column(Date)
    standard_version: Mapped[str] = mapped_column(String(40))
    # The recusal policy this cycle judges conflicts by (reviewapp/domain/coi/policy-<version>.json).
    coi_policy_version: Mapped[str] = mapped_column(String(20), default="2026.1", server_default="2026.1")
    award_quota: Mapped[int] = mapped_column(Integer)
    nomination_quota: Mapped[int] = mapped_column(Integer)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "stage"), default=Stage.ANNOUNCEMENT)
    open_for_applications: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    announcement: Mapped[str | None] = mapped_column(Text)
    # Art. 18: the on-site list confirmed; Art. 20: the candidate list proposed to the leading group
    onsite_list_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    onsite_list_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    candidates_proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    candidates_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # application id -> why the office's candidate list passes over an applicant ranked above a candidate (Art. 20)
    passed_over: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # Art. 12, 20: while the group's review is blinded it sees how many candidates won before, not which, unless
    # the office records here its choice (and why) to show each candidate's award history (issue 13 item 7)
    award_history_shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    award_history_shown_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    award_history_shown_reason: Mapped[str | None] = mapped_column(Text)
    # Art. 23: the city government's approval, after which the results are public
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_document: Mapped[str | None] = mapped_column(String(200))
    approval_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The dates people work to, set by the office (issue 16; their order: domain/deadlines.py). Columns rather than
    # a table of (kind, date) rows: each cycle has exactly one of each, the order rules compare them with each
    # other, and the cycle's version refuses a save from a stale page for all of them at once.
    sheets_due_on: Mapped[date | None] = mapped_column(Date)  # the experts' document-review sheets (Art. 18)
    report_due_on: Mapped[date | None] = mapped_column(Date)  # the leader's document-review report (Art. 18)
    visit_from: Mapped[date | None] = mapped_column(Date)  # the on-site visits (Art. 19)
    visit_to: Mapped[date | None] = mapped_column(Date)
    comprehensive_due_on: Mapped[date | None] = mapped_column(Date)  # the panel's comprehensive report (Art. 20)
    group_meeting_on: Mapped[date | None] = mapped_column(Date)  # the leading group's meeting (Art. 20, 23)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def effective_settings(self) -> dict[str, int]:
        """The stored settings completed with the defaults of settings added since (for pages that say them)."""
        return with_defaults(self.settings)


class HolidaySchedule(Base):
    """The State Council's holiday schedule for one year, in the text format of domain/workdays.py."""

    __tablename__ = "holiday_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

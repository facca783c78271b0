"""The panel's comprehensive evaluation report (综合评价报告, Art. 20): the third report of the panel leader
(组长负责制), beside the document-review and on-site reports (models/review.py PanelReport).

It is its own report kind rather than a third PanelReport stage: PanelReport is keyed by the panel's stage
(PanelStage, which also types panels, sheets and assignments: a third value would let the office form panels and
experts open score sheets for a stage that has no panel of its own - the on-site panel carries on) and it holds
the per-item consensus of the members' sheets with the office's exception for missing sheets, which this report
does not have. What it shares with PanelReport is kept alike: ReportStatus, the leader's draft and submission, the
office's reopening with a reason, the version that refuses a stale save, the printable page and PDF."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime
from reviewapp.models.graph import str_enum
from reviewapp.models.panel import Panel, PanelStage
from reviewapp.models.review import ReportStatus


class ComprehensiveReport(TimestampMixin, Base):
    """One per applicant that went on site, written by the leader of its on-site panel (Art. 17, 20). The system
    proposes the combined score from the two submitted reports and the cycle's weight; the panel confirms it or
    gives its own with a justification. The proposal's parts are kept as they were when the report was saved."""

    __tablename__ = "comprehensive_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    document_total: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    onsite_total: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    weight_percent: Mapped[int] = mapped_column(Integer)  # the document review's weight (cycle setting)
    proposed_score: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    # the panel's comprehensive score (综合评分); its justification where it departs from the proposal
    score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    justification: Mapped[str | None] = mapped_column(Text)
    # category code -> the consolidated strengths and opportunities for improvement of the two reviews
    strengths: Mapped[dict] = mapped_column(JSON, default=dict)
    opportunities: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus, "report_status"), default=ReportStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship()
    panel: Mapped[Panel] = relationship()

    @property
    def stage(self) -> PanelStage:
        """The stage of the panel that writes it: the on-site panel carries on into the comprehensive evaluation
        (Art. 17), so who may read it is decided as for its on-site report (permissions.may_read_report)."""
        return PanelStage.ONSITE_REVIEW

    @property
    def adjusted(self) -> bool:
        return self.score is not None and self.score != self.proposed_score

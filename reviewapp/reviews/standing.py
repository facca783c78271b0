"""Where each applicant of a cycle stands in the review (panels, reports, sheets submitted, consensus totals), in a
fixed number of queries: the office's overview, the on-site list, the ranking and the exports read it."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    ComprehensiveReport,
    Cycle,
    Expert,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelReport,
    PanelStage,
    ReportStatus,
    ScoreSheet,
    SheetStatus,
)

STAGES = (PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW)


@dataclass
class StageStanding:
    panel: Panel | None
    report: PanelReport | None
    sheets_submitted: int
    total: Decimal | None  # the consensus total, once the report is submitted

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status is ReportStatus.SUBMITTED


@dataclass
class ReviewRow:
    application: Application
    stages: dict[PanelStage, StageStanding]
    comprehensive: ComprehensiveReport | None = None  # the on-site panel's comprehensive report (Art. 20)

    @property
    def document(self) -> StageStanding:
        return self.stages[PanelStage.DOCUMENT_REVIEW]

    @property
    def onsite(self) -> StageStanding:
        return self.stages[PanelStage.ONSITE_REVIEW]

    @property
    def comprehensive_submitted(self) -> bool:
        return self.comprehensive is not None and self.comprehensive.status is ReportStatus.SUBMITTED

    @property
    def panel_score(self) -> Decimal | None:
        """The panel's comprehensive score, once its report is submitted (Art. 20)."""
        return self.comprehensive.score if self.comprehensive_submitted else None


def accepted_applications(cycle: Cycle) -> list[Application]:
    return list(db.session.scalars(
        select(Application).where(Application.cycle_id == cycle.id, Application.status == ApplicationStatus.ACCEPTED)
        .options(selectinload(Application.organization)).order_by(Application.number)))


def panels_by_application(cycle: Cycle) -> dict[tuple[int, PanelStage], Panel]:
    """(application, stage) -> its panel; an active panel wins over a dissolved one, a newer over an older."""
    entries = db.session.scalars(
        select(PanelApplicant).join(Panel).where(Panel.cycle_id == cycle.id)
        .options(selectinload(PanelApplicant.panel).selectinload(Panel.members)
                 .selectinload(PanelMember.expert).selectinload(Expert.person))
        .order_by(Panel.dissolved_at.is_not(None).desc(), Panel.id))
    return {(entry.application_id, entry.stage): entry.panel for entry in entries}


def _reports_of(cycle: Cycle) -> dict[tuple[int, PanelStage], PanelReport]:
    reports = db.session.scalars(select(PanelReport).join(Application).where(Application.cycle_id == cycle.id))
    return {(report.application_id, report.stage): report for report in reports}


def _comprehensive_of(cycle: Cycle) -> dict[int, ComprehensiveReport]:
    reports = db.session.scalars(select(ComprehensiveReport).join(Application).where(Application.cycle_id == cycle.id))
    return {report.application_id: report for report in reports}


def _submitted_counts(cycle: Cycle) -> dict[tuple[int, PanelStage], int]:
    rows = db.session.execute(
        select(ScoreSheet.application_id, ScoreSheet.stage, func.count()).join(Application)
        .where(Application.cycle_id == cycle.id, ScoreSheet.status == SheetStatus.SUBMITTED)
        .group_by(ScoreSheet.application_id, ScoreSheet.stage))
    return {(application_id, stage): n for application_id, stage, n in rows}


def review_rows(cycle: Cycle) -> list[ReviewRow]:
    standard = load_standard(cycle.standard_version)
    panels, reports, counts = panels_by_application(cycle), _reports_of(cycle), _submitted_counts(cycle)
    comprehensive = _comprehensive_of(cycle)
    rows = []
    for application in accepted_applications(cycle):
        stages = {}
        for stage in STAGES:
            key = (application.id, stage)
            report = reports.get(key)
            total = summarize(standard, report.consensus).total \
                if report and report.status is ReportStatus.SUBMITTED else None
            stages[stage] = StageStanding(panels.get(key), report, counts.get(key, 0), total)
        rows.append(ReviewRow(application, stages, comprehensive.get(application.id)))
    return rows

"""What the report pages read: the report being written, why it cannot be submitted yet, the site visit, and the
comprehensive evaluation report with the proposal it starts from (Art. 20)."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.city_calendar import city_today
from reviewapp.domain import comprehensive
from reviewapp.domain import consolidation as rules
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ComprehensiveReport,
    PanelReport,
    PanelStage,
    ReportStatus,
    SiteIssue,
    SiteIssueResolution,
    SiteVisit,
)
from reviewapp.reviews.panel_sheets import Consolidation


def report_of(application: Application, stage: PanelStage) -> PanelReport | None:
    return db.session.scalar(select(PanelReport).where(PanelReport.application_id == application.id,
                                                       PanelReport.stage == stage))


def report_for(view: Consolidation) -> PanelReport:
    """The report being written. Before the leader's first save it is not in the database and its consensus is the
    medians of the sheets counted now: a leader who looks early does not freeze the medians of the first sheets."""
    report = report_of(view.application, view.stage)
    if report is None:
        medians = {row.code: row.suggested for row in view.rows if row.suggested is not None}
        report = PanelReport(application=view.application, panel=view.panel, stage=view.stage, consensus=medians,
                             justifications={}, strengths={}, opportunities={}, recommend=None, summary=None,
                             status=ReportStatus.DRAFT, version=1)
    return report


def submitted_reports(application: Application) -> list[PanelReport]:
    """The applicant's submitted reports, document review first."""
    return [report for stage in (PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW)
            if (report := report_of(application, stage)) is not None and report.status is ReportStatus.SUBMITTED]


def submission_problems(report: PanelReport, view: Consolidation) -> list[tuple[str, dict]]:
    """Why the report cannot be submitted yet, from what is saved on it (empty: it can)."""
    problems = []
    if view.missing and not report.waiver_reason:
        problems.append((N_("%(n)s member(s) have not submitted their sheet (%(names)s); the report needs every "
                            "sheet, or the office's recorded exception (Art. 18)."),
                         {"n": len(view.missing), "names": "、".join(m.expert.person.name for m in view.missing)}))
    excluded = {str(expert_id) for expert_id in view.excluded}
    for row in view.rows:
        problems += rules.consensus_problems(row, report.consensus.get(row.code),
                                             report.justifications.get(row.code, ""), excluded)
    if report.recommend is None:
        problems.append((N_("Give the panel's recommendation."), {}))
    if view.stage is PanelStage.ONSITE_REVIEW:
        problems += _visit_problems(view.application)
    return problems


def _visit_problems(application: Application) -> list[tuple[str, dict]]:
    visit = visit_of(application)
    if visit is None:
        return [(N_("Record the visit plan first (Art. 19)."), {})]
    problems = rules.onsite_report_date_problems(city_today(), visit.visit_date)
    still_open = [issue for issue in visit.issues if issue.resolution is SiteIssueResolution.OPEN]
    if still_open:
        problems.append((N_("%(n)s site visit issue(s) are still open; resolve each as verified, not verified or "
                            "clarified (Art. 19)."), {"n": len(still_open)}))
    return problems


def visit_of(application: Application) -> SiteVisit | None:
    """The visit with its issues and their photos and evidence (a fixed number of queries however many)."""
    return db.session.scalar(select(SiteVisit).where(SiteVisit.application_id == application.id).options(
        selectinload(SiteVisit.issues).selectinload(SiteIssue.evidence)))


# The comprehensive evaluation report (综合评价报告, Art. 20)

@dataclass(frozen=True)
class ComprehensiveBasis:
    """What the system's proposal comes from: the two submitted reports and the cycle's weight."""

    document: PanelReport
    onsite: PanelReport
    document_total: Decimal
    onsite_total: Decimal
    weight_percent: int

    @property
    def proposed(self) -> Decimal:
        return comprehensive.combined_score(self.document_total, self.onsite_total, self.weight_percent)


def comprehensive_of(application: Application) -> ComprehensiveReport | None:
    return db.session.scalar(select(ComprehensiveReport).where(ComprehensiveReport.application_id == application.id))


def comprehensive_basis(application: Application) -> ComprehensiveBasis | None:
    """Art. 20: the combined score comes from the document-review and on-site results; None while either report
    is not submitted."""
    reports = {report.stage: report for report in submitted_reports(application)}
    if len(reports) < 2:
        return None
    standard = load_standard(application.cycle.standard_version)
    document, onsite = reports[PanelStage.DOCUMENT_REVIEW], reports[PanelStage.ONSITE_REVIEW]
    return ComprehensiveBasis(document, onsite, summarize(standard, document.consensus).total,
                              summarize(standard, onsite.consensus).total,
                              with_defaults(application.cycle.settings)["document_weight_percent"])


# The reports' own language, whatever the reader's: what the panels wrote is Chinese, and so is the draft
REVIEW_NAMES = {PanelStage.DOCUMENT_REVIEW: "资料评审", PanelStage.ONSITE_REVIEW: "现场评审"}


def _consolidated(basis: ComprehensiveBasis, attribute: str) -> dict[str, str]:
    """Per category, what the two reports say, each line naming its review: the leader's starting point."""
    texts: dict[str, list[str]] = {}
    for report in (basis.document, basis.onsite):
        name = REVIEW_NAMES[report.stage]
        for category, text in sorted(getattr(report, attribute).items()):
            texts.setdefault(category, []).append(f"{name}：{text}")
    return {category: "\n".join(lines) for category, lines in texts.items()}


def comprehensive_for(application: Application, panel, basis: ComprehensiveBasis) -> ComprehensiveReport:
    """The report being written. Before the leader's first save it is not in the database: the proposed score and
    the consolidated strengths and opportunities of the two reviews, with the summaries of both."""
    report = comprehensive_of(application)
    if report is None:
        summaries = [text for text in (basis.document.summary, basis.onsite.summary) if text]
        report = ComprehensiveReport(
            application=application, panel=panel, document_total=basis.document_total,
            onsite_total=basis.onsite_total, weight_percent=basis.weight_percent, proposed_score=basis.proposed,
            score=basis.proposed, justification=None, strengths=_consolidated(basis, "strengths"),
            opportunities=_consolidated(basis, "opportunities"), summary="\n".join(summaries) or None,
            status=ReportStatus.DRAFT, version=1)
    return report

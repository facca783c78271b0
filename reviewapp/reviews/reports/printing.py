"""What the printable reports show (page and PDF alike): the title of each stage's report, the header every report
carries (cycle, applicant, panel, leader, date) and the consensus scores summarised by category."""
from flask_babel import format_date
from flask_babel import gettext as _

from reviewapp.city_calendar import city_date, city_today
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.models import PanelReport, PanelStage
from reviewapp.reviews.reports.queries import visit_of


def report_title(stage: PanelStage) -> str:
    return _("Document-review report (资料评审报告)") if stage is PanelStage.DOCUMENT_REVIEW \
        else _("On-site review report (现场评审报告)")


def recommend_question(stage: PanelStage) -> str:
    return _("Does the panel recommend the applicant for the on-site review?") if stage is PanelStage.DOCUMENT_REVIEW \
        else _("Does the panel recommend the applicant as a candidate for the award?")


def header_rows(report: PanelReport) -> list[tuple[str, str]]:
    application, panel = report.application, report.panel
    leader = panel.leader.expert.person.name if panel.leader else "—"
    day = city_date(report.submitted_at) if report.submitted_at else city_today()
    return [(_("Award cycle"), application.cycle.name),
            (_("Applicant"), f"{application.organization.name}（{application.number}）"),
            (_("Panel"), panel.name), (_("Leader"), leader), (_("Date"), format_date(day, "long"))]


def report_context(report: PanelReport) -> dict:
    standard = load_standard(report.application.cycle.standard_version)
    visit = visit_of(report.application) if report.stage is PanelStage.ONSITE_REVIEW else None
    return {"report": report, "standard": standard, "summary": summarize(standard, report.consensus),
            "visit": visit, "print_title": _("Benxi Mayor's Quality Award") + " " + report_title(report.stage),
            "header_rows": header_rows(report)}


def comprehensive_title() -> str:
    return _("Comprehensive evaluation report of the panel (综合评价报告)")


def comprehensive_context(report) -> dict:
    """The panel's comprehensive evaluation report (Art. 20): the two totals, the weight, the proposed and the
    panel's score with its justification, the consolidated strengths and opportunities."""
    standard = load_standard(report.application.cycle.standard_version)
    return {"report": report, "standard": standard, "header_rows": header_rows(report),
            "print_title": _("Benxi Mayor's Quality Award") + " " + comprehensive_title()}

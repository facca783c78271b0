"""What the printable reports show (page and PDF alike): the header every report carries (cycle, applicant,
panel, leader, date) and the consensus scores summarised by category."""
from flask_babel import format_date, gettext as _
from sqlalchemy import select

from reviewapp.city_calendar import city_today
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import PanelReport, PanelStage, SiteVisit
from reviewapp.reviews.routes import report_title


def header_rows(report: PanelReport) -> list[tuple[str, str]]:
    application, panel = report.application, report.panel
    leader = panel.leader.expert.person.name if panel.leader else "—"
    day = report.submitted_at.date() if report.submitted_at else city_today()
    return [(_("Award cycle"), application.cycle.name),
            (_("Applicant"), f"{application.organization.name}（{application.number}）"),
            (_("Panel"), panel.name), (_("Leader"), leader), (_("Date"), format_date(day, "long"))]


def report_context(report: PanelReport) -> dict:
    standard = load_standard(report.application.cycle.standard_version)
    visit = None
    if report.stage is PanelStage.ONSITE_REVIEW:
        visit = db.session.scalar(select(SiteVisit).where(SiteVisit.application_id == report.application_id))
    return {"report": report, "standard": standard, "summary": summarize(standard, report.consensus),
            "visit": visit, "print_title": _("Benxi Mayor's Quality Award") + " " + report_title(report.stage),
            "header_rows": header_rows(report)}

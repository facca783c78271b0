"""A cycle's score sheets as .xlsx for the office (Art. 18, 19): per stage, every member's sheet, submitted or
draft, with its items, category subtotals and total, and the panels' consensus. A sheet excluded for a conflict
found after the assignment or a disqualification (Art. 33) is listed with the reason, and summed nowhere."""
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reviewapp.city_calendar import CITY_TZ
from reviewapp.domain.i18n import N_
from reviewapp.domain.spreadsheet import workbook_bytes
from reviewapp.domain.standard import Standard, load_standard, summarize
from reviewapp.domain_text import explain
from reviewapp.downloads import audited_xlsx
from reviewapp.extensions import db
from reviewapp.models import Cycle, Panel, PanelReport, PanelStage, Role, ScoreSheet
from reviewapp.permissions import require_role
from reviewapp.reviews.panel_sheets import exclusion_of
from reviewapp.reviews.scoring import queries
from reviewapp.reviews.scoring.routes import bp
from reviewapp.reviews.standing import STAGES, panels_by_application
from reviewapp.xlsx import write_sheet

CONSENSUS_TITLES = {PanelStage.DOCUMENT_REVIEW: _l("Consensus, document review"),
                    PanelStage.ONSITE_REVIEW: _l("Consensus, on-site review")}
NOT_A_MEMBER = N_("%(expert)s is no longer a member of the panel; the sheet is kept but not counted.")


def exclusion_text(sheet: ScoreSheet, panel: Panel | None) -> str | None:
    """Why the sheet counts in no aggregate: the same decision as the leader's consolidation."""
    member = next((m for m in panel.members if m.expert_id == sheet.expert_id), None) if panel else None
    if member is None:
        return explain(NOT_A_MEMBER, {"expert": sheet.expert.person.name})
    why = exclusion_of(member, sheet.application)
    return explain(*why) if why else None


def _local(moment):
    # Excel has no time zones: the office reads Benxi time.
    return moment.astimezone(CITY_TZ).replace(tzinfo=None) if moment else None


def _scores(standard: Standard, percents: dict) -> list:
    summary = summarize(standard, percents)
    return [*(percents.get(item.code) for item in standard.items),
            *(summary.category_scores[category.code] for category in standard.categories), summary.total]


def _score_headers(standard: Standard) -> list[str]:
    return [*(item.code for item in standard.items),
            *(_("%(code)s subtotal", code=category.code) for category in standard.categories), _("Total")]


def _sheet_rows(standard: Standard, sheets: Iterable[ScoreSheet], panels: dict) -> Iterable[list]:
    for sheet in sheets:
        application = sheet.application
        yield [application.number, application.organization.name, sheet.expert.person.name, sheet.status.label,
               *_scores(standard, sheet.percents), _local(sheet.submitted_at),
               exclusion_text(sheet, panels.get((application.id, sheet.stage)))]


def _report_rows(standard: Standard, reports: Iterable[PanelReport]) -> Iterable[list]:
    for report in reports:
        recommend = None if report.recommend is None else (_("Yes") if report.recommend else _("No"))
        yield [report.application.number, report.application.organization.name, report.panel.name,
               report.status.label, *_scores(standard, report.consensus), recommend, _local(report.submitted_at)]


def sheets_workbook(cycle: Cycle) -> bytes:
    from openpyxl import Workbook

    standard = load_standard(cycle.standard_version)
    sheets, reports, panels = queries.cycle_sheets(cycle), queries.cycle_reports(cycle), panels_by_application(cycle)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for stage in STAGES:
        write_sheet(workbook, stage.label,
                    [_("Number"), _("Applicant"), _("Expert"), _("Status"), *_score_headers(standard),
                     _("Submitted at"), _("Excluded (reason)")],
                    _sheet_rows(standard, (s for s in sheets if s.stage is stage), panels))
        write_sheet(workbook, CONSENSUS_TITLES[stage],
                    [_("Number"), _("Applicant"), _("Panel"), _("Status"), *_score_headers(standard),
                     _("Recommended"), _("Submitted at")],
                    _report_rows(standard, (r for r in reports if r.stage is stage)))
    return workbook_bytes(workbook)


@bp.route("/cycles/<int:cycle_id>/sheets.xlsx")
@require_role(Role.OFFICE)
def sheets_xlsx(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    return audited_xlsx(sheets_workbook(cycle), f"{cycle.name} {_('score sheets')}.xlsx",
                        action="score_sheets_exported", subject=cycle)

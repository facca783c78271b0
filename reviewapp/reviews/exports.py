"""A cycle's score sheets and ranking as .xlsx for the office (Art. 18, 19): per stage, every member's sheet, submitted or
draft, with its items, category subtotals and total, and the panels' consensus. A sheet excluded for a conflict
found after the assignment or a disqualification (Art. 33) is listed with the reason, and summed nowhere."""
import io
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp import audit
from reviewapp.city_calendar import CITY_TZ
from reviewapp.domain.comprehensive import ONSITE
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import Standard, load_standard, summarize
from reviewapp.extensions import db
from reviewapp.labels import explain, label
from reviewapp.models import Application, Cycle, Expert, Panel, PanelReport, PanelStage, Role, ScoreSheet
from reviewapp.permissions import require_role
from reviewapp.reviews.evaluation import bp as evaluation_bp
from reviewapp.reviews.evaluation.queries import evaluate
from reviewapp.reviews.panel_sheets import exclusion_of
from reviewapp.reviews.scoring import bp as scoring_bp
from reviewapp.reviews.standing import STAGES, panels_by_application
from reviewapp.xlsx import write_sheet, xlsx_response

CONSENSUS_TITLES = {PanelStage.DOCUMENT_REVIEW: _l("Consensus, document review"),
                    PanelStage.ONSITE_REVIEW: _l("Consensus, on-site review")}
NOT_A_MEMBER = N_("%(expert)s is no longer a member of the panel; the sheet is kept but not counted.")


def _sheets_of(cycle: Cycle) -> list[ScoreSheet]:
    return list(db.session.scalars(
        select(ScoreSheet).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(ScoreSheet.application).selectinload(Application.organization),
                 selectinload(ScoreSheet.expert).selectinload(Expert.person))
        .order_by(Application.number, ScoreSheet.id)))


def _reports_of(cycle: Cycle) -> list[PanelReport]:
    return list(db.session.scalars(
        select(PanelReport).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(PanelReport.application).selectinload(Application.organization),
                 selectinload(PanelReport.panel))
        .order_by(Application.number)))


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
        yield [application.number, application.organization.name, sheet.expert.person.name, label(sheet.status),
               *_scores(standard, sheet.percents), _local(sheet.submitted_at),
               exclusion_text(sheet, panels.get((application.id, sheet.stage)))]


def _report_rows(standard: Standard, reports: Iterable[PanelReport]) -> Iterable[list]:
    for report in reports:
        recommend = None if report.recommend is None else (_("Yes") if report.recommend else _("No"))
        yield [report.application.number, report.application.organization.name, report.panel.name,
               label(report.status), *_scores(standard, report.consensus), recommend, _local(report.submitted_at)]


def sheets_workbook(cycle: Cycle) -> bytes:
    from openpyxl import Workbook

    standard = load_standard(cycle.standard_version)
    sheets, reports, panels = _sheets_of(cycle), _reports_of(cycle), panels_by_application(cycle)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for stage in STAGES:
        write_sheet(workbook, label(stage),
                    [_("Number"), _("Applicant"), _("Expert"), _("Status"), *_score_headers(standard),
                     _("Submitted at"), _("Excluded (reason)")],
                    _sheet_rows(standard, (s for s in sheets if s.stage is stage), panels))
        write_sheet(workbook, CONSENSUS_TITLES[stage],
                    [_("Number"), _("Applicant"), _("Panel"), _("Status"), *_score_headers(standard),
                     _("Recommended"), _("Submitted at")],
                    _report_rows(standard, (r for r in reports if r.stage is stage)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@scoring_bp.route("/cycles/<int:cycle_id>/sheets.xlsx")
@require_role(Role.OFFICE)
def sheets_xlsx(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    data = sheets_workbook(cycle)
    audit.record("score_sheets_exported", cycle, user=current_user)
    db.session.commit()
    return xlsx_response(data, f"{cycle.name} {_('score sheets')}.xlsx")


def _ranking_rows(evaluation) -> Iterable[list]:
    categories = evaluation.standard.categories
    for ranked in evaluation.ranked:
        entry, row = ranked.entry, ranked.row
        line = _("Applicants reviewed on site") if entry.line == ONSITE else _("Applicants not sent on site")
        recommended = [f"{label(s.report.stage)}：{_('Yes') if s.report.recommend else _('No')}"
                       for s in (row.document, row.onsite) if s.submitted]
        yield [row.application.number, row.application.organization.name, line, entry.rank,
               entry.document_total, entry.onsite_total, entry.combined, "；".join(recommended),
               label(ranked.candidate.level) if ranked.candidate else None,
               *[ranked.document_profile[c.code] for c in categories],
               *[ranked.onsite_profile[c.code] for c in categories]]


def ranking_workbook(cycle: Cycle) -> bytes:
    """The comprehensive evaluation (Art. 20) as one worksheet: the ranking with its parts and profiles."""
    from openpyxl import Workbook

    evaluation = evaluate(cycle)
    categories = evaluation.standard.categories
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_sheet(workbook, _("Comprehensive evaluation"),
                [_("Number"), _("Applicant"), _("Line"), _("Rank"), _("Document-review total"), _("On-site total"),
                 _("Combined score"), _("Panels' recommendations"), _("Proposed"),
                 *[f"{c.code} {_('document review')} %" for c in categories],
                 *[f"{c.code} {_('on-site review')} %" for c in categories]],
                _ranking_rows(evaluation))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@evaluation_bp.route("/cycles/<int:cycle_id>/ranking.xlsx")
@require_role(Role.OFFICE)
def ranking_xlsx(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    data = ranking_workbook(cycle)
    audit.record("ranking_exported", cycle, user=current_user)
    db.session.commit()
    return xlsx_response(data, f"{cycle.name} {_('Comprehensive evaluation')}.xlsx")

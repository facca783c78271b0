"""The comprehensive evaluation (Art. 20) as .xlsx for the office: the ranking with its parts and profiles."""
from collections.abc import Iterable

from flask_babel import gettext as _

from reviewapp.domain.comprehensive import ONSITE
from reviewapp.domain.spreadsheet import workbook_bytes
from reviewapp.downloads import audited_xlsx
from reviewapp.extensions import db
from reviewapp.models import Cycle, Role
from reviewapp.permissions import require_role
from reviewapp.reviews.evaluation.queries import evaluate
from reviewapp.reviews.evaluation.routes import bp
from reviewapp.xlsx import write_sheet


def _ranking_rows(evaluation) -> Iterable[list]:
    categories = evaluation.standard.categories
    for ranked in evaluation.ranked:
        entry, row = ranked.entry, ranked.row
        line = _("Applicants reviewed on site") if entry.line == ONSITE else _("Applicants not sent on site")
        recommended = [f"{s.report.stage.label}：{_('Yes') if s.report.recommend else _('No')}"
                       for s in (row.document, row.onsite) if s.submitted]
        yield [row.application.number, row.application.organization.name, line, entry.rank,
               entry.document_total, entry.onsite_total, entry.combined, entry.proposed if entry.adjusted else None,
               "；".join(recommended), ranked.candidate.level.label if ranked.candidate else None,
               ranked.candidate.minimum_override_reason if ranked.candidate else None,
               *[ranked.document_profile[c.code] for c in categories],
               *[ranked.onsite_profile[c.code] for c in categories]]


def ranking_workbook(cycle: Cycle) -> bytes:
    """The comprehensive evaluation (Art. 20) as one worksheet: the ranking with its parts and profiles."""
    from openpyxl import Workbook

    evaluation = evaluate(cycle)
    categories = evaluation.standard.categories
    weight = evaluation.settings["document_weight_percent"]  # the cycle's setting (Art. 20 sets none)
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_sheet(workbook, _("Comprehensive evaluation"),
                [_("Number"), _("Applicant"), _("Line"), _("Rank"), _("Document-review total"), _("On-site total"),
                 _("Combined score (document review %(document)s%%, on-site review %(onsite)s%%)",
                   document=weight, onsite=100 - weight),
                 _("System's proposal, where the panel adjusted it"), _("Panels' recommendations"), _("Proposed"),
                 _("Reason for proposing below the minimum score"),
                 *[f"{c.code} {_('document review')} %" for c in categories],
                 *[f"{c.code} {_('on-site review')} %" for c in categories]],
                _ranking_rows(evaluation))
    return workbook_bytes(workbook)


@bp.route("/cycles/<int:cycle_id>/ranking.xlsx")
@require_role(Role.OFFICE)
def ranking_xlsx(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    return audited_xlsx(ranking_workbook(cycle), f"{cycle.name} {_('Comprehensive evaluation')}.xlsx",
                        action="ranking_exported", subject=cycle)

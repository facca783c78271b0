"""The incentive-money ledger as .xlsx (Art. 25): every line, then the totals per organization and per cycle."""
from collections.abc import Iterable

from flask_babel import gettext as _

from reviewapp.awards import queries
from reviewapp.domain.spreadsheet import workbook_bytes
from reviewapp.models import MoneyEntry
from reviewapp.xlsx import write_sheet


def _line_rows(lines: Iterable[MoneyEntry]) -> Iterable[list]:
    for line in lines:
        award = line.award_record
        yield [line.entered_on, line.organization.name, line.organization.credit_code,
               queries.line_cycle_name(line), line.kind.label, line.amount,
               award.kind.label if award else None, queries.line_basis(line), line.note]


def cycle_total_name(total: queries.Total) -> str:
    """A row of the totals per cycle: the cycle's name, or what stands in for it."""
    if total.group == queries.OUTSIDE:
        return _("Outside awards (no cycle)")
    return total.name or _("Cycles before this system")


def _total_rows(totals: list[queries.Total], name) -> Iterable[list]:
    for total in totals:
        yield [name(total), total.lines, total.amount]
    # "Total amount", not "Total": the catalogue gives "Total" as a score (总分); this is a sum of money (合计).
    yield [_("Total amount"), sum(t.lines for t in totals), sum((t.amount for t in totals), 0)]


def ledger_workbook(organization_id: int | None = None, cycle_id: int | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    write_sheet(workbook, _("Ledger"),
                [_("Entered on"), _("Organization"), _("Unified social credit code"), _("Cycle"), _("Kind"),
                 _("Amount (yuan)"), _("Award"), _("Basis"), _("Note")],
                _line_rows(queries.ledger_lines(organization_id, cycle_id)))
    write_sheet(workbook, _("Per organization"), [_("Organization"), _("Lines"), _("Amount (yuan)")],
                _total_rows(queries.totals_by_organization(organization_id, cycle_id), lambda total: total.name))
    write_sheet(workbook, _("Per cycle"), [_("Cycle"), _("Lines"), _("Amount (yuan)")],
                _total_rows(queries.totals_by_cycle(organization_id, cycle_id), cycle_total_name))
    for sheet in workbook.worksheets:
        amount = next(cell.column_letter for cell in sheet[1] if cell.value == _("Amount (yuan)"))
        for cell in sheet[amount][1:]:
            cell.number_format = "#,##0.00"
    return workbook_bytes(workbook)

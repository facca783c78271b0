"""Workbooks the office downloads (the score sheets and the ranking, the incentive-money ledger): one worksheet per
table, written the same way, and the response that carries the file."""
import re
from collections.abc import Iterable
from datetime import datetime

from flask import Response

from reviewapp.domain.files import XLSX
from reviewapp.pdf import content_disposition

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31]  # Excel's rules for worksheet names


def write_sheet(workbook, title: str, headers: list[str], rows: Iterable[list]) -> None:
    """A worksheet of the table: a bold header row, then the rows."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # a name typed as "=..." is text here, never a formula
                cell.data_type = "s"
            elif isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
    sheet.freeze_panes = "E2"  # the first four columns (number, applicant, expert or panel, status) stay in view
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 14


def xlsx_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype=XLSX.mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response

"""Reading an uploaded spreadsheet, for both imports (the affiliation graph, reviewapp/domain/coi/graph_workbook.py,
and the expert pool, reviewapp/experts/pool_workbook.py): recognising an .xlsx workbook or a CSV text by its
content, opening a workbook only after its package is checked, reading rows as cells with their column letters,
and the cell readers for text and dates. Pure: bytes in, cells and problems out (and, for the downloads, a
workbook written in memory out as bytes).

Every problem is reported with the place the user sees it (sheet, row with the header as row 1, column), so that
the office fixes the whole file in one pass instead of meeting the errors one at a time.
"""
import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from reviewapp.domain.files import detect_file
from reviewapp.domain.i18n import N_

XLSX, CSV = "xlsx", "csv"

# Issue 13 item 6: a workbook is a zip package, checked before openpyxl unpacks any part of it. A 170 KB upload
# that unpacked to 68 MB kept a worker busy for two minutes. A sheet of 50,000 relations unpacks to 14 MB at
# 13:1; a zip bomb packs hundreds to one.
MAX_PACKAGE_PARTS = 1_000
MAX_PART_BYTES = 32 * 1024 * 1024       # unpacked, any one part
MAX_UNPACKED_BYTES = 40 * 1024 * 1024   # unpacked, all parts together
MAX_RATIO = 100                         # unpacked / packed, for any part of more than RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
# Cells read, counting the blank ones openpyxl fills in before a far-right cell (one cell in column XFD makes a
# row of 16,384): 50,000 rows of 20 columns.
MAX_CELLS = 1_000_000

MSG_EMPTY_FILE = N_("The file is empty.")
MSG_NOT_READABLE = N_("The file is neither an Excel workbook (.xlsx) nor a CSV text file (UTF-8 or GB18030).")
MSG_OLD_XLS = N_("Old Excel files (.xls) cannot be read: save the workbook as .xlsx and upload it again.")
MSG_CORRUPT = N_("The workbook cannot be read: the file is damaged or not a real .xlsx workbook.")
MSG_TOO_MANY_ROWS = N_("More than %(max)s rows: split the data into several files.")
MSG_PACKAGE_TOO_LARGE = N_("The workbook unpacks to more than %(max_mb)s MB (or one of its parts compresses "
                           "suspiciously well): it was not opened. Save only the sheet with the data, without "
                           "pictures or other sheets, and upload it again, or split it into several files.")
MSG_TOO_MANY_CELLS = N_("The sheet has more than %(max)s cells (counting empty cells before the last column "
                        "used): it was not read to the end. Delete the empty columns and rows after the data, or "
                        "split it into several files.")
MSG_DUPLICATE_COLUMN = N_("Column %(name)s appears twice.")
MSG_MISSING_COLUMN = N_("Column %(name)s is missing.")
MSG_FORMULA = N_("Formula not allowed: type the value itself.")
MSG_REQUIRED = N_("This cell must not be empty.")
MSG_NOT_TEXT = N_("This must be text, not a date or a fraction.")
MSG_TOO_LONG = N_("At most %(max)s characters.")
MSG_NOT_DATE = N_("%(value)s is not a date (YYYY-MM-DD).")
MSG_DATE_WITH_TIME = N_("A date without a time of day (YYYY-MM-DD).")


@dataclass(frozen=True)
class Problem:
    """One bad cell (or a whole-file problem when row is None), with a message template for the user's language."""
    sheet: str | None
    row: int | None
    column: str | None  # the field name, e.g. "from"
    letter: str | None  # the spreadsheet column, e.g. "C"
    message: str
    params: dict = field(default_factory=dict)


def file_problem(message: str, sheet: str | None = None, **params) -> Problem:
    return Problem(sheet, None, None, None, message, params)


class FileRefused(Exception):
    """The whole file is refused (empty, not a table, damaged, or beyond what an import reads): one problem, no
    rows."""

    def __init__(self, message: str, sheet: str | None = None, **params):
        super().__init__(message)
        self.message, self.params = message, params
        self.problem = file_problem(message, sheet, **params)


class BadCell(Exception):
    """What a cell reader raises: the cell's problem, placed by the caller."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


@dataclass
class Cell:
    value: object
    letter: str
    formula: bool = False


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- the file -------------------------------------------------------------------------------------------------

def upload_kind(data: bytes, filename: str) -> str:
    """XLSX or CSV, recognised by the content (the name only tells a damaged workbook from text); FileRefused for
    an empty file, an old .xls, a damaged workbook or anything that is not text."""
    if not data:
        raise FileRefused(MSG_EMPTY_FILE)
    detected = detect_file(data)
    if detected is not None and detected.kind == XLSX:
        return XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of .xls
        raise FileRefused(MSG_OLD_XLS)
    if data.startswith(b"PK") or detected is not None or filename.lower().endswith(".xlsx"):
        raise FileRefused(MSG_CORRUPT)
    if decode_text(data) is None:
        raise FileRefused(MSG_NOT_READABLE)
    return CSV


def decode_text(data: bytes) -> str | None:
    """A CSV's text: UTF-8 (with or without the BOM Excel writes), else GB18030 (what Chinese Excel saves by
    default); None for anything that is not text."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def csv_rows(data: bytes) -> Iterator[list[Cell]]:
    """The rows of a CSV upload (upload_kind CSV); FileRefused when the csv module cannot read it."""
    try:
        for record in csv.reader(io.StringIO(decode_text(data), newline="")):
            yield [Cell(value, column_letter(i)) for i, value in enumerate(record, 1)]
    except csv.Error:  # e.g. a field beyond the csv module's size limit: not a table anyone typed
        raise FileRefused(MSG_NOT_READABLE) from None


def package_problem(data: bytes) -> FileRefused | None:
    """Why the zip package may not be unpacked, from its directory alone (nothing is decompressed)."""
    too_large = FileRefused(MSG_PACKAGE_TOO_LARGE, max_mb=MAX_UNPACKED_BYTES // (1024 * 1024))
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # not a zip after all: openpyxl says the file is damaged
    if len(parts) > MAX_PACKAGE_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        return too_large
    for part in parts:
        if part.file_size > MAX_PART_BYTES or (
                part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1)):
            return too_large
    return None


def open_workbook(data: bytes):
    """The workbook for reading, only after its package is checked: the one way both imports open an upload.
    FileRefused when it is too large."""
    from openpyxl import load_workbook

    problem = package_problem(data)
    if problem is not None:
        raise problem
    return load_workbook(io.BytesIO(data), read_only=True, data_only=False)


@contextmanager
def reading_workbook(data: bytes):
    """The checked workbook, closed afterwards. Whatever fails while it is read, other than a FileRefused, is a
    damaged file: FileRefused(MSG_CORRUPT)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not read; they don't matter
            workbook = open_workbook(data)
            try:
                yield workbook
            finally:
                workbook.close()
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - a damaged package fails anywhere inside openpyxl, zipfile or the XML parser
        raise FileRefused(MSG_CORRUPT) from None


def workbook_bytes(workbook) -> bytes:
    """An openpyxl workbook built in memory, as the bytes of its .xlsx file."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bounded_rows(sheet, max_cells: int = MAX_CELLS):
    """The sheet's rows, refused (FileRefused) once more than max_cells cells were read."""
    cells = 0
    for row in sheet.iter_rows():
        cells += len(row)
        if cells > max_cells:
            raise FileRefused(MSG_TOO_MANY_CELLS, max=f"{max_cells:,}")
        yield row


def worksheet_rows(sheet) -> Iterator[list[Cell]]:
    """The rows of a worksheet of reading_workbook as cells, bounded."""
    sheet.reset_dimensions()  # the stored size is often wrong in files from other programs
    for row in bounded_rows(sheet):
        yield [Cell(cell.value, column_letter(index), cell.data_type == "f") for index, cell in enumerate(row, 1)]


# --- the cells ------------------------------------------------------------------------------------------------

def cell_text(value) -> str | None:
    """The cell as text, None when blank; BadCell for a date or a fraction (a whole number reads as its digits)."""
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise BadCell(MSG_NOT_TEXT)
    if isinstance(value, float):
        if not value.is_integer():
            raise BadCell(MSG_NOT_TEXT)
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return text or None


def cell_date(value) -> date | None:
    """A real Excel date, or text by the exchange format's rule (YYYY-MM-DD, read by date.fromisoformat as the
    `flask coi check` loader reads it)."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise BadCell(MSG_DATE_WITH_TIME)
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value) if not isinstance(value, (int, float)) else str(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadCell(MSG_NOT_DATE, value=text) from None

"""The expert pool as a spreadsheet (issue #5): reading an uploaded .xlsx/.csv sheet of experts cell by cell, the
downloadable template, and the export. Pure: bytes in, rows and problems out; no Flask, no database.

Every bad cell is reported with its row (the header is row 1) and column, as the graph import does: both read
the upload with the general reader (reviewapp/domain/spreadsheet.py, whose cell readers and messages are these),
so that the office fixes the whole file in one pass. Matching the rows to the pool and to organizations and
logins is the app's part (reviewapp/experts/pool_import.py).
"""
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.i18n import N_
from reviewapp.domain.industry import SECTIONS, check_industry_code
from reviewapp.domain.phone import is_phone_number
from reviewapp.domain.spreadsheet import (
    MSG_DATE_WITH_TIME,
    MSG_DUPLICATE_COLUMN,
    MSG_FORMULA,
    MSG_MISSING_COLUMN,
    MSG_REQUIRED,
    MSG_TOO_LONG,
    MSG_TOO_MANY_ROWS,
    XLSX,
    BadCell,
    Cell,
    FileRefused,
    Problem,
    cell_date,
    cell_text,
    column_letter,
    csv_rows,
    is_blank,
    reading_workbook,
    upload_kind,
    workbook_bytes,
    worksheet_rows,
)

# A city's pool is a few hundred experts; a province's fits in a few files. Larger files are refused whole.
MAX_ROWS = 5_000

SHEET_NAMES = ("专家", "experts")
# Field name -> the header of the template (Chinese); the field names are accepted as headers too.
HEADERS = {
    "name": "姓名", "title": "职称", "specialties": "专业领域", "strengths": "擅长类目",
    "certificate_number": "证书编号", "certificate_expires": "证书有效期", "can_lead": "可任组长",
    "phone": "电话", "email": "邮箱", "employer": "工作单位", "username": "登录名",
}
COLUMNS = tuple(HEADERS)
# Written by the export for people to read, ignored by the import: a status changes with a reason, on the
# expert's page (Art. 33), never by a spreadsheet.
STATUS_HEADER = "状态"
IGNORED = {"status": STATUS_HEADER}
ALIASES = {header: name for name, header in {**HEADERS, **IGNORED}.items()} | {
    "证书有效期至": "certificate_expires", "可任组长（是/否）": "can_lead", "可任组长(是/否)": "can_lead",
    "工作单位（名称或统一社会信用代码）": "employer", "电子邮箱": "email", "手机": "phone"}
MAX_LENGTH = {"name": 100, "title": 100, "certificate_number": 60, "phone": 50, "email": 200, "employer": 200,
              "username": 64}
YES = {"是", "y", "yes", "true", "1", "√", "✓", "可"}
NO = {"否", "n", "no", "false", "0", "×", "不可"}
LIST_SEPARATORS = re.compile(r"[\s,，、;；/]+")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")

MSG_UNKNOWN_COLUMN = N_("Unknown column %(name)s. The columns are: %(columns)s.")
MSG_NO_SHEET = N_("The workbook has no sheet of experts.")
MSG_NOTHING = N_("There is nothing to import: the sheet has no data row.")
MSG_CATEGORY = N_("%(value)s is not a category of GB/T 19580: write 4.1 to 4.7 or the category's name.")
MSG_YES_NO = N_("Write 是 or 否, not %(value)s.")
MSG_EMAIL = N_("%(value)s is not an e-mail address.")
MSG_PHONE = N_("%(value)s is not a phone number: use digits, with - + ( ) or spaces (e.g. 024-42843576).")
MSG_USERNAME = N_("%(value)s is not a login name: 3 to 64 letters, digits, dots, dashes or underscores.")
MSG_EXPIRY_WITHOUT_NUMBER = N_("An expiry date needs a certificate number.")
MSG_DUPLICATE_IN_FILE = N_("%(value)s is already used in row %(first_row)s.")


@dataclass(frozen=True)
class ExpertRow:
    """One valid row: the expert as the sheet describes them. employer is the cell as written (a name or a unified
    social credit code), resolved by the app."""
    row: int
    name: str
    title: str | None
    specialties: tuple[str, ...]
    strengths: tuple[str, ...]
    certificate_number: str | None
    certificate_expires: date | None
    can_lead: bool
    phone: str | None
    email: str | None
    employer: str | None
    username: str | None


@dataclass
class Sheet:
    rows: list[ExpertRow]  # the rows without a bad cell
    errors: list[Problem]
    sheet: str | None = None
    letters: dict[str, str] = field(default_factory=dict)  # field name -> spreadsheet column
    # row number -> the cells that could be read, also of rows with other bad cells: the app checks employers and
    # logins of every row, so that one dry run lists every bad cell
    cells: dict[int, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def problem(self, row: int, column: str, message: str, **params) -> None:
        self.errors.append(Problem(self.sheet, row, column, self.letters.get(column), message, params))


# --- reading the file -----------------------------------------------------------------------------------------

def _grid(data: bytes, filename: str, max_rows: int) -> tuple[str, list[tuple[int, list[Cell]]]]:
    """The sheet's name and its non-blank rows (row number, cells), the header first; at most max_rows + 1 data
    rows are read, enough to know that a file is too long. FileRefused when the file is not a readable table."""
    if upload_kind(data, filename) == XLSX:
        with reading_workbook(data) as workbook:
            by_name = {name.strip().lower(): name for name in workbook.sheetnames}
            name = next((by_name[n] for n in SHEET_NAMES if n in by_name), None)
            if name is None and workbook.sheetnames:
                name = workbook.sheetnames[0]
            if name is None:
                raise FileRefused(MSG_NO_SHEET)
            return name, _kept(worksheet_rows(workbook[name]), max_rows)
    return "CSV", _kept(csv_rows(data), max_rows)


def _kept(rows: Iterable[list[Cell]], max_rows: int) -> list[tuple[int, list[Cell]]]:
    kept = []
    for number, cells in enumerate(rows, start=1):
        if number > 1 and all(is_blank(c.value) for c in cells):
            continue
        kept.append((number, cells))
        if len(kept) > max_rows + 1:
            break
    return kept


def _header(cells: list[Cell], sheet: Sheet) -> dict[int, str] | None:
    columns, seen = {}, set()
    for index, cell in enumerate(cells):
        if is_blank(cell.value):
            continue
        text = str(cell.value).strip()
        name = ALIASES.get(text, text.lower() if text.lower() in {*COLUMNS, *IGNORED} else None)
        if name is None:
            sheet.errors.append(Problem(sheet.sheet, 1, text, cell.letter, MSG_UNKNOWN_COLUMN, {
                "name": text, "columns": "、".join(HEADERS.values())}))
        elif name in seen:
            sheet.errors.append(Problem(sheet.sheet, 1, name, cell.letter, MSG_DUPLICATE_COLUMN, {"name": text}))
        else:
            seen.add(name)
            columns[index] = name
            sheet.letters[name] = cell.letter
    if "name" not in seen:
        sheet.errors.append(Problem(sheet.sheet, 1, "name", None, MSG_MISSING_COLUMN, {"name": HEADERS["name"]}))
        return None
    return columns


def read_sheet(data: bytes, filename: str, categories: Mapping[str, str], max_rows: int = MAX_ROWS) -> Sheet:
    """Every row of the upload checked on its own and against the other rows. `categories`: the standard's
    category codes and names (4.1 -> 领导), the values a strengths cell may hold."""
    try:
        name, grid = _grid(data, filename, max_rows)
    except FileRefused as refused:
        return Sheet([], [refused.problem])
    sheet = Sheet([], [], name)
    if not grid or grid[0][0] != 1:
        sheet.errors.append(Problem(name, None, None, None, MSG_NOTHING, {}))
        return sheet
    columns = _header(grid[0][1], sheet)
    if columns is None:
        return sheet
    raw = [(number, {columns[i]: cell for i, cell in enumerate(cells) if i in columns}) for number, cells in grid[1:]]
    if len(raw) > max_rows:
        return Sheet([], [Problem(name, None, None, None, MSG_TOO_MANY_ROWS, {"max": max_rows})], name)
    if not raw:
        sheet.errors.append(Problem(name, None, None, None, MSG_NOTHING, {}))
        return sheet
    reader = _RowReader(sheet, categories)
    rows = [row for row in (reader.read(number, cells) for number, cells in raw) if row is not None]
    _unique_in_file(rows, sheet, ("certificate_number", "username"))
    sheet.rows = rows
    sheet.errors.sort(key=problem_order)
    return sheet


def problem_order(problem: Problem) -> tuple:
    """Whole-file problems first, then by row and by column as the sheet shows them (A, B, … AA)."""
    letter = problem.letter or ""
    return (problem.row is not None, problem.row or 0, not letter, len(letter), letter,
            COLUMNS.index(problem.column) if problem.column in COLUMNS else len(COLUMNS))


def _unique_in_file(rows: list[ExpertRow], sheet: Sheet, columns: tuple[str, ...]) -> None:
    for column in columns:
        first = {}
        for row in rows:
            value = getattr(row, column)
            if value is None:
                continue
            key = value.lower()
            if key in first:
                sheet.problem(row.row, column, MSG_DUPLICATE_IN_FILE, value=value, first_row=first[key])
            else:
                first[key] = row.row


# --- reading the cells ----------------------------------------------------------------------------------------

class _RowReader:
    def __init__(self, sheet: Sheet, categories: Mapping[str, str]):
        self.sheet = sheet
        self.categories = dict(categories)
        self.by_name = {name: code for code, name in categories.items()}

    def read(self, number: int, cells: dict[str, Cell]) -> ExpertRow | None:
        bad_before = len(self.sheet.errors)
        values = {}
        for column in COLUMNS:
            cell = cells.get(column)
            values[column] = self._cell(number, column, cell) if cell is not None else self._missing(number, column)
        if values["certificate_expires"] is not None and values["certificate_number"] is None \
                and not self._bad(number, "certificate_number"):
            self.sheet.problem(number, "certificate_expires", MSG_EXPIRY_WITHOUT_NUMBER)
        self.sheet.cells[number] = {column: value for column, value in values.items() if not self._bad(number, column)}
        if len(self.sheet.errors) > bad_before:
            return None
        return ExpertRow(number, **values)

    def _bad(self, number: int, column: str) -> bool:
        return any(p.row == number and p.column == column for p in self.sheet.errors)

    def _missing(self, number: int, column: str):
        if column == "name":
            self.sheet.problem(number, column, MSG_REQUIRED)
        return {"specialties": (), "strengths": (), "can_lead": False}.get(column)

    def _cell(self, number: int, column: str, cell: Cell):
        if cell.formula:
            self.sheet.problem(number, column, MSG_FORMULA)
            return None
        try:
            return getattr(self, f"_{column}", self._plain)(cell.value, column)
        except BadCell as bad:
            self.sheet.problem(number, column, bad.message, **bad.params)
        except _Many as many:
            for message, params in many.problems:
                self.sheet.problem(number, column, message, **params)
        return None

    def _plain(self, value, column: str) -> str | None:
        text = cell_text(value)
        if text is not None and column in MAX_LENGTH and len(text) > MAX_LENGTH[column]:
            raise BadCell(MSG_TOO_LONG, max=MAX_LENGTH[column])
        return text

    def _name(self, value, column: str) -> str:
        text = self._plain(value, column)
        if text is None:
            raise BadCell(MSG_REQUIRED)
        return text

    def _specialties(self, value, column: str) -> tuple[str, ...]:
        codes, problems = parse_specialties(self._plain(value, column) or "")
        if problems:
            raise _Many(problems)
        return codes

    def _strengths(self, value, column: str) -> tuple[str, ...]:
        if isinstance(value, float):  # Excel turns a lone 4.1 into a number
            value = repr(value)
        found, problems = [], []
        for part in LIST_SEPARATORS.split(self._plain(value, column) or ""):
            if not part:
                continue
            code = part if part in self.categories else self.by_name.get(part)
            if code is None:
                problems.append((MSG_CATEGORY, {"value": part}))
            elif code not in found:
                found.append(code)
        if problems:
            raise _Many(problems)
        return tuple(sorted(found, key=list(self.categories).index))

    def _certificate_expires(self, value, column: str) -> date | None:
        if isinstance(value, str) and " " in value.strip():
            raise BadCell(MSG_DATE_WITH_TIME)
        return cell_date(value)

    def _can_lead(self, value, column: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and float(value).is_integer():
            value = int(value)
        text = str(value).strip().lower() if value is not None else ""
        if text in YES:
            return True
        if text in NO or not text:
            return False
        raise BadCell(MSG_YES_NO, value=str(value).strip())

    def _phone(self, value, column: str) -> str | None:
        text = self._plain(value, column)
        if text is not None and not is_phone_number(text):
            raise BadCell(MSG_PHONE, value=text)
        return text

    def _email(self, value, column: str) -> str | None:
        text = self._plain(value, column)
        if text is not None and not EMAIL.match(text):
            raise BadCell(MSG_EMAIL, value=text)
        return text

    def _username(self, value, column: str) -> str | None:
        text = self._plain(value, column)
        if text is not None and not USERNAME.match(text):
            raise BadCell(MSG_USERNAME, value=text)
        return text.lower() if text else None


class _Many(Exception):
    """Several problems in one cell (e.g. two bad codes in a list), each reported."""

    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__(problems[0][0])
        self.problems = problems


def parse_specialties(text: str) -> tuple[tuple[str, ...], list[tuple[str, dict]]]:
    """GB/T 4754 codes separated by commas, spaces or 、: the normalised codes (duplicates dropped, order kept) and
    one problem per bad code, naming it. The form and the import read the list the same way."""
    codes, problems = [], []
    for part in LIST_SEPARATORS.split(text or ""):
        if not part:
            continue
        result = check_industry_code(part)
        if not result.ok:
            problems.append((result.message, result.params or {}))
        elif result.code not in codes:
            codes.append(result.code)
    return tuple(codes), problems


# --- writing: the template and the export ---------------------------------------------------------------------

RULES = (
    "每行一位专家。姓名必填，其余可不填；表头为第一行，列的顺序不限，列名可用中文或英文字段名（name、title、specialties……）。",
    "专业领域：国民经济行业分类（GB/T 4754）代码，门类字母加两位大类代码，如 C31；多个代码用逗号、顿号或空格分隔。",
    "擅长类目：GB/T 19580 类目编号 4.1–4.7 或类目名称（见下表），多个用逗号或顿号分隔。",
    "证书编号、证书有效期：卓越绩效评审员证书；有效期填 YYYY-MM-DD，如 2027-12-31，也可用 Excel 日期；"
    "填有效期时须填证书编号。",
    "可任组长：填 是 或 否，空白为否。",
    "工作单位：组织名称或统一社会信用代码；系统中没有的名称将登记为新组织（类别“其他”）；与系统中的工作单位不同时，"
    "原任职关系于导入当日结束、新任职关系自当日开始；空白则不改变已登记的工作单位。",
    "登录名：可不填；填写时须为系统中已有的、角色为“评审专家”的用户，导入后该账号即为此专家的登录账号。",
    "识别规则（重复导入不会产生重复数据）：先按证书编号匹配库中专家，其次按登录名，再次按姓名加工作单位；都未匹配则新建专家。"
    "匹配到的专家按本表更新（空白单元格清空该项，工作单位和登录名除外）。",
    "状态列（导出文件中）仅供查看，导入时忽略：暂停、恢复或取消资格须在专家页面填写理由办理。",
    f"不得使用公式，请直接填写数值；每个文件最多 {MAX_ROWS:,} 行；示例行请删除后再填写。",
    "先“试运行”检查：系统列出所有有误的单元格（行、列），全部正确时才会写入。"
    "也可上传 CSV（UTF-8 或 GB18030 编码），第一行为列名。",
)
WIDTHS = {"name": 12, "title": 16, "specialties": 16, "strengths": 16, "certificate_number": 18,
          "certificate_expires": 14, "can_lead": 10, "phone": 16, "email": 26, "employer": 34, "username": 14,
          "status": 10}
TEXT_COLUMNS = ("certificate_number", "phone", "employer", "username")  # typed as numbers they lose characters


def _workbook(rows: Iterable[list], extra: tuple[str, ...] = ()):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    names = COLUMNS + extra
    workbook = Workbook()
    experts = workbook.active
    experts.title = SHEET_NAMES[0]
    experts.append([{**HEADERS, **IGNORED}[name] for name in names])
    for row in rows:
        experts.append(row)
    for row in experts.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # stored text typed as "=..." stays text: never a live formula (CWE-1236)
                cell.data_type = "s"
    for index, name in enumerate(names, 1):
        letter = column_letter(index)
        experts.column_dimensions[letter].width = WIDTHS[name]
        if name in TEXT_COLUMNS or name in ("specialties", "strengths"):
            experts.column_dimensions[letter].number_format = "@"
            for (cell,) in experts.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"
        if name == "certificate_expires":
            experts.column_dimensions[letter].number_format = "yyyy-mm-dd"
            for (cell,) in experts.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
    for cell in experts[1]:
        cell.font = Font(bold=True)
    experts.freeze_panes = "A2"
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    experts.add_data_validation(yes_no)
    yes_no.add(f"{column_letter(COLUMNS.index('can_lead') + 1)}2:{column_letter(COLUMNS.index('can_lead') + 1)}"
               f"{MAX_ROWS + 1}")
    return workbook


def _notes(workbook, categories: Mapping[str, str]) -> None:
    from openpyxl.styles import Font

    notes = workbook.create_sheet("说明")
    notes.append(["填写规则"])
    for rule in RULES:
        notes.append([rule])
    notes.append([])
    notes.append(["擅长类目（GB/T 19580）", "名称"])
    heading_rows = [1, notes.max_row]
    for code, name in categories.items():
        notes.append([code, name])
    notes.append([])
    notes.append(["行业门类（GB/T 4754）", "名称", "大类代码"])
    heading_rows.append(notes.max_row)
    for letter, (name, first, last) in SECTIONS.items():
        divisions = f"{letter}{first:02d}" + (f"–{letter}{last:02d}" if first != last else "")
        notes.append([letter, name, divisions])
    for row in heading_rows:
        for cell in notes[row]:
            cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 40
    notes.column_dimensions["C"].width = 14


def template_workbook(categories: Mapping[str, str]) -> bytes:
    """The download offered on the import page: the header, an example row, and the rules."""
    example = ["张三", "高级工程师", "C31, C33", "4.1, 4.5", "ZJ-2024-0001", date(2027, 12, 31), "是",
               "13800000000", "zhangsan@example.com", "本溪示例钢铁有限公司", None]
    workbook = _workbook([example])
    _notes(workbook, categories)
    return workbook_bytes(workbook)


def export_cells(row: ExpertRow, status: str) -> list:
    return [row.name, row.title, ", ".join(row.specialties), ", ".join(row.strengths), row.certificate_number,
            row.certificate_expires, "是" if row.can_lead else "否", row.phone, row.email, row.employer,
            row.username, status]


def export_workbook(rows: Iterable[tuple[ExpertRow, str]], categories: Mapping[str, str]) -> bytes:
    """The pool as the import reads it, plus a status column for people: importing the export changes nothing."""
    workbook = _workbook((export_cells(row, status) for row, status in rows), extra=("status",))
    _notes(workbook, categories)
    return workbook_bytes(workbook)

"""The general spreadsheet reader (reviewapp/domain/spreadsheet.py) that both imports (the affiliation graph and
the expert pool) read uploads with. Issue 13 item 6: a workbook is checked before it is unpacked, and reading it is
bounded, so both imports refuse a zip bomb quickly and clearly."""
import io
import time
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from reviewapp.domain import spreadsheet
from reviewapp.domain.coi.graph_workbook import plan_import
from reviewapp.domain.spreadsheet import (
    MSG_PACKAGE_TOO_LARGE,
    MSG_TOO_MANY_CELLS,
    FileRefused,
    bounded_rows,
    open_workbook,
    package_problem,
)
from reviewapp.experts.pool_workbook import read_sheet

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def small_workbook(sheet_name: str = "关系") -> bytes:
    book = Workbook()
    book.active.title = sheet_name
    book.active.append(["类型", "起点", "终点"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, sheet_xml: bytes) -> bytes:
    """The same package with its first sheet replaced by sheet_xml, deflated as Excel does."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, body)
    return out.getvalue()


def sheet_xml(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + rows + b"</sheetData></worksheet>")


def bomb(megabytes: int = 60) -> bytes:
    """A small workbook whose one sheet unpacks to tens of MB: one cell holding a very long text."""
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"A" * (megabytes * 1024 * 1024) + b"</t></is></c></row>"
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c></row>'
    return with_sheet_xml(small_workbook(), sheet_xml(header + cell))


def far_right_cells(rows: int = 100) -> bytes:
    """A few kilobytes of XML that openpyxl turns into rows of 16,384 cells: one value in column XFD per row."""
    header = b"".join(b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (column, name) for column, name in
                      ((b"A", b"type"), (b"B", b"from"), (b"C", b"to"), (b"D", b"name")))
    xml = b"".join(b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                   for n in range(2, rows + 2))
    return with_sheet_xml(small_workbook(), sheet_xml(b'<row r="1">' + header + b"</row>" + xml))


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    data = bomb()
    assert len(data) < 200 * 1024  # like the report's 170 KB file
    return data


def test_item6_a_zip_bomb_is_refused_from_the_zip_directory_alone(zip_bomb):
    problem = package_problem(zip_bomb)
    assert problem is not None and problem.message == MSG_PACKAGE_TOO_LARGE
    with pytest.raises(FileRefused):
        open_workbook(zip_bomb)


def test_item6_the_relation_import_refuses_a_zip_bomb_quickly_with_a_clear_message(zip_bomb):
    started = time.monotonic()
    plan = plan_import(zip_bomb, "graph.xlsx")
    assert time.monotonic() - started < 2
    assert [p.message for p in plan.errors] == [MSG_PACKAGE_TOO_LARGE]
    assert plan.errors[0].params == {"max_mb": spreadsheet.MAX_UNPACKED_BYTES // (1024 * 1024)}


def test_item6_the_expert_pool_import_refuses_a_zip_bomb_quickly_with_a_clear_message(zip_bomb):
    started = time.monotonic()
    sheet = read_sheet(zip_bomb, "pool.xlsx", {})
    assert time.monotonic() - started < 2
    assert [p.message for p in sheet.errors] == [MSG_PACKAGE_TOO_LARGE]


def test_item6_a_part_that_compresses_too_well_is_refused_even_under_the_size_limits():
    data = bomb(megabytes=5)  # 5 MB: under every size limit, but packed hundreds to one
    assert package_problem(data).message == MSG_PACKAGE_TOO_LARGE


def test_item6_too_many_parts_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for n in range(spreadsheet.MAX_PACKAGE_PARTS + 1):
            package.writestr(f"part{n}.xml", b"")
    assert package_problem(out.getvalue()).message == MSG_PACKAGE_TOO_LARGE


def test_item6_cells_read_are_bounded_even_when_openpyxl_fills_in_blanks():
    data = far_right_cells(rows=100)  # 1,638,400 cells from a few KB
    assert package_problem(data) is None
    plan = plan_import(data, "graph.xlsx")
    assert MSG_TOO_MANY_CELLS in [p.message for p in plan.errors]
    assert MSG_TOO_MANY_CELLS in [p.message for p in read_sheet(data, "pool.xlsx", {}).errors]


def test_bounded_rows_reads_up_to_its_budget():
    book = Workbook()
    for n in range(10):
        book.active.append([n, n])
    out = io.BytesIO()
    book.save(out)
    workbook = open_workbook(out.getvalue())
    assert len(list(bounded_rows(workbook.active, max_cells=20))) == 10
    with pytest.raises(FileRefused):
        list(bounded_rows(workbook.active, max_cells=19))
    workbook.close()


def test_an_ordinary_workbook_passes_the_package_check():
    assert package_problem(small_workbook()) is None
    assert package_problem(b"not a zip at all") is None  # the readers say what it is


# --- recognising the file and reading cells -----------------------------------------------------------------------

@pytest.mark.parametrize("data, filename, message", [
    (b"", "a.csv", spreadsheet.MSG_EMPTY_FILE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", spreadsheet.MSG_OLD_XLS),
    (b"PK\x03\x04 not really a zip", "a.xlsx", spreadsheet.MSG_CORRUPT),
    (b"id,name\r\n", "named.xlsx", spreadsheet.MSG_CORRUPT),  # text under a workbook's name: a damaged workbook
    (b"\x00\x01\x02binary", "a.csv", spreadsheet.MSG_NOT_READABLE),
])
def test_upload_kind_refuses_what_is_not_a_table(data, filename, message):
    with pytest.raises(FileRefused) as refused:
        spreadsheet.upload_kind(data, filename)
    assert refused.value.problem.message == message and refused.value.problem.row is None


def test_upload_kind_recognises_a_workbook_and_csv_text_by_their_content():
    assert spreadsheet.upload_kind(small_workbook(), "no-extension") == spreadsheet.XLSX
    assert spreadsheet.upload_kind("编号,名称\r\n".encode("gb18030"), "people.txt") == spreadsheet.CSV


def test_csv_rows_give_cells_with_their_column_letters():
    rows = list(spreadsheet.csv_rows("\ufeffid,name\r\nP1,张三\r\n".encode("utf-8")))
    assert [[(c.value, c.letter) for c in row] for row in rows] == [[("id", "A"), ("name", "B")],
                                                                    [("P1", "A"), ("张三", "B")]]


def test_a_damaged_workbook_is_refused_whatever_fails_inside_it():
    with pytest.raises(FileRefused) as refused:
        with spreadsheet.reading_workbook(with_sheet_xml(small_workbook(), b"<worksheet")) as workbook:
            list(spreadsheet.worksheet_rows(workbook.active))
    assert refused.value.message == spreadsheet.MSG_CORRUPT


def test_cell_text_takes_whole_numbers_and_refuses_dates_and_fractions():
    assert spreadsheet.cell_text("  张三 ") == "张三" and spreadsheet.cell_text(12.0) == "12"
    assert spreadsheet.cell_text("   ") is None and spreadsheet.cell_text(None) is None
    for value in (0.5, True, date(2024, 1, 1)):
        with pytest.raises(spreadsheet.BadCell) as bad:
            spreadsheet.cell_text(value)
        assert bad.value.message == spreadsheet.MSG_NOT_TEXT


def test_cell_date_reads_excel_dates_and_typed_dates_but_no_time_of_day():
    assert spreadsheet.cell_date(datetime(2024, 3, 1)) == date(2024, 3, 1)
    assert spreadsheet.cell_date(" 2024-03-01 ") == date(2024, 3, 1) and spreadsheet.cell_date(None) is None
    with pytest.raises(spreadsheet.BadCell) as bad:
        spreadsheet.cell_date(datetime(2024, 3, 1, 9, 30))
    assert bad.value.message == spreadsheet.MSG_DATE_WITH_TIME
    with pytest.raises(spreadsheet.BadCell) as bad:
        spreadsheet.cell_date("2024/03/01")
    assert (bad.value.message, bad.value.params) == (spreadsheet.MSG_NOT_DATE, {"value": "2024/03/01"})

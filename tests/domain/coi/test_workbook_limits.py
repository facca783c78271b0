"""Issue 13 item 6: a workbook is checked before it is unpacked, and reading it is bounded. Both imports (the
affiliation graph and the expert pool) open uploads the same way, so both refuse a zip bomb quickly and clearly."""
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from reviewapp.domain.coi import tabular
from reviewapp.domain.coi.tabular import (MSG_PACKAGE_TOO_LARGE, MSG_TOO_MANY_CELLS, WorkbookRefused, bounded_rows,
                                          open_workbook, package_problem, plan_import)
from reviewapp.experts.sheet import read_sheet

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
    with pytest.raises(WorkbookRefused):
        open_workbook(zip_bomb)


def test_item6_the_relation_import_refuses_a_zip_bomb_quickly_with_a_clear_message(zip_bomb):
    started = time.monotonic()
    plan = plan_import(zip_bomb, "graph.xlsx")
    assert time.monotonic() - started < 2
    assert [p.message for p in plan.errors] == [MSG_PACKAGE_TOO_LARGE]
    assert plan.errors[0].params == {"max_mb": tabular.MAX_UNPACKED_BYTES // (1024 * 1024)}


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
        for n in range(tabular.MAX_PACKAGE_PARTS + 1):
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
    with pytest.raises(WorkbookRefused):
        list(bounded_rows(workbook.active, max_cells=19))
    workbook.close()


def test_an_ordinary_workbook_passes_the_package_check():
    assert package_problem(small_workbook()) is None
    assert package_problem(b"not a zip at all") is None  # the readers say what it is

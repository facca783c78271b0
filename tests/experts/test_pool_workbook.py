"""The expert pool's spreadsheet read cell by cell (reviewapp/experts/pool_workbook.py, pure): what Excel does to
typed values, and what each column accepts."""
from datetime import date, datetime

import pytest

from reviewapp.domain.standard import load_standard
from reviewapp.experts.pool_workbook import HEADERS, export_workbook, read_sheet, template_workbook
from tests.experts.conftest import xlsx

CATEGORIES = {c.code: c.name for c in load_standard().categories}
HEADER = list(HEADERS.values())


def read(*rows, header=HEADER):
    return read_sheet(xlsx([header, *rows]), "experts.xlsx", CATEGORIES)


def one(**cells):
    values = dict(zip(HEADERS, [None] * len(HEADERS))) | {"name": "王刚"} | cells
    sheet = read([values[k] for k in HEADERS])
    return sheet


def test_excel_values_are_read_as_people_typed_them():
    sheet = one(strengths=4.1, certificate_number=2024001, certificate_expires=datetime(2027, 6, 30),
                can_lead=True, phone=13800000001)
    assert sheet.ok, sheet.errors
    [row] = sheet.rows
    assert row.strengths == ("4.1",) and row.certificate_number == "2024001"
    assert row.certificate_expires == date(2027, 6, 30) and row.can_lead and row.phone == "13800000001"


@pytest.mark.parametrize("value, expected", [("是", True), ("否", False), (None, False), ("Y", True), (1, True),
                                             (0, False), ("no", False)])
def test_may_lead(value, expected):
    assert one(can_lead=value).rows[0].can_lead is expected


def test_strengths_by_code_or_name_in_the_standards_order():
    assert one(strengths="结果、4.1，领导").rows[0].strengths == ("4.1", "4.7")


def test_specialties_are_normalised_and_each_bad_code_is_a_problem():
    assert one(specialties="c31 b08、C31").rows[0].specialties == ("C31", "B08")
    sheet = one(specialties="C31, X1, A99")
    assert [(p.row, p.letter, p.params.get("code") or p.params.get("division")) for p in sheet.errors] == [
        (2, "C", "X1"), (2, "C", "99")]


def test_headers_in_english_in_any_order_and_the_exported_status_column_is_ignored():
    sheet = read(["ZJ-1", "王刚", "停用"], header=["certificate_number", "name", "状态"])
    assert sheet.ok and sheet.rows[0].certificate_number == "ZJ-1" and sheet.letters["name"] == "B"


def test_unknown_and_duplicate_columns():
    sheet = read(["王刚", "x", "y"], header=["姓名", "爱好", "name"])
    assert [(p.row, p.letter, p.message.split(" ")[0]) for p in sheet.errors] == [(1, "B", "Unknown"),
                                                                                 (1, "C", "Column")]


def test_a_date_with_a_time_is_refused():
    sheet = one(certificate_number="ZJ", certificate_expires=datetime(2027, 6, 30, 12, 0))
    assert [p.column for p in sheet.errors] == ["certificate_expires"]


def test_the_template_reads_without_problems():
    sheet = read_sheet(template_workbook(CATEGORIES), "template.xlsx", CATEGORIES)
    assert sheet.ok and [r.name for r in sheet.rows] == ["张三"]


def test_the_export_reads_back_as_written():
    sheet = one(title="工程师", specialties="C31, B08", strengths="4.1, 4.5", certificate_number="007",
                certificate_expires=date(2027, 1, 2), can_lead="是", phone="024-42843576", email="a@b.cn",
                employer="某公司",
                username="wangg")
    [row] = sheet.rows
    again = read_sheet(export_workbook([(row, "在库")], CATEGORIES), "export.xlsx", CATEGORIES)
    assert again.ok and again.rows[0] == row


@pytest.mark.parametrize("phone, ok", [("024-42843576", True), ("+86 24 4284 3576 转 8001", True),
                                       ("王刚家", False), ("12", False)])
def test_a_phone_is_checked_as_in_the_form(phone, ok):
    """The import refuses what the expert form refuses (reviewapp/domain/phone.py serves both)."""
    sheet = one(phone=phone)
    assert sheet.ok is ok and ([p.column for p in sheet.errors] == ([] if ok else ["phone"]))

"""Issue #4, bulk import: every bad cell is reported with its sheet, row and column; the rules are the exchange
format's (relation_problem, load_case's dates, check_credit_code); the template's examples import cleanly."""
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from reviewapp.domain import spreadsheet
from reviewapp.domain.coi import graph_workbook as t
from reviewapp.domain.coi import load_case
from reviewapp.domain.coi.graph_workbook import Known, exchange_parts, plan_import, preview, template_workbook
from reviewapp.domain.coi.model import RELATION_TYPES
from reviewapp.domain.credit_code import MSG_CHECK_CHAR, MSG_LENGTH, credit_code_check_char
from reviewapp.domain.spreadsheet import Problem

ENTITY_HEADER = ["id", "kind", "name", "uscc"]
RELATION_HEADER = ["type", "from", "to", "start", "end", "share", "degree"]


def code(serial: int) -> str:
    first17 = f"91210502{serial:08d}A"
    return first17 + credit_code_check_char(first17)


def xlsx(entities=None, relations=None, names=("entities", "relations"), extra_sheets=()) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows, header in ((names[0], entities, ENTITY_HEADER), (names[1], relations, RELATION_HEADER)):
        if rows is None:
            continue
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    for name in extra_sheets:
        workbook.create_sheet(name)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(lines: list[str], encoding="utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def where(plan) -> set[tuple]:
    return {(p.sheet, p.row, p.column, p.letter, p.message) for p in plan.errors}


PEOPLE = [["P1", "person", "张三", None], ["O1", "organization", "本溪示例钢铁有限公司", code(1)]]


def test_the_template_examples_import_cleanly_and_load_case_accepts_the_converted_case():
    plan = plan_import(template_workbook(), "关系导入模板.xlsx")
    assert plan.ok, plan.errors
    assert [(e.id, e.kind, e.name) for e in plan.entities] == [("P001", "person", "张三"),
                                                              ("O001", "organization", "本溪示例钢铁有限公司")]
    [relation] = plan.relations
    assert (relation.type, relation.source.upload_id, relation.target.upload_id, relation.start) == \
        ("employed_by", "P001", "O001", date(2021, 3, 1))
    case = load_case({"as_of": "2026-11-16", **exchange_parts(plan)})
    assert [r.type for r in case.relations] == ["employed_by"] and len(case.entities) == 2


def test_the_template_explains_every_relation_type_and_the_rules():
    workbook = load_workbook(io.BytesIO(template_workbook()), read_only=True)
    assert workbook.sheetnames == ["实体", "关系", "说明"]
    notes = [row for row in workbook["说明"].iter_rows(values_only=True)]
    listed = {row[0]: row for row in notes[1:len(RELATION_TYPES) + 1]}
    assert set(listed) == set(RELATION_TYPES)
    assert listed["subsidiary_of"][1].startswith("子公司") and listed["employed_by"][2:4] == ("人员", "组织")
    assert listed["shareholder_of"][2] == "人员 或 组织"
    rules = " ".join(row[0] for row in notes if row and row[0] and len(row[0]) > 30)
    assert "YYYY-MM-DD" in rules and "share" in rules and "degree" in rules and "公式" in rules
    workbook.close()


def test_a_valid_sheet_converts_to_the_exchange_format():
    data = xlsx(PEOPLE + [["P2", "人员", "李四", None]],
                [["shareholder_of", "P1", "O1", "2020-01-01", "2024-12-31", 0.3, None],
                 ["blood_relative_of", "P1", "P2", None, None, None, 2]])
    plan = plan_import(data)
    assert plan.ok, plan.errors
    assert exchange_parts(plan) == {
        "entities": [{"id": "P1", "kind": "person", "name": "张三"},
                     {"id": "O1", "kind": "organization", "name": "本溪示例钢铁有限公司", "uscc": code(1)},
                     {"id": "P2", "kind": "person", "name": "李四"}],
        "relations": [{"type": "shareholder_of", "from": "P1", "to": "O1", "start": "2020-01-01",
                       "end": "2024-12-31", "share": 0.3},
                      {"type": "blood_relative_of", "from": "P1", "to": "P2", "degree": 2}]}
    assert load_case({"as_of": "2026-11-16", **exchange_parts(plan)}).relations[0].share == 0.3


def test_every_problem_is_collected_with_its_sheet_row_and_column():
    data = xlsx(
        [["P1", "person", "张三", None],
         ["P1", "person", "张三又", None],              # row 3: duplicate id
         ["O1", "company", "某公司", None],              # row 4: bad kind
         ["O2", "organization", None, "91210502ABC"],    # row 5: no name, short code
         [None, "person", "无编号", None]],              # row 6: no id
        [["employed_by", "P1", "P9", None, None, None, None],          # row 2: unknown end
         ["works_at", "P1", "P1", None, None, None, None],             # row 3: unknown type
         ["employed_by", "P1", "P1", "2021-03-01", "2020-01-01", 0.5, 2]])  # row 4: to, end, share, degree
    plan = plan_import(data)
    assert where(plan) == {
        ("entities", 3, "id", "A", t.MSG_DUPLICATE_ID),
        ("entities", 4, "kind", "B", t.MSG_KIND),
        ("entities", 5, "name", "C", spreadsheet.MSG_REQUIRED),
        ("entities", 5, "uscc", "D", MSG_LENGTH),
        ("entities", 6, "id", "A", spreadsheet.MSG_REQUIRED),
        ("relations", 2, "to", "C", t.MSG_UNKNOWN_END),
        ("relations", 3, "type", "A", t.MSG_UNKNOWN_TYPE),
        ("relations", 4, "to", "C", t.MSG_CANNOT_END_AT["person"]),
        ("relations", 4, "end", "E", t.MSG_END_BEFORE_START),
        ("relations", 4, "share", "F", t.MSG_SHARE),
        ("relations", 4, "degree", "G", t.MSG_DEGREE),
    }
    assert not plan.relations
    # In the order people read the file: entities first, then by row and column.
    assert [(p.sheet, p.row) for p in plan.errors] == sorted(
        [(p.sheet, p.row) for p in plan.errors], key=lambda x: (x[0] != "entities", x[1]))
    duplicate = next(p for p in plan.errors if p.message == t.MSG_DUPLICATE_ID)
    assert duplicate.params == {"id": "P1", "first_row": 2}
    assert next(p for p in plan.errors if p.message == t.MSG_UNKNOWN_END).params == {"value": "P9"}


def test_a_relation_to_an_entity_row_with_problems_is_not_reported_twice():
    plan = plan_import(xlsx([["P1", "person", None, None], ["O1", "organization", "某公司", None]],
                            [["employed_by", "P1", "O1", None, None, None, None]]))
    assert where(plan) == {("entities", 2, "name", "C", spreadsheet.MSG_REQUIRED)}


def test_formulas_are_refused_cell_by_cell():
    data = xlsx(PEOPLE + [["P2", "person", '=CONCAT("张","三")', None]],
                [["shareholder_of", "P1", "O1", "=DATE(2021,3,1)", None, "=1/3", None]])
    plan = plan_import(data)
    assert where(plan) == {("entities", 4, "name", "C", spreadsheet.MSG_FORMULA),
                           ("relations", 2, "start", "D", spreadsheet.MSG_FORMULA),
                           ("relations", 2, "share", "F", spreadsheet.MSG_FORMULA)}


@pytest.mark.parametrize("row, column, message", [
    (["shareholder_of", "P1", "O1", None, None, "abc", None], "share", t.MSG_NOT_NUMBER),
    (["shareholder_of", "P1", "O1", None, None, True, None], "share", t.MSG_NOT_NUMBER),
    (["blood_relative_of", "P1", "P1", None, None, None, 1.5], "degree", t.MSG_NOT_WHOLE),
    (["blood_relative_of", "P1", "P1", None, None, None, "二"], "degree", t.MSG_NOT_WHOLE),
    (["employed_by", "P1", "O1", 44256, None, None, None], "start", spreadsheet.MSG_NOT_DATE),
    (["employed_by", "P1", "O1", "2021/03/01", None, None, None], "start", spreadsheet.MSG_NOT_DATE),
    (["employed_by", "P1", "O1", "2021-02-30", None, None, None], "start", spreadsheet.MSG_NOT_DATE),
    (["employed_by", "P1", "O1", datetime(2021, 3, 1, 9, 30), None, None, None], "start",
     spreadsheet.MSG_DATE_WITH_TIME),
    (["employed_by", date(2021, 3, 1), "O1", None, None, None, None], "from", spreadsheet.MSG_NOT_TEXT),
])
def test_cells_of_the_wrong_type_are_refused(row, column, message):
    plan = plan_import(xlsx(PEOPLE, [row]))
    assert [(p.row, p.column, p.message) for p in plan.errors] == [(2, column, message)]


def test_credit_codes_are_checked_and_must_be_text():
    bad = code(2)[:-1] + ("0" if code(2)[-1] != "0" else "1")
    plan = plan_import(xlsx([["O1", "organization", "甲公司", bad], ["O2", "organization", "乙公司", 912105021],
                             ["P1", "person", "张三", code(3)], ["O3", "organization", "丙公司", code(4)],
                             ["O4", "organization", "丁公司", code(4).lower()]]))
    assert [(p.row, p.message) for p in plan.errors] == [
        (2, MSG_CHECK_CHAR), (3, t.MSG_CODE_AS_NUMBER), (4, t.MSG_CODE_ON_PERSON), (6, t.MSG_DUPLICATE_CODE)]
    assert plan.errors[3].params == {"code": code(4), "first_row": 5}


def test_kinds_dates_and_shares_in_their_accepted_spellings():
    plan = plan_import(xlsx(
        [["P1", "人员", "张三", None], ["O1", "组织", "某公司", f" {code(5)} "], [1001, "Person", "王五", None]],
        [["shareholder_of", "P1", "O1", datetime(2021, 3, 1), "2024-12-31", "30%", None],
         ["shareholder_of", 1001, "O1", date(2022, 1, 1), None, 0.123456, None]]))
    assert plan.ok, plan.errors
    assert [e.kind for e in plan.entities] == ["person", "organization", "person"]
    assert plan.entities[1].uscc == code(5) and plan.entities[2].id == "1001"
    first, second = plan.relations
    assert (first.start, first.end, first.share) == (date(2021, 3, 1), date(2024, 12, 31), 0.3)
    assert (second.source.upload_id, second.share) == ("1001", 0.1235)  # stored with four decimals


def test_relations_check_the_direction_of_each_end():
    plan = plan_import(xlsx(PEOPLE, [["employed_by", "O1", "P1", None, None, None, None],
                                     ["subsidiary_of", "O1", "O1", None, None, 0.5, None]]))
    assert [(p.row, p.column, p.message) for p in plan.errors] == [
        (2, "from", t.MSG_CANNOT_START_AT["organization"]), (2, "to", t.MSG_CANNOT_END_AT["person"]),
        (3, "share", t.MSG_SHARE)]
    assert plan.errors[0].params == {"type": "employed_by"}


def test_headers_columns_and_sheets():
    unknown = plan_import(_with_extra_column())
    assert [(p.sheet, p.row, p.column, p.letter, p.message) for p in unknown.errors] == [
        ("relations", 1, "sahre", "H", t.MSG_UNKNOWN_COLUMN)]
    missing = _workbook({"entities": [["id", "name"], ["P1", "张三"]]})
    assert [(p.row, p.column, p.message) for p in plan_import(missing).errors] == [
        (1, "kind", spreadsheet.MSG_MISSING_COLUMN)]
    assert [p.message for p in plan_import(xlsx(PEOPLE, names=("Sheet1", "Sheet2"))).errors] == [t.MSG_NO_SHEET]
    both = xlsx(PEOPLE, PEOPLE, names=("entities", "实体"))
    assert [p.message for p in plan_import(both).errors] == [t.MSG_TWO_SHEETS]
    chinese = _workbook({"实体": [["编号", "类别", "名称", "统一社会信用代码"], ["P1", "人员", "张三", None],
                                  ["O1", "组织", "某公司", None]],
                         "关系": [["类型", "起点", "终点", "开始日期"], ["employed_by", "P1", "O1", "2021-03-01"]],
                         "说明": [["anything"]]})
    plan = plan_import(chinese)
    assert plan.ok and plan.relations[0].sheet == "关系"
    assert [p.message for p in plan_import(xlsx([], [])).errors] == [t.MSG_NOTHING]


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_extra_column() -> bytes:
    return _workbook({"entities": [ENTITY_HEADER, *PEOPLE],
                      "relations": [RELATION_HEADER + ["sahre"], ["employed_by", "P1", "O1"]]})


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet():
    data = _workbook({"entities": [ENTITY_HEADER, PEOPLE[0], [], [None, None, "  "], ["O1", "organization", None]]})
    assert [(p.row, p.column) for p in plan_import(data).errors] == [(5, "name")]


def test_more_rows_than_the_limit_are_refused_with_one_clear_error():
    rows = [[f"P{i}", "person", f"人员{i}", None] for i in range(11)]
    plan = plan_import(xlsx(rows), max_rows=10)
    assert plan.errors == [Problem("entities", None, None, None, spreadsheet.MSG_TOO_MANY_ROWS, {"max": 10})]
    assert plan_import(xlsx(rows[:10]), max_rows=10).ok


def test_the_default_limit_is_fifty_thousand_rows_per_sheet():
    lines = ["id,kind,name"] + [f"P{i},person,人员{i}" for i in range(t.MAX_ROWS + 1)]
    plan = plan_import(csv_bytes(lines))
    assert [(p.message, p.params) for p in plan.errors] == [(spreadsheet.MSG_TOO_MANY_ROWS, {"max": 50_000})]


@pytest.mark.parametrize("data, filename, message", [
    (b"", "x.xlsx", spreadsheet.MSG_EMPTY_FILE),
    (xlsx(PEOPLE)[:400], "x.xlsx", spreadsheet.MSG_CORRUPT),
    (b"PK\x03\x04 not really a zip", "x.csv", spreadsheet.MSG_CORRUPT),
    (b"id,kind,name\r\nP1,person,x\r\n", "named.xlsx", spreadsheet.MSG_CORRUPT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old.xls", spreadsheet.MSG_OLD_XLS),
    (b"\x00\x01\x02binary", "x.csv", spreadsheet.MSG_NOT_READABLE),
    (b"id,kind,name\r\nP1,person," + b"x" * 200_000 + b"\r\n", "x.csv", spreadsheet.MSG_NOT_READABLE),
    (b"%PDF-1.7\n...\n%%EOF", "x.pdf", spreadsheet.MSG_CORRUPT),
])
def test_a_broken_or_foreign_file_gives_one_clear_error(data, filename, message):
    plan = plan_import(data, filename)
    assert [p.message for p in plan.errors] == [message]
    assert plan.errors[0].row is None


def test_a_zip_whose_sheets_are_damaged_gives_one_clear_error():
    source = zipfile.ZipFile(io.BytesIO(xlsx(PEOPLE)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content[:len(content) // 2]
            damaged.writestr(item, content)
    assert [p.message for p in plan_import(out.getvalue(), "x.xlsx").errors] == [spreadsheet.MSG_CORRUPT]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_files_in_utf8_with_or_without_bom_and_gb18030(encoding):
    data = csv_bytes(["id,kind,name,uscc", "P1,人员,张三,", f"O1,组织,本溪钢铁（集团）有限责任公司,{code(7)}"],
                     encoding)
    plan = plan_import(data, "实体.csv")
    assert plan.ok, plan.errors
    assert [e.name for e in plan.entities] == ["张三", "本溪钢铁（集团）有限责任公司"]


def test_a_csv_holds_one_table_recognised_by_its_header():
    relations = csv_bytes(["type,from,to,start,end,share,degree",
                           'employed_by,P1,"O1",2021-03-01,,,', "employed_by,P1,O1,2021-13-01,,,"])
    known = {"P1": Known("p1", "person", "张三"), "O1": Known("o1", "organization", "某公司")}
    plan = plan_import(relations, "r.csv", resolver=lambda names: {n: known[n] for n in names if n in known})
    assert [(p.sheet, p.row, p.column, p.letter, p.message) for p in plan.errors] == [
        ("relations", 3, "start", "D", spreadsheet.MSG_NOT_DATE)]
    assert [p.message for p in plan_import(csv_bytes(["name,age", "x,1"])).errors] == [t.MSG_CSV_HEADER]


def test_a_csv_row_number_counts_records_not_lines():
    data = csv_bytes(["id,kind,name", 'P1,person,"张\n三"', "P2,person,"])
    assert [(p.row, p.column) for p in plan_import(data).errors] == [(3, "name")]


def test_relation_ends_resolve_to_the_upload_then_to_the_graph():
    calls = []
    graph = {"EXPERT-7": Known("p7", "person", "李专家"), code(8): Known("o8", "organization", "本钢集团", code(8))}

    def resolver(names):
        calls.append(names)
        return {n: graph[n] for n in names if n in graph}

    plan = plan_import(xlsx([["O1", "organization", "某子公司", code(9)]],
                            [["employed_by", "EXPERT-7", code(9), None, None, None, None],
                             ["subsidiary_of", "O1", code(8).lower(), None, None, None, None]]), resolver=resolver)
    assert plan.ok, plan.errors
    first, second = plan.relations
    assert (first.source.known.id, first.target.upload_id) == ("p7", "O1")  # an upload org by its credit code
    assert second.target.known.id == "o8" and second.target.upload_id is None
    assert len(calls) == 1  # one question for the whole file
    parts = exchange_parts(plan)
    assert {e["id"] for e in parts["entities"]} == {"O1", "p7", "o8"}
    assert load_case({"as_of": "2026-01-01", **parts})


def test_entities_already_in_the_graph_are_matched_by_key_and_organizations_by_credit_code():
    graph = {"P1": Known("p3", "person", "张三"), code(1): Known("o4", "organization", "本溪示例钢铁", code(1))}
    plan = plan_import(xlsx(PEOPLE + [["P2", "person", "新人", None]]),
                       resolver=lambda names: {n: graph[n] for n in names if n in graph})
    assert plan.ok
    assert [e.existing and e.existing.id for e in plan.entities] == ["p3", "o4", None]


@pytest.mark.parametrize("graph, column, message", [
    ({"P1": Known("o1", "organization", "某公司")}, "kind", t.MSG_EXISTS_AS_ORGANIZATION),
    ({"O1": Known("o1", "organization", "甲"), code(1): Known("o2", "organization", "乙", code(1))}, "uscc",
     t.MSG_CODE_OF_ANOTHER),
    ({"O1": Known("o1", "organization", "甲", code(2))}, "uscc", t.MSG_CODE_DIFFERS),
])
def test_an_upload_contradicting_the_graph_is_refused(graph, column, message):
    plan = plan_import(xlsx(PEOPLE), resolver=lambda names: {n: graph[n] for n in names if n in graph})
    assert [(p.column, p.message) for p in plan.errors] == [(column, message)]


def test_preview_splits_new_and_present_and_a_relation_listed_twice_is_created_once():
    graph = {"P1": Known("p1", "person", "张三"), "O1": Known("o1", "organization", "某公司", code(1))}
    plan = plan_import(xlsx(PEOPLE + [["P2", "person", "李四", None]],
                            [["employed_by", "P1", "O1", "2021-03-01", None, None, None],
                             ["spouse_of", "P2", "P1", None, None, None, None],
                             ["spouse_of", "P1", "P2", None, None, None, None],
                             ["shareholder_of", "P1", "O1", None, None, 0.3, None]]),
                       resolver=lambda names: {n: graph[n] for n in names if n in graph})
    present = {t.relation_key("employed_by", "p1", "o1", date(2021, 3, 1), None, None, None),
               t.relation_key("shareholder_of", "p1", "o1", None, None, Decimal("0.3000"), None)}
    result = preview(plan, present)
    assert [e.id for e in result.new_entities] == ["P2"] and len(result.matched_entities) == 2
    assert [r.row for r in result.new_relations] == [3]
    assert [r.row for r in result.present_relations] == [2, 4, 5]
    assert not result.changes_nothing


def test_symmetric_relations_are_the_same_fact_in_either_direction():
    assert t.relation_key("spouse_of", "p2", "p1", None, None, None, None) == \
        t.relation_key("spouse_of", "p1", "p2", None, None, None, None)
    assert t.relation_key("employed_by", "p2", "o1", None, None, None, None) != \
        t.relation_key("employed_by", "o1", "p2", None, None, None, None)

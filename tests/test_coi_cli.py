"""`flask coi check FILE.json` (issue #4, "Exchange format and command line"): a self-contained case in, the
conflicts as JSON out, exit status 2 and a one-line message naming the offending entry for bad input, and never
the database."""
import json

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from config import TestingConfig
from reviewapp import create_app
from reviewapp.extensions import db as _db

ZHANG = "张三"  # a non-ASCII id: the output is UTF-8, not \u escapes

# R1 through a corporate group, R3, R6 and R7, plus relations that must not count (member_of, an old job).
CASE = {
    "as_of": "2026-11-16",
    "entities": [
        {"id": ZHANG, "kind": "person", "name": "张三"},
        {"id": "exp-li", "kind": "person", "name": "李四"},
        {"id": "exp-wang", "kind": "person", "name": "王五"},
        {"id": "rep", "kind": "person", "name": "赵六（法定代表人）"},
        {"id": "sub", "kind": "organization", "name": "某子公司"},
        {"id": "parent", "kind": "organization", "name": "某集团", "uscc": "91210500000000000X"},
        {"id": "app", "kind": "organization", "name": "申报组织"},
        {"id": "app2", "kind": "organization", "name": "另一申报组织"},
        {"id": "assoc", "kind": "organization", "name": "本溪市质量协会"},
    ],
    "relations": [
        {"type": "employed_by", "from": ZHANG, "to": "sub", "start": "2021-03-01"},
        {"type": "subsidiary_of", "from": "sub", "to": "parent", "start": "2015-01-01"},
        {"type": "subsidiary_of", "from": "app", "to": "parent"},
        {"type": "spouse_of", "from": "rep", "to": "exp-li", "start": "2010-05-01"},
        {"type": "legal_representative_of", "from": "rep", "to": "app2", "start": "2019-01-01"},
        {"type": "employed_by", "from": "exp-li", "to": "assoc", "start": "2018-01-01"},
        {"type": "recommended", "from": "assoc", "to": "app", "start": "2026-03-01"},
        {"type": "member_of", "from": "exp-wang", "to": "assoc"},
        {"type": "member_of", "from": "app2", "to": "assoc"},
        {"type": "employed_by", "from": "exp-wang", "to": "app", "start": "2005-01-01", "end": "2023-11-15"},
    ],
    "experts": [ZHANG, "exp-li", "exp-wang"],
    "applicants": ["app", "app2"],
    "declared": [{"expert": ZHANG, "applicant": "app2", "reason": "曾为其撰写申报材料"}],
}

EXPECTED = {"conflicts": [
    {"expert": "exp-li", "applicant": "app", "rule": "R6", "path": ["exp-li", "assoc", "app"],
     "relations": ["employed_by", "recommended"]},
    {"expert": "exp-li", "applicant": "app2", "rule": "R3", "path": ["exp-li", "rep", "app2"],
     "relations": ["spouse_of", "legal_representative_of"]},
    {"expert": ZHANG, "applicant": "app", "rule": "R1", "path": [ZHANG, "sub", "parent", "app"],
     "relations": ["employed_by", "subsidiary_of", "subsidiary_of"]},
    {"expert": ZHANG, "applicant": "app2", "rule": "R7", "path": [ZHANG, "app2"], "relations": ["declared"]},
]}


def write_case(tmp_path, case, name="case.json") -> str:
    path = tmp_path / name
    path.write_text(case if isinstance(case, str) else json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return str(path)


def check(app, *args, **kwargs):
    return app.test_cli_runner().invoke(args=["coi", "check", *args], **kwargs)


def with_changes(**changes) -> dict:
    case = json.loads(json.dumps(CASE))
    case.update(changes)
    return case


def relations_plus(*extra) -> list:
    return CASE["relations"] + list(extra)


def test_a_valid_case_prints_the_sorted_conflicts_and_exits_0(app, tmp_path):
    result = check(app, write_case(tmp_path, CASE))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == EXPECTED
    assert result.stdout == json.dumps(EXPECTED, ensure_ascii=False, indent=2) + "\n"
    assert ZHANG in result.stdout


def test_a_case_without_conflicts_prints_an_empty_list(app, tmp_path):
    case = with_changes(experts=["exp-wang"], declared=[])
    result = check(app, write_case(tmp_path, case))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"conflicts": []}


def test_dash_reads_the_case_from_stdin(app):
    result = check(app, "-", input=json.dumps(CASE, ensure_ascii=False).encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


def test_a_utf8_byte_order_mark_is_accepted(app, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(CASE, ensure_ascii=False).encode("utf-8"))
    result = check(app, str(path))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


BAD_CASES = {
    "unknown relation type": (
        with_changes(relations=relations_plus({"type": "friend_of", "from": ZHANG, "to": "exp-li"})),
        "error: relations[10]: unknown relation type 'friend_of'"),
    "dangling relation end": (
        with_changes(relations=relations_plus({"type": "employed_by", "from": ZHANG, "to": "ghost"})),
        "error: relations[10]: to 'ghost' is not an entity id"),
    "dangling relation start": (
        with_changes(relations=relations_plus({"type": "employed_by", "to": "app"})),
        "error: relations[10]: from None is not an entity id"),
    "dangling expert": (with_changes(experts=[ZHANG, "ghost"]), "error: experts[1]: unknown entity id 'ghost'"),
    "dangling applicant": (with_changes(applicants=["ghost"]), "error: applicants[0]: unknown entity id 'ghost'"),
    "bad relation date": (
        with_changes(relations=relations_plus({"type": "employed_by", "from": ZHANG, "to": "app",
                                                "start": "2026-02-30"})),
        "error: relations[10]: start '2026-02-30' is not a date (YYYY-MM-DD)"),
    "date that is not a string": (
        with_changes(relations=relations_plus({"type": "employed_by", "from": ZHANG, "to": "app",
                                                "end": 20260101})),
        "error: relations[10]: end must be a YYYY-MM-DD string"),
    "end before start": (
        with_changes(relations=relations_plus({"type": "employed_by", "from": ZHANG, "to": "app",
                                                "start": "2026-01-02", "end": "2026-01-01"})),
        "error: relations[10]: end is before start"),
    "bad reference date": (with_changes(as_of="16/11/2026"),
                           "error: as_of: as_of '16/11/2026' is not a date (YYYY-MM-DD)"),
    "missing reference date": (with_changes(as_of=None), "error: as_of: is required (YYYY-MM-DD)"),
    "wrong kind at a relation's end": (
        with_changes(relations=relations_plus({"type": "employed_by", "from": ZHANG, "to": "exp-li"})),
        "error: relations[10]: employed_by cannot end at a person"),
    "wrong kind at a relation's start": (
        with_changes(relations=relations_plus({"type": "spouse_of", "from": "app", "to": "exp-li"})),
        "error: relations[10]: spouse_of cannot start at a organization"),
    "share out of range": (
        with_changes(relations=relations_plus({"type": "shareholder_of", "from": ZHANG, "to": "app",
                                                "share": 1.5})),
        "error: relations[10]: share must be in (0, 1] and only on shareholder_of"),
    "degree on the wrong type": (
        with_changes(relations=relations_plus({"type": "spouse_of", "from": ZHANG, "to": "exp-li", "degree": 2})),
        "error: relations[10]: degree must be a small whole number and only on blood_relative_of"),
    "organization as expert": (with_changes(experts=[ZHANG, "app"]),
                               "error: experts[1]: 'app' is a organization, not a person"),
    "person as applicant": (with_changes(applicants=["app", "rep"]),
                            "error: applicants[1]: 'rep' is a person, not a organization"),
    "unknown entity kind": (
        with_changes(entities=CASE["entities"] + [{"id": "x", "kind": "company", "name": "x"}]),
        "error: entities[9]: kind must be person or organization, not 'company'"),
    "duplicate entity id": (
        with_changes(entities=CASE["entities"] + [{"id": "app", "kind": "organization", "name": "again"}]),
        "error: entities[9]: duplicate id 'app'"),
    "entities missing": ({"as_of": "2026-11-16", "experts": [], "applicants": []}, "error: entities: must be a list"),
    "not an object": ([CASE], "error: case: must be a JSON object"),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_bad_input_exits_2_with_one_line_naming_the_entry(app, tmp_path, name):
    case, message = BAD_CASES[name]
    result = check(app, write_case(tmp_path, case))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == message + "\n"


@pytest.mark.parametrize("declared, message", [
    ([{"expert": ZHANG, "applicant": "app2", "reason": "r"}, {"expert": "ghost", "applicant": "app", "reason": "r"}],
     "error: declared[1]: unknown entity id 'ghost'"),
    ([{"expert": "app", "applicant": "app2", "reason": "r"}],
     "error: declared[0]: 'app' is a organization, not a person"),
])
def test_a_bad_declared_entry_is_named(app, tmp_path, declared, message):
    result = check(app, write_case(tmp_path, with_changes(declared=declared)))
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


@pytest.mark.parametrize("declared", [
    [{"expert": "ghost", "applicant": "app", "reason": "r"}],
    [{"expert": ZHANG, "applicant": "rep", "reason": "r"}],
])
def test_a_bad_declared_entry_exits_2(app, tmp_path, declared):
    result = check(app, write_case(tmp_path, with_changes(declared=declared)))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("content, start", [
    ('{"as_of": "2026-11-16",', "invalid JSON at line 1 column 24"),
    ("", "invalid JSON at line 1 column 1"),
    ('{"as_of": NaN}', "invalid JSON: NaN is not valid JSON"),
])
def test_json_syntax_errors_exit_2_naming_the_file(app, tmp_path, content, start):
    path = write_case(tmp_path, content)
    result = check(app, path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: {start}")
    assert result.stderr.count("\n") == 1


def test_json_syntax_errors_on_stdin_name_stdin(app):
    result = check(app, "-", input=b"{oops")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: <stdin>: invalid JSON at line 1 column 2")


def test_text_that_is_not_utf8_exits_2(app, tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(CASE, ensure_ascii=False).encode("gbk"))
    result = check(app, str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not UTF-8 text")


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_an_unreadable_file_exits_2_naming_it(app, tmp_path, where):
    path = str(tmp_path / "nope.json") if where == "missing" else str(tmp_path)
    result = check(app, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: cannot read: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("relation", [
    {"type": ["employed_by"], "from": ZHANG, "to": "app"},
    {"type": "employed_by", "from": [ZHANG], "to": "app"},
    {"type": "blood_relative_of", "from": ZHANG, "to": "rep", "degree": 1e400},
])
def test_malformed_values_the_loader_does_not_name_still_exit_2_without_a_traceback(app, tmp_path, relation):
    result = check(app, write_case(tmp_path, with_changes(relations=relations_plus(relation))))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_help_documents_the_exchange_format(app):
    result = app.test_cli_runner().invoke(args=["coi", "check", "--help"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "Usage: coi check [OPTIONS] FILE.json" in flat or "coi check [OPTIONS] FILE.json" in flat
    for fragment in ['{"as_of": "YYYY-MM-DD",',
                     '"entities": [{"id", "kind": "person"|"organization", "name", "uscc"?}],',
                     '"relations": [{"type", "from", "to", "start"?, "end"?, "share"?, "degree"?}],',
                     '"experts": [ids], "applicants": [ids],',
                     '"declared"?: [{"expert", "applicant", "reason"}]}',
                     "experts are people, applicants organizations",
                     '{"conflicts": [{"expert", "applicant", "rule", "path": [ids from expert to applicant], '
                     '"relations": [types along the path]}]}',
                     "sorted by expert, applicant, rule",
                     "one shortest explaining path",
                     '(for R7: [expert, applicant] with relations ["declared"])',
                     '"-" for standard input']:
        assert fragment in flat, fragment


class UnreachableDatabase(TestingConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite:////nonexistent-dir/x.sqlite"


def test_the_command_never_touches_the_database(tmp_path):
    other = create_app(UnreachableDatabase)
    with other.app_context():  # the database really is unreachable: any query would fail
        with pytest.raises(OperationalError):
            _db.session.execute(text("select 1"))
        _db.session.remove()
        _db.engine.dispose()

    connections = []

    def record(connection):
        connections.append(connection)

    event.listen(Engine, "engine_connect", record)
    try:
        result = other.test_cli_runner().invoke(args=["coi", "check", write_case(tmp_path, CASE)])
        bad = other.test_cli_runner().invoke(args=["coi", "check", write_case(tmp_path, with_changes(as_of="x"))])
    finally:
        event.remove(Engine, "engine_connect", record)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED
    assert bad.exit_code == 2
    assert connections == []

"""Issue #8, spreadsheet imports (the affiliation graph, issue #4; the expert pool, issue #5): broken files, formulas,
wrong types in cells, hostile text, huge row counts. Never a server error; a refused file gets a clear error on the
page and nothing is written; a dry run writes nothing to the database; what an import stores shows harmlessly."""
import hashlib
import io
from datetime import date, datetime, time

import pytest
from hypothesis import example as explicit_example
from hypothesis import given, note
from hypothesis import strategies as st

from reviewapp.domain.coi.graph_workbook import MAX_ROWS as GRAPH_MAX_ROWS
from reviewapp.experts.pool_workbook import HEADERS
from reviewapp.experts.pool_workbook import MAX_ROWS as EXPERT_MAX_ROWS
from tests.fuzz.files import (
    ENTITIES,
    FORMULAS,
    SAMPLES,
    VALID_ENTITIES,
    VALID_RELATIONS,
    filenames,
    graph_workbook,
    sendable,
    xlsx,
)
from tests.fuzz.harness import multipart
from tests.fuzz.known_bugs import tolerating_known_bugs
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.strategies import HOSTILE, SCRIPTS
from tests.fuzz.targets import Target

GRAPH = Target("graph_import.check", "base_world", "office", lambda w: "/imports/check", success_renders=True)
# "The checked file is no longer available: upload it again." is a warning, and a refusal.
GRAPH_RUN = Target("graph_import.run", "base_world", "office", lambda w: "/imports/run", refusals=("danger", "warning"))
EXPERTS = Target("experts.import_check", "base_world", "office", lambda w: "/experts/import/check",
                 success_renders=True)
EXPERTS_RUN = Target("experts.import_run", "base_world", "office", lambda w: "/experts/import/run",
                     refusals=("danger", "warning"))
GRAPH_PAGES = ["/graph/people", "/organizations/", "/imports/"]
EXPERT_PAGES = ["/experts/", "/graph/people", "/organizations/"]
CLEAR_ERROR = ('id="problems"', "alert-danger", "invalid-feedback")

EXPERT_HEADER = list(HEADERS.values())


def cells():
    """What a cell may hold: text (hostile or not), numbers of any size, dates and times, booleans, formulas."""
    return st.one_of(
        st.none(), st.sampled_from(HOSTILE), st.sampled_from(FORMULAS), st.sampled_from(SCRIPTS),
        st.text(max_size=30).map(lambda t: t.encode("utf-8", "replace").decode("utf-8")),
        st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
        st.dates(), st.datetimes(), st.times(), st.just(date(2021, 3, 1)), st.just(datetime(2021, 3, 1, 12, 30)),
        st.just(time(8, 0)),
    )


def _xlsx_safe(value):
    """openpyxl refuses control characters in text cells: such a file cannot be written, so none is uploaded."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def _cell_of(original, action: str, value, script: str):
    if action == "carry" and isinstance(original, str):  # the valid text with a script: it gets stored
        return original + script
    return _xlsx_safe(value) if action == "replace" else original


def mutated(rows, make_cell):
    """Valid rows with one to three cells changed: a script after the cell's text, or anything in its place."""
    width, size = len(rows[0]), len(rows) * len(rows[0])
    changes = st.lists(st.tuples(st.integers(0, size - 1), st.sampled_from(["carry", "replace"]), make_cell,
                                 st.sampled_from(SCRIPTS)), min_size=1, max_size=3)

    def apply(changed):
        cells = [list(row) for row in rows]
        for index, action, value, script in changed:
            row, column = divmod(index, width)
            cells[row][column] = _cell_of(cells[row][column], action, value, script)
        return cells
    return changes.map(apply)


VALID_EXPERTS = [["王刚", "教授级高级工程师", "C31, B08", "4.1、4.5", "ZJ-001", date(2027, 6, 30), "是", "13800000001",
                  "wang@example.com", "本溪示例制造有限公司", None],
                 ["李芳", "高级工程师", "C27", "4.2", "ZJ-002", None, "否", None, None, None, None]]


def csv_of(rows) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([[("" if v is None else str(v)) for v in row] for row in rows])
    return out.getvalue().encode("utf-8", "replace")


class ImportRun:
    """One upload to a check endpoint and the properties of issue #8 on its answer."""

    def __init__(self, world, fuzzer, target, run_target, pages):
        self.world, self.fuzzer, self.target, self.run_target, self.pages = world, fuzzer, target, run_target, pages
        self.office = world.client("office")

    def upload(self, data: bytes, filename: str, dry_run: bool):
        form = {"file": (data, sendable(filename))} | ({"dry_run": "y"} if dry_run else {})
        answer = self.fuzzer.post(self.office, self.target, self.target.url(self.world), **multipart(form))
        if answer.rejected:
            assert any(mark in (answer.html or "") for mark in CLEAR_ERROR) or answer.status == 413, \
                f"{self.target.endpoint} refused {filename!r} without saying why"
        elif answer.status == 200:
            assert not answer.wrote, f"the dry run of {self.target.endpoint} wrote to the database"
            self.run(data, filename)
        else:
            self.check_pages()
        return answer

    def run(self, data: bytes, filename: str) -> None:
        """The second step with the checked file, under the name the page shows."""
        answer = self.fuzzer.post(self.office, self.run_target, self.run_target.url(self.world), data={
            "sha256": hashlib.sha256(data).hexdigest(), "filename": sendable(filename)[:255]})
        if not answer.rejected:
            self.check_pages()

    def check_pages(self) -> None:
        for url in self.pages:
            self.fuzzer.check_page(self.office, self.target.endpoint, url, "a page showing what was imported")


@pytest.fixture
def graph_import(base_world, fuzzer):
    return ImportRun(base_world, fuzzer, GRAPH, GRAPH_RUN, GRAPH_PAGES)


@pytest.fixture
def expert_import(base_world, fuzzer):
    return ImportRun(base_world, fuzzer, EXPERTS, EXPERTS_RUN, EXPERT_PAGES)


def test_graph_import_survives_hostile_workbooks(graph_import, fuzzer):
    @fuzz_settings(scale=2)
    @explicit_example(entities=VALID_ENTITIES, relations=VALID_RELATIONS, as_csv=False, dry_run=True,
                      name="graph.xlsx")  # the whole way: check, then import
    @given(entities=mutated(VALID_ENTITIES, cells()), relations=mutated(VALID_RELATIONS, cells()),
           as_csv=st.booleans(), dry_run=st.booleans(),
           name=st.sampled_from(["graph.xlsx", "graph.csv"]) | filenames())
    def upload(entities, relations, as_csv, dry_run, name):
        data = csv_of([ENTITIES, *entities]) if as_csv else graph_workbook(entities, relations)
        note(f"{'csv' if as_csv else 'xlsx'} {name!r} dry run {dry_run}: {entities} {relations}")
        with tolerating_known_bugs(fuzzer.stats):
            graph_import.upload(data, name, dry_run)

    upload()


def test_expert_import_survives_hostile_workbooks(expert_import, fuzzer):
    @fuzz_settings(scale=2)
    @explicit_example(rows=VALID_EXPERTS, as_csv=False, dry_run=True, name="experts.xlsx")  # check, then import
    @given(rows=mutated(VALID_EXPERTS, cells()), as_csv=st.booleans(), dry_run=st.booleans(),
           name=st.sampled_from(["experts.xlsx", "experts.csv"]) | filenames())
    def upload(rows, as_csv, dry_run, name):
        data = csv_of([EXPERT_HEADER, *rows]) if as_csv else xlsx([EXPERT_HEADER, *rows], "专家")
        note(f"{'csv' if as_csv else 'xlsx'} {name!r} dry run {dry_run}: {rows}")
        with tolerating_known_bugs(fuzzer.stats):
            expert_import.upload(data, name, dry_run)

    upload()


@pytest.mark.parametrize("which", ["graph_import", "expert_import"])
@pytest.mark.parametrize("sample", sorted(set(SAMPLES) - {"csv", "xlsx"}))
def test_a_broken_file_is_refused_with_a_clear_error(request, which, sample):
    importer = request.getfixturevalue(which)
    for dry_run in (True, False):
        answer = importer.upload(SAMPLES[sample], f"{sample}.xlsx", dry_run)
        assert answer.rejected, f"{sample} was accepted"


@pytest.mark.parametrize("which, rows", [("graph_import", GRAPH_MAX_ROWS + 1), ("expert_import", 10_000)])
def test_a_file_with_too_many_rows_is_refused_whole(request, which, rows):
    """Huge row counts (as CSV: an .xlsx of that size takes longer to write than the app takes to refuse it)."""
    importer = request.getfixturevalue(which)
    if which == "graph_import":
        data = csv_of([ENTITIES] + [[f"E-{i}", "人员", f"人员{i}", None] for i in range(rows)])
    else:
        data = csv_of([EXPERT_HEADER] + [[f"专家{i}", None, None, None, f"ZJ-{i}"] + [None] * 6 for i in range(rows)])
    answer = importer.upload(data, "huge.csv", dry_run=False)
    assert answer.rejected and answer.status == 422
    limit = GRAPH_MAX_ROWS if which == "graph_import" else EXPERT_MAX_ROWS
    assert f"{limit:,}" in answer.html or str(limit) in answer.html


@pytest.mark.parametrize("target", [GRAPH_RUN, EXPERTS_RUN], ids=lambda t: t.endpoint)
def test_the_import_step_refuses_any_other_checksum(base_world, fuzzer, target):
    """The second step names the checked file by its sha256: anything else is sent back, nothing written."""
    office = base_world.client("office")

    @fuzz_settings()
    @given(sha256=st.sampled_from(HOSTILE) | st.text(max_size=70) | st.just("0" * 64) | st.just("A" * 64),
           filename=filenames())
    def example(sha256, filename):
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, target.url(base_world), data={"sha256": sendable(sha256),
                                                                             "filename": sendable(filename)})
            assert answer.rejected, f"{target.endpoint} took {sha256!r} for a checked file"

    example()

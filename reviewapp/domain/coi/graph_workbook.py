"""Bulk import of the affiliation graph from a spreadsheet (issue #4, "Bulk import of entities and relations").

Two tables: *entities* (id, kind, name, uscc) and *relations* (type, from, to, start, end, share, degree), the same
fields as the `flask coi check` exchange format. An .xlsx workbook holds them as sheets named entities/relations
(or 实体/关系); a .csv file holds one of them, recognised by its header row.

Every row is checked and every problem is collected with the place the user sees it (sheet, row with the header
as row 1, column) — the office fixes the whole file in one pass instead of meeting the errors one at a time. The
file is opened and read cell by cell by the general reader, reviewapp/domain/spreadsheet.py; what is here is the
affiliation graph's part: its tables, columns, cells and the checks of the rows against each other and the graph.
Relations are judged by `relation_problem`, dates by the exchange format's own rule, credit codes by
`check_credit_code`; a file without problems is finally converted to the exchange format and given to `load_case`,
so the command line and the import accept exactly the same facts.

A relation end names an id of the entities table, or the credit code of an organization of that table, or
something the app already knows: `resolver` receives every such name at once and answers with the entities
already in the graph (by import key, or an organization by its credit code). Nothing here touches a database.
"""
import math
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from reviewapp.domain.coi.model import (
    KINDS,
    ORGANIZATION,
    PERSON,
    RELATION_TYPES,
    CaseError,
    load_case,
    relation_problem,
)
from reviewapp.domain.credit_code import check_credit_code, credit_code_check_char, normalize_credit_code
from reviewapp.domain.i18n import N_
from reviewapp.domain.spreadsheet import (
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
    file_problem,
    is_blank,
    reading_workbook,
    upload_kind,
    workbook_bytes,
    worksheet_rows,
)

MAX_ROWS = 50_000  # per sheet; a city's graph is a few thousand rows, a province's fits in a few files

ENTITIES, RELATIONS = "entities", "relations"
TABLES = (ENTITIES, RELATIONS)
SHEET_NAMES = {ENTITIES: ("entities", "实体"), RELATIONS: ("relations", "关系")}
COLUMNS = {ENTITIES: ("id", "kind", "name", "uscc"),
           RELATIONS: ("type", "from", "to", "start", "end", "share", "degree")}
REQUIRED = {ENTITIES: ("id", "kind", "name"), RELATIONS: ("type", "from", "to")}
# Headers people type in Chinese, mapped to the exchange format's field names.
COLUMN_ALIASES = {"编号": "id", "类别": "kind", "名称": "name", "统一社会信用代码": "uscc", "类型": "type",
                  "起点": "from", "终点": "to", "开始日期": "start", "结束日期": "end", "持股比例": "share",
                  "亲等": "degree"}
KIND_WORDS = {"person": PERSON, "人员": PERSON, "organization": ORGANIZATION, "组织": ORGANIZATION}

# The schema's lengths (Person.import_key / Person.name / Organization.name), said in the user's terms.
MAX_ID = 100
MAX_NAME = {PERSON: 100, ORGANIZATION: 200}
SHARE_PLACES = Decimal("0.0001")  # shares are stored with four decimals

MSG_NO_SHEET = N_("The workbook has no sheet named entities (实体) or relations (关系).")
MSG_TWO_SHEETS = N_("Both sheets %(first)s and %(second)s are present: keep only one of them.")
MSG_CSV_HEADER = N_("The first row matches neither table: an entities file has the columns id, kind, name, uscc; "
                    "a relations file type, from, to, start, end, share, degree.")
MSG_NOTHING = N_("There is nothing to import: no sheet has a data row.")
MSG_UNKNOWN_COLUMN = N_("Unknown column %(name)s. The columns of this sheet are: %(columns)s.")
MSG_DUPLICATE_ID = N_("The id %(id)s is already used in row %(first_row)s.")
MSG_KIND = N_("The kind must be person or organization (人员 or 组织), not %(value)s.")
MSG_CODE_ON_PERSON = N_("Only organizations have a unified social credit code.")
MSG_CODE_AS_NUMBER = N_("Type the credit code as text: as a number it loses characters.")
MSG_DUPLICATE_CODE = N_("The credit code %(code)s is already used in row %(first_row)s: one organization per code.")
MSG_EXISTS_AS_PERSON = N_("%(id)s is already a person in the graph (%(name)s).")
MSG_EXISTS_AS_ORGANIZATION = N_("%(id)s is already an organization in the graph (%(name)s).")
MSG_CODE_OF_ANOTHER = N_("This credit code belongs to another organization: %(name)s.")
MSG_CODE_DIFFERS = N_("The organization %(name)s is already registered with the credit code %(code)s.")
MSG_UNKNOWN_TYPE = N_("Unknown relation type %(value)s: the sheet 说明 lists the allowed types.")
MSG_UNKNOWN_END = N_("%(value)s is neither an id of the entities table nor an entity or credit code already known.")
MSG_CANNOT_START_AT = {PERSON: N_("%(type)s cannot start at a person."),
                       ORGANIZATION: N_("%(type)s cannot start at an organization.")}
MSG_CANNOT_END_AT = {PERSON: N_("%(type)s cannot end at a person."),
                     ORGANIZATION: N_("%(type)s cannot end at an organization.")}
MSG_SHARE = N_("A share is a number greater than 0 and at most 1, such as 0.3, and only on shareholder_of.")
MSG_DEGREE = N_("A degree is a whole number from 1 to 6, and only on blood_relative_of.")
MSG_END_BEFORE_START = N_("The end is before the start.")
MSG_NOT_NUMBER = N_("This must be a number.")
MSG_NOT_WHOLE = N_("This must be a whole number.")
MSG_LOADER = N_("The exchange-format loader refused the converted data: %(problem)s")


@dataclass(frozen=True)
class Known:
    """An entity already in the graph, as the app's resolver reports it."""
    id: str  # the app's entity id, e.g. "p12" or "o5"
    kind: str
    name: str
    uscc: str | None = None


Resolver = Callable[[frozenset[str]], Mapping[str, Known]]


@dataclass(frozen=True)
class ImportEntity:
    id: str
    kind: str
    name: str
    uscc: str | None
    sheet: str
    row: int
    existing: Known | None = None  # the same entity already in the graph: it is matched, not created


@dataclass(frozen=True)
class End:
    """One end of an imported relation: an entity of this upload, or one already in the graph, or both."""
    ref: str                 # as written in the cell
    kind: str
    upload_id: str | None    # the entities-table id it names
    known: Known | None      # the entity already in the graph it is

    @property
    def key(self) -> str:
        return self.known.id if self.known else f"new:{self.upload_id}"


@dataclass(frozen=True)
class ImportRelation:
    type: str
    source: End
    target: End
    start: date | None
    end: date | None
    share: float | None
    degree: int | None
    sheet: str
    row: int

    @property
    def key(self) -> tuple:
        return relation_key(self.type, self.source.key, self.target.key, self.start, self.end, self.share,
                            self.degree)


@dataclass
class ImportPlan:
    entities: list[ImportEntity]
    relations: list[ImportRelation]
    errors: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.errors


def relation_key(rel_type: str, source: str, target: str, start, end, share, degree) -> tuple:
    """What makes two relations the same fact: re-importing a file must find its relations again. Symmetric types
    are the same fact in either direction."""
    if rel_type in RELATION_TYPES and RELATION_TYPES[rel_type].symmetric:
        source, target = sorted((source, target))
    share = None if share is None else Decimal(str(share)).quantize(SHARE_PLACES)
    return rel_type, source, target, start, end, share, degree


# --- reading the file -----------------------------------------------------------------------------------------

@dataclass
class _Table:
    name: str  # ENTITIES or RELATIONS
    sheet: str  # as the user named it
    rows: list[tuple[int, dict[str, Cell]]]
    letters: dict[str, str]  # field name -> spreadsheet column, from the header


def _header(table: str, sheet: str, cells: list[Cell], errors: list[Problem]) -> dict[int, str] | None:
    """Column index -> field name, or None when the header cannot be used."""
    columns, seen = {}, set()
    for index, cell in enumerate(cells):
        if is_blank(cell.value):
            continue
        text = str(cell.value).strip()
        name = COLUMN_ALIASES.get(text, text.lower())
        if name not in COLUMNS[table]:
            errors.append(Problem(sheet, 1, text, cell.letter, MSG_UNKNOWN_COLUMN,
                                  {"name": text, "columns": ", ".join(COLUMNS[table])}))
        elif name in seen:
            errors.append(Problem(sheet, 1, name, cell.letter, MSG_DUPLICATE_COLUMN, {"name": name}))
        else:
            seen.add(name)
            columns[index] = name
    missing = [name for name in REQUIRED[table] if name not in seen]
    for name in missing:
        errors.append(Problem(sheet, 1, name, None, MSG_MISSING_COLUMN, {"name": name}))
    return None if missing else columns


def _table(table: str, sheet: str, rows: Iterable[list[Cell]], errors: list[Problem], max_rows: int,
           header: list[Cell] | None = None) -> _Table | None:
    rows = iter(rows)
    header = header if header is not None else next(rows, [])
    columns = _header(table, sheet, header, errors)
    if columns is None:
        return None
    found = []
    for number, cells in enumerate(rows, start=2):
        if all(is_blank(c.value) for c in cells):
            continue
        if len(found) == max_rows:
            errors.append(file_problem(MSG_TOO_MANY_ROWS, sheet, max=max_rows))
            return None
        found.append((number, {columns[i]: cell for i, cell in enumerate(cells) if i in columns}))
    return _Table(table, sheet, found, {name: column_letter(i + 1) for i, name in columns.items()})


def _sheets(workbook, errors: list[Problem], max_rows: int) -> list[_Table]:
    by_name = {name.strip().lower(): name for name in workbook.sheetnames}
    tables = []
    for table in TABLES:
        present = [by_name[n] for n in SHEET_NAMES[table] if n in by_name]
        if len(present) > 1:
            raise FileRefused(MSG_TWO_SHEETS, first=present[0], second=present[1])
        if present:
            found = _table(table, present[0], worksheet_rows(workbook[present[0]]), errors, max_rows)
            if found is not None:
                tables.append(found)
    if not tables and not errors:
        raise FileRefused(MSG_NO_SHEET)
    return tables


def _csv_tables(rows: Iterator[list[Cell]], errors: list[Problem], max_rows: int) -> list[_Table]:
    header = next(rows, [])
    names = {COLUMN_ALIASES.get(str(c.value).strip(), str(c.value).strip().lower()) for c in header}
    table = next((t for t in TABLES if set(REQUIRED[t]) <= names), None)
    if table is None:
        errors.append(file_problem(MSG_CSV_HEADER, None))
        return []
    found = _table(table, table, rows, errors, max_rows, header=header)
    return [found] if found else []


def _tables(data: bytes, filename: str, errors: list[Problem], max_rows: int) -> list[_Table]:
    try:
        if upload_kind(data, filename) == XLSX:
            with reading_workbook(data) as workbook:
                return _sheets(workbook, errors, max_rows)
        return _csv_tables(csv_rows(data), errors, max_rows)
    except FileRefused as refused:
        errors.append(refused.problem)
        return []


# --- reading the cells ----------------------------------------------------------------------------------------

def _credit_code(value) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise BadCell(MSG_CODE_AS_NUMBER)
    text = cell_text(value)
    if text is None:
        return None
    result = check_credit_code(text)
    if not result.valid:
        raise BadCell(result.message, **result.params)
    return result.code


def _share(value) -> float | None:
    if isinstance(value, bool):
        raise BadCell(MSG_NOT_NUMBER)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = cell_text(value)
        if text is None:
            return None
        percent = text.endswith(("%", "％"))
        try:
            number = float(text.rstrip("%％").strip()) / (100 if percent else 1)
        except ValueError:
            raise BadCell(MSG_NOT_NUMBER) from None
    if not math.isfinite(number) or abs(number) > 100:  # inf, nan, 1e309: no share (and no Decimal to round)
        raise BadCell(MSG_SHARE)
    return float(Decimal(str(number)).quantize(SHARE_PLACES))


def _degree(value) -> int | None:
    if isinstance(value, bool):
        raise BadCell(MSG_NOT_WHOLE)
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise BadCell(MSG_NOT_WHOLE)
        return int(value)
    text = cell_text(value)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit():
        raise BadCell(MSG_NOT_WHOLE)
    return int(text)


class _Row:
    """One data row: reads its cells, recording every problem with its place."""

    def __init__(self, table: _Table, number: int, cells: dict[str, Cell], errors: list[Problem]):
        self.table, self.number, self.cells, self.errors = table, number, cells, errors
        self.bad: set[str] = set()

    def letter(self, column: str) -> str | None:
        return self.table.letters.get(column)

    def problem(self, column: str, message: str, **params) -> None:
        self.bad.add(column)
        self.errors.append(Problem(self.table.sheet, self.number, column, self.letter(column), message, params))

    def read(self, column: str, reader, required: bool = False):
        cell = self.cells.get(column)
        if cell is not None and cell.formula:
            self.problem(column, MSG_FORMULA)
            return None
        try:
            value = reader(cell.value if cell else None)
        except BadCell as bad:
            self.problem(column, bad.message, **bad.params)
            return None
        if value is None and required:
            self.problem(column, MSG_REQUIRED)
        return value


def _entity_row(row: _Row) -> ImportEntity | None:
    entity_id = row.read("id", cell_text, required=True)
    raw_kind = row.read("kind", cell_text, required=True)
    name = row.read("name", cell_text, required=True)
    uscc = row.read("uscc", _credit_code)
    kind = KIND_WORDS.get(raw_kind.lower()) if raw_kind else None
    if raw_kind and kind is None:
        row.problem("kind", MSG_KIND, value=raw_kind)
    if entity_id and len(entity_id) > MAX_ID:
        row.problem("id", MSG_TOO_LONG, max=MAX_ID)
    if name and kind and len(name) > MAX_NAME[kind]:
        row.problem("name", MSG_TOO_LONG, max=MAX_NAME[kind])
    if uscc and kind == PERSON:
        row.problem("uscc", MSG_CODE_ON_PERSON)
    if row.bad:
        return None
    return ImportEntity(entity_id, kind, name, uscc, row.table.sheet, row.number)


@dataclass
class _RawRelation:
    row: _Row
    type: str | None
    source: str | None
    target: str | None
    start: date | None
    end: date | None
    share: float | None
    degree: int | None


def _relation_row(row: _Row) -> _RawRelation:
    rel_type = row.read("type", cell_text, required=True)
    if rel_type and rel_type not in RELATION_TYPES:
        row.problem("type", MSG_UNKNOWN_TYPE, value=rel_type)
    return _RawRelation(row, rel_type, row.read("from", cell_text, required=True),
                        row.read("to", cell_text, required=True), row.read("start", cell_date),
                        row.read("end", cell_date), row.read("share", _share), row.read("degree", _degree))


# --- checking the rows against each other and the graph -------------------------------------------------------

def _unique(entities: list[ImportEntity], errors: list[Problem], letters: dict) -> dict[str, ImportEntity]:
    by_id, by_code = {}, {}
    for entity in entities:
        first = by_id.setdefault(entity.id, entity)
        if first is not entity:
            errors.append(Problem(entity.sheet, entity.row, "id", letters.get("id"), MSG_DUPLICATE_ID,
                                  {"id": entity.id, "first_row": first.row}))
        if entity.uscc:
            first = by_code.setdefault(entity.uscc, entity)
            if first is not entity:
                errors.append(Problem(entity.sheet, entity.row, "uscc", letters.get("uscc"), MSG_DUPLICATE_CODE,
                                      {"code": entity.uscc, "first_row": first.row}))
    return by_id


def _match(entity: ImportEntity, known: Mapping[str, Known], errors: list[Problem], letters: dict) -> ImportEntity:
    """The entity already in the graph: by import key, and an organization also by its credit code."""
    def problem(column, message, **params):
        errors.append(Problem(entity.sheet, entity.row, column, letters.get(column), message, params))

    by_key = known.get(entity.id)
    if by_key is not None and by_key.kind != entity.kind:
        message = MSG_EXISTS_AS_PERSON if by_key.kind == PERSON else MSG_EXISTS_AS_ORGANIZATION
        problem("kind", message, id=entity.id, name=by_key.name)
        return entity
    by_code = known.get(entity.uscc) if entity.uscc else None
    if by_code is not None and by_key is not None and by_code.id != by_key.id:
        problem("uscc", MSG_CODE_OF_ANOTHER, name=by_code.name)
        return entity
    existing = by_key or by_code
    if existing is not None and entity.uscc and existing.uscc and existing.uscc != entity.uscc:
        problem("uscc", MSG_CODE_DIFFERS, name=existing.name, code=existing.uscc)
        return entity
    return replace(entity, existing=existing)


def _end(ref: str | None, upload: dict[str, ImportEntity], codes: dict[str, ImportEntity],
         known: Mapping[str, Known]) -> End | None:
    if ref is None:
        return None
    entity = upload.get(ref) or codes.get(normalize_credit_code(ref))
    if entity is not None:
        return End(ref, entity.kind, entity.id, entity.existing)
    found = known.get(ref) or known.get(normalize_credit_code(ref))
    return End(ref, found.kind, None, found) if found else None


def _relation_problems(raw: _RawRelation, source: End | None, target: End | None) -> None:
    """The vocabulary's verdict (relation_problem), asked one attribute at a time so that each problem lands on
    its own cell."""
    spec = RELATION_TYPES.get(raw.type)
    if spec is None:
        return
    fine = {"from_kind": sorted(spec.from_kinds)[0], "to_kind": sorted(spec.to_kinds)[0]}
    checks = [("from", {"from_kind": source.kind} if source else {}),
              ("to", {"to_kind": target.kind} if target else {}),
              ("share", {"share": raw.share}), ("degree", {"degree": raw.degree}),
              ("end", {"start": raw.start, "end": raw.end})]
    for column, attribute in checks:
        if column in raw.row.bad or not relation_problem(raw.type, **{**fine, **attribute}):
            continue
        if column == "from":
            raw.row.problem(column, MSG_CANNOT_START_AT[source.kind], type=raw.type)
        elif column == "to":
            raw.row.problem(column, MSG_CANNOT_END_AT[target.kind], type=raw.type)
        else:
            raw.row.problem(column, {"share": MSG_SHARE, "degree": MSG_DEGREE, "end": MSG_END_BEFORE_START}[column])


def _needed_names(entities: list[ImportEntity], raws: list[_RawRelation], upload: dict, codes: dict) -> frozenset[str]:
    names = {e.id for e in entities} | {e.uscc for e in entities if e.uscc}
    for raw in raws:
        for ref in (raw.source, raw.target):
            if ref and ref not in upload and normalize_credit_code(ref) not in codes:
                names |= {ref, normalize_credit_code(ref)}
    return frozenset(names)


def plan_import(data: bytes, filename: str = "", resolver: Resolver | None = None,
                max_rows: int = MAX_ROWS) -> ImportPlan:
    """Read an .xlsx or .csv upload (recognised by its content) and check every row. `resolver(names)` answers,
    for any of the names, the entity already in the graph with that import key, or the organization with that
    credit code."""
    errors: list[Problem] = []
    tables = {t.name: t for t in _tables(data, filename, errors, max_rows)}
    if any(p.row is None or p.message == MSG_MISSING_COLUMN for p in errors):
        return ImportPlan([], [], _sorted(errors, tables))  # the rows cannot be read, or not all of them
    if not any(t.rows for t in tables.values()):
        return ImportPlan([], [], [*errors, file_problem(MSG_NOTHING)])
    entity_table, relation_table = tables.get(ENTITIES), tables.get(RELATIONS)
    entity_rows = [_Row(entity_table, n, c, errors) for n, c in (entity_table.rows if entity_table else [])]
    entities = [e for e in map(_entity_row, entity_rows) if e is not None]
    listed = {_raw_id(row) for row in entity_rows}
    raws = [_relation_row(_Row(relation_table, n, c, errors))
            for n, c in (relation_table.rows if relation_table else [])]
    entity_letters = entity_table.letters if entity_table else {}
    upload = _unique(entities, errors, entity_letters)
    codes = {e.uscc: e for e in upload.values() if e.uscc}
    known = (resolver or (lambda names: {}))(_needed_names(entities, raws, upload, codes))
    matched = {e.id: _match(e, known, errors, entity_letters) for e in upload.values()}
    codes = {e.uscc: e for e in matched.values() if e.uscc}
    relations = [r for r in (_relation(raw, matched, codes, known, listed) for raw in raws) if r is not None]
    plan = ImportPlan(list(matched.values()), relations, _sorted(errors, tables))
    if plan.ok:
        _check_with_loader(plan)
    return plan


def _raw_id(row: _Row) -> str | None:
    try:
        return cell_text(row.cells["id"].value) if "id" in row.cells else None
    except BadCell:
        return None


def _relation(raw: _RawRelation, matched: dict, codes: dict, known: Mapping[str, Known],
              listed: set) -> ImportRelation | None:
    source, target = (_end(ref, matched, codes, known) for ref in (raw.source, raw.target))
    for column, ref, end in (("from", raw.source, source), ("to", raw.target, target)):
        if ref is None or end is not None or column in raw.row.bad:
            continue
        if ref in listed:  # a row of the entities table that has its own problems: reported there
            raw.row.bad.add(column)
        else:
            raw.row.problem(column, MSG_UNKNOWN_END, value=ref)
    _relation_problems(raw, source, target)
    if raw.row.bad:
        return None
    return ImportRelation(raw.type, source, target, raw.start, raw.end, raw.share, raw.degree,
                          raw.row.table.sheet, raw.row.number)


@dataclass
class Preview:
    """What an import would do: entities to create or already in the graph, relations to create or already
    present (also a relation listed twice in the file is created once)."""
    new_entities: list[ImportEntity]
    matched_entities: list[ImportEntity]
    new_relations: list[ImportRelation]
    present_relations: list[ImportRelation]

    @property
    def changes_nothing(self) -> bool:
        return not self.new_entities and not self.new_relations


def preview(plan: ImportPlan, present: Container[tuple]) -> Preview:
    """`present`: the relation_key of every relation already in the graph between matched entities."""
    new, already, seen = [], [], set()
    for relation in plan.relations:
        key = relation.key
        (already if key in present or key in seen else new).append(relation)
        seen.add(key)
    return Preview([e for e in plan.entities if e.existing is None], [e for e in plan.entities if e.existing],
                   new, already)


def _sorted(errors: list[Problem], tables: dict[str, _Table]) -> list[Problem]:
    order = {t.sheet: i for i, t in enumerate(tables.values())}
    columns = {c: i for t in TABLES for i, c in enumerate(COLUMNS[t])}
    return sorted(errors, key=lambda p: (p.row is not None, order.get(p.sheet, -1), p.row or 0,
                                         columns.get(p.column, len(columns))))


# --- the exchange format --------------------------------------------------------------------------------------

def exchange_parts(plan: ImportPlan) -> dict:
    """The plan as the exchange format's "entities" and "relations" (see `flask coi check`). Entities already in
    the graph that relations point to are listed under their app id."""
    entities = {e.id: _json_entity(e.id, e.kind, e.name, e.uscc) for e in plan.entities}
    known_ids = {}
    for end in (end for r in plan.relations for end in (r.source, r.target) if end.upload_id is None):
        if end.known.id not in known_ids:
            entity_id = end.known.id
            while entity_id in entities:
                entity_id = "@" + entity_id
            known_ids[end.known.id] = entity_id
            entities[entity_id] = _json_entity(entity_id, end.known.kind, end.known.name, end.known.uscc)

    def ref(end: End) -> str:
        return end.upload_id if end.upload_id is not None else known_ids[end.known.id]

    relations = []
    for r in plan.relations:
        item = {"type": r.type, "from": ref(r.source), "to": ref(r.target)}
        item |= {k: v.isoformat() for k, v in (("start", r.start), ("end", r.end)) if v is not None}
        item |= {k: v for k, v in (("share", r.share), ("degree", r.degree)) if v is not None}
        relations.append(item)
    return {"entities": list(entities.values()), "relations": relations}


def _json_entity(entity_id: str, kind: str, name: str, uscc: str | None) -> dict:
    return {"id": entity_id, "kind": kind, "name": name} | ({"uscc": uscc} if uscc else {})


def _check_with_loader(plan: ImportPlan) -> None:
    """The command line's loader has the last word: the import never accepts what `coi check` would refuse.
    (as_of does not take part in validation; the exchange format only requires one.)"""
    try:
        load_case({"as_of": "2000-01-01", **exchange_parts(plan)})
    except CaseError as refused:
        plan.errors.append(file_problem(MSG_LOADER, problem=str(refused)))


# --- the template ---------------------------------------------------------------------------------------------

RELATION_MEANINGS = {
    "employed_by": "任职：在该组织工作或曾经工作",
    "director_of": "董事",
    "supervisor_of": "监事",
    "senior_manager_of": "高级管理人员",
    "legal_representative_of": "法定代表人",
    "person_in_charge_of": "负责人",
    "shareholder_of": "股东，持股比例填在 share 列",
    "actual_controller_of": "实际控制人",
    "subsidiary_of": "子公司 → 母公司（确定集团范围）",
    "spouse_of": "配偶（双向）",
    "in_law_of": "姻亲（双向）",
    "blood_relative_of": "血亲（双向），亲等填在 degree 列",
    "consulted_for": "咨询、辅导（如为申报提供辅导）",
    "competitor_of": "直接竞争对手（双向）",
    "recommended": "推荐单位 → 申报组织（第十条、第十五条）",
    "member_of": "协会会员（本身不构成利害关系）",
}
KIND_LABELS = {PERSON: "人员", ORGANIZATION: "组织"}
RULES = (
    "实体表：编号（id）为本文件内唯一的编号（重新导入同一文件时按编号识别已导入的实体）；类别（kind）填 人员 或 组织"
    "（也可填 person / organization）；名称（name）必填；统一社会信用代码（uscc）可不填，填写时须为 18 位有效代码。",
    "关系表：类型（type）从“说明”表的关系类型中选择；起点（from）、终点（to）填实体表中的编号，也可填已导入实体的编号，"
    "或组织的统一社会信用代码。",
    "开始日期（start）、结束日期（end）填 YYYY-MM-DD，例如 2021-03-01，也可用 Excel 日期；"
    "结束日期留空表示关系仍然有效，"
    "且不得早于开始日期。",
    "持股比例（share）大于 0 且不超过 1（如 0.3 或 30%），只用于 shareholder_of，保留四位小数。",
    "亲等（degree）为整数：1 = 直系血亲，2–3 = 三代以内旁系血亲（可填 1–6，回避规则只计 3 以内），"
    "只用于 blood_relative_of。",
    "列名可用中文或英文（id、kind、name……），列的顺序不限。",
    "不得使用公式，请直接填写数值；每张表最多 50,000 行；示例行请删除后再填写。",
    "先“试运行”检查：系统列出所有有误的单元格（工作表、行、列），全部正确时才会写入；重复导入同一文件不会产生重复数据。",
    "也可上传 CSV（UTF-8 或 GB18030 编码），每个文件一张表，第一行为列名。",
)

def _example_code() -> str:
    first17 = "91210502MA0Y12345"
    return first17 + credit_code_check_char(first17)


def template_workbook() -> bytes:
    """The download offered on the import page: both sheets with their headers and an example, and the rules."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    entities = workbook.active
    entities.title = SHEET_NAMES[ENTITIES][1]
    entities.append(chinese_headers(ENTITIES))
    entities.append(["P001", "人员", "张三", None])
    entities.append(["O001", "组织", "本溪示例钢铁有限公司", _example_code()])
    relations = workbook.create_sheet(SHEET_NAMES[RELATIONS][1])
    relations.append(chinese_headers(RELATIONS))
    relations.append(["employed_by", "P001", "O001", date(2021, 3, 1), None, None, None])
    relations["D2"].number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("说明")
    notes.append(["关系类型 type", "含义", "起点 from", "终点 to"])
    for rel_type, spec in RELATION_TYPES.items():
        notes.append([rel_type, RELATION_MEANINGS[rel_type], _kinds(spec.from_kinds), _kinds(spec.to_kinds)])
    notes.append([])
    notes.append(["填写规则"])
    for rule in RULES:
        notes.append([rule])

    for sheet, widths in ((entities, (14, 12, 36, 24)), (relations, (26, 22, 22, 14, 14, 10, 10)),
                          (notes, (26, 40, 14, 14))):
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[column_letter(index)].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    notes.cell(len(RELATION_TYPES) + 3, 1).font = Font(bold=True)
    entities.column_dimensions["D"].number_format = "@"  # a credit code typed as a number loses characters
    for column in "DE":
        relations.column_dimensions[column].number_format = "yyyy-mm-dd"
    kinds = DataValidation(type="list", formula1='"人员,组织"', allow_blank=True)
    entities.add_data_validation(kinds)
    kinds.add("B2:B50001")
    types = DataValidation(type="list", formula1=f"'说明'!$A$2:$A${len(RELATION_TYPES) + 1}", allow_blank=True)
    relations.add_data_validation(types)
    types.add("A2:A50001")
    return workbook_bytes(workbook)


def chinese_headers(table: str) -> list[str]:
    """The template's header row in Chinese (the aliases read back as the exchange format's field names)."""
    by_field = {field: alias for alias, field in COLUMN_ALIASES.items()}
    return [by_field.get(field, field) for field in COLUMNS[table]]


def _kinds(kinds: frozenset[str]) -> str:
    return " 或 ".join(KIND_LABELS[k] for k in KINDS if k in kinds)


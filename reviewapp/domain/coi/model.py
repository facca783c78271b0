"""The affiliation graph's vocabulary and facts: entities (people, organizations) and typed, dated relations.

This module also reads the exchange format of `flask coi check` (see load_case), so that the command line, the
spreadsheet import and the database all produce the same validated facts."""
from dataclasses import dataclass
from datetime import date

PERSON = "person"
ORGANIZATION = "organization"
KINDS = (PERSON, ORGANIZATION)
P, O, PO = frozenset({PERSON}), frozenset({ORGANIZATION}), frozenset({PERSON, ORGANIZATION})  # noqa: E741 - a column of the table below


@dataclass(frozen=True)
class RelationSpec:
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    symmetric: bool = False


# The closed vocabulary (issue #4). Symmetric types count in either direction.
RELATION_TYPES = {
    "employed_by": RelationSpec(P, O),
    "director_of": RelationSpec(P, O),
    "supervisor_of": RelationSpec(P, O),
    "senior_manager_of": RelationSpec(P, O),
    "legal_representative_of": RelationSpec(P, O),
    "person_in_charge_of": RelationSpec(P, O),
    "shareholder_of": RelationSpec(PO, O),
    "actual_controller_of": RelationSpec(PO, O),
    "subsidiary_of": RelationSpec(O, O),
    "spouse_of": RelationSpec(P, P, symmetric=True),
    "in_law_of": RelationSpec(P, P, symmetric=True),
    "blood_relative_of": RelationSpec(P, P, symmetric=True),
    "consulted_for": RelationSpec(PO, O),
    "competitor_of": RelationSpec(O, O, symmetric=True),
    "recommended": RelationSpec(O, O),
    "member_of": RelationSpec(PO, O),
}
SYMMETRIC_TYPES = frozenset(t for t, spec in RELATION_TYPES.items() if spec.symmetric)


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    uscc: str | None = None


@dataclass(frozen=True)
class RelationFact:
    id: str
    type: str
    source: str
    target: str
    start: date | None = None
    end: date | None = None
    share: float | None = None
    degree: int | None = None


@dataclass(frozen=True)
class Declared:
    """R7: a conflict declared by the expert, recorded by the office, or an accepted avoidance request."""
    expert: str
    applicant: str
    reason: str = ""


@dataclass(frozen=True)
class Case:
    as_of: date
    entities: tuple[Entity, ...]
    relations: tuple[RelationFact, ...]
    experts: tuple[str, ...]
    applicants: tuple[str, ...]
    declared: tuple[Declared, ...] = ()


class CaseError(ValueError):
    """Bad input, naming the offending entry (e.g. "relations[3]")."""

    def __init__(self, entry: str, problem: str):
        super().__init__(f"{entry}: {problem}")
        self.entry = entry
        self.problem = problem


def relation_problem(rel_type: str, from_kind: str, to_kind: str, share=None, degree=None, start=None,
                     end=None) -> str | None:
    """Why a relation is not allowed by the vocabulary, or None. Used by every way relations come in."""
    spec = RELATION_TYPES.get(rel_type)
    if spec is None:
        return f"unknown relation type {rel_type!r}"
    if from_kind not in spec.from_kinds:
        return f"{rel_type} cannot start at a {from_kind}"
    if to_kind not in spec.to_kinds:
        return f"{rel_type} cannot end at a {to_kind}"
    if share is not None and (rel_type != "shareholder_of" or not 0 < share <= 1):
        return "share must be in (0, 1] and only on shareholder_of"
    if degree is not None and (rel_type != "blood_relative_of" or degree not in (1, 2, 3, 4, 5, 6)):
        return "degree must be a small whole number and only on blood_relative_of"
    if start and end and end < start:
        return "end is before start"
    return None


def _date(value, entry: str, field: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise CaseError(entry, f"{field} must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseError(entry, f"{field} {value!r} is not a date (YYYY-MM-DD)") from None


def _ids(data: dict, key: str, kind: str, entities: dict[str, Entity]) -> tuple[str, ...]:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise CaseError(key, "must be a list of entity ids")
    for index, value in enumerate(values):
        entity = entities.get(value)
        if entity is None:
            raise CaseError(f"{key}[{index}]", f"unknown entity id {value!r}")
        if entity.kind != kind:
            raise CaseError(f"{key}[{index}]", f"{value!r} is a {entity.kind}, not a {kind}")
    return tuple(values)


def _entities(data: dict) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    raw = data.get("entities")
    if not isinstance(raw, list):
        raise CaseError("entities", "must be a list")
    for index, item in enumerate(raw):
        entry = f"entities[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise CaseError(entry, "needs a non-empty string id")
        if item.get("kind") not in KINDS:
            raise CaseError(entry, f"kind must be person or organization, not {item.get('kind')!r}")
        if item["id"] in entities:
            raise CaseError(entry, f"duplicate id {item['id']!r}")
        entities[item["id"]] = Entity(item["id"], item["kind"], str(item.get("name", item["id"])), item.get("uscc"))
    return entities


def _number(value, entry: str, field: str, kind):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or \
            value in (float("inf"), float("-inf")):
        raise CaseError(entry, f"{field} must be a finite number")
    if kind is int and value != int(value):
        raise CaseError(entry, f"{field} must be a whole number")
    return kind(value)


def _relations(data: dict, entities: dict[str, Entity]) -> tuple[RelationFact, ...]:
    raw = data.get("relations", [])
    if not isinstance(raw, list):
        raise CaseError("relations", "must be a list")
    relations = []
    for index, item in enumerate(raw):
        entry = f"relations[{index}]"
        if not isinstance(item, dict):
            raise CaseError(entry, "must be an object")
        if not isinstance(item.get("type"), str):
            raise CaseError(entry, "type must be a string")
        for end in ("from", "to"):
            if not isinstance(item.get(end), str) or item[end] not in entities:
                raise CaseError(entry, f"{end} {item.get(end)!r} is not an entity id")
        start, finish = _date(item.get("start"), entry, "start"), _date(item.get("end"), entry, "end")
        share = _number(item.get("share"), entry, "share", float)
        degree = _number(item.get("degree"), entry, "degree", int)
        problem = relation_problem(item.get("type"), entities[item["from"]].kind, entities[item["to"]].kind,
                                   share, degree, start, finish)
        if problem:
            raise CaseError(entry, problem)
        # The position is the relation's id: unique by construction (the format defines no relation ids).
        relations.append(RelationFact(str(index), item["type"], item["from"], item["to"], start, finish, share,
                                      degree))
    return tuple(relations)


def load_case(data: dict) -> Case:
    """Read and validate the exchange format (see `flask coi check --help`)."""
    if not isinstance(data, dict):
        raise CaseError("case", "must be a JSON object")
    as_of = _date(data.get("as_of"), "as_of", "as_of")
    if as_of is None:
        raise CaseError("as_of", "is required (YYYY-MM-DD)")
    entities = _entities(data)
    declared = []
    raw_declared = data.get("declared") or []
    if not isinstance(raw_declared, list):
        raise CaseError("declared", "must be a list")
    for index, item in enumerate(raw_declared):
        entry = f"declared[{index}]"
        if not isinstance(item, dict):
            raise CaseError(entry, "must be an object")
        for field, kind in (("expert", PERSON), ("applicant", ORGANIZATION)):
            entity = entities.get(item.get(field)) if isinstance(item.get(field), str) else None
            if entity is None:
                raise CaseError(entry, f"unknown entity id {item.get(field)!r}")
            if entity.kind != kind:
                raise CaseError(entry, f"{entity.id!r} is a {entity.kind}, not a {kind}")
        declared.append(Declared(item["expert"], item["applicant"], str(item.get("reason", ""))))
    return Case(as_of, tuple(entities.values()), _relations(data, entities),
                _ids(data, "experts", PERSON, entities), _ids(data, "applicants", ORGANIZATION, entities),
                tuple(declared))

"""What an import needs from the graph: the entities it names that already exist, and the relations already
present between them."""
from collections.abc import Iterable, Iterator

from sqlalchemy import or_, select

from reviewapp.domain.coi.graph_workbook import ImportPlan, Known, relation_key
from reviewapp.domain.coi.model import ORGANIZATION, PERSON
from reviewapp.extensions import db
from reviewapp.models import Organization, Person, Relation

CHUNK = 500  # bound parameters per IN list, far below SQLite's and PostgreSQL's limits


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def resolve(names: frozenset[str]) -> dict[str, Known]:
    """The resolver of domain.coi.graph_workbook: for each name, the person or organization imported under that key,
    else the organization with that unified social credit code."""
    found: dict[str, Known] = {}
    for chunk in _chunks(sorted(names)):
        for person_id, name, key in db.session.execute(
                select(Person.id, Person.name, Person.import_key).where(Person.import_key.in_(chunk))):
            found[key] = Known(f"p{person_id}", PERSON, name)
        for org_id, name, key, code in db.session.execute(
                select(Organization.id, Organization.name, Organization.import_key, Organization.credit_code)
                .where(or_(Organization.import_key.in_(chunk), Organization.credit_code.in_(chunk)))):
            known = Known(f"o{org_id}", ORGANIZATION, name, code)
            if key in names:
                found.setdefault(key, known)
            if code in names:
                found.setdefault(code, known)
    return found


def present_keys(plan: ImportPlan) -> set[tuple]:
    """relation_key of every relation already in the graph that starts at an entity the plan matched."""
    known = {end.known.id for r in plan.relations for end in (r.source, r.target) if end.known}
    people = [int(i[1:]) for i in known if i.startswith("p")]
    orgs = [int(i[1:]) for i in known if i.startswith("o")]
    columns = (Relation.type, Relation.from_person_id, Relation.from_org_id, Relation.to_person_id,
               Relation.to_org_id, Relation.start_date, Relation.end_date, Relation.share, Relation.degree)
    keys = set()
    for column, ids in ((Relation.from_person_id, people), (Relation.from_org_id, orgs)):
        for chunk in _chunks(ids):
            for row in db.session.execute(select(*columns).where(column.in_(chunk))):
                source = f"p{row.from_person_id}" if row.from_person_id else f"o{row.from_org_id}"
                target = f"p{row.to_person_id}" if row.to_person_id else f"o{row.to_org_id}"
                if target in known:
                    keys.add(relation_key(row.type.value, source, target, row.start_date, row.end_date, row.share,
                                          row.degree))
    return keys

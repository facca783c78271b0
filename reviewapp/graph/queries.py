"""Reads for the graph pages: people, an entity's relations in both directions, declarations, and the choices the
entity pickers offer."""
import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from reviewapp.city_calendar import city_today
from reviewapp.extensions import db
from reviewapp.graph.vocabulary import parse_token
from reviewapp.models import (
    Application,
    ConflictDeclaration,
    Cycle,
    DeclarationKind,
    DeclarationStatus,
    Organization,
    Person,
    Relation,
    RelationType,
    Stage,
)

HOLDER_TYPES = (RelationType.LEGAL_REPRESENTATIVE_OF, RelationType.PERSON_IN_CHARGE_OF)
RELATION_ENDS = (selectinload(Relation.from_person), selectinload(Relation.to_person),
                 selectinload(Relation.from_org), selectinload(Relation.to_org), selectinload(Relation.recorded_by))


@dataclass(frozen=True)
class RelationRow:
    """A relation seen from one of its ends."""
    relation: Relation
    outgoing: bool   # the page's entity is the 'from' end

    @property
    def other(self):
        return self.relation.target_entity if self.outgoing else self.relation.source_entity

    @property
    def token(self) -> str:
        return relation_token(self.relation)


def relation_token(relation: Relation) -> str:
    """The optimistic-lock token of a relation: a digest of every field a form can change. The Relation table has no
    version column; comparing the content refuses an edit made on a stale page just as well."""
    fields = (relation.type.value, relation.from_person_id, relation.from_org_id, relation.to_person_id,
              relation.to_org_id, relation.start_date, relation.end_date,
              None if relation.share is None else f"{relation.share:.4f}", relation.degree, relation.note,
              relation.source.value)
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:32]


def today():
    return city_today()


def people_page(q: str | None, page: int, per_page: int = 30):
    stmt = select(Person).options(selectinload(Person.user)).order_by(Person.name, Person.id)
    if q and q.strip():
        stmt = stmt.where(Person.name.ilike(f"%{q.strip()}%"))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def _ends_of(entity):
    if isinstance(entity, Person):
        return Relation.from_person_id == entity.id, Relation.to_person_id == entity.id
    return Relation.from_org_id == entity.id, Relation.to_org_id == entity.id


def relation_rows(entity) -> list[RelationRow]:
    """Every relation of an entity, in force first, then the most recent."""
    is_from, is_to = _ends_of(entity)
    relations = db.session.scalars(
        select(Relation).where(or_(is_from, is_to)).options(*RELATION_ENDS)
        .order_by(Relation.end_date.is_not(None), Relation.start_date.desc().nulls_last(), Relation.id.desc()))
    if isinstance(entity, Person):
        return [RelationRow(r, r.from_person_id == entity.id) for r in relations]
    return [RelationRow(r, r.from_org_id == entity.id) for r in relations]


def declarations_about(entity) -> list[ConflictDeclaration]:
    column = ConflictDeclaration.person_id if isinstance(entity, Person) else ConflictDeclaration.organization_id
    return list(db.session.scalars(
        select(ConflictDeclaration).where(column == entity.id)
        .options(selectinload(ConflictDeclaration.person), selectinload(ConflictDeclaration.organization))
        .order_by(ConflictDeclaration.recorded_at.desc(), ConflictDeclaration.id.desc())))


def own_declarations(person: Person) -> list[ConflictDeclaration]:
    """What an expert sees of the declarations about them: only their own. The office's notes and applicants'
    avoidance requests are the office's business."""
    return list(db.session.scalars(
        select(ConflictDeclaration).where(ConflictDeclaration.person_id == person.id,
                                          ConflictDeclaration.kind == DeclarationKind.EXPERT)
        .options(selectinload(ConflictDeclaration.organization))
        .order_by(ConflictDeclaration.recorded_at.desc(), ConflictDeclaration.id.desc())))


def declarations_page(kind: str | None, status: str | None, page: int, per_page: int = 30):
    stmt = (select(ConflictDeclaration)
            .options(selectinload(ConflictDeclaration.person), selectinload(ConflictDeclaration.organization))
            .order_by(ConflictDeclaration.recorded_at.desc(), ConflictDeclaration.id.desc()))
    if kind:
        stmt = stmt.where(ConflictDeclaration.kind == DeclarationKind(kind))
    if status:
        stmt = stmt.where(ConflictDeclaration.status == DeclarationStatus(status))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def can_be_ended(relation: Relation) -> bool:
    """In force, or ending in the future; an end already past is changed by editing the relation."""
    return relation.end_date is None or relation.end_date > today()


def own_person(user) -> Person | None:
    """The expert's person in the graph (admin.operations.ensure_person gives every expert login one)."""
    return db.session.scalar(select(Person).where(Person.user_id == user.id))


# --- the entity pickers: <datalist> options (value, label) and the server-side resolution of what was typed -------

def person_options() -> list[tuple[str, str]]:
    return [(f"p{i}", name) for i, name in db.session.execute(select(Person.id, Person.name).order_by(Person.name))]


def organization_options() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Organization.id, Organization.name, Organization.credit_code)
                              .order_by(Organization.name))
    return [(f"o{i}", f"{name} · {code}" if code else name) for i, name, code in rows]


def _holders_stmt():
    day = today()
    return (select(Person.id, Person.name, Organization.name)
            .join(Relation, Relation.from_person_id == Person.id)
            .join(Organization, Relation.to_org_id == Organization.id)
            .where(Relation.type.in_(HOLDER_TYPES),
                   or_(Relation.start_date.is_(None), Relation.start_date <= day),
                   or_(Relation.end_date.is_(None), Relation.end_date >= day))
            .order_by(Person.name, Organization.name))


def holder_options() -> list[tuple[str, str]]:
    """The people an expert may name as family: the legal representatives and persons in charge of organizations
    (public registry facts, and the only people R3 asks about). Experts never get the list of all people."""
    return [(f"p{i}", f"{name} · {org}") for i, name, org in db.session.execute(_holders_stmt())]


def _holder_ids() -> set[int]:
    return {i for i, _name, _org in db.session.execute(_holders_stmt())}


def resolve_entity(text: str | None, *, people: str = "all", organizations: bool = True):
    """The person or organization a picker's text designates: its token (p12 / o5) or else an exact, unambiguous
    name; None when nothing (or more than one) matches. people: "all", "holders" (what experts may pick) or "none"."""
    text = (text or "").strip()
    if not text:
        return None
    holder_ids = _holder_ids() if people == "holders" else set()

    def person_allowed(person_id: int) -> bool:
        return people == "all" or person_id in holder_ids

    parsed = parse_token(text)
    if parsed:
        model, ident = parsed
        if (model is Person and not person_allowed(ident)) or (model is Organization and not organizations):
            return None
        return db.session.get(model, ident)
    found = []
    if people != "none":
        found += [p for p in db.session.scalars(select(Person).where(Person.name == text)) if person_allowed(p.id)]
    if organizations:
        found += list(db.session.scalars(select(Organization).where(Organization.name == text)))
    return found[0] if len(found) == 1 else None


def organization_named(name: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.name == name.strip()).limit(1))


def applicant_choices() -> list[Organization]:
    """Organizations with an application in a cycle still running: whom an expert may declare a conflict with."""
    return list(db.session.scalars(
        select(Organization).where(Organization.id.in_(
            select(Application.organization_id).join(Cycle, Application.cycle_id == Cycle.id)
            .where(Cycle.stage != Stage.CLOSED))).order_by(Organization.name)))


def accepted_declaration(person_id: int, org_id: int, kind: DeclarationKind) -> ConflictDeclaration | None:
    return db.session.scalar(select(ConflictDeclaration).where(and_(
        ConflictDeclaration.person_id == person_id, ConflictDeclaration.organization_id == org_id,
        ConflictDeclaration.kind == kind, ConflictDeclaration.status == DeclarationStatus.ACCEPTED)).limit(1))

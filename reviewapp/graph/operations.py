"""Writes to the affiliation graph: people, relations, and declared conflicts (R7). Every change is audit-logged
and then drops this request's cached conflict engines, so that checks made later in the request see it."""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from enum import Enum

from reviewapp import audit
from reviewapp.conflicts import service
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.graph import notices
from reviewapp.graph.queries import can_be_ended, relation_token
from reviewapp.graph.vocabulary import relation_refusal
from reviewapp.models import (
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
)
from reviewapp.models.base import utcnow
from reviewapp.permissions import may_end_relation

RELATION_FIELDS = ("type", "start_date", "end_date", "share", "degree", "note")


def _clean(value):
    if isinstance(value, str) and not isinstance(value, Enum):
        return value.strip() or None
    return value


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_ONE_CHANGE = ContextVar("graph_one_change", default=False)


def _commit() -> None:
    if _ONE_CHANGE.get():  # part of one change (one_change()): written with the rest, or not at all
        db.session.flush()
        return
    notices.tell_late_conflicts()
    db.session.commit()
    service.forget_engines()


@contextmanager
def one_change():
    """Several writes of the graph, and whatever the caller writes with them, as one change: all committed
    together, late conflicts told once at the commit; nothing written when any of them is refused or fails (a
    recusal request's avoided persons and competitor, issue 18)."""
    token = _ONE_CHANGE.set(True)
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _ONE_CHANGE.reset(token)
    _commit()


def _set_ends(relation: Relation, source, target) -> None:
    relation.from_person, relation.from_org = (source, None) if isinstance(source, Person) else (None, source)
    relation.to_person, relation.to_org = (target, None) if isinstance(target, Person) else (None, target)


def _check(relation: Relation) -> None:
    """The vocabulary, once more at the door: forms check it first, but nothing unchecked is ever written."""
    refusal = relation_refusal(relation.type, relation.source_entity, relation.target_entity,
                               share=relation.share, degree=relation.degree, start=relation.start_date,
                               end=relation.end_date)
    if refusal:
        raise Refused(refusal[1])  # already in the user's language


def _describe(relation: Relation) -> dict:
    return {"type": relation.type.value, "from": relation.entity_source_id, "to": relation.entity_target_id,
            "from_name": relation.source_entity.name, "to_name": relation.target_entity.name,
            "source": relation.source.value,
            **{name: _plain(getattr(relation, name)) for name in RELATION_FIELDS[1:] if getattr(relation, name)}}


# --- people ---------------------------------------------------------------------------------------------------------

def create_person(data: dict, acting) -> Person:
    person = Person(name=data["name"].strip(), note=_clean(data.get("note")))
    db.session.add(person)
    audit.record("person_created", person, user=acting, details={"name": person.name})
    _commit()
    return person


# --- relations ------------------------------------------------------------------------------------------------------

def add_relation(source, target, data: dict, source_kind: RelationSource, acting, tell=None) -> Relation:
    relation = Relation(source=source_kind, recorded_by_id=acting.id, recorded_at=utcnow())
    _set_ends(relation, source, target)
    for name in RELATION_FIELDS:
        setattr(relation, name, _clean(data.get(name)))
    _check(relation)
    db.session.add(relation)
    db.session.flush()  # the ends' ids, for the audit entry
    audit.record("relation_created", relation, user=acting, details=_describe(relation))
    if tell is not None:
        tell()
    _commit()
    return relation


def update_relation(relation: Relation, source, target, data: dict, token: str, acting) -> None:
    if token != relation_token(relation):
        raise StaleWrite
    before = _describe(relation)
    _set_ends(relation, source, target)
    for name in RELATION_FIELDS:
        setattr(relation, name, _clean(data.get(name)))
    _check(relation)
    db.session.flush()
    after = _describe(relation)
    changes = {key: [before.get(key), after.get(key)] for key in before.keys() | after.keys()
               if before.get(key) != after.get(key)}
    if changes:
        audit.record("relation_updated", relation, user=acting, details=changes)
    _commit()


def end_relation(relation: Relation, end_date: date, token: str, acting) -> None:
    if token != relation_token(relation):
        raise StaleWrite
    if not can_be_ended(relation):
        raise Refused(N_("This relation has already ended; edit it to change its dates."))
    previous = relation.end_date
    relation.end_date = end_date
    _check(relation)
    audit.record("relation_ended", relation, user=acting,
                 details={**_describe(relation), "previous_end": _plain(previous)})
    _commit()


# --- an expert's own affiliations -----------------------------------------------------------------------------------

def add_own_relation(person: Person, other, new_organization_name: str | None, data: dict, acting) -> Relation:
    """The expert declares an affiliation; they are its 'from' end. `other` None: a new organization named
    `new_organization_name` is registered first (kind "other", only a name). The office's duplicates finder will
    later suggest merging it into a registered organization of the same name (本钢板材 / 本钢板材股份有限公司)."""
    if other is None:
        other = Organization(name=new_organization_name.strip(), kind=OrgKind.OTHER)
        db.session.add(other)
        audit.record("organization_created", other, user=acting,
                     details={"name": other.name, "declared_by_expert": person.id})
    # issue 16: the office hears of it, to check it against the cycle's applicants
    return add_relation(person, other, data, RelationSource.DECLARED, acting,
                        tell=lambda: notices.affiliation_declared(person))


def end_own_relation(relation: Relation, end_date: date, token: str, acting) -> None:
    if not may_end_relation(acting, relation):
        raise Refused(N_("You may only end the affiliations you declared yourself."))
    end_relation(relation, end_date, token, acting)


# --- declared conflicts (R7) ----------------------------------------------------------------------------------------

def _declaration(person: Person, org: Organization, kind: DeclarationKind, status: DeclarationStatus, reason: str,
                 action: str, acting, tell=None) -> ConflictDeclaration:
    declaration = ConflictDeclaration(person_id=person.id, organization_id=org.id, kind=kind, status=status,
                                      reason=reason.strip(), recorded_by_id=acting.id, recorded_at=utcnow())
    db.session.add(declaration)
    audit.record(action, declaration, user=acting,
                 details={"person": person.entity_id, "person_name": person.name, "organization": org.entity_id,
                          "organization_name": org.name, "kind": kind.value, "status": status.value,
                          "reason": declaration.reason})
    if tell is not None:
        tell()
    _commit()
    return declaration


def declare_own_conflict(person: Person, org: Organization, reason: str, acting) -> ConflictDeclaration:
    """Art. 33: an expert who declares a conflict with an applicant recuses; the declaration is in force at once.
    The office hears of it (issue 16); a seat it takes the expert off is told as every late conflict is (_commit)."""
    return _declaration(person, org, DeclarationKind.EXPERT, DeclarationStatus.ACCEPTED, reason,
                        "conflict_declared", acting, tell=lambda: notices.conflict_declared(person, org))


def record_office_conflict(person: Person, org: Organization, reason: str, acting) -> ConflictDeclaration:
    return _declaration(person, org, DeclarationKind.OFFICE, DeclarationStatus.ACCEPTED, reason,
                        "conflict_recorded", acting)


def record_avoidance_request(person: Person, org: Organization, reason: str, acting) -> ConflictDeclaration:
    """The applicant asked, with a reason, that the expert be avoided; it counts (R7) once the office accepts it."""
    return _declaration(person, org, DeclarationKind.APPLICANT_REQUEST, DeclarationStatus.PENDING, reason,
                        "avoidance_request_recorded", acting)


def _decide(declaration: ConflictDeclaration, status: DeclarationStatus, note: str | None, action: str,
            acting) -> None:
    previous = declaration.status
    declaration.status = status
    declaration.decided_by_id, declaration.decided_at = acting.id, utcnow()
    declaration.decision_note = _clean(note)
    audit.record(action, declaration, user=acting,
                 details={"person": f"p{declaration.person_id}", "organization": f"o{declaration.organization_id}",
                          "kind": declaration.kind.value, "status": [previous.value, status.value],
                          "note": declaration.decision_note})
    _commit()


def decide_request(declaration: ConflictDeclaration, accept: bool, note: str | None, acting) -> None:
    if declaration.kind is not DeclarationKind.APPLICANT_REQUEST or declaration.status is not DeclarationStatus.PENDING:
        raise Refused(N_("This request has already been decided."))
    if accept:
        _decide(declaration, DeclarationStatus.ACCEPTED, note, "avoidance_request_accepted", acting)
    else:
        _decide(declaration, DeclarationStatus.REJECTED, note, "avoidance_request_rejected", acting)


def withdraw_declaration(declaration: ConflictDeclaration, note: str, acting) -> None:
    """A declaration in force or awaiting a decision may be withdrawn, with a note; a rejection stays on record."""
    if declaration.status not in (DeclarationStatus.ACCEPTED, DeclarationStatus.PENDING):
        raise Refused(N_("Only a declaration in force or awaiting a decision can be withdrawn."))
    _decide(declaration, DeclarationStatus.WITHDRAWN, note, "declaration_withdrawn", acting)

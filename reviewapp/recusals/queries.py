"""Reads of the recusal requests (Art. 33): the organization's own, the office's list, and the candidates the office
checks a request against (people by name or employer, organizations by name; the organization never sees them)."""
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from reviewapp.domain import recusal_requests
from reviewapp.extensions import db
from reviewapp.graph.queries import today
from reviewapp.models import (
    Application,
    ApplicationStatus,
    Cycle,
    Expert,
    Organization,
    Person,
    RecusalRequest,
    RecusalStatus,
    Relation,
    RelationType,
    Stage,
)

CANDIDATES = 30  # a name typed by an applicant matches few; the office searches the graph for more


@dataclass(frozen=True)
class Candidate:
    person: Person
    employers: list[str]
    in_pool: bool
    by_name: bool  # matched by the person's name (else: employed by the named organization)


def _with_application():
    return (selectinload(RecusalRequest.application).selectinload(Application.organization),
            selectinload(RecusalRequest.application).selectinload(Application.cycle))


def requests_of(organization: Organization) -> list[RecusalRequest]:
    return list(db.session.scalars(
        select(RecusalRequest).join(Application).where(Application.organization_id == organization.id)
        .options(*_with_application()).order_by(RecusalRequest.submitted_at.desc(), RecusalRequest.id.desc())))


def open_applications(organization: Organization) -> list[Application]:
    """The organization's applications on which a request may be filed now (domain/recusal_requests.py)."""
    return list(db.session.scalars(
        select(Application).join(Cycle, Application.cycle_id == Cycle.id)
        .where(Application.organization_id == organization.id,
               Cycle.stage.in_([Stage(stage) for stage in recusal_requests.OPEN_STAGES]),
               Application.status.in_([ApplicationStatus(s) for s in recusal_requests.UNDER_REVIEW]))
        .options(selectinload(Application.cycle)).order_by(Cycle.year.desc(), Application.number)))


def office_list() -> list[RecusalRequest]:
    """Pending first, then the most recent."""
    return list(db.session.scalars(
        select(RecusalRequest).options(*_with_application())
        .order_by((RecusalRequest.status != RecusalStatus.PENDING), RecusalRequest.submitted_at.desc(),
                  RecusalRequest.id.desc())))


def pending() -> list[RecusalRequest]:
    return list(db.session.scalars(
        select(RecusalRequest).where(RecusalRequest.status == RecusalStatus.PENDING)
        .options(*_with_application()).order_by(RecusalRequest.submitted_at, RecusalRequest.id)))


def _like(text: str):
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_organizations(request: RecusalRequest) -> list[Organization]:
    """Registered organizations whose name contains the named organization (or the named person's organization)."""
    name = (request.named_organization or "").strip()
    if not name:
        return []
    return list(db.session.scalars(
        select(Organization).where(Organization.merged_into_id.is_(None),
                                   Organization.id != request.application.organization_id,
                                   Organization.name.ilike(_like(name), escape="\\"))
        .order_by(Organization.name).limit(CANDIDATES)))


def _employers(person_ids: list[int]) -> dict[int, list[str]]:
    day = today()
    found: dict[int, list[str]] = {}
    for person_id, name in db.session.execute(
            select(Relation.from_person_id, Organization.name).join(Organization, Relation.to_org_id == Organization.id)
            .where(Relation.from_person_id.in_(person_ids), Relation.type == RelationType.EMPLOYED_BY,
                   or_(Relation.end_date.is_(None), Relation.end_date >= day))
            .order_by(Organization.name)):
        found.setdefault(person_id, []).append(name)
    return found


def candidates(request: RecusalRequest, organizations: list[Organization]) -> list[Candidate]:
    """People the office may choose to avoid: those whose name contains the named person, and those employed by one
    of the matching organizations; each with its employers and whether it is in the expert pool."""
    conditions = []
    if (request.named_person or "").strip():
        conditions.append(Person.name.ilike(_like(request.named_person), escape="\\"))
    if organizations:
        conditions.append(Person.id.in_(
            select(Relation.from_person_id).where(Relation.type == RelationType.EMPLOYED_BY,
                                                  Relation.to_org_id.in_([org.id for org in organizations]))))
    if not conditions:
        return []
    people = list(db.session.scalars(select(Person).where(Person.merged_into_id.is_(None), or_(*conditions))
                                     .order_by(Person.name, Person.id).limit(CANDIDATES)))
    ids = [person.id for person in people]
    employers = _employers(ids)
    pool = set(db.session.scalars(select(Expert.person_id).where(Expert.person_id.in_(ids))))
    typed = (request.named_person or "").strip()
    return [Candidate(person, employers.get(person.id, []), person.id in pool,
                      bool(typed) and typed in person.name) for person in people]


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(RecusalRequest)
                             .where(RecusalRequest.status == RecusalStatus.PENDING))

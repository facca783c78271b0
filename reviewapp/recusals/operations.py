"""Writes of the recusal requests (Art. 33): the organization files; the office handles a request with the graph's own
operations (accepted avoidance declarations, a competitor relation: both feed the conflict engine, and a seat they
take an expert off is told as every late conflict is) or rejects it with the reason."""
from dataclasses import dataclass

from sqlalchemy import and_, select

from reviewapp import audit
from reviewapp.accounts.recipients import organization_users
from reviewapp.domain import recusal_requests
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.graph import operations as graph
from reviewapp.graph.queries import accepted_declaration
from reviewapp.models import (
    Application,
    DeclarationKind,
    Organization,
    Person,
    RecusalRequest,
    RecusalStatus,
    Relation,
    RelationSource,
    RelationType,
    User,
)
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify, notify_office
from reviewapp.notifications.rendering import app_path


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def file_request(application: Application, named_person: str | None, named_organization: str | None, reason: str,
                 acting: User) -> RecusalRequest:
    """Art. 33: the organization names whom it wants avoided, with its reason; the office is told."""
    problems = recusal_requests.filing_problems(application.cycle.stage.value, application.status.value,
                                                named_person or "", named_organization or "", reason or "")
    if problems:
        raise Refused.because_of(problems)
    request = RecusalRequest(application=application, named_person=_clean(named_person),
                             named_organization=_clean(named_organization), reason=reason.strip(),
                             submitted_by_id=acting.id, submitted_at=utcnow())
    db.session.add(request)
    db.session.flush()
    audit.record("recusal_requested", request, user=acting, details={
        "application_id": application.id, "named_person": request.named_person,
        "named_organization": request.named_organization, "reason": request.reason})
    notify_office("recusal_requested", app_path("recusals.show", request_id=request.id),
                  organization=application.organization.name)
    db.session.commit()
    return request


def _tell_organization(request: RecusalRequest) -> None:
    application = request.application
    for user in organization_users(application.organization_id):
        notify(user, f"recusal_{request.status.value}", app_path("recusals.mine"), cycle=application.cycle.name)


def _decide(request: RecusalRequest, status: RecusalStatus, note: str, acting: User, details: dict) -> None:
    """The decision in the caller's transaction (the caller commits)."""
    request.status, request.office_note = status, note.strip()
    request.handled_by_id, request.handled_at = acting.id, utcnow()
    audit.record(f"recusal_request_{status.value}", request, user=acting,
                 details={"application_id": request.application_id, "note": request.office_note, **details})
    _tell_organization(request)


def _check(request: RecusalRequest, handled: bool, persons: list, competitor, note: str) -> None:
    problems = recusal_requests.decision_problems(request.status.value, handled, len(persons), competitor is not None,
                                                  note or "")
    if problems:
        raise Refused.because_of(problems)


def _competitors(one: Organization, other: Organization) -> bool:
    """Already recorded as competitors (in force), either way round: the relation is symmetric."""
    ends = [one.id, other.id]
    return db.session.scalar(select(Relation.id).where(
        Relation.type == RelationType.COMPETITOR_OF, Relation.end_date.is_(None),
        and_(Relation.from_org_id.in_(ends), Relation.to_org_id.in_(ends))).limit(1)) is not None


@dataclass(frozen=True)
class Handling:
    persons: list[Person]
    competitor: Organization | None  # recorded as the applicant's direct competitor
    note: str


def handle(request: RecusalRequest, handling: Handling, acting: User) -> None:
    """The office avoids the chosen persons (an applicant's request accepted at once, R7) and/or records the named
    organization as the applicant's competitor, through the graph's operations; then the request is handled. All
    of it is one change (graph.one_change): committed together, late conflicts told once, nothing written when any
    part is refused. A person already avoided is skipped."""
    _check(request, True, handling.persons, handling.competitor, handling.note)
    applicant = request.application.organization
    reason = f"{request.reason}（{handling.note.strip()}）"
    with graph.one_change():
        for person in handling.persons:
            if accepted_declaration(person.id, applicant.id, DeclarationKind.APPLICANT_REQUEST) is None:
                declaration = graph.record_avoidance_request(person, applicant, reason, acting)
                graph.decide_request(declaration, True, handling.note, acting)
        if handling.competitor is not None and not _competitors(handling.competitor, applicant):
            graph.add_relation(handling.competitor, applicant, {"type": RelationType.COMPETITOR_OF,
                                                                "note": handling.note.strip()[:500]},
                               RelationSource.OFFICE, acting)
        _decide(request, RecusalStatus.HANDLED, handling.note, acting,
                {"persons": [person.entity_id for person in handling.persons],
                 "competitor": handling.competitor.entity_id if handling.competitor else None})


def reject(request: RecusalRequest, reason: str, acting: User) -> None:
    _check(request, False, [], None, reason or "")
    _decide(request, RecusalStatus.REJECTED, reason, acting, {})
    db.session.commit()

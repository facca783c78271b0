"""The one place the app asks about conflicts of interest (Art. 33). It gathers the facts from the database and
asks the domain engine; every check elsewhere (panels, lists, pages, files, scores) calls `conflicts_between`
or `is_conflicted`, never a copy of the rules."""
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import g
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from reviewapp.conflicts import graph_version
from reviewapp.domain.coi import ConflictEngine, Declared, Entity, Finding, RelationFact, load_policy
from reviewapp.domain.dates import years_before
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    ConflictDeclaration,
    Cycle,
    DeclarationStatus,
    Expert,
    ExpertStatus,
    Organization,
    Person,
    Relation,
)


def person_entity_id(person_id: int) -> str:
    return f"p{person_id}"


def org_entity_id(org_id: int) -> str:
    return f"o{org_id}"


def relation_fact(relation: Relation) -> RelationFact:
    return RelationFact(str(relation.id), relation.type.value, relation.entity_source_id, relation.entity_target_id,
                        relation.start_date, relation.end_date,
                        float(relation.share) if relation.share is not None else None, relation.degree)


def build_engine(as_of, policy_version: str) -> ConflictEngine:
    """The whole graph as of `as_of`: relations that could still count under the policy's lookback."""
    policy = load_policy(policy_version)
    window_start = years_before(as_of, policy.lookback_years)
    relations = db.session.scalars(select(Relation).where(
        or_(Relation.start_date.is_(None), Relation.start_date <= as_of),
        or_(Relation.end_date.is_(None), Relation.end_date >= window_start)))
    # Merged duplicates are left out: their relations now belong to the survivor.
    people = db.session.execute(select(Person.id, Person.name).where(Person.merged_into_id.is_(None)))
    orgs = db.session.execute(select(Organization.id, Organization.name, Organization.credit_code)
                              .where(Organization.merged_into_id.is_(None)))
    entities = [Entity(person_entity_id(i), "person", name) for i, name in people] + \
        [Entity(org_entity_id(i), "organization", name, code) for i, name, code in orgs]
    declared = db.session.scalars(select(ConflictDeclaration).where(
        ConflictDeclaration.status == DeclarationStatus.ACCEPTED))
    return ConflictEngine(entities, [relation_fact(r) for r in relations], as_of, policy,
                          [Declared(person_entity_id(d.person_id), org_entity_id(d.organization_id), d.reason)
                           for d in declared])


class EngineCache:
    """Built engines of this process, by (graph version token, date, policy version): the few most recent, since
    an engine for an old token is never asked for again. Safe to share: an engine is only read once built."""

    def __init__(self, size: int = 4):
        self.size, self._engines, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key, build) -> ConflictEngine:
        with self._lock:
            if key in self._engines:
                self._engines.move_to_end(key)
                return self._engines[key]
        engine = build()  # outside the lock: a slow build does not hold up other threads' hits
        with self._lock:
            self._engines[key] = engine
            while len(self._engines) > self.size:
                self._engines.popitem(last=False)
        return engine


ENGINES = EngineCache()


def cycle_engine(cycle: Cycle) -> ConflictEngine:
    """The engine for the cycle's reference date and policy: from this request's memo, else from the process's
    cache when the graph has not changed since it was built (one short query), else built from the database.
    The token is read before the graph: a write committed in between makes the engine newer than its key, never
    older (the next request reads the new token and builds again)."""
    memo = g.setdefault("coi_engines", {})
    if cycle.id not in memo:
        def build():
            return build_engine(cycle.reference_date, cycle.coi_policy_version)

        token = graph_version.current_token(db.session)
        memo[cycle.id] = build() if token is None else ENGINES.get(
            (token, cycle.reference_date, cycle.coi_policy_version), build)
    return memo[cycle.id]


def forget_engines() -> None:
    """After a change to relations or declarations, later checks in this request must see it (the change has a
    new graph version token, so the process's cache holds nothing stale for it)."""
    g.pop("coi_engines", None)


def conflicts_between(cycle: Cycle, person_id: int, org_id: int) -> list[Finding]:
    """THE enforcement function: why (if at all) this expert must recuse from this applicant in this cycle."""
    return cycle_engine(cycle).conflicts(person_entity_id(person_id), org_entity_id(org_id))


def is_conflicted(cycle: Cycle, person_id: int, org_id: int) -> bool:
    return bool(conflicts_between(cycle, person_id, org_id))


def expert_people() -> list[Person]:
    """The people of the expert pool (disqualified experts review nothing any more, Art. 33)."""
    return list(db.session.scalars(
        select(Person).join(Expert, Expert.person_id == Person.id)
        .where(Expert.status != ExpertStatus.DISQUALIFIED).order_by(Person.name)))


def cycle_applicants(cycle: Cycle) -> list[Application]:
    """Applicants whose review is ahead: every application not rejected, excluded (Art. 30) or withdrawn (Art. 5)."""
    return list(db.session.scalars(
        select(Application).where(Application.cycle_id == cycle.id,
                                  Application.status.in_((ApplicationStatus.REGISTERED, ApplicationStatus.ACCEPTED)))
        .options(selectinload(Application.organization)).order_by(Application.number)))


@dataclass
class Matrix:
    experts: list[Person]
    applications: list[Application]
    findings: dict[tuple[int, int], list[Finding]]  # (person id, organization id) -> findings

    @property
    def conflicted_pairs(self) -> int:
        return len(self.findings)


def cycle_matrix(cycle: Cycle) -> Matrix:
    experts, applications = expert_people(), cycle_applicants(cycle)
    findings: dict[tuple[int, int], list[Finding]] = {}
    for finding in cycle_engine(cycle).matrix([p.entity_id for p in experts],
                                              [a.organization.entity_id for a in applications]):
        key = (int(finding.expert[1:]), int(finding.applicant[1:]))
        findings.setdefault(key, []).append(finding)
    return Matrix(experts, applications, findings)

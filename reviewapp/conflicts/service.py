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
    GraphChange,
    Organization,
    Person,
    Relation,
    RelationType,
)


def person_entity_id(person_id: int) -> str:
    return f"p{person_id}"


def org_entity_id(org_id: int) -> str:
    return f"o{org_id}"


def relation_fact(relation: Relation) -> RelationFact:
    return RelationFact(str(relation.id), relation.type.value, relation.entity_source_id, relation.entity_target_id,
                        relation.start_date, relation.end_date,
                        float(relation.share) if relation.share is not None else None, relation.degree)


@dataclass
class LiveEngine:
    """A built engine, the graph version it shows, and what it was given by database id: a change names rows by
    id, and the facts they held must be found again to be taken out (issue 19)."""
    engine: ConflictEngine
    version: graph_version.Version | None
    facts: dict[int, RelationFact]                   # relation id -> the fact the engine was given
    declarations: dict[int, tuple[str, str]]         # accepted declaration id -> (expert, applicant)
    users: int = 0                                   # app contexts using it now; it changes only when none does


def _in_window(as_of, window_start):
    return (or_(Relation.start_date.is_(None), Relation.start_date <= as_of),
            or_(Relation.end_date.is_(None), Relation.end_date >= window_start))


DECLARATION_COLUMNS = (ConflictDeclaration.id, ConflictDeclaration.person_id, ConflictDeclaration.organization_id,
                       ConflictDeclaration.reason)
FACT_COLUMNS = (Relation.id, Relation.type, Relation.from_person_id, Relation.from_org_id, Relation.to_person_id,
                Relation.to_org_id, Relation.start_date, Relation.end_date, Relation.share, Relation.degree)


def _facts(*where) -> dict[int, RelationFact]:
    """Relation id -> fact, by id, from plain rows: always the database's values (an ORM object already in the
    session would keep the values it was loaded with), and no ORM object per relation for a whole graph."""
    facts = {}
    for i, rel_type, from_person, from_org, to_person, to_org, start, end, share, degree in db.session.execute(
            select(*FACT_COLUMNS).where(*where).order_by(Relation.id)):
        facts[i] = RelationFact(str(i), rel_type.value, person_entity_id(from_person) if from_person else
                                org_entity_id(from_org), person_entity_id(to_person) if to_person else
                                org_entity_id(to_org), start, end, float(share) if share is not None else None,
                                degree)
    return facts


def _declared(rows) -> dict[int, Declared]:
    """Accepted declaration id -> R7 fact. Ordered by id, so that of two declarations of one pair the engine holds
    the later one, whether it was built or updated."""
    return {d.id: Declared(person_entity_id(d.person_id), org_entity_id(d.organization_id), d.reason)
            for d in sorted(rows, key=lambda d: d.id)}


def build_live(as_of, policy_version: str, version: graph_version.Version | None) -> LiveEngine:
    """The whole graph as of `as_of`: relations that could still count under the policy's lookback."""
    policy = load_policy(policy_version)
    # member_of never makes a conflict (the policy refuses it in a rule; the engine leaves it out): most relations of
    # a real graph (everyone in the big associations) are not even loaded.
    facts = _facts(Relation.type != RelationType.MEMBER_OF,
                   *_in_window(as_of, years_before(as_of, policy.lookback_years)))
    # Merged duplicates are left out: their relations now belong to the survivor.
    people = db.session.execute(select(Person.id, Person.name).where(Person.merged_into_id.is_(None)))
    orgs = db.session.execute(select(Organization.id, Organization.name, Organization.credit_code)
                              .where(Organization.merged_into_id.is_(None)))
    entities = [Entity(person_entity_id(i), "person", name) for i, name in people] + \
        [Entity(org_entity_id(i), "organization", name, code) for i, name, code in orgs]
    declared = _declared(db.session.execute(select(*DECLARATION_COLUMNS).where(
        ConflictDeclaration.status == DeclarationStatus.ACCEPTED)))
    engine = ConflictEngine(entities, facts.values(), as_of, policy, declared.values())
    return LiveEngine(engine, version, facts, {i: (d.expert, d.applicant) for i, d in declared.items()})


def build_engine(as_of, policy_version: str) -> ConflictEngine:
    return build_live(as_of, policy_version, None).engine


# --- bringing an engine up to date (issue 19) ------------------------------------------------------------------------
# A write anywhere gives the graph a new version and a numbered change naming the rows it wrote. An engine built at
# version n is brought to version m by re-reading the rows that changes n+1..m name and applying them in place: one
# query for the changes and one per kind of row, instead of the whole graph. Re-reading (rather than replaying what
# the writer wrote) makes applying a change twice harmless: an engine is built after its version was read, so it may
# already hold a change it will be given again. Whenever the changes cannot be trusted to lead from the engine's
# version to the current one, the engine is rebuilt: Art. 33 allows no stale check.

MAX_CHANGES = 200      # more changes than this since the engine's version: rebuild (a bulk import is one "rebuild")
MAX_ROWS = 5_000       # more rows to re-read than this: rebuild


def catch_up(live: LiveEngine, version: graph_version.Version) -> bool:
    """Apply the changes from `live.version` to `version` in place; False (the engine must be rebuilt, and may have
    been changed partly) when they do not lead there: numbers missing (deleted as old, or a restore), a different
    history (the change numbered as the engine's version has another token), a rebuild marker, too many."""
    held = live.version
    if held is None or held.seq > version.seq or version.seq - held.seq > MAX_CHANGES:
        return False
    changes = db.session.execute(select(GraphChange.seq, GraphChange.token, GraphChange.changes).where(
        GraphChange.seq.between(held.seq, version.seq)).order_by(GraphChange.seq)).all()
    if [c.seq for c in changes] != list(range(held.seq, version.seq + 1)) or \
            (changes[0].token, changes[-1].token) != (held.token, version.token):
        return False
    rows: dict[str, set[int]] = {}
    for change in changes[1:]:
        if "rebuild" in change.changes:
            return False
        for table, ids in change.changes.items():
            rows.setdefault(table, set()).update(ids)
    if sum(len(ids) for ids in rows.values()) > MAX_ROWS:
        return False
    _reread_entities(live.engine, rows.get("person", ()), rows.get("organization", ()))
    _reread_relations(live, rows.get("relation", ()))
    _reread_declarations(live, rows.get("conflict_declaration", ()))
    live.version = version
    return True


def _reread_entities(engine: ConflictEngine, person_ids, org_ids) -> None:
    for model, ids, entity_id in ((Person, person_ids, person_entity_id), (Organization, org_ids, org_entity_id)):
        if not ids:
            continue
        found = {row.id: row for row in db.session.execute(select(model.id, model.name, model.merged_into_id, *(
            (Organization.credit_code,) if model is Organization else ())).where(model.id.in_(ids)))}
        for i in ids:
            row = found.get(i)
            if row is None or row.merged_into_id is not None:  # deleted, or merged into another
                engine.remove_entity(entity_id(i))
            elif model is Person:
                engine.add_entity(Entity(entity_id(i), "person", row.name))
            else:
                engine.add_entity(Entity(entity_id(i), "organization", row.name, row.credit_code))


def _reread_relations(live: LiveEngine, ids) -> None:
    if not ids:
        return
    found = _facts(Relation.id.in_(ids))
    for i in sorted(ids):
        new = found.get(i)
        if live.engine.replace_relation(live.facts.pop(i, None), new):
            live.facts[i] = new


def _reread_declarations(live: LiveEngine, ids) -> None:
    """A declaration may have changed its pair (a merge) or its status: each pair it left or joined gets the
    latest accepted declaration of that pair again, or none."""
    if not ids:
        return
    changed = db.session.execute(select(ConflictDeclaration.id, ConflictDeclaration.person_id,
                                        ConflictDeclaration.organization_id).where(
        ConflictDeclaration.id.in_(ids))).all()
    pairs = {live.declarations.pop(i) for i in ids if i in live.declarations} | \
        {(person_entity_id(p), org_entity_id(o)) for _, p, o in changed}
    people = {int(expert[1:]) for expert, _ in pairs}
    orgs = {int(applicant[1:]) for _, applicant in pairs}
    accepted = _declared(d for d in db.session.execute(select(*DECLARATION_COLUMNS).where(
        ConflictDeclaration.status == DeclarationStatus.ACCEPTED, ConflictDeclaration.person_id.in_(people),
        ConflictDeclaration.organization_id.in_(orgs)))
        if (person_entity_id(d.person_id), org_entity_id(d.organization_id)) in pairs)
    for expert, applicant in pairs:
        live.engine.remove_declared(expert, applicant)
    for i, declared in accepted.items():  # by id: the latest of a pair wins, as in a build
        live.declarations[i] = (declared.expert, declared.applicant)
        live.engine.set_declared(declared)


class EngineCache:
    """Values computed from the graph, by a key that holds its version (duplicates' counts): the few most recent,
    since a value for an old version is never asked for again."""

    def __init__(self, size: int = 4):
        self.size, self._values, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key, build):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = build()  # outside the lock: a slow build does not hold up other threads' hits
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


class LiveEngines:
    """This process's engines, one per (reference date, policy version), the few most recently used. A request
    leases the engine it uses until its app context ends (`release`); an engine of an older version is brought up
    to date in place only while no request holds it — a check in another thread never sees it change under its
    feet — otherwise a new one is built (the dev server's threads; gunicorn's sync workers have one)."""

    def __init__(self, size: int = 4):
        self.size, self._live, self._lock = size, OrderedDict(), threading.Lock()
        self.builds = self.updates = 0  # for tests and benchmarks

    def lease(self, key, version: graph_version.Version) -> LiveEngine:
        with self._lock:
            live = self._live.get(key)
            if live is not None and live.version == version:
                self._live.move_to_end(key)
                live.users += 1
                return live
            if live is not None and live.users == 0:
                del self._live[key]  # ours alone while we update it: no other thread finds it meanwhile
            else:
                live = None
        # Outside the lock: the database work does not hold up other threads' hits.
        if live is not None and catch_up(live, version):
            self.updates += 1
        else:
            live = build_live(*key, version)
            self.builds += 1
        with self._lock:
            current = self._live.get(key)
            if current is None or current.version is None or current.version.seq <= version.seq:
                self._live[key] = live
                self._live.move_to_end(key)
            while len(self._live) > self.size:
                self._live.popitem(last=False)
            live.users += 1
        return live

    def release(self, live: LiveEngine) -> None:
        with self._lock:
            live.users -= 1


ENGINES = LiveEngines()


def cycle_engine(cycle: Cycle) -> ConflictEngine:
    """The engine for the cycle's reference date and policy: from this request's memo, else from the process's
    engines when the graph has not changed since (one short query), brought up to date in place when it has, else
    built from the database. The version is read before the graph: a write committed in between makes the engine
    newer than its version, never older (the next request sees a newer version and applies the write again)."""
    memo = g.setdefault("coi_engines", {})
    if cycle.id not in memo:
        # read with the user at the start of this request (sessions.load_user) unless the request wrote the graph
        # since; else one short query. Read on every request all the same: Art. 33 allows no stale check.
        version = graph_version.read_with_user()
        if version is graph_version.UNREAD:
            version = graph_version.current(db.session)
        if version is None:
            memo[cycle.id] = build_engine(cycle.reference_date, cycle.coi_policy_version)
        else:
            engines = ENGINES
            live = engines.lease((cycle.reference_date, cycle.coi_policy_version), version)
            g.setdefault("coi_leases", []).append((engines, live))
            memo[cycle.id] = live.engine
    return memo[cycle.id]


def release_engines(_exception=None) -> None:
    """At the end of the app context (and when a write makes this request's engines old): the engines leased are
    free to be brought up to date."""
    for engines, live in g.pop("coi_leases", ()):
        engines.release(live)


def forget_engines() -> None:
    """After a change to relations or declarations, later checks in this request must see it (the change has a
    new graph version, at which the engine is brought up to date)."""
    g.pop("coi_engines", None)
    graph_version.forget_read()
    release_engines()


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

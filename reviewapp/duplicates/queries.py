"""Suggestions for the office: likely duplicate entities, and possible conflicts that no relation proves yet
(an expert's employer whose name matches an organization of an applicant's group)."""
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from reviewapp.conflicts import graph_version, service
from reviewapp.domain.coi.names import NamedEntity, core_name, duplicate_suggestions, names_match
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    Cycle,
    EntityMerge,
    Expert,
    Organization,
    Person,
    Relation,
    RelationType,
    Stage,
    SuggestionDismissal,
)


def fingerprint(*parts) -> str:
    return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def dismissed() -> set[tuple[str, str]]:
    return {(key, print_) for key, print_ in db.session.execute(select(SuggestionDismissal.key,
                                                                      SuggestionDismissal.fingerprint))}


@dataclass(frozen=True)
class DuplicatePair:
    kind: str  # "organization" or "person"
    a: Organization | Person
    b: Organization | Person
    reason: str
    key: str
    fingerprint: str


def duplicate_pairs() -> list[DuplicatePair]:
    orgs = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.merged_into_id.is_(None)))}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.merged_into_id.is_(None)))}
    hidden = dismissed()
    pairs = []
    for kind, table in (("organization", orgs), ("person", people)):
        named = [NamedEntity(str(i), e.name, getattr(e, "credit_code", None)) for i, e in table.items()]
        for suggestion in duplicate_suggestions(named):
            a, b = table[int(suggestion.a)], table[int(suggestion.b)]
            a, b = (a, b) if a.id < b.id else (b, a)
            key = f"duplicate:{kind}:{a.id}:{b.id}"
            print_ = fingerprint(a.name, b.name, getattr(a, "credit_code", None), getattr(b, "credit_code", None))
            if (key, print_) not in hidden:
                pairs.append(DuplicatePair(kind, a, b, suggestion.reason, key, print_))
    return pairs


@dataclass(frozen=True)
class PossibleConflict:
    cycle: Cycle
    expert: Person
    relation: Relation       # the expert's employment at `employer`
    employer: Organization
    member: Organization     # an organization of the applicant's group with a matching name
    applicant: Organization
    key: str
    fingerprint: str


def open_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.stage != Stage.CLOSED).order_by(Cycle.year.desc())))


def possible_conflicts(cycle: Cycle) -> list[PossibleConflict]:
    """An expert's employer whose name matches an organization of an applicant's group, once per expert, employer
    and applicant (with the closest-named member), and only where no relation proves a conflict already."""
    engine = service.cycle_engine(cycle)
    orgs = {o.id: o for o in db.session.scalars(select(Organization))}
    members_of: dict[int, list[int]] = {}  # applicant -> its group's organizations
    for application in service.cycle_applicants(cycle):
        members_of[application.organization_id] = [int(m[1:]) for m in
                                                   engine.group_of(application.organization.entity_id)]
    experts = service.expert_people()
    proven = {(int(f.expert[1:]), int(f.applicant[1:]))
              for f in engine.matrix([f"p{e.id}" for e in experts], [f"o{o}" for o in members_of])}
    hidden = dismissed()
    employments = _active_employments(engine, [expert.id for expert in experts])
    found = []
    for expert in experts:
        for relation in employments.get(expert.id, []):
            employer = orgs[relation.to_org_id]
            for applicant_id, members in members_of.items():
                if (expert.id, applicant_id) in proven or employer.id in members:
                    continue
                member_id = _closest_named(employer, [orgs[m] for m in members])
                if member_id is None:
                    continue
                key = f"possible:{cycle.id}:{expert.id}:{employer.id}:{member_id}"
                print_ = fingerprint(employer.name, orgs[member_id].name, relation.id, relation.start_date,
                                     relation.end_date)
                if (key, print_) not in hidden:
                    found.append(PossibleConflict(cycle, expert, relation, employer, orgs[member_id],
                                                  orgs[applicant_id], key, print_))
    return found


# Counts of possible conflicts per cycle, by what the suggestions read (a bounded cache of this process)
COUNTS = service.EngineCache(size=16)


def possible_conflict_count(cycle: Cycle) -> int:
    """How many possible conflicts the office has to check in `cycle` (the to-do list's line): the full search
    weighs every expert against every applicant, so the count is kept until the graph, the cycle's applicants, the
    pool or the dismissals change."""
    token = graph_version.current_token(db.session)
    if token is None:
        return len(possible_conflicts(cycle))
    applicants = db.session.execute(select(func.count(), func.max(Application.id), func.sum(Application.id)).where(
        Application.cycle_id == cycle.id,
        Application.status.in_((ApplicationStatus.REGISTERED, ApplicationStatus.ACCEPTED)))).one()
    dismissals = db.session.execute(select(func.count(), func.max(SuggestionDismissal.id))).one()
    pool = db.session.execute(select(func.count(), func.sum(Expert.version))).one()
    key = (token, cycle.id, cycle.reference_date, cycle.coi_policy_version, *applicants, *dismissals, *pool)
    return COUNTS.get(key, lambda: len(possible_conflicts(cycle)))


def _active_employments(engine, person_ids: list[int]) -> dict[int, list[Relation]]:
    """Person id -> their employments active at the cycle's reference date, in one query for all the experts."""
    employments: dict[int, list[Relation]] = {}
    for relation in db.session.scalars(select(Relation).where(
            Relation.from_person_id.in_(person_ids), Relation.type == RelationType.EMPLOYED_BY,
            Relation.to_org_id.is_not(None)).order_by(Relation.id)):
        if engine.active(service.relation_fact(relation)):
            employments.setdefault(relation.from_person_id, []).append(relation)
    return employments


def _closest_named(employer: Organization, members: list[Organization]) -> int | None:
    """The member whose name matches the employer's, the same core before a longer one: 本钢集团 is 本钢集团有限公司
    rather than 本钢检测技术有限公司, which merely carries the group's name."""
    matching = [m for m in members if names_match(employer.name, m.name)]
    if not matching:
        return None
    employer_core = core_name(employer.name)
    return min(matching, key=lambda m: (core_name(m.name) != employer_core, len(core_name(m.name)), m.id)).id


def merge_history(limit: int = 50) -> list[EntityMerge]:
    return list(db.session.scalars(select(EntityMerge).order_by(EntityMerge.id.desc()).limit(limit)))

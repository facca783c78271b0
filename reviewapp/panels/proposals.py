"""The office's automatic proposals (issue #5): the app gathers the pool, the applicants and the conflicts
(facts.py), the domain's min-cost-flow solver (reviewapp/domain/assignment) proposes panels, the office edits the
draft (each edit checked against the domain's panel rules) and confirms it (each seat checked like a manual
change)."""
from sqlalchemy import select

from reviewapp import audit
from reviewapp.conflicts import service
from reviewapp.domain import assignment
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard
from reviewapp.duplicates.queries import possible_conflicts
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AssignmentProposal,
    Cycle,
    Expert,
    ExpertAvailability,
    ExpertStatus,
    PanelApplicant,
    PanelMember,
    PanelStage,
)
from reviewapp.models.base import utcnow
from reviewapp.panels import checks, operations, queries
from reviewapp.panels.facts import (
    application_key,
    as_domain_applicant,
    as_domain_expert,
    cycle_loads,
    employer_groups_of,
    expert_key,
    load_limit,
    panel_size_range,
    with_names,
)

WEAK_CATEGORIES = 2  # the applicant's lowest self-assessed categories an expert's strengths should cover


def panel_size(cycle: Cycle, stage: PanelStage) -> int:
    low, high = panel_size_range(cycle, stage)
    return high if stage is PanelStage.DOCUMENT_REVIEW else low


def weak_categories(application: Application) -> frozenset[str]:
    """The categories the applicant rated itself lowest in: experts strong there see most."""
    standard = load_standard(application.cycle.standard_version)
    summary = {c.code: sum(application.self_assessment.get(i.code, 0) for i in c.items) / c.points
               for c in standard.categories}
    return frozenset(sorted(summary, key=summary.get)[:WEAK_CATEGORIES]) if application.self_assessment \
        else frozenset()


def assignable_experts(cycle: Cycle) -> list[tuple[Expert, assignment.Expert]]:
    """Active experts who did not decline the cycle and have load left, as the solver sees them."""
    declined = set(db.session.scalars(select(ExpertAvailability.expert_id).where(
        ExpertAvailability.cycle_id == cycle.id, ExpertAvailability.available.is_(False))))
    limit = load_limit(cycle)
    pool = queries.pool(cycle)
    loads = cycle_loads(cycle)
    employer_groups = employer_groups_of(cycle, [expert.person_id for expert in pool])
    result = []
    for expert in pool:
        capacity = limit - loads.get(expert.id, 0)
        if expert.id in declined or capacity <= 0 or expert.status is not ExpertStatus.ACTIVE:
            continue
        groups = employer_groups.get(expert.person_id, frozenset())
        result.append((expert, as_domain_expert(cycle, expert, capacity, groups)))
    return result


def propose(cycle: Cycle, stage: PanelStage, acting, solver: str = "ortools",
            time_limit: int | None = None) -> AssignmentProposal:
    """A draft for every applicant without a panel; `time_limit` (seconds): the office's longer search."""
    experts = assignable_experts(cycle)
    applications = queries.unpaneled(cycle, stage)
    size = panel_size(cycle, stage)
    applicants = [as_domain_applicant(a, size, weak_categories(a)) for a in applications]
    by_person = {expert.person_id: domain.id for expert, domain in experts}
    by_org = {a.organization_id: application_key(a) for a in applications}
    conflicts = {(by_person[int(f.expert[1:])], by_org[int(f.applicant[1:])])
                 for f in service.cycle_engine(cycle).matrix([f"p{p}" for p in by_person], [f"o{o}" for o in by_org])}
    # a possible conflict the office has not yet confirmed or dismissed keeps the expert off that panel (Art. 33):
    # the draft must not seat a doubt for the office to discover later
    pending = sorted({(by_person[c.expert.id], by_org[c.applicant.id]) for c in possible_conflicts(cycle)
                      if c.expert.id in by_person and c.applicant.id in by_org})
    result = assignment.propose([domain for _, domain in experts], applicants, conflicts | set(pending),
                                solver=solver, time_limit=time_limit)
    data = {
        "panels": {key: {"leader": panel.leader, "members": list(panel.members),
                         "reasons": {e: list(r) for e, r in panel.reasons.items()}, "match": panel.match}
                   for key, panel in result.panels.items()},
        "unfilled": {key: {"missing": s.missing, "no_leader": s.no_leader,
                           "explanations": [[m, p] for m, p in s.explanations()]}
                     for key, s in result.unfilled.items()},
        "objective": result.objective, "size": size, "conflicts": len(conflicts),
        "possible_conflicts": [list(pair) for pair in pending],
        # how far from the best possible draft, proven over every admissible pair (the page says it in words)
        "exact": result.exact, "bound": result.bound, "gap": result.gap, "time_limit": time_limit,
    }
    proposal = AssignmentProposal(cycle_id=cycle.id, stage=stage, solver=solver, data=data, created_by_id=acting.id)
    db.session.add(proposal)
    audit.record("assignment_proposed", proposal, user=acting,
                 details={"cycle_id": cycle.id, "stage": stage.value, "applicants": len(applicants),
                          "experts": len(experts), "unfilled": len(result.unfilled), "solver": solver,
                          "exact": result.exact, "gap": result.gap, "time_limit": time_limit})
    db.session.commit()
    return proposal


def replacement_candidates(proposal: AssignmentProposal, applications: dict[str, Application]) -> dict[str, list]:
    """Per applicant of the draft, the pool's experts who could take a seat on its panel: not in conflict with it
    (Art. 33) and not already on it. The office picks from these; the replacement is checked again anyway."""
    cycle = db.session.get(Cycle, proposal.cycle_id)
    pool = queries.pool(cycle)
    conflicted = {(int(f.expert[1:]), int(f.applicant[1:])) for f in service.cycle_engine(cycle).matrix(
        [f"p{e.person_id}" for e in pool], [f"o{a.organization_id}" for a in applications.values()])}
    candidates = {}
    for key, spec in proposal.data["panels"].items():
        application = applications[key]
        seated = {spec["leader"], *spec["members"]}
        candidates[key] = [e for e in pool if expert_key(e) not in seated
                           and (e.person_id, application.organization_id) not in conflicted]
    return candidates


def confirm(proposal: AssignmentProposal, acting) -> list:
    """Create one panel per applicant of the draft. Every seat passes the same checks as a manual change; the
    whole confirmation is refused (nothing written) if any does not."""
    if proposal.confirmed_at is not None:
        raise Refused(N_("This proposal has already been confirmed."))
    cycle = db.session.get(Cycle, proposal.cycle_id)
    panels = []
    for key, spec in proposal.data["panels"].items():
        application = db.session.get(Application, int(key[1:]))
        if application.status.value != "accepted":  # excluded (Art. 30) or withdrawn (Art. 5) since the draft
            raise Refused(N_("%(applicant)s is no longer an accepted application: make a new proposal."),
                          {"applicant": application.organization.name})
        seats = ([(spec["leader"], True)] if spec["leader"] else []) + [(m, False) for m in spec["members"]]
        if not seats:
            continue
        panel = operations.new_panel_draft(cycle, proposal.stage,
                                           f"{application.number} {application.organization.name}")
        panel.applicants.append(PanelApplicant(application=application, stage=proposal.stage))
        for seat, as_leader in seats:
            expert = db.session.get(Expert, int(seat[1:]))
            verdict = checks.check_member(panel, expert, as_leader)
            if not verdict.ok:  # the caller rolls back: no panel of the draft is formed
                raise Refused.because_of(verdict.refusals)
            panel.members.append(PanelMember(expert_id=expert.id, is_leader=as_leader))
            db.session.flush()
            operations.tell_expert(panel, expert, "panel_member_added")
        panels.append(panel)
    proposal.confirmed_at, proposal.confirmed_by_id = utcnow(), acting.id
    audit.record("assignment_confirmed", proposal, user=acting,
                 details={"panels": [p.id for p in panels], "stage": proposal.stage.value})
    db.session.commit()
    return panels


def replace_expert(proposal: AssignmentProposal, applicant_key: str, old: str, new: Expert, acting) -> None:
    """An edit of the draft: `new` takes `old`'s seat, if the panel then passes the solver's own rules."""
    if proposal.confirmed_at is not None:
        raise Refused(N_("This proposal has already been confirmed."))
    cycle = db.session.get(Cycle, proposal.cycle_id)
    spec = proposal.data["panels"].get(applicant_key)
    if spec is None or old not in [spec["leader"], *spec["members"]]:
        raise Refused(N_("That seat is not in the proposal."))
    new_key = expert_key(new)
    leader = new_key if spec["leader"] == old else spec["leader"]
    members = [new_key if m == old else m for m in spec["members"]]
    experts = {domain.id: domain for _, domain in assignable_experts(cycle)}
    application = db.session.get(Application, int(applicant_key[1:]))
    applicant = as_domain_applicant(application, proposal.data["size"])
    conflicted = checks.conflict_refusals(cycle, new, [application])
    if conflicted:  # with the rule and the explaining path, as for a manual change
        raise Refused.because_of(conflicted)
    elsewhere = {}
    for key, other in proposal.data["panels"].items():
        if key != applicant_key:
            for seat in [other["leader"], *other["members"]]:
                elsewhere[seat] = elsewhere.get(seat, 0) + 1
    problems = [p for p in assignment.panel_problems(assignment.Panel(leader, tuple(members)), experts, applicant,
                                                     set(), elsewhere)
                if p[1].get(assignment.RULE) != "size"]
    if problems:
        raise Refused.because_of(with_names(problems, cycle))
    data = dict(proposal.data)
    data["panels"] = {**data["panels"], applicant_key: {**spec, "leader": leader, "members": members,
                                                        "reasons": {**spec["reasons"], new_key: ["office"]}}}
    proposal.data = data
    audit.record("assignment_edited", proposal, user=acting,
                 details={"applicant": applicant_key, "removed": old, "added": new_key})
    db.session.commit()

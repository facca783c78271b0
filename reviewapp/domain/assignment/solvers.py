"""The solvers behind a small registry keyed by name, and `propose`, the entry point that runs one."""
from collections.abc import Callable, Iterable

from reviewapp.domain.assignment.explanations import explain_shortfall
from reviewapp.domain.assignment.flow import Outcome, evaluate, networkx_flows, ortools_flows
from reviewapp.domain.assignment.instance import DEFAULT_TOP_K, Instance
from reviewapp.domain.assignment.model import Applicant, Conflicts, Expert, Panel, Proposal
from reviewapp.domain.assignment.scoring import match_reasons
from reviewapp.domain.assignment.search import DEFAULT_EFFORT, Search

# --- the solvers, by name ---
SOLVERS: dict[str, Callable[..., Outcome]] = {}  # (instance, effort, time_limit) -> outcome


def register_solver(name: str):
    def register(function):
        SOLVERS[name] = function
        return function
    return register


@register_solver("ortools")
def _solve_ortools(inst: Instance, effort: float, time_limit: float | None = None) -> Outcome:
    return Search(inst, ortools_flows, effort, time_limit).run()


@register_solver("networkx")
def _solve_networkx(inst: Instance, effort: float, time_limit: float | None = None) -> Outcome:
    """Exact, slow: networkx's max_flow_min_cost on the same network; the cross-check in the tests."""
    return Search(inst, networkx_flows, effort, time_limit).run()


@register_solver("greedy")
def _solve_greedy(inst: Instance, effort: float, time_limit: float | None = None) -> Outcome:
    """Baseline: applicants in input order, each takes the best available leader, then the best members (from
    the same candidate lists; no look-ahead, no repair)."""
    remaining = inst.capacity.copy()
    assignment = {}
    for a_idx in range(len(inst.applicants)):
        lo, hi = inst.starts[a_idx], inst.starts[a_idx + 1]
        ranked = sorted(zip(inst.cand_exp[lo:hi].tolist(), inst.cand_match[lo:hi].tolist()),
                        key=lambda pair: (-pair[1], inst.capacity[pair[0]] - remaining[pair[0]]))
        free = [e for e, _ in ranked if remaining[e] > 0]
        leader = next((e for e in free if inst.can_lead[e]), None)
        panel = [leader] if leader is not None else []
        groups = {int(inst.group[leader])} if leader is not None and inst.group[leader] >= 0 else set()
        members = []
        for e in free:
            if len(panel) + len(members) >= inst.applicants[a_idx].panel_size - (leader is None):
                break
            if e == leader or (inst.group[e] >= 0 and int(inst.group[e]) in groups):
                continue
            members.append(e)
            if inst.group[e] >= 0:
                groups.add(int(inst.group[e]))
        for e in panel + members:
            remaining[e] -= 1
        assignment[a_idx] = (leader, tuple(members))
    return Outcome(assignment, False, None)


def propose(experts: Iterable[Expert], applicants: Iterable[Applicant], conflicts: Conflicts,
            solver: str = "ortools", top_k: int | None = DEFAULT_TOP_K, effort: int = DEFAULT_EFFORT,
            time_limit: float | None = None) -> Proposal:
    """Panels for every applicant of one stage; short panels explained in `unfilled`, the rest still proposed.

    conflicts: (expert id, applicant id) pairs never to assign, or applicant id -> expert ids (faster for millions).
    top_k: candidates per applicant (None: every expert). effort: see DEFAULT_EFFORT. time_limit: a longer search,
    in seconds (wall clock): the search then runs until the optimum is proven or the time is up, whatever the
    effort; the root solve always runs, so the first answer may come later on very large pools."""
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; known: {sorted(SOLVERS)}")
    inst = Instance(list(experts), list(applicants), conflicts, top_k)
    outcome = SOLVERS[solver](inst, float("inf") if time_limit else effort, time_limit)
    return _proposal(inst, outcome, solver)


def _proposal(inst: Instance, outcome: Outcome, solver: str) -> Proposal:
    objective, filled, leaders, match, spread = evaluate(inst, outcome.assignment)
    panels, unfilled = {}, {}
    for a_idx, applicant in enumerate(inst.applicants):
        leader, members = outcome.assignment.get(a_idx, (None, ()))
        panels[applicant.id] = _panel(inst, a_idx, leader, members)
        shortfall = explain_shortfall(inst, a_idx, panels[applicant.id])
        if shortfall:
            unfilled[applicant.id] = shortfall
    gap = None
    if outcome.bound is not None:
        gap = 100 * (outcome.bound - objective) / max(1, inst.weights.match * match - spread)
    return Proposal(panels, unfilled, objective, solver, filled, leaders, match, spread, outcome.exact,
                    outcome.bound, outcome.solves, gap, outcome.candidate_bound, outcome.relaxed)


def _panel(inst: Instance, a_idx: int, leader: int | None, members: tuple[int, ...]) -> Panel:
    experts, applicant = inst.experts, inst.applicants[a_idx]
    scored = sorted(members, key=lambda e: (-inst.match_of(a_idx, e), experts[e].id))
    reasons = {}
    if leader is not None:
        reasons[experts[leader].id] = match_reasons(experts[leader], applicant) + ("leader-eligible",)
    reasons.update({experts[e].id: match_reasons(experts[e], applicant) for e in scored})
    match = sum(inst.match_of(a_idx, e) for e in ([leader] if leader is not None else []) + scored)
    return Panel(experts[leader].id if leader is not None else None, tuple(experts[e].id for e in scored),
                 reasons, match)


"""The exact model for small instances (every pair a candidate, instance.ALL_PAIRS): the same objective and rules
as a mixed-integer program, solved by SCIP (shipped with OR-Tools), warm-started from the search's best proposal.
The network's branch and bound (branch_and_bound.py) proves small cases but stalls at city scale, where the
relaxation over mixed employer groups stays a few match points above the optimum; the MIP closes that gap.

    x_lead(e, a), x_member(e, a) in {0, 1} for every admissible pair (x_lead only if e may lead)
    sum_e x_lead(e, a) <= 1,  sum_e x_member(e, a) <= size(a) - 1,  x_lead(e, a) + x_member(e, a) <= 1
    sum over e of group X of (x_lead + x_member)(e, a) <= 1           (at most one expert per employer group)
    sum_a (x_lead + x_member)(e, a) = sum_k u(e, k),  0 <= u(e, k) <= 1, k = 1 .. capacity(e)
    maximise COVER x filled + LEADER x leaders + W x match - sum_k k x SPREAD x u(e, k)

The units u(e, k) cost k x SPREAD: the cheapest come first, so their cost is the spread of the load n,
SPREAD x n(n+1)/2, as in flow.evaluate. The solution is read back and evaluated by flow.evaluate, never trusted as
a number; "optimal" is SCIP's proof (absolute gap below 1 on an integer objective)."""
import numpy as np

from reviewapp.domain.assignment.flow import Assignment
from reviewapp.domain.assignment.instance import Instance
from reviewapp.domain.assignment.scoring import SPREAD


def solve_exact(inst: Instance, hint: Assignment | None, seconds: float) -> tuple[Assignment | None, bool]:
    """(the best assignment SCIP found, whether it is proven optimal) within `seconds`; (None, False) if none."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None or seconds <= 0:
        return None, False
    solver.SetTimeLimit(max(1, int(seconds * 1000)))
    solver.SetSolverSpecificParametersAsString("limits/gap = 0\nlimits/absgap = 0.5\n")
    w = inst.weights
    objective = solver.Objective()
    objective.SetMaximization()
    n_a = len(inst.applicants)
    lead_slot = [solver.Constraint(0, 1) for _ in range(n_a)]
    member_slot = [solver.Constraint(0, a.panel_size - 1) for a in inst.applicants]
    load = [solver.Constraint(0, 0) for _ in inst.experts]
    groups = {}
    leads, members = {}, {}
    for a_idx, e_idx, match in zip(inst.cand_app.tolist(), inst.cand_exp.tolist(), inst.cand_match.tolist()):
        value = w.cover + w.match * match
        m = solver.BoolVar("")
        objective.SetCoefficient(m, value)
        member_slot[a_idx].SetCoefficient(m, 1)
        load[e_idx].SetCoefficient(m, 1)
        chosen = [m]
        members[(e_idx, a_idx)] = m
        if inst.can_lead[e_idx]:
            lead = solver.BoolVar("")
            objective.SetCoefficient(lead, value + w.leader)
            lead_slot[a_idx].SetCoefficient(lead, 1)
            load[e_idx].SetCoefficient(lead, 1)
            both = solver.Constraint(0, 1)
            both.SetCoefficient(lead, 1)
            both.SetCoefficient(m, 1)
            chosen.append(lead)
            leads[(e_idx, a_idx)] = lead
        group = int(inst.group[e_idx])
        if group >= 0:
            groups.setdefault((a_idx, group), []).append(chosen)
    for experts in groups.values():
        if len(experts) > 1:  # one expert alone: x_lead + x_member <= 1 says it already
            one = solver.Constraint(0, 1)
            for var in (var for chosen in experts for var in chosen):
                one.SetCoefficient(var, 1)
    for e_idx, capacity in enumerate(inst.capacity.tolist()):
        for k in range(1, capacity + 1):
            unit = solver.NumVar(0, 1, "")
            objective.SetCoefficient(unit, -k * SPREAD)
            load[e_idx].SetCoefficient(unit, -1)
    if hint:
        chosen = [(leads[(leader, a)], 1.0) for a, (leader, _) in hint.items() if leader is not None]
        chosen += [(members[(e, a)], 1.0) for a, (_, ms) in hint.items() for e in ms]
        if chosen:
            solver.SetHint(*map(list, zip(*chosen)))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None, False
    panels = {a: [None, []] for a in range(n_a)}
    for (e_idx, a_idx), var in leads.items():
        if var.solution_value() > 0.5:
            panels[a_idx][0] = e_idx
    for (e_idx, a_idx), var in members.items():
        if var.solution_value() > 0.5:
            panels[a_idx][1].append(e_idx)
    assignment = {a: (leader, tuple(ms)) for a, (leader, ms) in panels.items() if leader is not None or ms}
    return assignment, status == pywraplp.Solver.OPTIMAL


def is_valid(inst: Instance, assignment: Assignment) -> bool:
    """The rules, checked on an assignment read back from the MIP (tolerances never decide a panel)."""
    load = np.zeros(len(inst.experts), dtype=np.int64)
    for a_idx, (leader, members) in assignment.items():
        experts = ([leader] if leader is not None else []) + list(members)
        if len(set(experts)) != len(experts) or len(members) > inst.applicants[a_idx].panel_size - 1:
            return False
        if leader is not None and not inst.can_lead[leader]:
            return False
        if set(experts) & inst.conflicted.get(a_idx, set()):
            return False
        groups = [int(inst.group[e]) for e in experts if inst.group[e] >= 0]
        if len(groups) != len(set(groups)):
            return False
        load[experts] += 1
    return bool((load <= inst.capacity).all())

"""A valid proposal from a relaxed one: clashes dropped, empty places refilled by a small member-only flow."""
from collections.abc import Callable

import numpy as np

from reviewapp.domain.assignment.flow import Arcs, Assignment
from reviewapp.domain.assignment.instance import Instance, score_key
from reviewapp.domain.assignment.scoring import SPREAD

REPAIR_CANDIDATES = 200  # see repair
# ... first the REPAIR_FIRST best of them (a flow a quarter the size: 0.5 s less at national scale, the same
# proposal), then, for the places that leaves empty (a tight pool, where the best few are everyone's), all
REPAIR_FIRST = 50


def repair(inst: Instance, assignment: Assignment, clashes: list[tuple], flows_of: Callable) -> Assignment:
    """A valid proposal from a relaxed one, and its empty places filled where the pool allows.

    Every panel stays; a clashing panel keeps its leader and loses the members of the leader's group. A panel
    without a leader takes the best leader-eligible expert with capacity to spare; the open member places are then
    filled by a small member-only flow (exact for the group rule) from the REPAIR_CANDIDATES best experts of the
    whole pool with capacity to spare (candidates or not), the k-th further applicant of an expert costing
    (load + k) x SPREAD."""
    assignment = {a: assignment.get(a, (None, ())) for a in range(len(inst.applicants))}
    for _, a_idx, group in clashes:
        leader, members = assignment[a_idx]
        assignment[a_idx] = (leader, tuple(e for e in members if inst.group[e] != group))
    spare = inst.capacity.copy()
    for leader, members in assignment.values():
        spare[[e for e in (leader, *members) if e is not None]] -= 1
    if not spare.any():
        return assignment
    for a_idx, (leader, members) in assignment.items():
        if leader is None:
            best = _open_experts(inst, a_idx, members, spare, inst.can_lead, 1)
            if len(best[0]):
                assignment[a_idx] = (int(best[0][0]), members)
                spare[best[0][0]] -= 1
    for width in (REPAIR_FIRST, REPAIR_CANDIDATES):
        freed = {a: inst.applicants[a].panel_size - 1 - len(members) for a, (_, members) in assignment.items()}
        freed = {a: n for a, n in freed.items() if n > 0}
        found = [(a_idx, *_open_experts(inst, a_idx, (assignment[a_idx][0], *assignment[a_idx][1]), spare, None,
                                        width)) for a_idx in freed]
        if not found or not sum(len(pool) for _, pool, _ in found):
            break
        rows_a = np.concatenate([np.full(len(pool), a_idx, dtype=np.int64) for a_idx, pool, _ in found])
        rows_e = np.concatenate([pool for _, pool, _ in found])
        rows_m = np.concatenate([score for _, _, score in found])
        chosen = _fill(inst, freed, rows_a, rows_e, rows_m, spare, flows_of)
        for a_idx, e in zip(rows_a[chosen].tolist(), rows_e[chosen].tolist()):
            leader, members = assignment[a_idx]
            assignment[a_idx] = (leader, members + (e,))
            spare[e] -= 1
        if len(chosen) == sum(freed.values()) or all(len(pool) < width for _, pool, _ in found):
            break
    return assignment


def _fill(inst: Instance, freed: dict[int, int], rows_a, rows_e, rows_m, spare, flows_of) -> np.ndarray:
    """Which (applicant, expert) rows fill the open member places: a member-only flow, one expert per group."""
    experts, expert_pos = np.unique(rows_e, return_inverse=True)
    apps = np.array(sorted(freed), dtype=np.int64)
    app_node = np.full(len(inst.applicants), -1, dtype=np.int64)
    app_node[apps] = 2 + len(experts) + np.arange(len(apps))
    width = int(inst.group.max(initial=0)) + 1
    grouped = inst.group[rows_e] >= 0
    keys, key_pos = np.unique(rows_a[grouped] * width + inst.group[rows_e[grouped]], return_inverse=True)
    key_node = 2 + len(experts) + len(apps) + np.arange(len(keys))
    heads = app_node[rows_a]
    heads[grouped] = key_node[key_pos]
    units = spare[experts]
    owner = np.repeat(np.arange(len(experts)), units)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(units) - units, units) + 1
    load = (inst.capacity - spare)[experts]
    parts = [  # (tails, heads, capacities, costs)
        (np.zeros(len(owner)), 2 + owner, np.ones(len(owner)), (load[owner] + k) * SPREAD),
        (2 + expert_pos, heads, np.ones(len(rows_e)), -inst.weights.match * rows_m),
        (key_node, app_node[keys // width], np.ones(len(keys)), np.zeros(len(keys))),
        (app_node[apps], np.ones(len(apps)), np.array([freed[a] for a in apps.tolist()]), np.zeros(len(apps))),
    ]
    columns = [np.concatenate([np.asarray(part[i], dtype=np.int64) for part in parts]) for i in range(4)]
    net = Arcs(*columns, sum(freed.values()))
    flows = flows_of(net, net.capacities, net.costs)
    return np.flatnonzero(flows[len(owner):len(owner) + len(rows_e)] > 0)


def _open_experts(inst: Instance, a_idx: int, on_panel, spare: np.ndarray, among: np.ndarray | None, n: int):
    """The n best experts (indices, scores) with capacity to spare who may join applicant a's panel, the least
    loaded first among equal scores."""
    on_panel = [e for e in on_panel if e is not None]
    open_ = spare > 0
    if among is not None:
        open_ &= among
    taken = inst.group[on_panel]
    for group in taken[taken >= 0].tolist():
        open_ &= inst.group != group
    open_[list(inst.conflicted.get(a_idx, ())) + on_panel] = False
    pool = np.flatnonzero(open_)
    score = inst.scores[score_key(inst.applicants[a_idx])][pool]
    load = (inst.capacity - spare)[pool]  # among equal scores the least loaded first: their next panel costs less
    if len(pool) > n:
        keep = np.argpartition(load - score * (int(inst.capacity.max()) + 1), n - 1)[:n]
        pool, score, load = pool[keep], score[keep], load[keep]
    order = np.lexsort((pool, load, -score))
    return pool[order], score[order]


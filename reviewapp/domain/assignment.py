"""Automatic assignment of experts to applicants' panels for one stage (issue #5; Art. 17: 组建评审组, 组长负责制).

Every accepted applicant gets a panel of its size: one leader-eligible leader and members, no expert in conflict
with it, at most one expert per employer or corporate group, no expert beyond their remaining load limit. Among
such proposals the solvers maximise, in this order of priority:

1. filled places (a panel short of experts is worse than any weaker match),
2. panels with a leader,
3. W x total match - total spread, where the k-th applicant of one expert costs k x SPREAD (a convex cost, so the
   load is spread evenly when matches tie) and W = (largest load limit) x SPREAD. Moving one assignment from one
   expert to another changes the spread cost by less than W, so spreading only decides between choices of equal
   match in any single exchange.

Priorities 1 and 2 are strict: the solvers compute a maximum flow with minimum cost among the maximum flows, and
the leader reward exceeds the whole range of priority 3. `Proposal.objective` folds the three into one integer
(filled x COVER + leaders x LEADER + W x match - spread, weights from `Weights.of`); compare it only across
proposals for the same inputs.

Match score of an expert for an applicant (integer, higher is better; constants below):
    DIVISION_MATCH   the expert's specialties include the applicant's GB/T 4754 division (C31 for C31 or C3110)
    SECTION_MATCH    otherwise, the section only ("C", or another C division, for C31)
    STRENGTH_MATCH   per GB/T 19580 category the applicant is weak in (self-assessment) and the expert is strong in
    CERTIFIED_MATCH  the expert holds the 卓越绩效评审员 certificate

The flow network (min-cost flow, integer costs):
    source -> expert e: one arc per unit of e's load limit, the k-th costing k x SPREAD
    expert e -> candidate (e, a), cost -W x match(e, a), capacity 1, for the top_k experts of each applicant by
        match, never for a conflicting pair
    candidate -> leader(a) (only if e can lead) and candidate -> member(a): so an expert is never both leader and
        member of one panel. An expert who cannot lead needs no candidate node: the arc goes straight to the
        member side.
    leader(a) -> sink: capacity 1, cost -LEADER; member(a) -> sink: capacity panel_size - 1.
    Employer groups: when several candidates of one group X compete for one applicant, their member arcs pass a
        node (a, X) of capacity 1. If every such candidate can lead, the leader arcs pass it too, which makes the
        rule exact. If the group is mixed, a flow cannot keep a leader and a member of X apart (the unit leaving
        the shared node forgets whether its expert may lead), so the network is a relaxation there.

The relaxation is made exact by branch and bound: a solution in which the leader of a and a member of a share a
group X is split into "no member of X on a" and "no leader of X on a" (closing a capacity-1 arc, or the leader arcs
of X's experts, and re-solving). The dive forbids the clashing members first, which usually keeps the optimum; the
relaxed optimum of each solved node bounds its subtree, so a subtree that cannot beat the best panel set found is
skipped. After `max_solves` solves the search stops with the best valid proposal found: `Proposal.exact` then says
False and `Proposal.bound` gives the relaxation's upper bound on the objective.

Only the top_k candidates of each applicant by match enter the network (ties broken by a hash of the pair, so
different applicants draw different experts from a large tie). At this award's scales (panels of 3-7, load limits
of 3-4, top_k = 100) that loses no measurable optimality: the tests compare top_k = all on small cases and the
benchmark (bench/assign.py) at city scale.

Texts shown to users are English templates marked with N_() plus a params dict; the web layer renders them as
gettext(message) % params. Params name applicants and experts by `Applicant.name or id` and expert id.
"""
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from reviewapp.domain.i18n import N_

# --- match score, in points ---
DIVISION_MATCH = 12  # GB/T 4754 大类: the applicant's own industry
SECTION_MATCH = 4  # GB/T 4754 门类 only
STRENGTH_MATCH = 3  # per weak GB/T 19580 category of the applicant covered by the expert's strengths
CERTIFIED_MATCH = 2  # 卓越绩效评审员 certificate
# --- the flow's costs ---
SPREAD = 1  # the k-th applicant of one expert costs k x SPREAD
DEFAULT_TOP_K = 100
DEFAULT_MAX_SOLVES = 16

# A panel problem's params carry its rule under this key (the message does not use it).
RULE = "rule"


# --- inputs ---
@dataclass(frozen=True)
class Expert:
    """An assignable expert. Unavailable, suspended or disqualified experts are simply not passed in."""
    id: str
    capacity: int  # applicants they may still take in this cycle (load limit minus current load)
    can_lead: bool = False
    employer_group: str | None = None  # the current employer's corporate group: at most one per panel
    industries: frozenset[str] = frozenset()  # GB/T 4754 codes: "C", "C31", "C3110"
    strengths: frozenset[str] = frozenset()  # GB/T 19580 categories: "4.1" .. "4.7"
    certified: bool = False  # 卓越绩效评审员


@dataclass(frozen=True)
class Applicant:
    id: str
    panel_size: int
    industry: str | None = None  # GB/T 4754 code, e.g. "C31"
    weak_categories: frozenset[str] = frozenset()  # GB/T 19580 categories
    name: str | None = None  # shown in explanations instead of the id


# --- outputs ---
@dataclass(frozen=True)
class Panel:
    leader: str | None
    members: tuple[str, ...]
    reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)  # expert id -> why chosen
    match: int = 0

    @property
    def experts(self) -> tuple[str, ...]:
        return ((self.leader,) if self.leader else ()) + self.members


@dataclass(frozen=True)
class Shortfall:
    """Why a panel stays short: `message`/`params` first, then any further explanations in `extra`."""
    missing: int  # empty places, the leader's included
    no_leader: bool
    message: str
    params: dict
    extra: tuple[tuple[str, dict], ...] = ()

    def explanations(self) -> list[tuple[str, dict]]:
        return [(self.message, self.params), *self.extra]


@dataclass(frozen=True)
class Proposal:
    panels: dict[str, Panel]  # every applicant, in input order
    unfilled: dict[str, Shortfall]  # only the applicants whose panel is short or has no leader
    objective: int
    solver: str
    filled: int = 0
    leaders: int = 0
    match: int = 0
    spread: int = 0
    exact: bool = True  # False: the group-rule search stopped at max_solves (greedy: never claims exactness)
    bound: int | None = None  # upper bound on the objective, when the solver knows one
    solves: int = 0  # flow solves the group-rule search took


@dataclass(frozen=True)
class Weights:
    """The instance's objective weights: COVER > every leader and match term, LEADER > every match term."""
    match: int
    leader: int
    cover: int

    @classmethod
    def of(cls, experts: Iterable[Expert], applicants: Iterable[Applicant]) -> "Weights":
        applicants = list(applicants)
        demand = sum(a.panel_size for a in applicants)
        max_load = max([min(e.capacity, len(applicants)) for e in experts] + [1])
        max_weak = max([len(_categories(a.weak_categories)) for a in applicants] + [0])
        max_match = DIVISION_MATCH + STRENGTH_MATCH * max_weak + CERTIFIED_MATCH
        match = max_load * SPREAD
        rest = demand * (match * max_match + max_load * SPREAD)  # the range of W x match - spread
        leader = rest + 1
        return cls(match, leader, len(applicants) * leader + rest + 1)


# --- the match score ---
def _division(code: str) -> str | None:
    return code[:3] if len(code) >= 3 else None


def _category(code: str) -> str:
    return ".".join(code.split(".")[:2])  # "4.7.2" (an item) -> "4.7"


def _categories(codes: Iterable[str]) -> set[str]:
    return {_category(c.strip()) for c in codes}


def _codes(codes: Iterable[str]) -> set[str]:
    return {c.strip().upper() for c in codes}


def industry_reason(expert: Expert, applicant: Applicant) -> str | None:
    """'industry C31' (the applicant's division), 'section C', or None."""
    if not applicant.industry:
        return None
    wanted = applicant.industry.strip().upper()
    codes = _codes(expert.industries)
    division = _division(wanted)
    if division and any(_division(c) == division for c in codes):
        return f"industry {division}"
    if any(c[:1] == wanted[:1] for c in codes):
        return f"section {wanted[:1]}"
    return None


def match_reasons(expert: Expert, applicant: Applicant) -> tuple[str, ...]:
    reasons = []
    industry = industry_reason(expert, applicant)
    if industry:
        reasons.append(industry)
    strong = _categories(expert.strengths)
    reasons += [f"strength {c}" for c in sorted(_categories(applicant.weak_categories) & strong)]
    if expert.certified:
        reasons.append("certified")
    return tuple(reasons)


def match_score(expert: Expert, applicant: Applicant) -> int:
    score = 0
    for reason in match_reasons(expert, applicant):
        kind = reason.split(" ")[0]
        score += {"industry": DIVISION_MATCH, "section": SECTION_MATCH, "strength": STRENGTH_MATCH,
                  "certified": CERTIFIED_MATCH}[kind]
    return score


# --- the instance: inputs indexed, candidates chosen ---
class _Instance:
    def __init__(self, experts, applicants, conflicts, top_k):
        _check_ids(experts, applicants)
        self.all_experts = list(experts)
        self.experts = [e for e in experts if e.capacity > 0]
        self.applicants = list(applicants)
        self.expert_index = {e.id: i for i, e in enumerate(self.experts)}
        self.conflicted = defaultdict(set)  # applicant index -> expert indices
        applicant_index = {a.id: i for i, a in enumerate(self.applicants)}
        for expert_id, applicant_id in conflicts:
            if expert_id in self.expert_index and applicant_id in applicant_index:
                self.conflicted[applicant_index[applicant_id]].add(self.expert_index[expert_id])
        self.weights = Weights.of(self.all_experts, self.applicants)
        self.capacity = np.array([min(e.capacity, len(self.applicants)) for e in self.experts], dtype=np.int64)
        self.can_lead = np.array([e.can_lead for e in self.experts], dtype=bool)
        groups = sorted({e.employer_group for e in self.experts if e.employer_group is not None})
        group_index = {g: i for i, g in enumerate(groups)}
        self.group = np.array([group_index.get(e.employer_group, -1) for e in self.experts], dtype=np.int64)
        self.by_division, self.by_section = _industry_index(self.experts)
        self.top_k = len(self.experts) if top_k is None else top_k
        self.cand_app, self.cand_exp, self.cand_match = _candidates(self, self.top_k)
        self.starts = np.searchsorted(self.cand_app, np.arange(len(self.applicants) + 1))

    def match_of(self, a_idx: int, e_idx: int) -> int:
        lo, hi = self.starts[a_idx], self.starts[a_idx + 1]
        hits = np.flatnonzero(self.cand_exp[lo:hi] == e_idx)
        if len(hits):
            return int(self.cand_match[lo + hits[0]])
        return match_score(self.experts[e_idx], self.applicants[a_idx])

    def in_industry(self, a_idx: int) -> np.ndarray:
        """Experts of the applicant's division (of its section, when it names a section only)."""
        industry = (self.applicants[a_idx].industry or "").strip().upper()
        if _division(industry):
            return self.by_division.get(_division(industry), np.zeros(0, dtype=np.int64))
        return self.by_section.get(industry[:1], np.zeros(0, dtype=np.int64))


def _industry_index(experts: list[Expert]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    by_division, by_section = defaultdict(list), defaultdict(list)
    for i, e in enumerate(experts):
        codes = _codes(e.industries)
        for division in {_division(c) for c in codes} - {None}:
            by_division[division].append(i)
        for section in {c[:1] for c in codes if c}:
            by_section[section].append(i)
    as_arrays = lambda index: {k: np.array(v, dtype=np.int64) for k, v in index.items()}  # noqa: E731
    return as_arrays(by_division), as_arrays(by_section)


def _check_ids(experts, applicants):
    for kind, ids in (("expert", [e.id for e in experts]), ("applicant", [a.id for a in applicants])):
        doubled = [i for i, n in Counter(ids).items() if n > 1]
        if doubled:
            raise ValueError(f"duplicate {kind} ids: {doubled[:5]}")
    small = [a.id for a in applicants if a.panel_size < 1]
    if small:
        raise ValueError(f"panel size below 1: {small[:5]}")


def _candidates(inst: _Instance, top_k: int):
    """The top_k non-conflicting experts of every applicant by match, as parallel arrays sorted by applicant."""
    n = len(inst.experts)
    categories = sorted({c for a in inst.applicants for c in _categories(a.weak_categories)})
    bit = {c: 1 << i for i, c in enumerate(categories)}
    strong = np.array([sum(bit.get(c, 0) for c in _categories(e.strengths)) for e in inst.experts], dtype=np.uint64)
    base = np.array([CERTIFIED_MATCH if e.certified else 0 for e in inst.experts], dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    mix = (np.arange(n, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    scores, apps, exps, matches = {}, [], [], []
    for a_idx, applicant in enumerate(inst.applicants):
        industry = (applicant.industry or "").strip().upper()
        weak = sum(bit[c] for c in _categories(applicant.weak_categories))
        key = (industry, weak)
        if key not in scores:
            score = base + STRENGTH_MATCH * np.bitwise_count(strong & np.uint64(weak)).astype(np.int64)
            if industry:
                score[inst.by_section.get(industry[:1], none)] += SECTION_MATCH
                if _division(industry):
                    score[inst.by_division.get(_division(industry), none)] += DIVISION_MATCH - SECTION_MATCH
            scores[key] = score
        chosen = _top(scores[key], inst.conflicted.get(a_idx, ()), top_k, mix, applicant.id)
        apps.append(np.full(len(chosen), a_idx, dtype=np.int64))
        exps.append(chosen)
        matches.append(scores[key][chosen])
    if not apps:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(apps), np.concatenate(exps), np.concatenate(matches)


def _top(score, conflicted, top_k, mix, applicant_id):
    """Best first; equal scores in an order of their own per applicant (a hash), so large ties are shared out."""
    seed = np.uint64(zlib.crc32(applicant_id.encode("utf-8")) * 0x85EBCA6B)
    tie = ((mix ^ seed) >> np.uint64(33)).astype(np.int64)  # 31 bits
    key = (score << 31) | tie
    if conflicted:
        key[list(conflicted)] = -1
    k = min(top_k, len(score))
    chosen = np.argpartition(-key, k - 1)[:k] if 0 < k < len(score) else np.arange(len(score))[:k]
    chosen = chosen[key[chosen] >= 0]
    return chosen[np.argsort(-key[chosen], kind="stable")]


# --- a solution, however found: per applicant index, (leader expert index or None, member expert indices) ---
Assignment = dict[int, tuple[int | None, tuple[int, ...]]]


@dataclass
class _Outcome:
    assignment: Assignment
    exact: bool
    bound: int | None
    solves: int = 0


def _value(inst: _Instance, assignment: Assignment) -> tuple[int, int, int, int, int]:
    """(objective, filled, leaders, match, spread) of an assignment."""
    load = Counter()
    filled = leaders = match = 0
    for a_idx, (leader, members) in assignment.items():
        experts = ([leader] if leader is not None else []) + list(members)
        filled += len(experts)
        leaders += leader is not None
        for e in experts:
            load[e] += 1
            match += inst.match_of(a_idx, e)
    spread = SPREAD * sum(n * (n + 1) // 2 for n in load.values())
    w = inst.weights
    return w.cover * filled + w.leader * leaders + w.match * match - spread, filled, leaders, match, spread


# --- the flow network ---
class _Network:
    """Arrays of arcs (tail, head, capacity, cost) and what is needed to read a flow back as panels."""

    SOURCE, SINK = 0, 1

    def __init__(self, inst: _Instance):
        self.inst = inst
        n_e, n_a = len(inst.experts), len(inst.applicants)
        ca, ce, cm = inst.cand_app, inst.cand_exp, inst.cand_match
        lead = inst.can_lead[ce]
        self.leader_node = lambda a: 2 + n_e + a
        self.member_node = lambda a: 2 + n_e + n_a + a
        next_node = 2 + n_e + 2 * n_a
        tails, heads, caps, costs = [], [], [], []

        def add(t, h, cap, cost):
            start = sum(len(x) for x in tails)
            tails.append(np.asarray(t, dtype=np.int64))
            heads.append(np.broadcast_to(np.asarray(h, dtype=np.int64), tails[-1].shape))
            caps.append(np.broadcast_to(np.asarray(cap, dtype=np.int64), tails[-1].shape))
            costs.append(np.broadcast_to(np.asarray(cost, dtype=np.int64), tails[-1].shape))
            return np.arange(start, start + len(tails[-1]))

        # source -> expert, the k-th unit costing k x SPREAD (never more units than candidates)
        load = np.minimum(inst.capacity, np.bincount(ce, minlength=n_e))
        owner = np.repeat(np.arange(n_e), load)
        k = np.arange(len(owner)) - np.repeat(np.cumsum(load) - load, load) + 1
        add(np.zeros(len(owner)), 2 + owner, 1, k * SPREAD)

        # employer groups competing for one applicant: a node of capacity 1 per (applicant, group)
        grouped = inst.group[ce] >= 0
        keys = np.where(grouped, ca * (inst.group.max(initial=0) + 1) + inst.group[ce], -1)
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = (uniq >= 0)[inverse] & (counts >= 2)[inverse]
        cannot_lead = np.bincount(inverse, weights=~lead, minlength=len(uniq))
        pure = shared & (cannot_lead == 0)[inverse]  # every competitor of the group can lead: exact
        group_keys = np.unique(inverse[shared])  # indices into uniq
        key_node = np.full(len(uniq), -1, dtype=np.int64)
        key_node[group_keys] = next_node + np.arange(len(group_keys))
        next_node += len(group_keys)
        pure_keys = np.unique(inverse[pure])
        pure_out = np.full(len(uniq), -1, dtype=np.int64)
        pure_out[pure_keys] = next_node + np.arange(len(pure_keys))
        next_node += len(pure_keys)

        # expert -> candidate node (leaders), group node, or member node; cost -W x match
        split = lead & ~pure  # needs its own candidate node to choose between leading and sitting
        cand_node = np.full(len(ca), -1, dtype=np.int64)
        cand_node[split] = next_node + np.arange(split.sum())
        next_node += int(split.sum())
        member_side = np.where(shared, key_node[inverse], self.member_node(ca))
        entry_head = np.where(split, cand_node, member_side)
        self.entry = add(2 + ce, entry_head, 1, -inst.weights.match * cm)
        self.split_candidates = np.flatnonzero(split)
        self.leader_arcs = add(cand_node[split], self.leader_node(ca[split]), 1, 0)
        add(cand_node[split], member_side[split], 1, 0)

        # group node -> member node; an all-leader group passes one more node that splits into leading and sitting
        key_app = uniq[group_keys] // (inst.group.max(initial=0) + 1)
        is_pure = np.isin(group_keys, pure_keys)
        self.group_member_arc = np.full(len(uniq), -1, dtype=np.int64)
        mixed = group_keys[~is_pure]
        self.group_member_arc[mixed] = add(key_node[mixed], self.member_node(key_app[~is_pure]), 1, 0)
        add(key_node[pure_keys], pure_out[pure_keys], 1, 0)
        pure_app = uniq[pure_keys] // (inst.group.max(initial=0) + 1)
        self.pure_keys = pure_keys
        self.pure_leader_arc = add(pure_out[pure_keys], self.leader_node(pure_app), 1, 0)
        add(pure_out[pure_keys], self.member_node(pure_app), 1, 0)

        # applicant -> sink
        apps = np.arange(n_a)
        size = np.array([a.panel_size for a in inst.applicants], dtype=np.int64)
        add(self.leader_node(apps), self.SINK, 1, -inst.weights.leader)
        add(self.member_node(apps), self.SINK, size - 1, 0)

        self.candidate_key = inverse
        self.n_nodes = next_node
        self.tails = np.concatenate(tails) if tails else np.zeros(0, dtype=np.int64)
        self.heads = np.concatenate(heads)
        self.capacities = np.concatenate(caps)
        self.costs = np.concatenate(costs)
        self.supply = int(size.sum())
        # mixed groups' leader arcs, for the branch "no leader of X on a"
        leader_key = inverse[self.split_candidates]
        self.key_leader_arcs = defaultdict(list)
        for arc, key in zip(self.leader_arcs, leader_key):
            if self.group_member_arc[key] >= 0:
                self.key_leader_arcs[int(key)].append(int(arc))

    def capacities_under(self, no_member: frozenset, no_leader: frozenset) -> np.ndarray:
        caps = self.capacities.copy()
        caps[[int(self.group_member_arc[k]) for k in no_member]] = 0
        caps[[arc for k in no_leader for arc in self.key_leader_arcs[k]]] = 0
        return caps

    def read(self, flows: np.ndarray) -> tuple[Assignment, list[int]]:
        """The panels a flow describes, and the (applicant, group) keys where a leader and a member share a group."""
        inst = self.inst
        chosen = np.flatnonzero(flows[self.entry] > 0)
        leaders = set(self.split_candidates[flows[self.leader_arcs] > 0].tolist())
        led_keys = set(self.pure_keys[flows[self.pure_leader_arc] > 0].tolist())
        panels = defaultdict(lambda: [None, []])
        clashes = []
        for j in chosen.tolist():
            a_idx, e_idx, key = int(inst.cand_app[j]), int(inst.cand_exp[j]), int(self.candidate_key[j])
            if j in leaders or key in led_keys:  # a pure group's candidates are never split
                panels[a_idx][0] = e_idx
                if j in leaders and self.group_member_arc[key] >= 0 and flows[self.group_member_arc[key]] > 0:
                    clashes.append(key)
            else:
                panels[a_idx][1].append(e_idx)
        return {a: (leader, tuple(members)) for a, (leader, members) in panels.items()}, clashes


# --- flow backends: (network, capacities) -> flow per arc; a maximum flow of minimum cost ---
def _ortools_flows(net: _Network, capacities: np.ndarray) -> np.ndarray:
    from ortools.graph.python import min_cost_flow

    solver = min_cost_flow.SimpleMinCostFlow()
    if len(net.tails):
        solver.add_arcs_with_capacity_and_unit_cost(net.tails.astype(np.int32), net.heads.astype(np.int32),
                                                    capacities, net.costs)
    solver.set_node_supply(net.SOURCE, net.supply)
    solver.set_node_supply(net.SINK, -net.supply)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed: {status}")
    return np.asarray(solver.flows(np.arange(len(net.tails), dtype=np.int32)), dtype=np.int64)


def _networkx_flows(net: _Network, capacities: np.ndarray) -> np.ndarray:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from([net.SOURCE, net.SINK])
    ends = []  # per arc: the (tail, head) edge that carries its flow in the DiGraph
    for i, (t, h, cap, cost) in enumerate(zip(net.tails.tolist(), net.heads.tolist(), capacities.tolist(),
                                              net.costs.tolist())):
        if cap <= 0:
            ends.append(None)
            continue
        if graph.has_edge(t, h):  # a parallel arc (the spread units): route it through a node of its own
            graph.add_edge(t, ("arc", i), capacity=cap, weight=cost)
            graph.add_edge(("arc", i), h, capacity=cap, weight=0)
            ends.append((t, ("arc", i)))
        else:
            graph.add_edge(t, h, capacity=cap, weight=cost)
            ends.append((t, h))
    flow = nx.max_flow_min_cost(graph, net.SOURCE, net.SINK)
    return np.array([flow[end[0]][end[1]] if end else 0 for end in ends], dtype=np.int64)


def _branch_and_bound(inst: _Instance, flows_of: Callable, max_solves: int) -> _Outcome:
    """The relaxed network, made exact for the leader/member group rule by branching (see the module docstring)."""
    net = _Network(inst)
    best, best_value = None, None
    stack = [(frozenset(), frozenset(), None)]  # (no member of key, no leader of key, parent's relaxed value)
    solves, skipped_bound = 0, None
    while stack:
        no_member, no_leader, bound = stack.pop()
        if best is not None and bound is not None and bound <= best_value:
            continue
        if best is not None and solves >= max_solves:
            skipped_bound = max(bound, skipped_bound or bound)
            continue
        assignment, clashes = net.read(flows_of(net, net.capacities_under(no_member, no_leader)))
        solves += 1
        value = _value(inst, assignment)[0]
        if best is not None and value <= best_value:
            continue
        if not clashes:
            best, best_value = assignment, value
            continue
        for i, key in enumerate(clashes):  # siblings: the first i clashes lose their member, clash i its leader
            stack.append((no_member | set(clashes[:i]), no_leader | {key}, value))
        stack.append((no_member | set(clashes), no_leader, value))  # explored next: every clashing member goes
    exact = skipped_bound is None or skipped_bound <= best_value
    return _Outcome(best, exact, best_value if exact else skipped_bound, solves)


# --- the solvers, by name ---
SOLVERS: dict[str, Callable[[_Instance, int], _Outcome]] = {}


def register_solver(name: str):
    def register(function):
        SOLVERS[name] = function
        return function
    return register


@register_solver("ortools")
def _solve_ortools(inst: _Instance, max_solves: int) -> _Outcome:
    return _branch_and_bound(inst, _ortools_flows, max_solves)


@register_solver("networkx")
def _solve_networkx(inst: _Instance, max_solves: int) -> _Outcome:
    """Exact, slow: networkx's max_flow_min_cost on the same network; the cross-check in the tests."""
    return _branch_and_bound(inst, _networkx_flows, max_solves)


@register_solver("greedy")
def _solve_greedy(inst: _Instance, max_solves: int) -> _Outcome:
    """Baseline: applicants in input order, each takes the best available leader, then the best members."""
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
    return _Outcome(assignment, False, None)


def propose(experts: Iterable[Expert], applicants: Iterable[Applicant], conflicts: Iterable[tuple[str, str]],
            solver: str = "ortools", top_k: int | None = DEFAULT_TOP_K,
            max_solves: int = DEFAULT_MAX_SOLVES) -> Proposal:
    """Panels for every applicant of one stage; short panels explained in `unfilled`, the rest still proposed.

    conflicts: (expert id, applicant id) pairs never to assign. top_k=None: every expert is a candidate."""
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; known: {sorted(SOLVERS)}")
    inst = _Instance(list(experts), list(applicants), conflicts, top_k)
    outcome = SOLVERS[solver](inst, max_solves)
    return _proposal(inst, outcome, solver)


def _proposal(inst: _Instance, outcome: _Outcome, solver: str) -> Proposal:
    objective, filled, leaders, match, spread = _value(inst, outcome.assignment)
    panels, unfilled = {}, {}
    for a_idx, applicant in enumerate(inst.applicants):
        leader, members = outcome.assignment.get(a_idx, (None, ()))
        panels[applicant.id] = _panel(inst, a_idx, leader, members)
        shortfall = _shortfall(inst, a_idx, panels[applicant.id])
        if shortfall:
            unfilled[applicant.id] = shortfall
    return Proposal(panels, unfilled, objective, solver, filled, leaders, match, spread, outcome.exact,
                    outcome.bound, outcome.solves)


def _panel(inst: _Instance, a_idx: int, leader: int | None, members: tuple[int, ...]) -> Panel:
    experts, applicant = inst.experts, inst.applicants[a_idx]
    scored = sorted(members, key=lambda e: (-inst.match_of(a_idx, e), experts[e].id))
    reasons = {}
    if leader is not None:
        reasons[experts[leader].id] = match_reasons(experts[leader], applicant) + ("leader-eligible",)
    reasons.update({experts[e].id: match_reasons(experts[e], applicant) for e in scored})
    match = sum(inst.match_of(a_idx, e) for e in ([leader] if leader is not None else []) + scored)
    return Panel(experts[leader].id if leader is not None else None, tuple(experts[e].id for e in scored),
                 reasons, match)


# --- explanations ---
def _label(applicant: Applicant) -> str:
    return applicant.name or applicant.id


def _shortfall(inst: _Instance, a_idx: int, panel: Panel) -> Shortfall | None:
    applicant = inst.applicants[a_idx]
    missing = applicant.panel_size - len(panel.experts)
    if not missing and panel.leader:
        return None
    explanations = []
    if missing > (1 if panel.leader is None else 0):
        explanations.append(_places_explanation(inst, a_idx, missing))
    if panel.leader is None:
        explanations.append(_leader_explanation(inst, a_idx))
    return Shortfall(missing, panel.leader is None, *explanations[0], tuple(explanations[1:]))


def _places_explanation(inst: _Instance, a_idx: int, missing: int) -> tuple[str, dict]:
    applicant = inst.applicants[a_idx]
    free = np.ones(len(inst.experts), dtype=bool)
    free[list(inst.conflicted.get(a_idx, ()))] = False
    available = int(free.sum())
    params = {"applicant": _label(applicant), "available": available, "missing": missing,
              "size": applicant.panel_size}
    industry = (applicant.industry or "").strip().upper()
    if industry:
        params["industry"] = _division(industry) or industry
        params["in_industry"] = int(free[inst.in_industry(a_idx)].sum())
    groups = inst.group[free]
    employers = len(np.unique(groups[groups >= 0])) + int((groups < 0).sum())
    if available < applicant.panel_size:
        if industry:
            return N_("%(applicant)s: only %(available)s experts without a conflict have capacity left "
                      "(%(in_industry)s of them in industry %(industry)s); empty places: %(missing)s."), params
        return N_("%(applicant)s: only %(available)s experts without a conflict have capacity left; "
                  "empty places: %(missing)s."), params
    if employers < applicant.panel_size:
        params["employers"] = employers
        return N_("%(applicant)s: the %(available)s experts without a conflict work for only %(employers)s "
                  "employers or corporate groups, and a panel takes at most one expert from each; "
                  "empty places: %(missing)s."), params
    params["capacity"] = int(inst.capacity.sum())
    params["demand"] = sum(a.panel_size for a in inst.applicants)
    return N_("%(applicant)s: the %(available)s experts without a conflict are needed on other panels (the pool "
              "has %(capacity)s places for %(demand)s requested); empty places: %(missing)s."), params


def _leader_explanation(inst: _Instance, a_idx: int) -> tuple[str, dict]:
    applicant = inst.applicants[a_idx]
    eligible = int(inst.can_lead.sum()) - sum(1 for i in inst.conflicted.get(a_idx, ()) if inst.can_lead[i])
    params = {"applicant": _label(applicant), "eligible": eligible}
    if not eligible:
        return N_("%(applicant)s: no leader-eligible expert without a conflict has capacity left; "
                  "the panel has no leader."), params
    return N_("%(applicant)s: the %(eligible)s leader-eligible experts without a conflict are needed on other "
              "panels; the panel has no leader."), params


# --- checks for a panel edited by hand (the same rules as the solvers) ---
def panel_problems(panel: Panel, experts_by_id: Mapping[str, Expert], applicant: Applicant,
                   conflicts: Iterable[tuple[str, str]], load_elsewhere: Mapping[str, int] | None = None
                   ) -> list[tuple[str, dict]]:
    """What makes a panel unacceptable, as (message, params) pairs; params[RULE] names the rule broken.

    experts_by_id holds the assignable experts only; load_elsewhere counts each expert's other panels in the same
    proposal (their capacity is what remains of their load limit in the cycle)."""
    load_elsewhere = load_elsewhere or {}
    name = _label(applicant)
    problems = []
    ids = list(panel.experts)
    for expert_id, count in Counter(ids).items():
        if count > 1:
            problems.append((N_("%(expert)s appears more than once on the panel of %(applicant)s."),
                             {RULE: "duplicate", "expert": expert_id, "applicant": name}))
    distinct = list(dict.fromkeys(ids))
    if len(distinct) != applicant.panel_size:
        problems.append((N_("The panel of %(applicant)s has %(count)s experts; it needs %(size)s."),
                         {RULE: "size", "applicant": name, "count": len(distinct), "size": applicant.panel_size}))
    if panel.leader is None:
        problems.append((N_("The panel of %(applicant)s has no leader."), {RULE: "no_leader", "applicant": name}))
    elif panel.leader in experts_by_id and not experts_by_id[panel.leader].can_lead:
        problems.append((N_("%(expert)s is not eligible to lead a panel."),
                         {RULE: "leader_not_eligible", "expert": panel.leader}))
    pairs = set(conflicts)
    by_group = defaultdict(list)
    for expert_id in distinct:
        expert = experts_by_id.get(expert_id)
        if expert is None:
            problems.append((N_("%(expert)s cannot be assigned in this cycle (suspended, disqualified, "
                                "unavailable or unknown)."), {RULE: "unavailable", "expert": expert_id}))
            continue
        if (expert_id, applicant.id) in pairs:
            problems.append((N_("%(expert)s has a conflict of interest with %(applicant)s."),
                             {RULE: "conflict", "expert": expert_id, "applicant": name}))
        load = load_elsewhere.get(expert_id, 0) + 1
        if load > expert.capacity:
            problems.append((N_("%(expert)s would take %(load)s applicants, above the %(limit)s left of their "
                                "load limit."), {RULE: "capacity", "expert": expert_id, "load": load,
                                                 "limit": expert.capacity}))
        if expert.employer_group is not None:
            by_group[expert.employer_group].append(expert_id)
    for group, same in by_group.items():
        if len(same) > 1:
            problems.append((N_("%(experts)s work for the same employer or corporate group (%(group)s); a panel "
                                "takes at most one of them."),
                             {RULE: "employer_group", "experts": ", ".join(same), "group": group}))
    return problems


def panel_warnings(panel: Panel, experts_by_id: Mapping[str, Expert], applicant: Applicant
                   ) -> list[tuple[str, dict]]:
    """Composition wishes, not refusals: a certified examiner and an expert of the applicant's industry."""
    experts = [experts_by_id[e] for e in panel.experts if e in experts_by_id]
    warnings = []
    if not any(e.certified for e in experts):
        warnings.append((N_("No expert on the panel of %(applicant)s holds the performance excellence examiner "
                            "certificate."), {RULE: "no_certified", "applicant": _label(applicant)}))
    if applicant.industry and not any(industry_reason(e, applicant) for e in experts):
        warnings.append((N_("No expert on the panel of %(applicant)s covers its industry %(industry)s."),
                         {RULE: "no_industry", "applicant": _label(applicant),
                          "industry": applicant.industry.strip().upper()}))
    return warnings


def proposal_problems(proposal: Proposal, experts: Iterable[Expert], applicants: Iterable[Applicant],
                      conflicts: Iterable[tuple[str, str]]) -> dict[str, list[tuple[str, dict]]]:
    """panel_problems for every panel of a proposal, loads counted across it; declared shortfalls pass."""
    experts_by_id = {e.id: e for e in experts}
    conflicts = set(conflicts)
    load = Counter(e for panel in proposal.panels.values() for e in set(panel.experts))
    found = {}
    for applicant in applicants:
        panel = proposal.panels[applicant.id]
        elsewhere = {e: load[e] - 1 for e in set(panel.experts)}
        problems = panel_problems(panel, experts_by_id, applicant, conflicts, elsewhere)
        shortfall = proposal.unfilled.get(applicant.id)
        if shortfall:
            declared = {"no_leader"} if shortfall.no_leader else set()
            if len(panel.experts) == applicant.panel_size - shortfall.missing:
                declared.add("size")
            problems = [p for p in problems if p[1][RULE] not in declared]
        if problems:
            found[applicant.id] = problems
    return found

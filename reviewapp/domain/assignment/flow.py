"""The flow network (OR-Tools SimpleMinCostFlow, integer costs), its flow backends, and an assignment's value.

    source -> expert e: one arc per unit of e's load limit, the k-th costing k x SPREAD
    expert e -> candidate c(e, a), capacity 1, cost -W x match(e, a), for top_k candidates of each applicant
        (see `instance._candidates`), never for a conflicting pair
    c(e, a) -> leader(a) (only if e may lead a: instance._leader_candidates, in an ordinary pool each applicant's
        best few leader-eligible candidates) and c(e, a) -> member(a): an expert is never both leader and member
        of one panel. A candidate who may not lead needs no candidate node: the arc goes straight to the member side.
    leader(a) -> sink: capacity 1, cost -LEADER; member(a) -> sink: capacity panel_size - 1.
    Employer groups: when several candidates of one group X compete for applicant a, their member arcs pass a node
        (a, X) of capacity 1. If every one of them can lead, their leader arcs pass it too and the rule is exact.
        If the group is mixed, no flow can keep a leader and a member of X apart (the unit leaving a shared node
        forgets whether its expert may lead), so the network is a relaxation there: a leader of X and a member
        of X on one panel is a "clash" (the search in search.py resolves them).
"""
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from reviewapp.domain.assignment.instance import Instance
from reviewapp.domain.assignment.scoring import SPREAD

# --- a solution, however found: per applicant index, (leader expert index or None, member expert indices) ---
Assignment = dict[int, tuple[int | None, tuple[int, ...]]]


@dataclass
class Outcome:
    assignment: Assignment
    exact: bool
    bound: int | None  # over all admissible pairs
    solves: int = 0
    candidate_bound: int | None = None  # over the proposals drawn from the candidates
    relaxed: int | None = None  # the root's relaxed optimum over the candidates


def evaluate(inst: Instance, assignment: Assignment) -> tuple[int, int, int, int, int]:
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
NO_LEADER_CLASS = -2  # "lead_only" class that closes every leader arc of a panel
UNGROUPED = -1  # the class of experts without an employer group


class Network:
    """Arrays of arcs (tail, head, capacity, cost) and what is needed to read a flow back as panels.

    Restrictions (used by the group-rule search) close arcs: ("no_member", key) closes the member arc of a mixed
    (applicant, group) node, ("no_leader", key) the leader arcs of that group's experts on that applicant,
    ("lead_only", a, class) every leader arc of applicant a from another group class."""

    SOURCE, SINK = 0, 1

    def __init__(self, inst: Instance):
        self.inst = inst
        n_e, n_a = len(inst.experts), len(inst.applicants)
        ca, ce, cm = inst.cand_app, inst.cand_exp, inst.cand_match
        lead = inst.cand_lead  # the candidates the network may make leaders (instance._leader_candidates)
        leader_node, member_node = 2 + n_e + np.arange(n_a), 2 + n_e + n_a + np.arange(n_a)
        self.n_nodes = 2 + n_e + 2 * n_a
        self._arcs = []

        # source -> expert, the k-th unit costing k x SPREAD (never more units than candidates)
        load = np.minimum(inst.capacity, np.bincount(ce, minlength=n_e))
        owner = np.repeat(np.arange(n_e), load)
        k = np.arange(len(owner)) - np.repeat(np.cumsum(load) - load, load) + 1
        self._add(np.full(len(owner), self.SOURCE), 2 + owner, 1, k * SPREAD)

        # (applicant, group) keys; a key is shared when several of its candidates compete for one applicant
        width = int(inst.group.max(initial=0)) + 1
        cand_group = inst.group[ce]
        keys = np.where(cand_group >= 0, ca * width + cand_group, -1)
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared_key = (uniq >= 0) & (counts >= 2)
        pure_key = shared_key & (np.bincount(inverse, weights=~lead, minlength=len(uniq)) == 0)
        mixed_key = shared_key & ~pure_key
        key_app, key_group = uniq // width, uniq % width
        key_in = self._nodes(len(uniq), shared_key)  # the capacity-1 node of a shared key
        key_out = self._nodes(len(uniq), pure_key)  # an all-leader key splits after it into leading and sitting

        # expert -> candidate node (can lead, unless in an all-leader key), key node, or member node: -W x match
        split = lead & ~pure_key[inverse]
        cand_node = self._nodes(len(ca), split)
        member_side = np.where(shared_key[inverse], key_in[inverse], member_node[ca])
        self.entry = self._add(2 + ce, np.where(split, cand_node, member_side), 1, -inst.weights.match * cm)
        self.split_candidates = np.flatnonzero(split)
        split_leader = self._add(cand_node[split], leader_node[ca[split]], 1, 0)
        self._add(cand_node[split], member_side[split], 1, 0)

        # key node -> member node (mixed keys); all-leader keys: key node -> out node -> leader or member node
        mixed, pure = np.flatnonzero(mixed_key), np.flatnonzero(pure_key)
        self.member_arc_of_key = np.full(len(uniq), -1, dtype=np.int64)
        self.member_arc_of_key[mixed] = self._add(key_in[mixed], member_node[key_app[mixed]], 1, 0)
        self._add(key_in[pure], key_out[pure], 1, 0)
        self.pure_keys = pure
        pure_leader = self._add(key_out[pure], leader_node[key_app[pure]], 1, 0)
        self._add(key_out[pure], member_node[key_app[pure]], 1, 0)

        # applicant -> sink
        size = np.array([a.panel_size for a in inst.applicants], dtype=np.int64)
        self._add(leader_node, self.SINK, 1, -inst.weights.leader)
        self._add(member_node, self.SINK, size - 1, 0)
        self.supply = int(size.sum())

        self.split_leader = split_leader
        self.pure_leader = pure_leader
        self.candidate_key = inverse
        self.mixed_key = mixed_key
        self._mixed_keys = (mixed, key_app[mixed], key_group[mixed])  # key_of, made when first asked for
        # every leader arc with its applicant, group class and key
        self.lead_arc = np.concatenate([split_leader, pure_leader])
        self.lead_app = np.concatenate([ca[split], key_app[pure]])
        self.lead_class = np.concatenate([cand_group[split], key_group[pure]])
        self.lead_key = np.concatenate([inverse[split], pure])
        self.tails, self.heads, self.capacities, self.costs = (np.concatenate(c) for c in zip(*self._arcs))
        del self._arcs

    @cached_property
    def key_of(self) -> dict[tuple[int, int], int]:
        """(applicant, group) -> its mixed key (the frozen leaders' restrictions ask; the root solve never does)."""
        return {(int(a), int(g)): int(key) for key, a, g in zip(*(x.tolist() for x in self._mixed_keys))}

    def _nodes(self, n: int, where: np.ndarray) -> np.ndarray:
        nodes = np.full(n, -1, dtype=np.int64)
        nodes[where] = self.n_nodes + np.arange(int(where.sum()))
        self.n_nodes += int(where.sum())
        return nodes

    def _add(self, tails, heads, capacity, cost) -> np.ndarray:
        start = sum(len(arc[0]) for arc in self._arcs)
        tails = np.asarray(tails, dtype=np.int64)
        self._arcs.append(tuple(np.broadcast_to(np.asarray(x, dtype=np.int64), tails.shape)
                                for x in (tails, heads, capacity, cost)))
        return np.arange(start, start + len(tails))

    def capacities_under(self, restrictions: frozenset) -> np.ndarray:
        caps = self.capacities.copy()
        no_member = [k for kind, *rest in restrictions if kind == "no_member" for k in rest]
        caps[self.member_arc_of_key[no_member]] = 0
        no_leader = [k for kind, *rest in restrictions if kind == "no_leader" for k in rest]
        closed = np.isin(self.lead_key, no_leader)
        only = defaultdict(set)
        for kind, *rest in restrictions:
            if kind == "lead_only":
                only[rest[0]].add(rest[1])
        if only:
            allowed = np.full(len(self.inst.applicants), NO_LEADER_CLASS - 1, dtype=np.int64)  # unrestricted
            for a, classes in only.items():
                allowed[a] = classes.pop() if len(classes) == 1 else NO_LEADER_CLASS
            restricted = allowed[self.lead_app] != NO_LEADER_CLASS - 1
            closed |= restricted & (self.lead_class != allowed[self.lead_app])
        caps[self.lead_arc[closed]] = 0
        return caps

    def priced_costs(self, prices: Mapping[int, int]) -> np.ndarray:
        costs = self.costs.copy()
        keys = np.array(list(prices), dtype=np.int64)
        values = np.array(list(prices.values()), dtype=np.int64)
        costs[self.member_arc_of_key[keys]] += values
        price_of = np.zeros(len(self.member_arc_of_key), dtype=np.int64)
        price_of[keys] = values
        costs[self.lead_arc] += price_of[self.lead_key]
        return costs

    def clash_usage(self, flows: np.ndarray, keys: Iterable[int]) -> dict[int, int]:
        """Per mixed key: its leader flow plus its member flow (above 1: a clash)."""
        keys = list(keys)
        led = np.bincount(self.lead_key, weights=flows[self.lead_arc], minlength=len(self.member_arc_of_key))
        return {k: int(led[k]) + int(flows[self.member_arc_of_key[k]]) for k in keys}

    def read(self, flows: np.ndarray) -> tuple[Assignment, list[tuple]]:
        """The panels a flow describes, and the clashes: (key, applicant, group) where a leader and a member of a
        mixed key share the group."""
        inst = self.inst
        leaders = set(self.split_candidates[flows[self.split_leader] > 0].tolist())
        led_keys = set(self.pure_keys[flows[self.pure_leader] > 0].tolist())
        panels = defaultdict(lambda: [None, []])
        clashes = []
        for j in np.flatnonzero(flows[self.entry] > 0).tolist():
            a_idx, e_idx, key = int(inst.cand_app[j]), int(inst.cand_exp[j]), int(self.candidate_key[j])
            if j in leaders or key in led_keys:  # an all-leader key's candidates are never split
                panels[a_idx][0] = e_idx
                if j in leaders and self.mixed_key[key] and flows[self.member_arc_of_key[key]] > 0:
                    clashes.append((key, a_idx, int(inst.group[e_idx])))
            else:
                panels[a_idx][1].append(e_idx)
        return {a: (leader, tuple(members)) for a, (leader, members) in panels.items()}, clashes

    def frozen_leaders(self, assignment: Assignment) -> frozenset:
        """Restrictions that keep every panel's leader in the group it has and keep that group's other experts
        off the panel: a network without clashes, exact for what it leaves open."""
        restrictions = set()
        for a_idx in range(len(self.inst.applicants)):
            leader = assignment.get(a_idx, (None, ()))[0]
            group = NO_LEADER_CLASS if leader is None else int(self.inst.group[leader])
            restrictions.add(("lead_only", a_idx, group))
            if (a_idx, group) in self.key_of:
                restrictions.add(("no_member", self.key_of[(a_idx, group)]))
        return frozenset(restrictions)


@dataclass
class Arcs:
    """A small flow network in the shape the backends read (source 0, sink 1)."""
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supply: int
    SOURCE = 0
    SINK = 1



# --- flow backends: (network, capacities, costs) -> flow per arc; a maximum flow of minimum cost ---
def ortools_flows(net: "Network | Arcs", capacities: np.ndarray, costs: np.ndarray) -> np.ndarray:
    from ortools.graph.python import min_cost_flow

    solver = min_cost_flow.SimpleMinCostFlow()
    if len(net.tails):
        solver.add_arcs_with_capacity_and_unit_cost(net.tails.astype(np.int32), net.heads.astype(np.int32),
                                                    capacities, costs)
    solver.set_node_supply(net.SOURCE, net.supply)
    solver.set_node_supply(net.SINK, -net.supply)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed: {status}")
    return np.asarray(solver.flows(np.arange(len(net.tails), dtype=np.int32)), dtype=np.int64)


def networkx_flows(net: "Network | Arcs", capacities: np.ndarray, costs: np.ndarray) -> np.ndarray:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from([net.SOURCE, net.SINK])
    ends = []  # per arc: the (tail, head) edge that carries its flow in the DiGraph
    for i, (t, h, cap, cost) in enumerate(zip(net.tails.tolist(), net.heads.tolist(), capacities.tolist(),
                                              costs.tolist())):
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


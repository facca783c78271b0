"""Automatic assignment of experts to applicants' panels for one stage (issue #5; Art. 17: 组建评审组, 组长负责制).

Every accepted applicant gets a panel of its size: one leader-eligible leader and members, no expert in conflict
with it, at most one expert per employer or corporate group, no expert beyond their remaining load limit. Among
such proposals the solvers maximise, in this order of priority:

1. filled places: strict (a maximum flow, then the minimum cost among maximum flows), so coverage always beats
   match;
2. panels with a leader: LEADER (`Weights.of`) outweighs any one expert's match and spread, so an exchange that
   gains a leader is always taken;
3. W x total match - total spread, where the k-th applicant of one expert costs k x SPREAD (a convex cost, so the
   load is spread evenly when matches tie) and W = (largest load limit) x SPREAD: moving one assignment to another
   expert changes the spread cost by less than W, so spreading only decides between choices of equal match.

`Proposal.objective` folds them into one integer, filled x COVER + leaders x LEADER + W x match - spread; compare it
only across proposals for the same inputs.

Match score of an expert for an applicant (integer, higher is better; constants below):
    DIVISION_MATCH   the expert's specialties include the applicant's GB/T 4754 division (C31 for C31 or C3110)
    SECTION_MATCH    otherwise, its section only ("C", or another C division, for C31)
    STRENGTH_MATCH   per GB/T 19580 category the applicant is weak in (self-assessment) and the expert is strong in
    CERTIFIED_MATCH  the expert holds the 卓越绩效评审员 certificate

The flow network (OR-Tools SimpleMinCostFlow, integer costs):
    source -> expert e: one arc per unit of e's load limit, the k-th costing k x SPREAD
    expert e -> candidate c(e, a), capacity 1, cost -W x match(e, a), for top_k candidates of each applicant
        (see `_candidates`), never for a conflicting pair
    c(e, a) -> leader(a) (only if e can lead) and c(e, a) -> member(a): an expert is never both leader and member
        of one panel. An expert who cannot lead needs no candidate node: the arc goes straight to the member side.
    leader(a) -> sink: capacity 1, cost -LEADER; member(a) -> sink: capacity panel_size - 1.
    Employer groups: when several candidates of one group X compete for applicant a, their member arcs pass a node
        (a, X) of capacity 1. If every one of them can lead, their leader arcs pass it too and the rule is exact.
        If the group is mixed, no flow can keep a leader and a member of X apart (the unit leaving a shared node
        forgets whether its expert may lead), so the network is a relaxation there: a leader of X and a member
        of X on one panel is a "clash".

The group rule is guaranteed in the result (`_Search`): the relaxed optimum bounds every proposal drawn from the
candidates; a repair (`_repair`) drops the clashing members and refills their places, and any other empty place,
by a small flow over the experts with capacity to spare; then, as `effort` allows, Lagrangian prices on the
clashes, with every priced solution's leaders' groups frozen and everything else re-solved exactly, and a branch
and bound that proves the optimum on small instances (the tests check it against brute force). `Proposal.exact`
says whether the optimum is proven, `Proposal.bound` bounds it from above; bench/README.md reports the gap at
scale (0.1% of the match or less with the whole pool) and CP-SAT's optimum at city scale (one spread unit away).

Texts shown to users are English templates marked with N_() plus a params dict; the web layer renders them as
gettext(message) % params. Params name applicants by `Applicant.name or id` and experts by id.
"""
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

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
CANDIDATE_DEPTH = 2  # see _candidates
HEAD_SHARE = 0.75  # see _candidates
REPAIR_CANDIDATES = 200  # see _repair
# Arcs of all network solves together: about 25 solves at city scale (a fraction of a second), the root solve
# alone at province and national scale (see bench/README.md); small instances are searched to the end.
DEFAULT_EFFORT = 300_000
LAGRANGE_STEP = 2  # match points a violated clash constraint's price rises per round
LAGRANGE_STALL = 3  # rounds without a better bound or proposal before the branch and bound takes over

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
        return ((self.leader,) if self.leader is not None else ()) + self.members


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
    # Proven: no proposal drawn from the candidates (top_k=None: no proposal at all) is better. False when the
    # search stopped at `effort`; greedy never claims it.
    exact: bool = True
    bound: int | None = None  # upper bound on the objective of proposals drawn from the candidates
    solves: int = 0  # flow solves the group-rule search took


@dataclass(frozen=True)
class Weights:
    """The instance's objective weights (see the module docstring): COVER outweighs every leader, match and spread
    term together; LEADER outweighs any one expert's match and spread; W (`match`) = largest load x SPREAD."""
    match: int
    leader: int
    cover: int

    @classmethod
    def of(cls, experts: Iterable[Expert], applicants: Iterable[Applicant]) -> "Weights":
        applicants = list(applicants)
        demand = sum(a.panel_size for a in applicants)
        max_load = max([min(e.capacity, len(applicants)) for e in experts] + [1])
        max_weak = max([len(_categories(frozenset(a.weak_categories))) for a in applicants] + [0])
        max_match = DIVISION_MATCH + STRENGTH_MATCH * max_weak + CERTIFIED_MATCH
        match = max_load * SPREAD
        leader = match * max_match + max_load * SPREAD + 1  # beats any one expert's match and spread
        rest = demand * (match * max_match + max_load * SPREAD)  # the range of W x match - spread
        return cls(match, leader, len(applicants) * leader + rest + 1)


# --- the match score ---
def _division(code: str) -> str | None:
    return code[:3] if len(code) >= 3 else None


def _category(code: str) -> str:
    return ".".join(code.split(".")[:2])  # "4.7.2" (an item) -> "4.7"


@lru_cache(maxsize=4096)
def _categories(codes: frozenset[str]) -> frozenset[str]:
    return frozenset(_category(c.strip()) for c in codes)


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


def _match_parts(expert: Expert, applicant: Applicant) -> list[tuple[str, int]]:
    """(reason, points) pairs: "industry C31" or "section C", "strength 4.7" per category, "certified"."""
    parts = []
    industry = industry_reason(expert, applicant)
    if industry:
        parts.append((industry, DIVISION_MATCH if industry.startswith("industry") else SECTION_MATCH))
    strong = _categories(frozenset(expert.strengths))
    weak = _categories(frozenset(applicant.weak_categories))
    parts += [(f"strength {c}", STRENGTH_MATCH) for c in sorted(weak & strong)]
    if expert.certified:
        parts.append(("certified", CERTIFIED_MATCH))
    return parts


def match_reasons(expert: Expert, applicant: Applicant) -> tuple[str, ...]:
    return tuple(reason for reason, _ in _match_parts(expert, applicant))


def match_score(expert: Expert, applicant: Applicant) -> int:
    return sum(points for _, points in _match_parts(expert, applicant))


Conflicts = Iterable[tuple[str, str]] | Mapping[str, Iterable[str]]


def conflict_map(conflicts: Conflicts) -> Mapping[str, Iterable[str]]:
    """applicant id -> expert ids, from (expert id, applicant id) pairs or from such a mapping already."""
    if isinstance(conflicts, Mapping):
        return conflicts
    by_applicant = defaultdict(set)
    for expert_id, applicant_id in conflicts:
        by_applicant[applicant_id].add(expert_id)
    return by_applicant


# --- the instance: inputs indexed, candidates chosen ---
class _Instance:
    def __init__(self, experts, applicants, conflicts, top_k):
        _check_ids(experts, applicants)
        self.all_experts = list(experts)
        self.experts = [e for e in experts if e.capacity > 0]
        self.applicants = list(applicants)
        self.expert_index = {e.id: i for i, e in enumerate(self.experts)}
        by_applicant = conflict_map(conflicts)
        index = self.expert_index
        self.conflicted = {}  # applicant index -> expert indices
        for a_idx, applicant in enumerate(self.applicants):
            found = [index[e] for e in by_applicant.get(applicant.id, ()) if e in index]
            if found:
                self.conflicted[a_idx] = set(found)
        self.weights = Weights.of(self.all_experts, self.applicants)
        self.capacity = np.array([min(e.capacity, len(self.applicants)) for e in self.experts], dtype=np.int64)
        self.can_lead = np.array([e.can_lead for e in self.experts], dtype=bool)
        groups = sorted({e.employer_group for e in self.experts if e.employer_group is not None})
        group_index = {g: i for i, g in enumerate(groups)}
        self.group = np.array([group_index.get(e.employer_group, -1) for e in self.experts], dtype=np.int64)
        self.by_division, self.by_section = _industry_index(self.experts)
        self.scores = _scores(self)
        self.top_k = len(self.experts) if top_k is None else top_k
        self.cand_app, self.cand_exp, self.cand_match = _candidates(self, self.top_k)
        self.starts = np.searchsorted(self.cand_app, np.arange(len(self.applicants) + 1))
        self._matches = {}

    def match_of(self, a_idx: int, e_idx: int) -> int:
        if a_idx not in self._matches:
            lo, hi = self.starts[a_idx], self.starts[a_idx + 1]
            self._matches[a_idx] = dict(zip(self.cand_exp[lo:hi].tolist(), self.cand_match[lo:hi].tolist()))
        row = self._matches[a_idx]
        if e_idx not in row:
            row[e_idx] = match_score(self.experts[e_idx], self.applicants[a_idx])
        return row[e_idx]

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
    return tuple({k: np.array(v, dtype=np.int64) for k, v in index.items()} for index in (by_division, by_section))


def _check_ids(experts, applicants):
    for kind, ids in (("expert", [e.id for e in experts]), ("applicant", [a.id for a in applicants])):
        doubled = [i for i, n in Counter(ids).items() if n > 1]
        if doubled:
            raise ValueError(f"duplicate {kind} ids: {doubled[:5]}")
    small = [a.id for a in applicants if a.panel_size < 1]
    if small:
        raise ValueError(f"panel size below 1: {small[:5]}")


def _candidates(inst: _Instance, top_k: int):
    """Every applicant's candidates as parallel arrays (applicant, expert, match), by applicant, best first.

    HEAD_SHARE of top_k are the applicant's best experts by match (ties in an order of the applicant's own). The
    rest are drawn, by a hash of the pair, from a window below them in the ranking, deep enough that the applicants
    of one industry, who rank experts alike, together reach CANDIDATE_DEPTH times the capacity their places need:
    plain top-k lists all point at the same few hundred experts of a large industry, and at national scale left
    ~1,400 places unfilled even in the relaxation. With top_k or fewer experts, every expert without a conflict is
    a candidate (the tests check on small cases that top_k = 100 and top_k = all reach the same objective).

    What top_k = 100 costs, measured by bench/assign.py against top_k = all (the relaxed optimum, every place and
    leader filled either way): nothing at city scale; at province scale 8 match points of 89,000 (ordinary pool)
    and 155 of 80,000 (0.2%, tight pool, capacity 1.15 x demand). No place and no leader is lost."""
    n = len(inst.experts)
    scores = inst.scores
    head = int(top_k * HEAD_SHARE)
    tail = top_k - head
    mean_load = max(1.0, float(inst.capacity.mean())) if n else 1.0
    demand = Counter()
    for applicant in inst.applicants:
        demand[_unit(applicant)] += applicant.panel_size
    most_conflicts = Counter()
    for a_idx, applicant in enumerate(inst.applicants):
        key = _score_key(applicant)
        most_conflicts[key] = max(most_conflicts[key], len(inst.conflicted.get(a_idx, ())))
    prefixes, apps, exps, matches = {}, [], [], []
    blocked = np.zeros(n, dtype=bool)
    for a_idx, applicant in enumerate(inst.applicants):
        key = _score_key(applicant)
        score = scores[key]
        conflicted = np.fromiter(inst.conflicted.get(a_idx, ()), dtype=np.int64)
        blocked[conflicted] = True
        if n <= top_k:
            chosen = np.flatnonzero(~blocked)
        else:
            span = max(tail, math.ceil(CANDIDATE_DEPTH * demand[_unit(applicant)] / mean_load))
            if (key, span) not in prefixes:
                prefixes[(key, span)] = _ranking(score, head + span + most_conflicts[key], key)
            ranked = prefixes[(key, span)]
            ranked = ranked[~blocked[ranked]]
            window = ranked[head:head + span]
            if len(window) > tail:
                window = window[np.argpartition(_hash(window, applicant.id), tail - 1)[:tail]]
            chosen = np.concatenate([ranked[:head], window])
        blocked[conflicted] = False
        chosen = chosen[np.argsort(-score[chosen], kind="stable")]
        apps.append(np.full(len(chosen), a_idx, dtype=np.int64))
        exps.append(chosen)
        matches.append(score[chosen])
    if not apps:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(apps), np.concatenate(exps), np.concatenate(matches)


def _score_key(applicant: Applicant) -> tuple[str, frozenset[str]]:
    return (applicant.industry or "").strip().upper(), _categories(frozenset(applicant.weak_categories))


def _unit(applicant: Applicant) -> str:
    """The experts an applicant competes for: those of its division, or of its section."""
    industry = (applicant.industry or "").strip().upper()
    return _division(industry) or industry[:1]


def _scores(inst: _Instance) -> dict[tuple, np.ndarray]:
    """Match score of every expert, per (industry, weak categories) of the applicants."""
    categories = sorted({c for a in inst.applicants for c in _categories(frozenset(a.weak_categories))})
    bit = {c: 1 << i for i, c in enumerate(categories)}
    strong = np.array([sum(bit.get(c, 0) for c in _categories(frozenset(e.strengths))) for e in inst.experts],
                      dtype=np.uint64)
    base = np.array([CERTIFIED_MATCH if e.certified else 0 for e in inst.experts], dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    scores = {}
    for applicant in inst.applicants:
        key = _score_key(applicant)
        if key in scores:
            continue
        industry, weak = key[0], sum(bit[c] for c in key[1])
        score = base + STRENGTH_MATCH * np.bitwise_count(strong & np.uint64(weak)).astype(np.int64)
        if industry:
            score[inst.by_section.get(industry[:1], none)] += SECTION_MATCH
            if _division(industry):
                score[inst.by_division.get(_division(industry), none)] += DIVISION_MATCH - SECTION_MATCH
        scores[key] = score
    return scores


def _hash(experts: np.ndarray, salt: str) -> np.ndarray:
    """A deterministic pseudo-random order of experts, its own per salt (an applicant or a score key)."""
    seed = np.uint64(zlib.crc32(salt.encode("utf-8")) * 0x85EBCA6B)
    mixed = (experts.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    return ((mixed ^ seed) >> np.uint64(33)).astype(np.int64)  # 31 bits


def _ranking(score: np.ndarray, depth: int, key: tuple) -> np.ndarray:
    """The first `depth` experts by score, ties in a pseudo-random order of the key's own."""
    order = (score << 31) | _hash(np.arange(len(score)), f"{key[0]}|{sorted(key[1])}")
    depth = min(depth, len(score))
    top = np.argpartition(-order, depth - 1)[:depth] if depth < len(score) else np.arange(len(score))
    return top[np.argsort(-order[top], kind="stable")]


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
NO_LEADER_CLASS = -2  # "lead_only" class that closes every leader arc of a panel
UNGROUPED = -1  # the class of experts without an employer group


class _Network:
    """Arrays of arcs (tail, head, capacity, cost) and what is needed to read a flow back as panels.

    Restrictions (used by the group-rule search) close arcs: ("no_member", key) closes the member arc of a mixed
    (applicant, group) node, ("no_leader", key) the leader arcs of that group's experts on that applicant,
    ("lead_only", a, class) every leader arc of applicant a from another group class."""

    SOURCE, SINK = 0, 1

    def __init__(self, inst: _Instance):
        self.inst = inst
        n_e, n_a = len(inst.experts), len(inst.applicants)
        ca, ce, cm = inst.cand_app, inst.cand_exp, inst.cand_match
        lead = inst.can_lead[ce]
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
        self.key_of = {(int(a), int(g)): int(key) for key, a, g in zip(mixed, key_app[mixed], key_group[mixed])}
        # every leader arc with its applicant, group class and key
        self.lead_arc = np.concatenate([split_leader, pure_leader])
        self.lead_app = np.concatenate([ca[split], key_app[pure]])
        self.lead_class = np.concatenate([cand_group[split], key_group[pure]])
        self.lead_key = np.concatenate([inverse[split], pure])
        self.tails, self.heads, self.capacities, self.costs = (np.concatenate(c) for c in zip(*self._arcs))
        del self._arcs

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
class _Arcs:
    """A small flow network in the shape the backends read (source 0, sink 1)."""
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supply: int
    SOURCE = 0
    SINK = 1


def _repair(inst: _Instance, assignment: Assignment, clashes: list[tuple], flows_of: Callable) -> Assignment:
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
    freed = {a: inst.applicants[a].panel_size - 1 - len(members) for a, (_, members) in assignment.items()}
    freed = {a: n for a, n in freed.items() if n > 0}
    found = [(a_idx, *_open_experts(inst, a_idx, (assignment[a_idx][0], *assignment[a_idx][1]), spare, None,
                                    REPAIR_CANDIDATES)) for a_idx in freed]
    if not found or not sum(len(pool) for _, pool, _ in found):
        return assignment
    rows_a = np.concatenate([np.full(len(pool), a_idx, dtype=np.int64) for a_idx, pool, _ in found])
    rows_e = np.concatenate([pool for _, pool, _ in found])
    rows_m = np.concatenate([score for _, _, score in found])
    chosen = _fill(inst, freed, rows_a, rows_e, rows_m, spare, flows_of)
    for a_idx, e in zip(rows_a[chosen].tolist(), rows_e[chosen].tolist()):
        leader, members = assignment[a_idx]
        assignment[a_idx] = (leader, members + (e,))
    return assignment


def _fill(inst: _Instance, freed: dict[int, int], rows_a, rows_e, rows_m, spare, flows_of) -> np.ndarray:
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
    net = _Arcs(*columns, sum(freed.values()))
    flows = flows_of(net, net.capacities, net.costs)
    return np.flatnonzero(flows[len(owner):len(owner) + len(rows_e)] > 0)


def _open_experts(inst: _Instance, a_idx: int, on_panel, spare: np.ndarray, among: np.ndarray | None, n: int):
    """The n best experts (indices, scores) with capacity to spare who may join applicant a's panel."""
    on_panel = [e for e in on_panel if e is not None]
    open_ = spare > 0
    if among is not None:
        open_ &= among
    taken = inst.group[on_panel]
    for group in taken[taken >= 0].tolist():
        open_ &= inst.group != group
    open_[list(inst.conflicted.get(a_idx, ())) + on_panel] = False
    pool = np.flatnonzero(open_)
    score = inst.scores[_score_key(inst.applicants[a_idx])][pool]
    if len(pool) > n:
        keep = np.argpartition(-score, n - 1)[:n]
        pool, score = pool[keep], score[keep]
    order = np.lexsort((pool, -score))
    return pool[order], score[order]


# --- flow backends: (network, capacities, costs) -> flow per arc; a maximum flow of minimum cost ---
def _ortools_flows(net: "_Network | _Arcs", capacities: np.ndarray, costs: np.ndarray) -> np.ndarray:
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


def _networkx_flows(net: "_Network | _Arcs", capacities: np.ndarray, costs: np.ndarray) -> np.ndarray:
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


class _Search:
    """The relaxed network made valid and, effort permitting, optimal (see the module docstring).

    1. The root: the relaxed optimum bounds every proposal drawn from the candidates; without clashes it is one.
    2. A repair of it (`_repair`) is always a valid proposal; it also fills empty places from experts with
       capacity to spare outside the candidate lists, so it may beat the bound.
    3. Lagrangian rounds, effort permitting: each clash constraint (leader of X on a) + (member of X on a) <= 1
       gets a price on its arcs, raised while violated and lowered while slack; every priced solve gives an upper
       bound (its value plus the prices of the constraints) and a priced solution whose leaders' groups are then
       frozen (`frozen_leaders`) for a valid proposal, solved exactly for everything else.
    4. Branch and bound, effort permitting, until the best proposal meets the bound: a node with a clash (a, X)
       splits into "a's leader comes from X (or a has none) and no other expert of X sits on a" and "no expert
       of X leads a"; the nodes' relaxed optima bound their subtrees; each node's local repair may improve the
       best proposal.
    `effort` caps the arcs of all network solves together (the root always runs)."""

    def __init__(self, inst: _Instance, flows_of: Callable, effort: int):
        self.inst, self.flows_of, self.effort = inst, flows_of, effort
        self.net = _Network(inst)
        self.solves = self.work = 0
        self.best, self.best_value = None, None

    def affordable(self) -> bool:
        return self.work + len(self.net.tails) <= self.effort

    def solve(self, restrictions=frozenset(), prices=None):
        self.solves += 1
        self.work += len(self.net.tails)
        costs = self.net.costs if not prices else self.net.priced_costs(prices)
        flows = self.flows_of(self.net, self.net.capacities_under(restrictions), costs)
        assignment, clashes = self.net.read(flows)
        return assignment, clashes, _value(self.inst, assignment), flows

    def offer(self, assignment: Assignment) -> None:
        value = _value(self.inst, assignment)[0]
        if self.best is None or value > self.best_value:
            self.best, self.best_value = assignment, value

    def run(self) -> _Outcome:
        assignment, clashes, (bound, *_), flows = self.solve()
        if not clashes:
            self.offer(assignment)
        self.offer(_repair(self.inst, assignment, clashes, self.flows_of))
        if clashes:
            bound = self.lagrangian(assignment, clashes, flows, bound)
            bound = self.branch_and_bound(bound)
        return _Outcome(self.best, bound <= self.best_value, max(bound, self.best_value), self.solves)

    def lagrangian(self, assignment, clashes, flows, bound) -> int:
        prices, stalled = {}, 0
        while stalled < LAGRANGE_STALL and self.best_value < bound and self.affordable():
            frozen, _, _, _ = self.solve(self.net.frozen_leaders(assignment))
            before = self.best_value
            self.offer(_repair(self.inst, frozen, [], self.flows_of))
            if not self.affordable():
                break
            for key, used in self.net.clash_usage(flows, set(prices) | {c[0] for c in clashes}).items():
                prices[key] = max(0, prices.get(key, 0) + LAGRANGE_STEP * self.inst.weights.match * (used - 1))
            assignment, clashes, (value, filled, *_), flows = self.solve(prices=prices)
            usage = self.net.clash_usage(flows, prices)
            # A proposal filling fewer places than this maximum flow is worth less than cover x filled - 1.
            priced_bound = max(value - sum(price * (usage[key] - 1) for key, price in prices.items()),
                               self.inst.weights.cover * filled - 1)
            stalled = 0 if priced_bound < bound or self.best_value > before else stalled + 1
            bound = min(bound, priced_bound)
            if not clashes:
                self.offer(assignment)
        return bound

    def branch_and_bound(self, bound) -> int:
        stack, unexplored = [(frozenset(), bound)], []
        while stack:
            restrictions, bound = stack.pop()
            if bound <= self.best_value:
                continue
            if not self.affordable():
                unexplored.append(bound)
                continue
            assignment, clashes, (value, *_), _ = self.solve(restrictions)
            bound = min(bound, value)
            if bound <= self.best_value:
                continue
            if not clashes:
                self.offer(assignment)
                continue
            self.offer(_repair(self.inst, assignment, clashes, self.flows_of))
            key, a_idx, group = clashes[0]
            stack.append((restrictions | {("no_leader", key)}, bound))
            stack.append((restrictions | {("lead_only", a_idx, group), ("no_member", key)}, bound))
        return max(unexplored, default=self.best_value)


# --- the solvers, by name ---
SOLVERS: dict[str, Callable[[_Instance, int], _Outcome]] = {}  # (instance, effort) -> outcome


def register_solver(name: str):
    def register(function):
        SOLVERS[name] = function
        return function
    return register


@register_solver("ortools")
def _solve_ortools(inst: _Instance, effort: int) -> _Outcome:
    return _Search(inst, _ortools_flows, effort).run()


@register_solver("networkx")
def _solve_networkx(inst: _Instance, effort: int) -> _Outcome:
    """Exact, slow: networkx's max_flow_min_cost on the same network; the cross-check in the tests."""
    return _Search(inst, _networkx_flows, effort).run()


@register_solver("greedy")
def _solve_greedy(inst: _Instance, effort: int) -> _Outcome:
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
    return _Outcome(assignment, False, None)


def propose(experts: Iterable[Expert], applicants: Iterable[Applicant], conflicts: Conflicts,
            solver: str = "ortools", top_k: int | None = DEFAULT_TOP_K, effort: int = DEFAULT_EFFORT) -> Proposal:
    """Panels for every applicant of one stage; short panels explained in `unfilled`, the rest still proposed.

    conflicts: (expert id, applicant id) pairs never to assign, or applicant id -> expert ids (faster for millions).
    top_k: candidates per applicant (None: every expert). effort: see DEFAULT_EFFORT."""
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; known: {sorted(SOLVERS)}")
    inst = _Instance(list(experts), list(applicants), conflicts, top_k)
    outcome = SOLVERS[solver](inst, effort)
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
                   conflicts: Conflicts, load_elsewhere: Mapping[str, int] | None = None
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
    conflicted = set(conflict_map(conflicts).get(applicant.id, ()))
    by_group = defaultdict(list)
    for expert_id in distinct:
        expert = experts_by_id.get(expert_id)
        if expert is None:
            problems.append((N_("%(expert)s cannot be assigned in this cycle (suspended, disqualified, "
                                "unavailable or unknown)."), {RULE: "unavailable", "expert": expert_id}))
            continue
        if expert_id in conflicted:
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
                      conflicts: Conflicts) -> dict[str, list[tuple[str, dict]]]:
    """panel_problems for every panel of a proposal, loads counted across it; declared shortfalls pass."""
    experts_by_id = {e.id: e for e in experts}
    conflicts = conflict_map(conflicts)
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

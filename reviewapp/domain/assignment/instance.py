"""The instance a solver works on: the inputs indexed as arrays, and each applicant's candidates chosen."""
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sized
from itertools import repeat

import numpy as np

from reviewapp.domain.assignment.model import Applicant, Expert, conflict_map
from reviewapp.domain.assignment.scoring import (
    CERTIFIED_MATCH,
    DIVISION_MATCH,
    SECTION_MATCH,
    STRENGTH_MATCH,
    Weights,
    categories_of,
    division_of,
    normalized_codes,
)

DEFAULT_TOP_K = 100
ALL_PAIRS = 30_000  # up to this many (expert, applicant) pairs every pair is a candidate: a proof over the
# candidates (branch and bound) is then a proof over all pairs (city scale: 18,000)
CANDIDATE_DEPTH = 2  # see _candidates
HEAD_SHARE = 0.75  # see _candidates
EXPOSURE = 8  # see _exposed: every expert in at least EXPOSURE x its load limit candidate lists ...
REACH = 1.5  # ... when the lists reach experts with less capacity than REACH x the places (tight pools)
EXPOSURE_CHUNK = 128  # experts at a time in _exposed (applicants x 128 scores: fits the cache, 0.25 s less than 512)
LEADER_CANDIDATES = 8  # see _leader_candidates: the network lets each applicant's 8 best leader-eligible candidates
LEADER_EXPOSURE = 2  # ... and each leader-eligible expert in its best 2 x load limit lists lead


# --- the instance: inputs indexed, candidates chosen ---
class Instance:
    def __init__(self, experts, applicants, conflicts, top_k):
        _check_ids(experts, applicants)
        self.all_experts = list(experts)
        self.experts = [e for e in experts if e.capacity > 0]
        self.applicants = list(applicants)
        self.expert_index = {e.id: i for i, e in enumerate(self.experts)}
        by_applicant = conflict_map(conflicts)
        index = self.expert_index
        self.conflicted_arrays = {}  # applicant index -> expert indices, sorted, without repeats
        for a_idx, applicant in enumerate(self.applicants):
            ids = by_applicant.get(applicant.id, ())
            ids = ids if isinstance(ids, Sized) else list(ids)
            found = np.sort(np.fromiter(map(index.get, ids, repeat(-1)), dtype=np.int64, count=len(ids)))
            found = found[(found >= 0) & np.r_[True, found[1:] != found[:-1]]]
            if len(found):
                self.conflicted_arrays[a_idx] = found
        self.conflicted = _ConflictSets(self.conflicted_arrays)  # the same as sets, made when first asked for
        self.weights = Weights.of(self.all_experts, self.applicants)
        self.capacity = np.array([min(e.capacity, len(self.applicants)) for e in self.experts], dtype=np.int64)
        self.can_lead = np.array([e.can_lead for e in self.experts], dtype=bool)
        groups = sorted({e.employer_group for e in self.experts if e.employer_group is not None})
        group_index = {g: i for i, g in enumerate(groups)}
        self.group = np.array([group_index.get(e.employer_group, -1) for e in self.experts], dtype=np.int64)
        self.by_division, self.by_section = _industry_index(self.experts)
        self.scores = _scores(self)
        self._app_scores = None  # per applicant, its score key's scores (match_of)
        small = len(self.experts) * len(self.applicants) <= ALL_PAIRS
        self.top_k = len(self.experts) if top_k is None or small else top_k
        self.cand_app, self.cand_exp, self.cand_match = _candidates(self, self.top_k)
        self.starts = np.searchsorted(self.cand_app, np.arange(len(self.applicants) + 1))
        self.cand_lead = self.can_lead[self.cand_exp]
        self.tight = False  # the applicants' lists reach too little capacity (see _exposed)
        self.trim_leaders = self.top_k < len(self.experts)
        if self.top_k < len(self.experts):
            exposed = _exposed(self)
            self.tight = bool(len(exposed[0]))
            self.trim_leaders = not self.tight  # a tight pool: leaders are scarce, every candidate may lead
            self.add_candidates(*exposed)

    def add_candidates(self, e_idx: np.ndarray, a_idx: np.ndarray, match: np.ndarray) -> None:
        """More (expert, applicant, match) candidates, e.g. the pairs that pricing (bound.py) finds worth adding;
        the caller rebuilds its network."""
        apps, exps = np.concatenate([self.cand_app, a_idx]), np.concatenate([self.cand_exp, e_idx])
        matches = np.concatenate([self.cand_match, match])
        order = np.lexsort((-matches, apps))
        self.cand_app, self.cand_exp, self.cand_match = apps[order], exps[order], matches[order]
        self.starts = np.searchsorted(self.cand_app, np.arange(len(self.applicants) + 1))
        self.cand_lead = _leader_candidates(self)

    def widen_leaders(self) -> bool:
        """Let every leader-eligible candidate lead (see _leader_candidates); False if they all may already."""
        every = self.can_lead[self.cand_exp]
        if (self.cand_lead == every).all():
            return False
        self.cand_lead = every
        self.trim_leaders = False
        return True

    def match_of(self, a_idx: int, e_idx: int) -> int:
        """match_score of the pair, read from the applicant's score key (_scores: the same points)."""
        if self._app_scores is None:
            self._app_scores = [self.scores[score_key(a)] for a in self.applicants]
        return int(self._app_scores[a_idx][e_idx])

    def conflict_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every conflicted pair as two arrays (applicant indices, expert indices), applicant by applicant."""
        arrays = self.conflicted_arrays
        return (np.repeat(np.fromiter(arrays, dtype=np.int64, count=len(arrays)),
                          [len(x) for x in arrays.values()]).astype(np.int64),
                np.concatenate([*arrays.values(), np.zeros(0, dtype=np.int64)]))

    def in_industry(self, a_idx: int) -> np.ndarray:
        """Experts of the applicant's division (of its section, when it names a section only)."""
        industry = (self.applicants[a_idx].industry or "").strip().upper()
        if division_of(industry):
            return self.by_division.get(division_of(industry), np.zeros(0, dtype=np.int64))
        return self.by_section.get(industry[:1], np.zeros(0, dtype=np.int64))


class _ConflictSets(Mapping):
    """applicant index -> set of expert indices, from the arrays, each set made when first asked for (most never
    are: the candidates and the bound read the arrays)."""

    def __init__(self, arrays: dict[int, np.ndarray]):
        self._arrays, self._sets = arrays, {}

    def __getitem__(self, a_idx: int) -> set[int]:
        if a_idx not in self._sets:
            self._sets[a_idx] = set(self._arrays[a_idx].tolist())
        return self._sets[a_idx]

    def __iter__(self):
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)


def _industry_index(experts: list[Expert]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    by_division, by_section = defaultdict(list), defaultdict(list)
    for i, e in enumerate(experts):
        codes = normalized_codes(e.industries)
        for division in {division_of(c) for c in codes} - {None}:
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


def _candidates(inst: Instance, top_k: int):
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
        key = score_key(applicant)
        most_conflicts[key] = max(most_conflicts[key], len(inst.conflicted_arrays.get(a_idx, ())))
    prefixes, apps, exps, matches = {}, [], [], []
    blocked = np.zeros(n, dtype=bool)
    for a_idx, applicant in enumerate(inst.applicants):
        key = score_key(applicant)
        score = scores[key]
        conflicted = inst.conflicted_arrays.get(a_idx, np.zeros(0, dtype=np.int64))
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


def _exposed(inst: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(expert, applicant, match) pairs that put every expert in at least EXPOSURE x its load limit candidate
    lists: each expert in fewer takes its best applicants by match (ties in a pseudo-random order of the pair),
    without conflicts and not yet its candidates. The applicants' lists reach only the experts some applicant ranks
    high; in a tight pool (capacity 1.15 x demand, national scale) 1,600 of 13,400 experts were in none, the
    relaxation over the candidates left ~400 places empty, and its prices over all pairs proved nothing (issue 19).
    EXPOSURE 8 rather than 2 (national tight, bench/README.md): 104,000 arcs more (20%), a root solve no slower
    (easier, measured 12.0-12.6 s CPU against 13.3-14.3 s), a better proposal and the gap 3.85% -> 1.98%
    (3: 3.40%, 5: 2.66%, 12: 1.56% at 15 s, 20: 1.48% at 18 s).
    Only when the lists reach experts with less capacity than REACH x the places: in the bench's tight pools
    (province 1.11, national 0.99 x demand reached) and not in the ordinary ones (3.4 and 1.8), where every place
    is filled anyway and the pass would cost 2.7 s CPU and 62,000 arcs at national scale (for a 0.1% better
    gap)."""
    n_e, n_a = len(inst.experts), len(inst.applicants)
    lists = np.bincount(inst.cand_exp, minlength=n_e)
    want = np.minimum(EXPOSURE * inst.capacity, n_a) - lists
    if np.minimum(lists, inst.capacity).sum() >= REACH * sum(a.panel_size for a in inst.applicants):
        want[:] = 0
    short = np.flatnonzero(want > 0)
    if not len(short):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    keys = {key: k for k, key in enumerate(inst.scores)}
    key_of = np.array([keys[score_key(a)] for a in inst.applicants], dtype=np.int64)
    excluded = _pair_codes(inst, short)  # candidates and conflicts of the short experts, as e x n_a + a, sorted
    found_e, found_a, found_m = [], [], []
    depth = min(n_a, 2 * int(want.max(initial=0)) + 8)  # the lists they are in, and some conflicts, skipped
    salt = (_hash(np.arange(n_a), "exposure") >> 7).astype(np.int32)  # 24 bits, and the match (< 128) << 24: int32
    for lo in range(0, len(short), EXPOSURE_CHUNK):
        chunk = short[lo:lo + EXPOSURE_CHUNK]
        score = np.stack([inst.scores[key][chunk] for key in keys], axis=1).astype(np.int32)[:, key_of]
        mixed = (_hash(chunk, "exposure") >> 7).astype(np.int32)[:, None] ^ salt[None, :]
        order = (np.minimum(score, 127) << 24) | mixed
        top = np.argpartition(-order, depth - 1, axis=1)[:, :depth] if depth < n_a else np.tile(np.arange(n_a),
                                                                                               (len(chunk), 1))
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(order, top, axis=1), axis=1, kind="stable"),
                                 axis=1)
        codes = chunk[:, None] * n_a + top
        at = np.minimum(np.searchsorted(excluded, codes), max(0, len(excluded) - 1))
        free = excluded[at] != codes if len(excluded) else np.ones(codes.shape, dtype=bool)
        free &= np.cumsum(free, axis=1) <= want[chunk][:, None]  # each expert's first `want` free applicants
        rows, cols = np.nonzero(free)
        found_e.append(chunk[rows])
        found_a.append(top[rows, cols])
        found_m.append(score[rows, top[rows, cols]].astype(np.int64))
    return tuple(np.concatenate(x).astype(np.int64) for x in (found_e, found_a, found_m))


def _pair_codes(inst: Instance, experts: np.ndarray) -> np.ndarray:
    """The candidate and conflicted pairs (e, a) of these experts as sorted codes e x n_a + a."""
    n_a = len(inst.applicants)
    mine = np.zeros(len(inst.experts), dtype=bool)
    mine[experts] = True
    conf_a, conf_e = inst.conflict_pairs()
    e = np.concatenate([inst.cand_exp, conf_e])
    a = np.concatenate([inst.cand_app, conf_a])
    keep = mine[e]
    return np.sort(e[keep] * n_a + a[keep])


def _leader_candidates(inst: Instance) -> np.ndarray:
    """Per candidate: may the network make it the applicant's leader? In an ordinary pool (more than top_k
    experts, no exposure pass) the applicant's LEADER_CANDIDATES best leader-eligible candidates by match (ties in a
    pseudo-random order of the pair), and each leader-eligible expert's best LEADER_EXPOSURE x load limit
    applicants among its candidates; elsewhere (every pair a candidate, or a tight pool, where leaders are scarce
    and the relaxation's prices for them, hence the bound, suffer: province tight 1.0% -> 2.0%) every
    leader-eligible candidate. A candidate that may lead costs the network a node and three arcs (flow.py: it leads
    or sits, never both) against one arc for a member only, and a panel takes one leader: at national scale (ordinary
    pool) this takes ~180,000 of ~930,000 arcs and a third of the root's solve time off, for the same proposal and
    bound (bench/README.md). The bound (bound.py) still counts every pair as a possible leader, and should the
    relaxation leave a leader's place empty, the root is solved again with every leader-eligible candidate
    (search.py, `widen_leaders`)."""
    lead = inst.can_lead[inst.cand_exp]
    if not inst.trim_leaders:
        return lead
    n_a = len(inst.applicants)
    tie = _hash(inst.cand_exp * n_a + inst.cand_app, "leader")
    order = np.lexsort((tie, -inst.cand_match, ~lead, inst.cand_app))  # per applicant: leaders first, best first
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - inst.starts[inst.cand_app[order]]
    by_expert = np.lexsort((tie, -inst.cand_match, ~lead, inst.cand_exp))  # per expert: the same
    firsts = np.searchsorted(inst.cand_exp[by_expert], np.arange(len(inst.experts)))
    rank_e = np.empty(len(order), dtype=np.int64)
    rank_e[by_expert] = np.arange(len(order)) - firsts[inst.cand_exp[by_expert]]
    return lead & ((rank < LEADER_CANDIDATES) | (rank_e < LEADER_EXPOSURE * inst.capacity[inst.cand_exp]))


def score_key(applicant: Applicant) -> tuple[str, frozenset[str]]:
    return (applicant.industry or "").strip().upper(), categories_of(frozenset(applicant.weak_categories))


def _unit(applicant: Applicant) -> str:
    """The experts an applicant competes for: those of its division, or of its section."""
    industry = (applicant.industry or "").strip().upper()
    return division_of(industry) or industry[:1]


def _scores(inst: Instance) -> dict[tuple, np.ndarray]:
    """Match score of every expert, per (industry, weak categories) of the applicants."""
    categories = sorted({c for a in inst.applicants for c in categories_of(frozenset(a.weak_categories))})
    bit = {c: 1 << i for i, c in enumerate(categories)}
    strong = np.array([sum(bit.get(c, 0) for c in categories_of(frozenset(e.strengths))) for e in inst.experts],
                      dtype=np.uint64)
    base = np.array([CERTIFIED_MATCH if e.certified else 0 for e in inst.experts], dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    scores = {}
    for applicant in inst.applicants:
        key = score_key(applicant)
        if key in scores:
            continue
        industry, weak = key[0], sum(bit[c] for c in key[1])
        score = base + STRENGTH_MATCH * np.bitwise_count(strong & np.uint64(weak)).astype(np.int64)
        if industry:
            score[inst.by_section.get(industry[:1], none)] += SECTION_MATCH
            if division_of(industry):
                score[inst.by_division.get(division_of(industry), none)] += DIVISION_MATCH - SECTION_MATCH
        scores[key] = score
    return scores


def _hash(experts: np.ndarray, salt: str) -> np.ndarray:
    """A deterministic pseudo-random order of experts, its own per salt (an applicant or a score key)."""
    seed = np.uint64(zlib.crc32(salt.encode("utf-8")) * 0x85EBCA6B)
    mixed = (experts.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    return ((mixed ^ seed) >> np.uint64(33)).astype(np.int64)  # 31 bits


def _ranking(score: np.ndarray, depth: int, key: tuple) -> np.ndarray:
    """The first `depth` experts by score, ties in a pseudo-random order of the key's own."""
    depth = min(depth, len(score))
    if depth < len(score):  # only the experts at or above the depth-th score can be among the first
        counts = np.bincount(score - score.min())[::-1]
        threshold = score.max() - int(np.searchsorted(np.cumsum(counts), depth))
        pool = np.flatnonzero(score >= threshold)
    else:
        pool = np.arange(len(score))
    order = (score[pool] << 31) | _hash(pool, f"{key[0]}|{sorted(key[1])}")
    top = np.argpartition(-order, depth - 1)[:depth] if depth < len(pool) else np.arange(len(pool))
    return pool[top[np.argsort(-order[top], kind="stable")]]


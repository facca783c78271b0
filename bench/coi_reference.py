"""A typed sparse-matrix reference for the conflict engine (issue #19, "Conflict engine"): the yardstick the
engine's build, full matrix and memory are measured against. Not used by the app.

It answers the same question as `ConflictEngine.matrix` by linear algebra over the same policy:
- build: per distinct rule step, one CSR adjacency (scipy.sparse) of the relations that can count for that step
  (its types, its timing - active at D or within the lookback - its minimum share, its maximum degree; symmetric
  types both ways), and the active subsidiary_of relations (child -> parent);
- matrix: per rule, the experts' rows of the first step's adjacency multiplied along the pattern; a rule about the
  applicant's group then goes through the group membership matrix (an organization belongs to the applicant's group
  when both have a common ancestor-or-self through active subsidiary_of relations: the engine's "descendants-or-self
  of the applicant's ancestors-or-self"); the union over the rules is the set of conflicted pairs;
- paths: for every (expert, applicant, rule) found, one shortest explaining path, by walking the rule's pattern
  forward from the expert (once per expert and rule) and, for the group rules, the shortest corporate route from
  the organization reached up to a common ancestor and down to the applicant.

The results are plain tuples (expert, applicant, rule, entity ids along the path, facts along the path), the
shortest explanations have the engine's lengths; which of several equally short paths is chosen may differ.
"""
import gc
import time
from collections import defaultdict
from datetime import date

import numpy as np
import scipy.sparse as sp

from reviewapp.domain.coi.model import RELATION_TYPES, SYMMETRIC_TYPES
from reviewapp.domain.dates import years_before

DECLARED = "declared"
_CODE = {rel_type: code for code, rel_type in enumerate(RELATION_TYPES)}
_FAR = date.max.toordinal() + 1   # an open end
_UNKNOWN = object()


class SparseReference:
    """The typed sparse-matrix method. `findings(experts, applicants)` -> [(expert, applicant, rule, path, facts)],
    sorted like the engine's matrix."""

    def __init__(self, entities, relations, as_of: date, policy, declared=()):
        self.policy = policy
        self.as_of = as_of
        self.ids = [entity.id for entity in entities]
        self.index = {entity_id: i for i, entity_id in enumerate(self.ids)}
        self.n = len(self.ids)
        self.declared = {(d.expert, d.applicant): d for d in declared}
        self.matrix_cpu_s = 0.0
        self._columns(relations, as_of, years_before(as_of, policy.lookback_years))
        self.steps = {}           # Step -> (CSR matrix, fact number per stored entry)
        for rule in policy.rules:
            for pattern in rule.patterns:
                for step in pattern:
                    if step not in self.steps:
                        self.steps[step] = self._step_matrix(step)
        links = (self.type == _CODE["subsidiary_of"]) & self.active
        self.parents = self._csr(self.src[links], self.dst[links], np.flatnonzero(links))

    # --- build -----------------------------------------------------------------------------------------------
    def _columns(self, relations, as_of: date, window_start: date) -> None:
        """The relations that can count for some step, as columns: those of member_of, those that start after D
        and those that ended before the lookback window never count (the engine's `_may_matter`)."""
        d, w = as_of.toordinal(), window_start.toordinal()
        index, member_of = self.index, "member_of"
        facts, types, src, dst, ends, shares, degrees = [], [], [], [], [], [], []
        for fact in relations:
            if fact.type == member_of:
                continue
            start, end = fact.start, fact.end
            if (start is not None and start.toordinal() > d) or (end is not None and end.toordinal() < w):
                continue
            facts.append(fact)
            types.append(_CODE[fact.type])
            src.append(index[fact.source])
            dst.append(index[fact.target])
            ends.append(_FAR if end is None else end.toordinal())
            shares.append(np.nan if fact.share is None else fact.share)
            degrees.append(0 if fact.degree is None else fact.degree)
        self.facts = facts
        self.type = np.array(types, dtype=np.int8)
        self.src = np.array(src, dtype=np.int32)
        self.dst = np.array(dst, dtype=np.int32)
        self.active = np.array(ends, dtype=np.int64) >= d
        self.share = np.array(shares, dtype=np.float64)
        self.degree = np.array(degrees, dtype=np.int16)

    def _step_matrix(self, step):
        mask = np.isin(self.type, [_CODE[t] for t in step.types])
        if step.timing == "active":
            mask &= self.active
        if step.min_share is not None:   # a missing share counts, as in the engine: NaN < x is false
            mask &= ~(self.share < step.min_share)
        if step.max_degree is not None:  # a missing degree (0) counts
            mask &= self.degree <= step.max_degree
        numbers = np.flatnonzero(mask)
        rows, cols = self.src[numbers], self.dst[numbers]
        symmetric = np.isin(self.type[numbers], [_CODE[t] for t in step.types & SYMMETRIC_TYPES])
        if symmetric.any():
            rows, cols = np.concatenate([rows, cols[symmetric]]), np.concatenate([cols, rows[symmetric]])
            numbers = np.concatenate([numbers, numbers[symmetric]])
        return self._csr(rows, cols, numbers)

    def _csr(self, rows, cols, numbers):
        """(CSR matrix of ones, the fact number of each stored entry): rows sorted, one entry per relation (two
        relations between the same two entities are two entries; the products add them up)."""
        order = np.lexsort((cols, rows))
        rows, cols, numbers = rows[order], cols[order], numbers[order]
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=self.n), out=indptr[1:])
        matrix = sp.csr_matrix((np.ones(len(cols), dtype=np.int32), cols, indptr), shape=(self.n, self.n))
        return matrix, numbers

    # --- the corporate groups ----------------------------------------------------------------------------------
    def _ancestry(self) -> sp.csr_matrix:
        """N x N: entry (m, x) = 1 + hops from m up to its ancestor-or-self x through active subsidiary_of
        relations, by breadth-first levels of sparse products (ends on cycles too: only new entries go on)."""
        up = self.parents[0]
        reached = sp.identity(self.n, dtype=np.int32, format="csr")
        known, frontier, level = reached, reached, 1
        while True:
            frontier = frontier @ up
            frontier.data[:] = 1
            frontier = frontier - frontier.multiply(reached)   # drop what an earlier level reached
            frontier.eliminate_zeros()
            if frontier.nnz == 0:
                return known
            level += 1
            reached = reached + frontier
            known = known + frontier * level

    # --- the matrix ----------------------------------------------------------------------------------------------
    def conflicted(self, experts, applicants):
        """(expert positions, applicant positions, rule id) arrays of every finding, without paths, plus what the
        paths need: {rule id: (rows, cols)} over the deduplicated expert and applicant lists."""
        experts, applicants = list(dict.fromkeys(experts)), list(dict.fromkeys(applicants))
        e_idx = np.array([self.index[e] for e in experts], dtype=np.int64)
        a_idx = np.array([self.index[a] for a in applicants], dtype=np.int64)
        ancestry = self._ancestry()
        ones = ancestry.copy()
        ones.data[:] = 1
        members = ones @ ones[a_idx].T          # N x applicants: organization m is in applicant j's group
        found = {}
        for rule in self.policy.rules:
            if rule.target == DECLARED:
                continue
            reach = None
            for pattern in rule.patterns:
                walk = self.steps[pattern[0]][0][e_idx]
                for step in pattern[1:]:
                    walk = walk @ self.steps[step][0]
                    walk.data[:] = 1
                reach = walk if reach is None else reach + walk
            hits = (reach @ members if rule.target == "group" else reach[:, a_idx]).tocoo()
            keep = hits.data != 0
            found[rule.id] = (hits.row[keep], hits.col[keep])
        return experts, applicants, ancestry, found

    def findings(self, experts, applicants) -> list[tuple]:
        """Every (expert, applicant, rule) with one shortest explaining path, sorted by expert, applicant, rule."""
        # as in the engine's matrix: hundreds of thousands of small long-lived tuples, no cyclic garbage
        collecting = gc.isenabled()
        gc.disable()
        try:
            started = time.process_time()
            experts, applicants, ancestry, found = self.conflicted(experts, applicants)
            self.matrix_cpu_s = time.process_time() - started   # the sparse products alone, for the bench
            paths = _Paths(self, ancestry)
            out = []
            rules = {rule.id: rule for rule in self.policy.rules}
            for rule_id, (rows, cols) in found.items():
                out.extend(paths.rule_findings(rules[rule_id], rows, cols, experts, applicants))
            wanted_e, wanted_a = set(experts), set(applicants)
            for (expert, applicant), declared in self.declared.items():
                if expert in wanted_e and applicant in wanted_a:
                    rule_id = next(r.id for r in self.policy.rules if r.target == DECLARED)
                    out.append((expert, applicant, rule_id, (expert, applicant), (declared,)))
            out.sort(key=lambda f: (f[0], f[1], f[2]))
            return out
        finally:
            if collecting:
                gc.enable()


class _Paths:
    """One shortest explanation per finding: the rule's pattern walked forward from the expert over the step
    matrices' rows (once per expert and rule), then (group rules) the corporate route from the organization reached
    to the applicant (once per organization and applicant: experts of one employer share it)."""

    def __init__(self, ref: SparseReference, ancestry: sp.csr_matrix):
        self.ref = ref
        self.ids, self.facts = ref.ids, ref.facts
        self.anc_ptr, self.anc_idx, self.anc_hops = ancestry.indptr, ancestry.indices, ancestry.data
        matrix, numbers = ref.parents
        self.parent_ptr, self.parent_idx, self.parent_fact = \
            matrix.indptr.tolist(), matrix.indices.tolist(), numbers.tolist()
        self.up_cache: dict[int, dict[int, int]] = {}
        self.route_cache: dict[tuple[int, int], tuple | None] = {}
        self.climb_cache: dict[tuple[int, int], tuple] = {}

    def up(self, node: int) -> dict[int, int]:
        """Ancestors-or-self of `node` -> hops up."""
        found = self.up_cache.get(node)
        if found is None:
            lo, hi = self.anc_ptr[node], self.anc_ptr[node + 1]
            found = self.up_cache[node] = dict(zip(self.anc_idx[lo:hi].tolist(),
                                                   (self.anc_hops[lo:hi] - 1).tolist()))
        return found

    def walks(self, expert: int, rule) -> dict[int, tuple[tuple[str, ...], tuple]]:
        """Entity reached -> the shortest walk of the rule's patterns from the expert to it (ids, facts)."""
        best: dict[int, tuple] = {}
        for pattern in rule.patterns:
            partials = [((expert,), ())]
            for step in pattern:
                matrix, numbers = self.ref.steps[step]
                ptr, idx = matrix.indptr, matrix.indices
                partials = [(nodes + (nbr,), facts + (number,)) for nodes, facts in partials
                            for nbr, number in zip(idx[ptr[nodes[-1]]:ptr[nodes[-1] + 1]].tolist(),
                                                   numbers[ptr[nodes[-1]]:ptr[nodes[-1] + 1]].tolist())]
            for nodes, facts in partials:
                if nodes[-1] not in best or len(facts) < len(best[nodes[-1]][1]):
                    best[nodes[-1]] = (tuple(self.ids[i] for i in nodes), tuple(self.facts[i] for i in facts))
        return best

    def rule_findings(self, rule, rows, cols, experts, applicants):
        by_expert = defaultdict(list)
        for row, col in zip(rows.tolist(), cols.tolist()):
            by_expert[row].append(col)
        index, rule_id, route, routes = self.ref.index, rule.id, self.route, self.route_cache
        for row, cols_of in by_expert.items():
            expert = experts[row]
            walks = self.walks(index[expert], rule)
            for col in cols_of:
                applicant = applicants[col]
                target = index[applicant]
                if rule.target == "applicant":
                    nodes, facts = walks[target]
                    yield expert, applicant, rule_id, nodes, facts
                    continue
                best = None
                for end, walk in walks.items():
                    tail = routes.get((end, target), _UNKNOWN)
                    if tail is _UNKNOWN:
                        tail = route(end, target)
                    if tail is not None and (best is None or len(walk[1]) + tail[0] < best[0]):
                        best = (len(walk[1]) + tail[0], walk, tail)
                _, (nodes, facts), (_, tail_nodes, tail_facts) = best
                yield expert, applicant, rule_id, nodes + tail_nodes, facts + tail_facts

    def route(self, member: int, applicant: int):
        """(hops, ids after the member, facts) of a shortest corporate route from `member` up to a common
        ancestor and down to `applicant`, or None when the member is outside the applicant's group."""
        up_m, up_a = self.up(member), self.up(applicant)
        common = up_m.keys() & up_a.keys()
        found = None
        if common:
            hops, top = min((up_m[x] + up_a[x], x) for x in common)
            climb_ids, climb_facts = self.route_up(member, top)
            down_ids, down_facts = self.route_up(applicant, top)
            found = (hops, climb_ids[1:] + down_ids[::-1][1:], climb_facts + down_facts[::-1])
        self.route_cache[(member, applicant)] = found
        return found

    def route_up(self, node: int, top: int):
        """(ids, facts) from `node` up to its ancestor `top` along a shortest chain of active subsidiary_of."""
        found = self.climb_cache.get((node, top))
        if found is None:
            nodes, numbers = self._climb(node, top)
            found = self.climb_cache[(node, top)] = (tuple(self.ids[i] for i in nodes),
                                                     tuple(self.facts[i] for i in numbers))
        return found

    def _climb(self, node: int, top: int):
        ptr, idx, numbers = self.parent_ptr, self.parent_idx, self.parent_fact
        path, facts = (node,), ()
        while node != top:
            hops = self.up(node)[top]
            for at in range(ptr[node], ptr[node + 1]):
                parent = idx[at]
                if self.up(parent).get(top) == hops - 1:
                    path, facts, node = path + (parent,), facts + (numbers[at],), parent
                    break
        return path, facts

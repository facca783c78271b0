"""An upper bound on the objective valid over ALL admissible (expert, applicant) pairs, not only the candidates.

The relaxation. Take the flow network of flow.py built over every admissible pair (not only the candidates) and
give it profits instead of costs: a source arc's k-th unit earns COVER - k x SPREAD, an entry arc W x match, a
leader arc LEADER (Lagrangian prices, when given, are charged on the arcs they price). Pairs outside the candidate
lists are added as a path expert -> c(e, a) -> leader(a) / member(a), bypassing the (applicant, group) nodes.
Every valid proposal is a flow of this network worth exactly its objective (COVER per filled place, LEADER per
leader, W x match, the k-th applicant of an expert costing k x SPREAD): dropping the group nodes for the added pairs
only removes constraints. So the network's maximum profit, and by LP weak duality the dual value of ANY node
potentials pi (pi_source = pi_sink = 0),

    B(pi) = sum over arcs of capacity x max(0, profit - pi(tail) + pi(head)),

bounds the objective of every proposal from above. The candidate arcs are summed directly; an expert's own
potential is chosen, given its heads, as the best for its candidate arcs and its units (a one-dimensional LP whose
optimum pairs the k-th unit with the k-th best arc), and its arcs outside the candidates are then summed in closed
form per score key (sorted heads and prefix sums), minus the conflicted and candidate pairs counted in that sum:
    sum over admissible non-candidate a of max(0, W x match(e, a) + max(pi_leader(a) if e may lead, pi_member(a))
                                           - pi(e)).
Any pi is valid; good ones come from the solved candidate network: the shortest distances in its residual graph
(from a virtual root joined to every node by arcs of cost 0) satisfy complementary slackness there, so B(pi) equals
the candidate optimum plus what the pairs outside the candidates could add at those prices.

Reduced-cost argument: for a flow f, objective(f) = sum of (reduced profit x flow) <= B(pi) + sum over used arcs
with negative reduced profit of that reduced profit. So if every non-candidate pair's reduced profit is at most
-(B(pi) - C), where C bounds the proposals drawn from the candidates (the search's own bound), no proposal using a
non-candidate pair beats C, and C itself is a bound over all pairs (search.py uses it so).
"""
import numpy as np

from reviewapp.domain.assignment.flow import Network
from reviewapp.domain.assignment.instance import Instance, score_key
from reviewapp.domain.assignment.scoring import SPREAD

BELLMAN_FORD_ROUNDS = 500  # a safety stop; the assignment networks settle in a few dozen rounds


def residual_potentials(net: Network, capacities: np.ndarray, costs: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Node potentials (pi_source = pi_sink = 0) from the shortest distances in the residual graph of an optimal
    flow (profits are -costs plus COVER on the source arcs, with a return arc sink -> source), from a virtual root
    joined to every node at cost 0: Bellman-Ford in rounds over all arcs at once (vectorised), until nothing
    changes. An optimal flow's residual graph has no negative cycle; should one appear (the flow was not optimal),
    the rounds stop at the safety limit and the potentials reached are still valid for B(pi), only weaker.

    The optimal potentials of a degenerate network are many: these (distances FROM the root) are the highest.
    The lowest (distances TO the root, negated) were tried: better before a pricing round at province scale
    (tight pool), worse at national scale, and no help where the candidates leave places empty."""
    n = net.n_nodes
    cost = costs - np.where(net.tails == net.SOURCE, net.inst.weights.cover, 0)
    forward, backward = flows < capacities, flows > 0
    tails = np.concatenate([net.tails[forward], net.heads[backward], [net.SINK, net.SOURCE]])
    heads = np.concatenate([net.heads[forward], net.tails[backward], [net.SOURCE, net.SINK]])
    weights = np.concatenate([cost[forward], -cost[backward], [0, 0]])
    order = np.argsort(heads, kind="stable")
    tails, heads, weights = tails[order], heads[order], weights[order]
    starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
    dist = np.zeros(n, dtype=np.int64)
    for _ in range(BELLMAN_FORD_ROUNDS):
        best = np.minimum.reduceat(dist[tails] + weights, starts)
        new = dist.copy()
        np.minimum.at(new, heads[starts], best)
        if (new == dist).all():
            break
        dist = new
    return dist - dist[net.SOURCE]


def priced_empty_places(net: Network, flows: np.ndarray, pi: np.ndarray) -> np.ndarray | None:
    """Potentials for when the candidates alone leave places empty: the residual graph then prices those places at
    0, and every expert outside the candidates could take them at full COVER in B(pi), however few they are. Priced
    instead at the most any expert could earn there (COVER + W x the largest match, + LEADER for a leader's place),
    the bound assumes them filled at their best, no more. None if every place is filled."""
    inst = net.inst
    n_e, n_a = len(inst.experts), len(inst.applicants)
    to_sink = np.flatnonzero(net.heads == net.SINK)
    empty = to_sink[flows[to_sink] < net.capacities[to_sink]]
    if not len(empty):
        return None
    w = inst.weights
    most = w.cover + w.match * int(max((s.max(initial=0) for s in inst.scores.values()), default=0))
    fixed = pi.copy()
    tails = net.tails[empty]
    is_leader = tails < 2 + n_e + n_a
    fixed[tails] = np.minimum(fixed[tails], -(most + np.where(is_leader, w.leader, 0)))
    return fixed


class Pricing:
    """B(pi) for the network `net` under costs `costs` (see the module's docstring), and the reduced profits of
    the pairs outside the candidates."""

    def __init__(self, net: Network, costs: np.ndarray, pi: np.ndarray):
        inst = self.inst = net.inst
        self.net = net
        w = inst.weights
        profit = -costs
        n_e = len(inst.experts)
        expert_tail = (net.tails >= 2) & (net.tails < 2 + n_e)
        from_source = net.tails == net.SOURCE
        inner = ~expert_tail & ~from_source
        reduced = profit[inner] - pi[net.tails[inner]] + pi[net.heads[inner]]
        self.arcs_part = int((net.capacities[inner] * np.maximum(0, reduced)).sum())
        # per expert: its candidate arcs' values beta = profit + pi(head), best first
        e_of = net.tails[expert_tail] - 2
        beta = profit[expert_tail] + pi[net.heads[expert_tail]]
        n_a = len(inst.applicants)
        lead_node, member_node = 2 + n_e + np.arange(n_a), 2 + n_e + n_a + np.arange(n_a)
        # leader-eligible candidates the network may not make leaders (instance._leader_candidates): their
        # leader's place as an arc expert -> leader(a) of its own, outside the network
        trimmed = np.flatnonzero(inst.can_lead[inst.cand_exp] & ~inst.cand_lead)
        self._trimmed = (inst.cand_exp[trimmed],
                         w.match * inst.cand_match[trimmed] + pi[lead_node[inst.cand_app[trimmed]]])
        e_of, beta = np.concatenate([e_of, self._trimmed[0]]), np.concatenate([beta, self._trimmed[1]])
        self.pi_e, self.expert_part = _best_expert_potentials(e_of, beta, inst.capacity, w.cover)
        self._per_expert_part = _best_expert_potentials(e_of, beta, inst.capacity, w.cover, per_expert=True)[1]
        self.t_member = pi[member_node]
        self.t_leader = np.maximum(pi[lead_node], pi[member_node])
        self._keys = _key_groups(inst)
        self._beta = (e_of, beta)

    def _head(self, e: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.where(self.inst.can_lead[e], self.t_leader[a], self.t_member[a])

    def _pair_reduced(self, e: np.ndarray, a: np.ndarray, match: np.ndarray) -> np.ndarray:
        return self.inst.weights.match * match + self._head(e, a) - self.pi_e[e]

    def _excluded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidate and conflicted pairs (expert, applicant, match): in the closed-form sums, not admissible
        as non-candidates."""
        inst = self.inst
        if not hasattr(self, "_excluded_pairs"):
            conf_a, conf_e = inst.conflict_pairs()
            key_of = self._keys[2][conf_a]
            order = np.argsort(key_of, kind="stable")
            conf_a, conf_e = conf_a[order], conf_e[order]
            bounds = np.searchsorted(key_of[order], np.arange(len(self._keys[0]) + 1))
            conf_m = np.zeros(len(conf_a), dtype=np.int64)
            for k, key in enumerate(self._keys[0]):
                rows = slice(bounds[k], bounds[k + 1])
                conf_m[rows] = inst.scores[key][conf_e[rows]]
            self._excluded_pairs = (np.concatenate([inst.cand_exp, conf_e]), np.concatenate([inst.cand_app, conf_a]),
                                    np.concatenate([inst.cand_match, conf_m]))
        return self._excluded_pairs

    def outside_sum(self, shift: int = 0) -> tuple[int, int]:
        """(sum, count) over admissible non-candidate pairs of max(0, reduced profit + shift), and of the pairs
        with reduced profit + shift > 0."""
        sums, counts = self._outside(shift)
        return int(sums.sum()), int(counts.sum())

    def outside_reaching(self, shift: int) -> int:
        """Whether (> 0) any arc outside the network has reduced profit + shift > 0: the admissible non-candidate
        pairs, and the leader's places of the candidates the network may not make leaders."""
        e, beta = self._trimmed
        reaching = int((beta - self.pi_e[e] + shift > 0).sum())
        if reaching or (shift >= 0 and self.outside_sum()[1]):  # pairs positive at shift 0 stay positive: no
            return max(reaching, 1)  # second pass over every pair (0.3 s at national scale) to count them
        return self.outside_sum(shift)[1]

    def _outside(self, shift: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """outside_sum per expert."""
        if shift == 0 and hasattr(self, "_outside_at_pi"):
            return self._outside_at_pi
        inst = self.inst
        n_e = len(inst.experts)
        sums, counts = np.zeros(n_e, dtype=np.int64), np.zeros(n_e, dtype=np.int64)
        lead = inst.can_lead
        base = shift - self.pi_e
        for key, members in self._keys[0].items():
            x = inst.weights.match * inst.scores[key] + base
            for role, heads in ((lead, self.t_leader[members]), (~lead, self.t_member[members])):
                t = np.sort(heads)
                experts = np.flatnonzero(role & (x > -t[-1]))  # only experts with some x + t > 0 add anything
                if not len(experts):
                    continue
                suffix = np.concatenate([np.cumsum(t[::-1])[::-1], [0]])
                xs = x[experts]
                first = np.searchsorted(t, -xs, side="right")  # heads with x + t > 0
                n_pos = len(t) - first
                sums[experts] += n_pos * xs + suffix[first]
                counts[experts] += n_pos
        e, a, m = self._excluded()
        r = self._pair_reduced(e, a, m) + shift
        positive = r > 0
        np.subtract.at(sums, e[positive], r[positive])
        counts -= np.bincount(e[positive], minlength=n_e)
        if shift == 0:
            self._outside_at_pi = sums, counts
        return sums, counts

    def _top_values(self) -> tuple[np.ndarray, np.ndarray]:
        """Per expert, its `capacity` best values W x match + head over EVERY applicant (candidates and conflicted
        pairs included: extra arcs only relax), as (expert, value) rows."""
        inst = self.inst
        n_e, width = len(inst.experts), int(inst.capacity.max(initial=1))
        top = np.full((n_e, width), np.iinfo(np.int64).min // 4, dtype=np.int64)  # best first
        lead = inst.can_lead
        for key, members in self._keys[0].items():
            best_l = np.sort(self.t_leader[members])[::-1][:width]
            best_m = np.sort(self.t_member[members])[::-1][:width]
            base = inst.weights.match * inst.scores[key]
            first = base + np.where(lead, best_l[0], best_m[0])
            rows = np.flatnonzero(first > top[:, -1])
            if not len(rows):
                continue
            heads = np.where(lead[rows, None], _padded(best_l, width), _padded(best_m, width))
            merged = np.concatenate([top[rows], base[rows, None] + heads], axis=1)
            top[rows] = -np.sort(-merged, axis=1)[:, :width]
        keep = np.arange(width)[None, :] < inst.capacity[:, None]
        experts = np.broadcast_to(np.arange(n_e)[:, None], top.shape)[keep]
        return experts, top[keep]

    def _expert_bounds(self) -> np.ndarray:
        """Per expert, the smaller of two bounds on its part: the candidates' exact part plus the pairs outside
        them at the candidates' best pi_e, and the exact part over the candidates and its best values over every
        applicant (a relaxation with more arcs: the k-th unit pairs with the k-th value)."""
        inst = self.inst
        at_pi = self._per_expert_part + self._outside()[0]
        e_of, beta = self._beta
        top_e, top_v = self._top_values()
        _, wide = _best_expert_potentials(np.concatenate([e_of, top_e]), np.concatenate([beta, top_v]),
                                          inst.capacity, inst.weights.cover, per_expert=True)
        return np.minimum(at_pi, wide)

    def positive_outside(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The admissible non-candidate pairs (expert, applicant, match) with a positive reduced profit: those that
        could raise the objective at these prices (the pairs column generation adds)."""
        inst = self.inst
        found_e, found_a, found_m = [], [], []
        lead = inst.can_lead
        for key, members in self._keys[0].items():
            score = inst.scores[key]
            x = inst.weights.match * score - self.pi_e
            for experts, heads in ((np.flatnonzero(lead), self.t_leader[members]),
                                   (np.flatnonzero(~lead), self.t_member[members])):
                order = np.argsort(-heads, kind="stable")
                t, apps = heads[order], members[order]
                n_pos = np.searchsorted(-t, x[experts], side="left")  # heads with t > -x
                chosen = experts[n_pos > 0]
                if not len(chosen):
                    continue
                counts = n_pos[n_pos > 0]
                rows = np.repeat(chosen, counts)
                ranks = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
                found_e.append(rows)
                found_a.append(apps[ranks])
                found_m.append(score[rows])
        if not found_e:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        e, a, m = (np.concatenate(x) for x in (found_e, found_a, found_m))
        width = len(inst.applicants)
        excluded_e, excluded_a, _ = self._excluded()
        excluded = np.sort(excluded_e * width + excluded_a)
        codes = e * width + a
        at = np.minimum(np.searchsorted(excluded, codes), len(excluded) - 1)
        keep = excluded[at] != codes if len(excluded) else np.ones(len(codes), dtype=bool)
        return e[keep], a[keep], m[keep]

    def bound_at_pi(self) -> int:
        """B(pi) at the candidates' best expert potentials: what the reduced-cost argument compares with."""
        return self.arcs_part + self.expert_part + self.outside_sum()[0]

    def bound(self) -> int:
        """A bound on every proposal (all pairs), see the module's docstring: B(pi) with each expert's part the
        smaller of two valid ones."""
        return self.arcs_part + int(self._expert_bounds().sum())


def _padded(values: np.ndarray, width: int) -> np.ndarray:
    return np.concatenate([values, np.full(width - len(values), np.iinfo(np.int64).min // 4, dtype=np.int64)])


def _best_expert_potentials(e_of: np.ndarray, beta: np.ndarray, capacity: np.ndarray, cover: int,
                            per_expert: bool = False):
    """Per expert, min over pi_e of sum_k max(0, COVER - k SPREAD + pi_e) + sum_j max(0, beta_j - pi_e): the k-th
    best arc pairs with the k-th unit (n* pairs earn), and the highest optimal pi_e is min(beta_(n*), -alpha_(n*+1))
    with alpha_k = COVER - k SPREAD. Returns (pi_e per expert, the sum of the minima)."""
    n_e = len(capacity)
    order = np.lexsort((-beta, e_of))
    e_of, beta = e_of[order], beta[order]
    starts = np.searchsorted(e_of, np.arange(n_e))
    rank = np.arange(len(e_of)) - starts[e_of] + 1
    alpha = cover - rank * SPREAD
    earning = (rank <= capacity[e_of]) & (alpha + beta > 0)
    if per_expert:
        return None, np.bincount(e_of[earning], weights=(alpha + beta)[earning], minlength=n_e).round().astype(
            np.int64)
    part = int((alpha + beta)[earning].sum())
    n_star = np.bincount(e_of[earning], minlength=n_e)
    beta_n = np.full(n_e, np.iinfo(np.int64).max // 4, dtype=np.int64)
    last = earning & (rank == n_star[e_of])
    beta_n[e_of[last]] = beta[last]
    next_alpha = np.where(n_star < capacity, cover - (n_star + 1) * SPREAD, -np.iinfo(np.int64).max // 4)
    return np.minimum(beta_n, -next_alpha), part


def _key_groups(inst: Instance):
    """score key -> applicant indices, and each applicant's key number."""
    groups = {}
    for a_idx, applicant in enumerate(inst.applicants):
        groups.setdefault(score_key(applicant), []).append(a_idx)
    groups = {k: np.array(v, dtype=np.int64) for k, v in groups.items()}
    key_index = np.zeros(len(inst.applicants), dtype=np.int64)
    for k, members in enumerate(groups.values()):
        key_index[members] = k
    return groups, None, key_index

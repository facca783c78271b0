"""The group-rule search: the relaxed network's optimum made valid and, effort permitting, proven optimal.

The relaxed optimum bounds every proposal drawn from the candidates; a repair (repair.py) drops the clashing members
and refills their places, and any other empty place, by a small flow over the experts with capacity to spare; then,
as `effort` allows, Lagrangian prices on the clashes (lagrangian.py), with every priced solution's leaders' groups
frozen and everything else re-solved exactly, and a branch and bound (branch_and_bound.py) that proves the optimum
on small instances (the tests check it against brute force)."""
import time
from collections.abc import Callable

from reviewapp.domain.assignment.bound import Pricing, priced_empty_places, residual_potentials
from reviewapp.domain.assignment.branch_and_bound import branch_and_bound
from reviewapp.domain.assignment.exact import is_valid, solve_exact
from reviewapp.domain.assignment.flow import Assignment, Network, Outcome, evaluate
from reviewapp.domain.assignment.instance import Instance
from reviewapp.domain.assignment.lagrangian import lagrangian_rounds
from reviewapp.domain.assignment.repair import repair

# Arcs of all network solves together: a few dozen solves at city scale (a fraction of a second, then the exact
# model); at province scale the root and, where its repair is not within GOOD_ENOUGH of the bound (tight pool), one
# solve with the root's leaders frozen (0.3 s: the proposal gains 0.5%); the root alone at national scale. Small
# instances are searched to the end. A longer search (time_limit) lifts it.
DEFAULT_EFFORT = 400_000
EXACT_SECONDS = 10  # small instances (every pair a candidate): the exact model's time when the search left a gap
PRICING_ROUNDS = 2  # root solves again with the pairs that pricing adds (bound.py); one settles the bench's pools
# ... only when the pairs outside the candidates add more than this share of the match part to the bound: at province
# scale, whole pool, they add 0.01% (41 units) and a second solve would buy those 41 units for twice the time
PRICING_SLACK = 0.0002
GOOD_ENOUGH = 0.001  # see Search.good_enough


class Search:
    """The relaxed network made valid and, effort permitting, optimal (see the package's docstring).

    1. The root: the relaxed optimum bounds every proposal drawn from the candidates; without clashes it is one.
    2. A repair of it (`repair`) is always a valid proposal; it also fills empty places from experts with
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

    def __init__(self, inst: Instance, flows_of: Callable, effort: float, time_limit: float | None = None):
        if inst.top_k >= len(inst.experts):  # small: the exact model (exact.py) gets the time the effort leaves
            effort = min(effort, DEFAULT_EFFORT)
        self.inst, self.flows_of, self.effort = inst, flows_of, effort
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.net = Network(inst)
        self.solves = self.work = 0
        self.best, self.best_value = None, None
        self.all_pairs = None  # the best bound over all admissible pairs from the Lagrangian rounds

    def bound_all_pairs(self, bound: int) -> None:
        self.all_pairs = bound if self.all_pairs is None else min(self.all_pairs, bound)

    def solve(self, restrictions=frozenset(), prices=None):
        self.solves += 1
        self.work += len(self.net.tails)
        costs = self.net.costs if not prices else self.net.priced_costs(prices)
        flows = self.flows_of(self.net, self.net.capacities_under(restrictions), costs)
        assignment, clashes = self.net.read(flows)
        return assignment, clashes, evaluate(self.inst, assignment), flows

    def offer(self, assignment: Assignment) -> None:
        value = evaluate(self.inst, assignment)[0]
        if self.best is None or value > self.best_value:
            self.best, self.best_value = assignment, value

    def affordable(self, solves: int = 1) -> bool:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return False
        return self.work + solves * len(self.net.tails) <= self.effort

    def exact(self, bound: int) -> int:
        """The exact model (exact.py) from the best proposal so far; the bound it proves (over the candidates)."""
        found, proven = solve_exact(self.inst, self.best, self.exact_seconds())
        if found is not None and is_valid(self.inst, found):
            self.offer(found)
            if proven:
                return min(bound, max(self.best_value, evaluate(self.inst, found)[0]))
        return bound

    def good_enough(self, bound: int) -> bool:
        """The default search (no time limit) on a large instance stops once the best proposal is within
        GOOD_ENOUGH of a bound over all pairs, the promise the office is shown (at province scale, whole pool: the
        root and its repair, 0.09%; a Lagrangian round would take 0.3 s more for 0.07%). Small instances and a
        longer search go on to the proof."""
        if self.deadline is not None or self.inst.top_k >= len(self.inst.experts):
            return False
        _, _, _, match, spread = evaluate(self.inst, self.best)
        return bound - self.best_value <= GOOD_ENOUGH * (self.inst.weights.match * match - spread)

    def exact_seconds(self) -> float:
        """The time the exact model (exact.py) may take: EXACT_SECONDS, or what is left of the time limit."""
        if self.deadline is None:
            return EXACT_SECONDS
        return self.deadline - time.monotonic()

    def root(self):
        """The relaxed optimum over the candidates, priced over all pairs (bound.py): pairs outside the candidates
        with a positive reduced profit join them and the root is solved again, PRICING_ROUNDS times at most and
        effort permitting. Returns the root's solve, its pricing and the best bound over all pairs found."""
        overall = None
        for round_ in range(PRICING_ROUNDS + 1):
            assignment, clashes, (value, _, leaders, match, spread), flows = self.solve()
            if leaders < len(self.inst.applicants) and self.inst.widen_leaders():
                self.net = Network(self.inst)  # the trimmed leader arcs left a leader's place empty: all of them
                assignment, clashes, (value, _, _, match, spread), flows = self.solve()
            pi = residual_potentials(self.net, self.net.capacities, self.net.costs, flows)
            pricing = Pricing(self.net, self.net.costs, pi)
            bound = pricing.bound()
            fixed = None if self.inst.top_k >= len(self.inst.experts) else priced_empty_places(self.net, flows, pi)
            if fixed is not None:  # the candidates leave places empty: price them as filled at their best too
                other = Pricing(self.net, self.net.costs, fixed)
                if other.bound() < bound:
                    pricing, bound = other, other.bound()
            overall = bound if overall is None else min(overall, bound)
            slack = PRICING_SLACK * (self.inst.weights.match * match - spread)
            # with clashes, one solve is kept for the first Lagrangian round's frozen leaders: at province scale
            # (tight pool) it gains 0.57% on the proposal, where a pricing round gains 0.1% on the bound
            if round_ == PRICING_ROUNDS or bound - value <= slack or not self.affordable(2 if clashes else 1):
                break
            added = pricing.positive_outside()
            if not len(added[0]):
                break
            self.inst.add_candidates(*added)
            self.net = Network(self.inst)
        return (assignment, clashes, value, flows), pricing, overall

    def run(self) -> Outcome:
        (assignment, clashes, bound, flows), pricing, overall = self.root()
        relaxed = bound
        if not clashes:
            self.offer(assignment)
        self.offer(repair(self.inst, assignment, clashes, self.flows_of))
        if clashes and not self.good_enough(overall):
            bound = lagrangian_rounds(self, assignment, clashes, flows, bound)
            bound = branch_and_bound(self, bound)
        if bound > self.best_value and self.inst.top_k >= len(self.inst.experts) and self.effort > 0:
            bound = self.exact(bound)  # small: every pair a candidate, the exact model closes the gap (effort 0:
            # the root and its repair only, as bench/assign.py's relaxed optima ask)
        # `bound` holds for the proposals drawn from the candidates; it holds for all when no pair outside them
        # could reach it at the root's prices (bound.py, the reduced-cost argument)
        at_pi = pricing.bound_at_pi()
        if bound < at_pi and pricing.outside_reaching(shift=at_pi - bound) == 0:
            overall = min(overall, bound)
        if self.all_pairs is not None:
            overall = min(overall, self.all_pairs)
        overall = max(overall, self.best_value)
        return Outcome(self.best, overall <= self.best_value, overall, self.solves, max(bound, self.best_value),
                       relaxed)

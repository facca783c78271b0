"""Lagrangian rounds of the group-rule search (search.py, step 3): prices on the clash constraints tighten the bound,
and each priced solution, its leaders' groups frozen, gives a valid proposal.

Each priced solve also bounds every proposal over ALL admissible pairs (bound.py, issue 19): the priced network
over all pairs, plus the sum of the prices, is a Lagrangian relaxation of the group rule (for a valid proposal each
priced constraint leader(a, X) + member(a, X) <= 1 holds, so its price x (1 - usage) >= 0 only adds), and its
residual potentials bound that network by weak duality, whatever the prices (tests: against brute force)."""
from reviewapp.domain.assignment.bound import Pricing, residual_potentials
from reviewapp.domain.assignment.repair import repair

LAGRANGE_STEP = 2  # match points a violated clash constraint's price rises per round
LAGRANGE_STALL = 3  # rounds without a better bound or proposal before the branch and bound takes over


def lagrangian_rounds(search, assignment, clashes, flows, bound) -> int:
    """Run rounds on `search` (a search.Search) while they help and effort allows; return the bound reached."""
    prices, stalled = {}, 0
    while stalled < LAGRANGE_STALL and search.best_value < bound and search.affordable():
        frozen, _, _, _ = search.solve(search.net.frozen_leaders(assignment))
        before = search.best_value
        search.offer(repair(search.inst, frozen, [], search.flows_of))
        if not search.affordable():
            break
        for key, used in search.net.clash_usage(flows, set(prices) | {c[0] for c in clashes}).items():
            prices[key] = max(0, prices.get(key, 0) + LAGRANGE_STEP * search.inst.weights.match * (used - 1))
        assignment, clashes, (value, filled, *_), flows = search.solve(prices=prices)
        usage = search.net.clash_usage(flows, prices)
        # A proposal filling fewer places than this maximum flow is worth less than cover x filled - 1.
        priced_bound = max(value - sum(price * (usage[key] - 1) for key, price in prices.items()),
                           search.inst.weights.cover * filled - 1)
        stalled = 0 if priced_bound < bound or search.best_value > before else stalled + 1
        bound = min(bound, priced_bound)
        search.bound_all_pairs(all_pairs_bound(search.net, prices, flows))
        if not clashes:
            search.offer(assignment)
    return bound


def all_pairs_bound(net, prices: dict[int, int], flows) -> int:
    """A bound over all admissible pairs from a priced solve's flows (see the module's docstring)."""
    costs = net.priced_costs(prices)
    pi = residual_potentials(net, net.capacities, costs, flows)
    return Pricing(net, costs, pi).bound() + sum(prices.values())

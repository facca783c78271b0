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

The group rule is guaranteed in the result (search.py): the relaxed optimum bounds every proposal drawn from the
candidates; a repair (repair.py) drops the clashing members and refills their places, and any other empty place,
by a small flow over the experts with capacity to spare; then, as `effort` (or a `time_limit`, the office's longer
search) allows, Lagrangian prices on the clashes, with every priced solution's leaders' groups frozen and
everything else re-solved exactly, and a branch and bound that proves the optimum on small instances (the tests
check it against brute force).

A bound over ALL admissible pairs (bound.py, issue #19): the candidate lists alone prove nothing about the pairs
left out, so the root's flow is priced. Node potentials from its residual graph (Bellman-Ford) give, by LP weak
duality, a bound on the network built over every admissible pair, which is a relaxation of the rules (valid for any
potentials; the docstring of bound.py has the argument); the pairs outside the candidates enter in closed form per
score key (in a tight pool every expert first joins a few candidate lists, instance._exposed, so that the relaxation
fills every place and its prices mean something; in an ordinary pool the network lets only each applicant's best few
leader-eligible candidates lead, and the bound adds the other leaders' places as arcs of their own). Pairs with a
positive reduced profit join the candidates and the root is solved again (column generation); the Lagrangian
rounds' priced solves bound all pairs too (lagrangian.py). The search's bound over the candidates holds for all
pairs when no pair outside them could reach it (reduced-cost argument). On small instances (instance.ALL_PAIRS)
every pair is a candidate and, where the branch and bound leaves a gap, an exact MIP (exact.py, SCIP) closes it:
the city pools are proven optimal. `Proposal.bound` is that bound over all pairs, `Proposal.exact` says the
proposal meets it (proven optimal), `Proposal.gap` is (bound - objective) in % of the proposal's W x match - spread,
the figure the office sees ("与理论最优相差不超过 …"). bench/README.md reports the gaps at scale.

Texts shown to users are English templates marked with N_() plus a params dict; the web layer renders them as
gettext(message) % params. Params name applicants by `Applicant.name or id` and experts by id.

The package, by job: model.py (the values in and out), scoring.py (the match score, the objective's weights),
instance.py (inputs indexed, candidates chosen), flow.py (the network and its backends), bound.py (the bound over
all pairs and the pricing), exact.py (the MIP that proves small instances), repair.py, search.py,
lagrangian.py and branch_and_bound.py (the group-rule search), solvers.py (the registry and `propose`),
explanations.py (why a panel stays short), rules.py (the panel rules a hand-edited panel is checked against).
"""
from importlib import import_module

from reviewapp.domain.assignment.model import Applicant, Expert, Panel, Proposal, Shortfall, conflict_map
from reviewapp.domain.assignment.rules import (
    RULE,
    employer_group_problems,
    leader_problems,
    load_problems,
    panel_problems,
    panel_warnings,
    proposal_problems,
    staffing_warnings,
)
from reviewapp.domain.assignment.scoring import industry_reason, match_reasons, match_score

# The solvers need numpy and the flow backends: they load when first asked for (`assignment.propose`), not with the
# panel rules that every page of the panels blueprint (and so every process's start-up) imports.
_SOLVING = {"DEFAULT_EFFORT": "search", "SOLVERS": "solvers", "propose": "solvers"}


def __getattr__(name: str):
    if name in _SOLVING:
        return getattr(import_module(f"reviewapp.domain.assignment.{_SOLVING[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_EFFORT", "RULE", "SOLVERS", "Applicant", "Expert", "Panel", "Proposal", "Shortfall", "conflict_map",
           "employer_group_problems", "industry_reason", "leader_problems", "load_problems", "match_reasons",
           "match_score", "panel_problems", "panel_warnings", "proposal_problems", "propose", "staffing_warnings"]

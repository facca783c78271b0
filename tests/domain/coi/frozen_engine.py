"""A frozen copy of the recusal engine as it stood before issue #19 (networkx MultiDiGraph layers), kept only so
that tests can compare the leaner engine with it on random graphs. Not used by the app; do not edit."""
import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.coi.model import RELATION_TYPES, SYMMETRIC_TYPES, Declared, Entity, RelationFact
from reviewapp.domain.coi.policy import Policy, Rule, Step, load_policy
from reviewapp.domain.dates import years_before

DECLARED = "declared"


@dataclass(frozen=True)
class Finding:
    expert: str
    applicant: str
    rule: str
    path: tuple[str, ...]            # entity ids from the expert to the applicant
    relations: tuple[str, ...]       # relation types along the path ("declared" for R7)
    facts: tuple[RelationFact | Declared, ...]  # the relations themselves (dates, ids), in path order

    def as_json(self) -> dict:
        return {"expert": self.expert, "applicant": self.applicant, "rule": self.rule, "path": list(self.path),
                "relations": list(self.relations)}


@dataclass(frozen=True)
class ExpertIndex:
    experts: set[str]
    edges: dict[str, dict[str, list]]


# A candidate explanation: (hops, path nodes, facts); the smallest hops wins, then the smallest path (stable).
Candidate = tuple[int, tuple[str, ...], tuple]


def _better(new: Candidate, old: Candidate | None) -> bool:
    return old is None or (new[0], new[1]) < (old[0], old[1])


class FrozenConflictEngine:
    def __init__(self, entities: Iterable[Entity], relations: Iterable[RelationFact], as_of: date,
                 policy: Policy | None = None, declared: Iterable[Declared] = ()):
        self.as_of = as_of
        self.policy = policy or load_policy()
        self.window_start = years_before(as_of, self.policy.lookback_years)
        self.entities = {entity.id: entity for entity in entities}
        import networkx as nx  # here, not at the top: a tenth of the app's start-up, and only the engine needs it

        self.layers = {rel_type: nx.MultiDiGraph() for rel_type in RELATION_TYPES}
        for fact in relations:
            if self._may_matter(fact):
                self.layers[fact.type].add_edge(fact.source, fact.target, key=fact.id, fact=fact)
        self.declared = {(d.expert, d.applicant): d for d in declared}
        self._ancestry_cache: dict[str, dict] = {}
        self._group_cache: dict[frozenset, frozenset] = {}
        self.visited = 0  # edges looked at, for tests and benchmarks

    # --- time ------------------------------------------------------------------------------------------
    def _may_matter(self, fact: RelationFact) -> bool:
        """Relations that ended before the lookback window or start after D can never count."""
        return fact.type != "member_of" and (fact.start is None or fact.start <= self.as_of) and \
            (fact.end is None or fact.end >= self.window_start)

    def active(self, fact: RelationFact) -> bool:
        """Active at D: start empty or <= D, end empty or >= D."""
        return (fact.start is None or fact.start <= self.as_of) and (fact.end is None or fact.end >= self.as_of)

    def within(self, fact: RelationFact) -> bool:
        """Within the lookback: start empty or <= D, end empty or >= D minus the lookback years (inclusive)."""
        return (fact.start is None or fact.start <= self.as_of) and \
            (fact.end is None or fact.end >= self.window_start)

    def _qualifies(self, fact: RelationFact, step: Step) -> bool:
        if not (self.active(fact) if step.timing == "active" else self.within(fact)):
            return False
        # A missing share or degree is counted: recusal errs on the side of caution.
        if step.min_share is not None and fact.share is not None and fact.share < step.min_share:
            return False
        if step.max_degree is not None and fact.degree is not None and fact.degree > step.max_degree:
            return False
        return True

    # --- typed adjacency -------------------------------------------------------------------------------
    def _edges(self, node: str, step: Step, forward: bool):
        """(neighbour, fact) along `step` from `node`: out-edges when walking forward (expert -> applicant),
        in-edges when walking backward. Symmetric types are walked both ways."""
        for rel_type in step.types:
            layer = self.layers[rel_type]
            adjacency = [layer._succ if forward else layer._pred]
            if rel_type in SYMMETRIC_TYPES:
                adjacency.append(layer._pred if forward else layer._succ)
            for adj in adjacency:
                for neighbour, edges in adj.get(node, {}).items():
                    for data in edges.values():
                        self.visited += 1
                        if self._qualifies(data["fact"], step):
                            yield neighbour, data["fact"]

    # --- the applicant's corporate group ------------------------------------------------------------------
    # The group of an applicant is every organization that shares an ancestor-or-self with it through
    # subsidiary_of relations active at D: the descendants-or-self of its ancestors-or-self. Applicants of one
    # corporate group share the group (cached by its top organizations); the route from a member to the
    # applicant (up to a common ancestor, then down) is computed only for the members a rule reaches.

    def _active_links(self, node: str, upward: bool):
        layer = self.layers["subsidiary_of"]
        for other, edges in (layer._succ if upward else layer._pred).get(node, {}).items():
            for data in edges.values():
                self.visited += 1
                if self.active(data["fact"]):
                    yield other, data["fact"]

    def _ancestry(self, node: str) -> dict[str, tuple[int, str | None, RelationFact | None]]:
        """Ancestors-or-self of `node` -> (hops up from node, the child one step back toward node, relation)."""
        cached = self._ancestry_cache.get(node)
        if cached is not None:
            return cached
        up = {node: (0, None, None)}
        frontier = [node]
        while frontier:  # breadth first, so the first visit is the shortest
            next_frontier = []
            for child in frontier:
                for parent, fact in self._active_links(child, upward=True):
                    if parent not in up:
                        up[parent] = (up[child][0] + 1, child, fact)
                        next_frontier.append(parent)
            frontier = next_frontier
        self._ancestry_cache[node] = up
        return up

    def _descendants_or_self(self, starts) -> frozenset[str]:
        seen, stack = set(starts), list(starts)
        while stack:
            for child, _ in self._active_links(stack.pop(), upward=False):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return frozenset(seen)

    def group_members(self, applicant: str) -> frozenset[str]:
        up = self._ancestry(applicant)
        tops = frozenset(node for node in up if not any(True for _ in self._active_links(node, upward=True)))
        if not tops or not self._tops_reach_all(tops, up):
            # subsidiary_of cycles above the applicant (bad data, but possible): no top reaches every
            # ancestor, so compute this group on its own
            return self._descendants_or_self(up)
        group = self._group_cache.get(tops)
        if group is None:
            group = self._group_cache[tops] = self._descendants_or_self(tops)
        return group

    def _tops_reach_all(self, tops: frozenset[str], ancestry: dict) -> bool:
        """Whether every ancestor lies below a top (false only for subsidiary_of cycles above the applicant)."""
        reached, stack = set(tops), list(tops)
        while stack:
            for child, _ in self._active_links(stack.pop(), upward=False):
                if child in ancestry and child not in reached:
                    reached.add(child)
                    stack.append(child)
        return len(reached) == len(ancestry)

    def group_of(self, applicant: str) -> set[str]:
        return set(self.group_members(applicant))

    def group_route(self, member: str, applicant: str) -> tuple[tuple[str, ...], tuple]:
        """One shortest route inside the group from `member` to `applicant`: up from the member to a common
        ancestor, then down to the applicant (nodes from member to applicant, and the relations between)."""
        up_member, up_applicant = self._ancestry(member), self._ancestry(applicant)
        common = min((up_member[a][0] + up_applicant[a][0], a) for a in up_member.keys() & up_applicant.keys())[1]
        climb_nodes, climb_facts = [common], []
        while climb_nodes[-1] != member:  # from the common ancestor down to the member, reversed below
            _, child, fact = up_member[climb_nodes[-1]]
            climb_nodes.append(child)
            climb_facts.append(fact)
        nodes, facts = climb_nodes[::-1], climb_facts[::-1]
        while nodes[-1] != applicant:  # from the common ancestor down to the applicant
            _, child, fact = up_applicant[nodes[-1]]
            nodes.append(child)
            facts.append(fact)
        return tuple(nodes), tuple(facts)

    # --- forward: one expert, one applicant ------------------------------------------------------------
    def conflicts(self, expert: str, applicant: str) -> list[Finding]:
        """Every rule that makes `expert` conflicted with `applicant`, each with one shortest explanation."""
        group = self.group_members(applicant)
        findings = []
        for rule in self.policy.rules:
            best = self._declared_candidate(expert, applicant) if rule.target == DECLARED else \
                self._forward_best(expert, applicant, rule, group)
            if best is not None:
                findings.append(self._finding(expert, applicant, rule, best))
        return findings

    def _forward_best(self, expert: str, applicant: str, rule: Rule, group) -> Candidate | None:
        best = None
        for pattern in rule.patterns:
            partials = [((expert,), ())]
            for step in pattern:
                partials = [(nodes + (nbr,), facts + (fact,)) for nodes, facts in partials
                            for nbr, fact in self._edges(nodes[-1], step, forward=True)]
            for nodes, facts in partials:
                end = nodes[-1]
                if rule.target == "applicant" and end == applicant:
                    candidate = (len(facts), nodes, facts)
                elif rule.target == "group" and end in group:
                    tail_nodes, tail_facts = self.group_route(end, applicant)
                    candidate = (len(facts) + len(tail_facts), nodes + tail_nodes[1:], facts + tail_facts)
                else:
                    continue
                if _better(candidate, best):
                    best = candidate
        return best

    def _declared_candidate(self, expert: str, applicant: str) -> Candidate | None:
        declared = self.declared.get((expert, applicant))
        return (1, (expert, applicant), (declared,)) if declared else None

    def _finding(self, expert: str, applicant: str, rule: Rule, candidate: Candidate) -> Finding:
        _, nodes, facts = candidate
        types = tuple(DECLARED if isinstance(f, Declared) else f.type for f in facts)
        return Finding(expert, applicant, rule.id, nodes, types, facts)

    # --- backward: the full matrix ---------------------------------------------------------------------
    def matrix(self, experts: Iterable[str], applicants: Iterable[str]) -> list[Finding]:
        """All conflicts between `experts` and `applicants`, sorted by expert, applicant, rule."""
        # Hundreds of thousands of small long-lived objects (paths, findings): the cyclic garbage collector's
        # passes over them are pure overhead here (a fifth of the national-scale time), so it pauses.
        collecting = gc.isenabled()
        gc.disable()
        try:
            index = self._expert_index(set(experts))
            group_cache: dict = {}
            findings = []
            for applicant in dict.fromkeys(applicants):  # each applicant once, even if listed twice
                findings.extend(self._applicant_conflicts(applicant, index, group_cache))
            findings.sort(key=lambda f: (f.expert, f.applicant, f.rule))
            return findings
        finally:
            if collecting:
                gc.enable()

    def _expert_index(self, experts: set[str]) -> "ExpertIndex":
        """relation type -> node -> [(expert, fact)] for the relations that start at an expert (either end for
        symmetric types). The backward search ends here instead of scanning every employee of an employer."""
        index = ExpertIndex(experts, {rel_type: defaultdict(list) for rel_type in RELATION_TYPES})
        for rel_type, layer in self.layers.items():
            adjacencies = [layer._succ] + ([layer._pred] if rel_type in SYMMETRIC_TYPES else [])
            for expert in experts:
                for adj in adjacencies:
                    for node, edges in adj.get(expert, {}).items():
                        for data in edges.values():
                            index.edges[rel_type][node].append((expert, data["fact"]))
        return index

    def _applicant_conflicts(self, applicant: str, index, group_cache: dict) -> list[Finding]:
        group = self.group_members(applicant)
        best: dict[tuple[str, str], Candidate] = {}
        for rule in self.policy.rules:
            if rule.target == "group":
                key = (rule.id, group)  # applicants of one corporate group share these matches
                if key not in group_cache:
                    group_cache[key] = list(self._backward(rule, group, index))
                for expert, start_nodes, start_facts in group_cache[key]:
                    tail_nodes, tail_facts = self.group_route(start_nodes[-1], applicant)
                    candidate = (len(start_facts) + len(tail_facts), start_nodes + tail_nodes[1:],
                                 start_facts + tail_facts)
                    if _better(candidate, best.get((expert, rule.id))):
                        best[(expert, rule.id)] = candidate
            elif rule.target == "applicant":
                for expert, nodes, facts in self._backward(rule, {applicant}, index):
                    candidate = (len(facts), nodes, facts)
                    if _better(candidate, best.get((expert, rule.id))):
                        best[(expert, rule.id)] = candidate
            else:
                for (expert, target), declared in self.declared.items():
                    if target == applicant and expert in index.experts:
                        best[(expert, rule.id)] = (1, (expert, applicant), (declared,))
        rules = {rule.id: rule for rule in self.policy.rules}
        return [self._finding(expert, applicant, rules[rule_id], candidate)
                for (expert, rule_id), candidate in best.items()]

    def _backward(self, rule: Rule, targets: set[str], index):
        """(expert, nodes from the expert to a target, facts) for every match of the rule's patterns."""
        for pattern in rule.patterns:
            partials = [((target,), ()) for target in targets]
            for step in reversed(pattern[1:]):
                partials = [((nbr,) + nodes, (fact,) + facts) for nodes, facts in partials
                            for nbr, fact in self._edges(nodes[0], step, forward=False)]
            first = pattern[0]
            for nodes, facts in partials:
                for rel_type in first.types:
                    for expert, fact in index.edges[rel_type].get(nodes[0], ()):
                        self.visited += 1
                        if self._qualifies(fact, first):
                            yield expert, (expert,) + nodes, (fact,) + facts

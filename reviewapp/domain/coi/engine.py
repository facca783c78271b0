"""The recusal engine (Art. 33): explained conflicts between experts and applicants, from a typed graph of
dated relations as of the cycle's reference date D.

The graph is held per relation type, so every step of a rule walks only the edges of its own types: a rule is a
short typed pattern, never an untyped k-hop search (which would flag half of all pairs through big employers and
associations; member_of is never walked at all). Per type, each node keeps the list of its relations in the order
they came in: out-lists (the relations starting at the node) for every type, in-lists only for the types some
search walks backward (symmetric types, subsidiary_of, and the later steps of the policy's patterns). A relation
that can never count (ended before the lookback window, starting after D, member_of) is left out once, at build.
This is what networkx MultiDiGraph layers held before issue #19 (two nested dicts and an attribute dict per edge),
at a fifteenth of the memory and a fifth of the build time: the searches only ever asked a node for its typed
relations. `layers` still gives networkx graphs for anyone who wants one (built on first use).

Two searches answer the same question and are tested against each other:
- `conflicts(expert, applicant)` walks forward from the expert (a few out-edges): interactive checks.
- `matrix(experts, applicants)` walks backward from each applicant's group to the experts, once per corporate
  group (cached) plus the applicant's own edges: the full cycle matrix, output-sensitive.
Every finding carries one shortest explaining path and the relations along it; among paths of the same length the
smallest path (as a tuple of entity ids) explains, and among parallel relations the one that came in first.
"""
import gc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from reviewapp.domain.coi.model import RELATION_TYPES, SYMMETRIC_TYPES, Declared, Entity, RelationFact
from reviewapp.domain.coi.policy import Policy, Rule, Step, load_policy
from reviewapp.domain.dates import years_before

DECLARED = "declared"
SUBSIDIARY = "subsidiary_of"
_TARGET, _SOURCE = attrgetter("target"), attrgetter("source")


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ExpertIndex:
    experts: set[str]
    edges: dict[Step, dict[str, list]]   # a rule's first step -> node -> [(expert, fact)] qualifying for it


# A candidate explanation: (hops, path nodes, facts, relation types); the smallest hops wins, then the smallest
# path; on a tie the first found stays.
Candidate = tuple[int, tuple[str, ...], tuple, tuple]


def _better(new: Candidate, old: Candidate | None) -> bool:
    return old is None or (new[0], new[1]) < (old[0], old[1])


def _grouped(facts: list[RelationFact]) -> list[RelationFact]:
    """Relations to the same neighbour next to each other, neighbours in order of their first relation."""
    first: dict[str, int] = {}
    for fact in facts:
        first.setdefault(fact.target, len(first))
    return facts if len(first) == len(facts) else sorted(facts, key=lambda fact: first[fact.target])


def _put(adjacency: dict, node: str, fact: RelationFact, far_end) -> None:
    facts = adjacency.setdefault(node, [])
    for position, old in enumerate(facts):
        if old.id == fact.id and far_end(old) == far_end(fact):
            facts[position] = fact
            return
    facts.append(fact)


def _take(adjacency: dict, node: str, fact: RelationFact, far_end) -> None:
    facts = adjacency.get(node, ())
    for position, old in enumerate(facts):
        if old.id == fact.id and far_end(old) == far_end(fact):
            del facts[position]
            if not facts:
                del adjacency[node]
            return


class ConflictEngine:
    def __init__(self, entities: Iterable[Entity], relations: Iterable[RelationFact], as_of: date,
                 policy: Policy | None = None, declared: Iterable[Declared] = ()):
        self.as_of = as_of
        self.policy = policy or load_policy()
        self.window_start = years_before(as_of, self.policy.lookback_years)
        self.entities = {entity.id: entity for entity in entities}
        # relation type -> node -> [facts from the node] / [facts to the node], in the order they came in
        self._out: dict[str, dict[str, list[RelationFact]]] = {rel_type: {} for rel_type in RELATION_TYPES}
        backward = {rel_type for rule in self.policy.rules for pattern in rule.patterns for step in pattern[1:]
                    for rel_type in step.types}
        self._in: dict[str, dict[str, list[RelationFact]]] = {
            rel_type: {} for rel_type in RELATION_TYPES if rel_type in SYMMETRIC_TYPES | backward | {SUBSIDIARY}}
        collecting = gc.isenabled()
        gc.disable()  # a few hundred thousand lists, none in a cycle: the collector's passes would be pure overhead
        try:
            self._bulk_insert(relations)
        finally:
            if collecting:
                gc.enable()
        self.declared = {(d.expert, d.applicant): d for d in declared}
        self._ancestry_cache: dict[str, dict] = {}
        self._group_cache: dict[frozenset, frozenset] = {}
        self._climb_cache: dict[str, tuple[dict, dict]] = {}
        self._layers: dict | None = None
        self._plans: dict[tuple[Step, bool], tuple] = {}
        self.visited = 0  # edges looked at, for tests and benchmarks

    def _bulk_insert(self, relations: Iterable[RelationFact]) -> None:
        """_insert_fact for many relations at once (the same lists, in the same order), without its checks."""
        as_of, window_start, out, into = self.as_of, self.window_start, self._out, self._in
        out_of = {rel_type: (out[rel_type], out[rel_type].get) for rel_type in out}
        in_of = {rel_type: (into[rel_type], into[rel_type].get) for rel_type in into}
        none = (None, None)
        for fact in relations:
            start, end = fact.start, fact.end
            # _may_matter, inline (a fifth of the build)
            if (start is not None and start > as_of) or (end is not None and end < window_start) or \
                    fact.type == "member_of":
                continue
            adjacency, get = out_of[fact.type]
            node = fact.source
            facts = get(node)
            if facts is None:
                adjacency[node] = [fact]
            else:
                facts.append(fact)
            adjacency, get = in_of.get(fact.type, none)
            if adjacency is not None:
                node = fact.target
                facts = get(node)
                if facts is None:
                    adjacency[node] = [fact]
                else:
                    facts.append(fact)

    # --- changes in place (the incremental updates build on these) --------------------------------------
    def _insert_fact(self, fact: RelationFact) -> None:
        """Add one relation, if it may matter; one of the same type, ends and id is replaced in place (as
        networkx's add_edge with the relation id as key did). Forgets what the change makes stale."""
        if not self._may_matter(fact):
            return
        _put(self._out[fact.type], fact.source, fact, _TARGET)
        into = self._in.get(fact.type)
        if into is not None:
            _put(into, fact.target, fact, _SOURCE)
        self._forget(fact.type)

    def _delete_fact(self, fact: RelationFact) -> None:
        """Remove the relation of the fact's type, ends and id (its dates may differ), if the engine holds it.
        Forgets what the change makes stale."""
        _take(self._out[fact.type], fact.source, fact, _TARGET)
        into = self._in.get(fact.type)
        if into is not None:
            _take(into, fact.target, fact, _SOURCE)
        self._forget(fact.type)

    def _forget(self, rel_type: str) -> None:
        """What a change of one relation of `rel_type` makes stale: the corporate caches are read from the
        subsidiary_of relations only; the networkx view from all of them."""
        if rel_type == SUBSIDIARY:
            self._clear_caches()
        else:
            self._layers = None

    def _clear_caches(self) -> None:
        """Forget everything derived from the relations (corporate ancestry and groups, the networkx view)."""
        self._ancestry_cache = {}
        self._group_cache = {}
        self._climb_cache = {}
        self._layers = None

    @property
    def layers(self):
        """relation type -> networkx MultiDiGraph of the relations that may matter (keyed by relation id, the
        fact as edge attribute `fact`): a view for inspection, built on first use; the searches do not use it."""
        if self._layers is None:
            import networkx as nx  # here, not at the top: a tenth of the app's start-up

            layers = {rel_type: nx.MultiDiGraph() for rel_type in RELATION_TYPES}
            for rel_type, adjacency in self._out.items():
                layers[rel_type].add_edges_from((fact.source, fact.target, fact.id, {"fact": fact})
                                                for facts in adjacency.values() for fact in facts)
            self._layers = layers
        return self._layers

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

    def _check(self, step: Step):
        """_qualifies(fact, step) for a relation the engine holds (so within the lookback), or None when every
        such relation qualifies."""
        if step.timing != "active" and step.min_share is None and step.max_degree is None:
            return None
        as_of, active = self.as_of, step.timing == "active"
        min_share, max_degree = step.min_share, step.max_degree

        def check(fact: RelationFact) -> bool:
            if active and fact.end is not None and fact.end < as_of:
                return False
            if min_share is not None and fact.share is not None and fact.share < min_share:
                return False
            return max_degree is None or fact.degree is None or fact.degree <= max_degree
        return check

    # --- typed adjacency -------------------------------------------------------------------------------
    def _plan(self, step: Step, forward: bool) -> tuple:
        """([(node -> facts, far end of a fact)] to walk for `step`, the check of a fact). Forward (expert ->
        applicant) walks out-lists, backward in-lists; symmetric types both ways, the natural way first."""
        plan = self._plans.get((step, forward))
        if plan is None:
            lists = []
            for rel_type in step.types:
                ways = [(self._out[rel_type], _TARGET), (self._in.get(rel_type), _SOURCE)]
                if not forward:
                    ways.reverse()
                for adjacency, far_end in ways[:2 if rel_type in SYMMETRIC_TYPES else 1]:
                    if adjacency is None:  # walked backward though no pattern does so: never at build time
                        adjacency = self._in[rel_type] = self._in_lists(rel_type)
                    lists.append((adjacency, far_end))
            plan = self._plans[(step, forward)] = (tuple(lists), self._check(step))
        return plan

    def _in_lists(self, rel_type: str) -> dict[str, list[RelationFact]]:
        into: dict[str, list[RelationFact]] = {}
        for facts in self._out[rel_type].values():
            for fact in facts:
                into.setdefault(fact.target, []).append(fact)
        return into

    def _edges(self, node: str, step: Step, forward: bool) -> list[tuple[str, RelationFact]]:
        """(neighbour, fact) along `step` from `node`: out-edges when walking forward (expert -> applicant),
        in-edges when walking backward. Symmetric types are walked both ways."""
        lists, check = self._plan(step, forward)
        found = []
        for adjacency, far_end in lists:
            facts = adjacency.get(node)
            if facts:
                self.visited += len(facts)
                found.extend((far_end(fact), fact) for fact in facts if check is None or check(fact))
        return found

    # --- the applicant's corporate group ------------------------------------------------------------------
    # The group of an applicant is every organization that shares an ancestor-or-self with it through
    # subsidiary_of relations active at D: the descendants-or-self of its ancestors-or-self. Applicants of one
    # corporate group share the group (cached by its top organizations); the route from a member to the
    # applicant (up to a common ancestor, then down) is computed only for the members a rule reaches.

    def _active_links(self, node: str, upward: bool) -> list[tuple[str, RelationFact]]:
        facts = (self._out if upward else self._in)[SUBSIDIARY].get(node)
        if not facts:
            return []
        self.visited += len(facts)
        as_of = self.as_of
        if upward:  # parents in the order the breadth-first ancestry has always met them
            return [(fact.target, fact) for fact in (_grouped(facts) if len(facts) > 1 else facts)
                    if fact.end is None or fact.end >= as_of]
        return [(fact.source, fact) for fact in facts if fact.end is None or fact.end >= as_of]

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
        tops = frozenset(node for node in up if not self._active_links(node, upward=True))
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
        if len(ancestry) == len(tops):
            return True
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
        climb_nodes, climb_facts = self._climbs(member)[common]
        descent_nodes, descent_facts = self._climbs(applicant)[common]
        return climb_nodes + descent_nodes[-2::-1], climb_facts + descent_facts[::-1]

    def _climbs(self, node: str) -> dict[str, tuple[tuple[str, ...], tuple]]:
        """Ancestor-or-self -> (nodes from `node` up to it, the relations between), along the ancestry."""
        up = self._ancestry(node)
        cached = self._climb_cache.get(node)
        if cached is not None and cached[0] is up:
            return cached[1]
        climbs = {}
        for ancestor, (_, child, fact) in up.items():  # breadth first: a child comes before its parent
            if child is None:
                climbs[ancestor] = ((ancestor,), ())
            else:
                nodes, facts = climbs[child]
                climbs[ancestor] = (nodes + (ancestor,), facts + (fact,))
        self._climb_cache[node] = (up, climbs)
        return climbs

    # --- forward: one expert, one applicant ------------------------------------------------------------
    def conflicts(self, expert: str, applicant: str) -> list[Finding]:
        """Every rule that makes `expert` conflicted with `applicant`, each with one shortest explanation."""
        group = self.group_members(applicant)
        findings = []
        for rule in self.policy.rules:
            best = self._declared_candidate(expert, applicant) if rule.target == DECLARED else \
                self._forward_best(expert, applicant, rule, group)
            if best is not None:
                findings.append(Finding(expert, applicant, rule.id, best[1], best[3], best[2]))
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
                    best = candidate + (tuple(fact.type for fact in candidate[2]),)
        return best

    def _declared_candidate(self, expert: str, applicant: str) -> Candidate | None:
        declared = self.declared.get((expert, applicant))
        return (1, (expert, applicant), (declared,), (DECLARED,)) if declared else None

    # --- backward: the full matrix ---------------------------------------------------------------------
    def matrix(self, experts: Iterable[str], applicants: Iterable[str]) -> list[Finding]:
        """All conflicts between `experts` and `applicants`, sorted by expert, applicant, rule."""
        # Hundreds of thousands of small long-lived objects (paths, findings): the cyclic garbage collector's
        # passes over them are pure overhead here (a fifth of the national-scale time), so it pauses.
        collecting = gc.isenabled()
        gc.disable()
        try:
            index = self._expert_index(set(experts))
            declared: dict[str, list] = {}
            for (expert, applicant), fact in self.declared.items():
                if expert in index.experts:
                    declared.setdefault(applicant, []).append((expert, fact))
            # Applicants and rules in order, each expert's findings in a list of its own: the findings come out
            # sorted by expert, applicant and rule without sorting them.
            rules = sorted(self.policy.rules, key=attrgetter("id"))
            group_cache: dict = {}
            found: dict[str, list] = {}
            for applicant in sorted(set(applicants)):  # each applicant once, even if listed twice
                self._applicant_conflicts(applicant, rules, index, group_cache, declared.get(applicant, ()), found)
            return [finding for expert in sorted(found) for finding in found[expert]]
        finally:
            if collecting:
                gc.enable()

    def _expert_index(self, experts: set[str]) -> ExpertIndex:
        """first step of a rule -> node -> [(expert, fact)] for the qualifying relations that start at an expert
        (either end for symmetric types). The backward search ends here instead of scanning every employee of an
        employer."""
        edges: dict[Step, dict[str, list]] = {}
        for rule in self.policy.rules:
            for pattern in rule.patterns:
                first = pattern[0]
                if first in edges:
                    continue
                by_node: dict[str, list] = {}
                lists, check = self._plan(first, forward=True)
                for adjacency, far_end in lists:
                    # the experts' order decides nothing: each has its own paths
                    for expert in (adjacency.keys() & experts if len(adjacency) < len(experts) else
                                   [expert for expert in experts if expert in adjacency]):
                        for fact in adjacency[expert]:
                            if check is None or check(fact):
                                by_node.setdefault(far_end(fact), []).append((expert, fact))
                edges[first] = by_node
        return ExpertIndex(experts, edges)

    def _applicant_conflicts(self, applicant: str, rules, index: ExpertIndex, group_cache: dict, declared,
                             found: dict[str, list[Finding]]) -> None:
        """Append every conflict of `applicant` to found[expert], by rule id."""
        group = None
        routes: dict[str, tuple] = {}  # member -> (route nodes after the member, relations, their types)
        # the applicant's ancestors-or-self -> (hops up, the nodes below it down to the applicant, the relations)
        descents: dict[str, tuple] = {}

        def route_from(member: str) -> tuple:
            """group_route(member, applicant) without the member, from the cached climbs."""
            route = routes.get(member)
            if route is None:
                if not descents:
                    for ancestor, (nodes, facts) in self._climbs(applicant).items():
                        descents[ancestor] = (len(facts), nodes[-2::-1], facts[::-1])
                best = None
                for ancestor, (nodes, facts) in self._climbs(member).items():
                    down = descents.get(ancestor)
                    if down is not None and (best is None or (len(facts) + down[0], ancestor) < best[0]):
                        best = ((len(facts) + down[0], ancestor), nodes, facts, down)
                _, nodes, facts, (_, down_nodes, down_facts) = best
                route = routes[member] = (nodes[1:] + down_nodes, facts + down_facts,
                                          (SUBSIDIARY,) * (len(facts) + len(down_facts)))
            return route

        for rule in rules:
            rule_id = rule.id
            if rule.target == "group":
                if group is None:
                    group = self.group_members(applicant)
                key = (rule_id, group)  # applicants of one corporate group share these matches
                matches = group_cache.get(key)
                if matches is None:
                    matches = group_cache[key] = self._group_matches(self._backward(rule, group, index), found)
                by_member, several = matches
                for member, entries in by_member:  # the experts with one match: the route is the only choice
                    route_nodes, route_facts, route_types = route_from(member)
                    for bucket, expert, nodes, facts, types in entries:
                        bucket.append(Finding(expert, applicant, rule_id, nodes + route_nodes, types + route_types,
                                              facts + route_facts))
                for bucket, expert, candidates in several:
                    best = None
                    for nodes, facts, types in candidates:
                        route = route_from(nodes[-1])
                        if best is None or (len(facts) + len(route[1]), nodes + route[0]) < \
                                (len(best[1]) + len(best[3][1]), best[0] + best[3][0]):
                            best = (nodes, facts, types, route)
                    nodes, facts, types, route = best
                    bucket.append(Finding(expert, applicant, rule_id, nodes + route[0], types + route[2],
                                          facts + route[1]))
            elif rule.target == "applicant":
                for expert, matches in self._by_expert(self._backward(rule, (applicant,), index)).items():
                    nodes, facts, types = min(matches, key=_hops_and_path) if len(matches) > 1 else matches[0]
                    found.setdefault(expert, []).append(Finding(expert, applicant, rule_id, nodes, types, facts))
            else:
                for expert, fact in declared:
                    found.setdefault(expert, []).append(Finding(expert, applicant, rule_id, (expert, applicant),
                                                                (DECLARED,), (fact,)))

    @staticmethod
    def _by_expert(matches: list[tuple]) -> dict[str, list[tuple]]:
        """expert -> [(nodes, facts, types)] in the order found (the first of equally good ones explains)."""
        by_expert: dict[str, list[tuple]] = {}
        for expert, nodes, facts, types in matches:
            mine = by_expert.get(expert)
            if mine is None:
                by_expert[expert] = [(nodes, facts, types)]
            else:
                mine.append((nodes, facts, types))
        return by_expert

    def _group_matches(self, matches: list[tuple], found: dict[str, list]) -> tuple[list, list]:
        """A group rule's matches, ready for each applicant of the group: the experts with one match by the
        member it reaches [(member, [(expert's findings, expert, nodes, facts, types)])], and the experts with
        several [(expert's findings, expert, [(nodes, facts, types)])]."""
        by_member: dict[str, list] = {}
        several = []
        for expert, candidates in self._by_expert(matches).items():
            bucket = found.setdefault(expert, [])
            if len(candidates) == 1:
                nodes, facts, types = candidates[0]
                by_member.setdefault(nodes[-1], []).append((bucket, expert, nodes, facts, types))
            else:
                several.append((bucket, expert, candidates))
        return list(by_member.items()), several

    def _backward(self, rule: Rule, targets, index: ExpertIndex) -> list[tuple]:
        """(expert, nodes from the expert to a target, facts, their types) for every match of the rule's
        patterns."""
        matches = []
        for pattern in rule.patterns:
            starts = index.edges[pattern[0]]
            if len(pattern) == 1:
                # one step: only the targets some expert's relation reaches (most group members are reached by
                # none); the order of the targets decides nothing, since each has its own paths
                for target in (starts.keys() & targets if len(targets) > 8 else targets):
                    entries = starts.get(target)
                    if entries:
                        self.visited += len(entries)
                        matches.extend((expert, (expert, target), (fact,), (fact.type,))
                                       for expert, fact in entries)
                continue
            partials = None
            for step in reversed(pattern[1:]):
                lists, check = self._plan(step, forward=False)
                longer = []
                if partials is None:  # the last step, from the targets that have relations of its types
                    for adjacency, far_end in lists:
                        for target in (adjacency.keys() & targets if len(targets) > 8 else targets):
                            step_facts = adjacency.get(target)
                            if step_facts:
                                self.visited += len(step_facts)
                                longer.extend(((far_end(fact), target), (fact,), (fact.type,))
                                              for fact in step_facts if check is None or check(fact))
                else:
                    for nodes, facts, types in partials:
                        for adjacency, far_end in lists:
                            step_facts = adjacency.get(nodes[0])
                            if step_facts:
                                self.visited += len(step_facts)
                                longer.extend(((far_end(fact),) + nodes, (fact,) + facts, (fact.type,) + types)
                                              for fact in step_facts if check is None or check(fact))
                partials = longer
            for nodes, facts, types in partials:
                entries = starts.get(nodes[0])
                if entries:
                    self.visited += len(entries)
                    matches.extend((expert, (expert,) + nodes, (fact,) + facts, (fact.type,) + types)
                                   for expert, fact in entries)
        return matches


    # --- incremental updates (issue #19) -----------------------------------------------------------------
    # A write to the graph changes the built engine in place instead of rebuilding it (0.74 s at province scale).
    # Everything below is built on three primitives that alone know the representation: _insert_fact,
    # _delete_fact and _clear_caches; the first two forget what a change makes stale (_forget: the corporate
    # caches only for a subsidiary_of fact; every other type is walked afresh by each search); the declared
    # conflicts and the entities are plain dicts.

    def add_entity(self, entity: Entity) -> None:
        """A new entity, or new values (a name) for a known one. An entity without relations changes no
        conflict: the layers hold relations, the entities only name the path's nodes."""
        self.entities[entity.id] = entity

    def remove_entity(self, entity_id: str) -> None:
        self.entities.pop(entity_id, None)

    def add_relation(self, fact: RelationFact) -> bool:
        """Whether the engine keeps it: a relation that cannot count as of D is left out, as a fresh build does."""
        if not self._may_matter(fact):
            return False
        self._insert_fact(fact)
        return True

    def remove_relation(self, fact: RelationFact) -> None:
        """`fact` as it was added (an unknown or left-out fact is ignored)."""
        self._delete_fact(fact)

    def replace_relation(self, old: RelationFact | None, new: RelationFact | None) -> bool:
        """An edited or ended relation (its new end date) is the old fact out and the new one in; whether the
        new one is kept."""
        if old is not None:
            self.remove_relation(old)
        return new is not None and self.add_relation(new)

    def set_declared(self, declared: Declared) -> None:
        self.declared[(declared.expert, declared.applicant)] = declared

    def remove_declared(self, expert: str, applicant: str) -> None:
        self.declared.pop((expert, applicant), None)

    def merge(self, merged: str, survivor: str, facts: Iterable[RelationFact]) -> list[RelationFact]:
        """The office merged duplicate `merged` into `survivor`: the merged entity's relations (`facts`, as they
        were added) now join the survivor, its declared conflicts too (the survivor's own declaration for the same
        applicant stays). Returns the moved facts as they are now."""
        from dataclasses import replace  # here: this section is merged beside a rewrite of the rest

        moved = []
        for fact in facts:
            new = replace(fact, source=survivor if fact.source == merged else fact.source,
                          target=survivor if fact.target == merged else fact.target)
            self.replace_relation(fact, new)
            moved.append(new)
        for (expert, applicant), declared in list(self.declared.items()):
            if merged in (expert, applicant):
                del self.declared[(expert, applicant)]
                moved_declared = replace(declared, expert=survivor if expert == merged else expert,
                                         applicant=survivor if applicant == merged else applicant)
                self.declared.setdefault((moved_declared.expert, moved_declared.applicant), moved_declared)
        self.remove_entity(merged)
        return moved

def _hops_and_path(match: tuple) -> tuple:
    return len(match[1]), match[0]


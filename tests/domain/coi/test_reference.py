"""The recusal engine against a naive reference written straight from the rule text of issue #4 ("The default
recusal policy"), on random small graphs.

The reference shares no code with the engine: it enumerates R1-R7 for every (expert, applicant) pair by plain set
logic over the list of relations, and computes the length of a shortest explanation for each rule. An explanation
is the rule's own relations from the expert, then (for the rules about the applicant's group) the corporate route
from the organization reached up to an ancestor both share and down to the applicant."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewapp.domain.coi import ConflictEngine, Declared, check_case, load_case

# --- the vocabulary, from the table ------------------------------------------------------------------

PERSON, ORG = "person", "organization"
ENDS = {  # type: (from kinds, to kinds)
    "employed_by": ({PERSON}, {ORG}),
    "director_of": ({PERSON}, {ORG}),
    "supervisor_of": ({PERSON}, {ORG}),
    "senior_manager_of": ({PERSON}, {ORG}),
    "legal_representative_of": ({PERSON}, {ORG}),
    "person_in_charge_of": ({PERSON}, {ORG}),
    "shareholder_of": ({PERSON, ORG}, {ORG}),
    "actual_controller_of": ({PERSON, ORG}, {ORG}),
    "subsidiary_of": ({ORG}, {ORG}),
    "spouse_of": ({PERSON}, {PERSON}),
    "in_law_of": ({PERSON}, {PERSON}),
    "blood_relative_of": ({PERSON}, {PERSON}),
    "consulted_for": ({PERSON, ORG}, {ORG}),
    "competitor_of": ({ORG}, {ORG}),
    "recommended": ({ORG}, {ORG}),
    "member_of": ({PERSON, ORG}, {ORG}),
}
SYMMETRIC = {"spouse_of", "in_law_of", "blood_relative_of", "competitor_of"}
OFFICE = {"employed_by", "director_of", "supervisor_of", "senior_manager_of", "legal_representative_of",
          "person_in_charge_of"}
HEAD = {"legal_representative_of", "person_in_charge_of"}
MIN_SHARE, MAX_DEGREE, YEARS = 0.05, 3, 3


def years_back(day: date, years: int) -> date:
    """D minus `years` calendar years, same month and day; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Reference:
    """R1-R7 by set logic. rules(e, a) -> {rule: length of a shortest explaining path}."""

    def __init__(self, case):
        self.d = case.as_of
        self.window = years_back(case.as_of, YEARS)
        self.rels = list(case.relations)
        self.declared = {(x.expert, x.applicant) for x in case.declared}
        self.orgs = {e.id for e in case.entities if e.kind == ORG}

    def active(self, r) -> bool:
        return (r.start is None or r.start <= self.d) and (r.end is None or r.end >= self.d)

    def within(self, r) -> bool:
        return (r.start is None or r.start <= self.d) and (r.end is None or r.end >= self.window)

    def out(self, node, types, when):
        """(other end, relation) for relations of `types` leaving `node` (symmetric ones: touching it)."""
        found = []
        for r in self.rels:
            if r.type in types and when(r):
                if r.source == node:
                    found.append((r.target, r))
                if r.type in SYMMETRIC and r.target == node:
                    found.append((r.source, r))
        return found

    def up(self, org) -> dict:
        """Ancestors-or-self through subsidiary_of relations active at D -> fewest hops."""
        dist, frontier = {org: 0}, [org]
        while frontier:
            nxt = []
            for node in frontier:
                for parent, _ in self.out(node, {"subsidiary_of"}, self.active):
                    if parent not in dist:
                        dist[parent] = dist[node] + 1
                        nxt.append(parent)
            frontier = nxt
        return dist

    def group(self, applicant) -> dict:
        """The applicant's group -> hops of the shortest route up to a shared ancestor and down to the applicant."""
        mine = self.up(applicant)
        group = {}
        for org in self.orgs:
            theirs = self.up(org)
            shared = set(theirs) & set(mine)
            if shared:
                group[org] = min(theirs[c] + mine[c] for c in shared)
        return group

    def rules(self, e, a) -> dict:
        g = self.group(a)
        found: dict[str, int] = {}

        def hold(rule, length):
            found[rule] = min(length, found.get(rule, length))

        def share_ok(r):
            return r.share is None or r.share >= MIN_SHARE

        def degree_ok(r):
            return r.degree is None or r.degree <= MAX_DEGREE

        for org, _ in self.out(e, OFFICE, self.within):  # R1
            if org in g:
                hold("R1", 1 + g[org])
        for org, r in self.out(e, {"shareholder_of", "actual_controller_of"}, self.within):  # R2
            if org in g and (r.type != "shareholder_of" or share_ok(r)):
                hold("R2", 1 + g[org])
        for relative, r in self.out(e, {"spouse_of", "in_law_of", "blood_relative_of"}, self.active):  # R3
            if r.type != "blood_relative_of" or degree_ok(r):
                if any(org == a for org, _ in self.out(relative, HEAD, self.active)):
                    hold("R3", 2)
        for org, _ in self.out(e, {"consulted_for"}, self.within):  # R4, the expert
            if org in g:
                hold("R4", 1 + g[org])
        for employer, _ in self.out(e, {"employed_by"}, self.active):
            for org, _ in self.out(employer, {"consulted_for"}, self.within):  # R4, the expert's employer
                if org in g:
                    hold("R4", 2 + g[org])
            for org, _ in self.out(employer, {"competitor_of"}, self.active):  # R5
                if org in g:
                    hold("R5", 2 + g[org])
            if any(org == a for org, _ in self.out(employer, {"recommended"}, self.active)):  # R6
                hold("R6", 2)
        if (e, a) in self.declared:  # R7
            hold("R7", 1)
        return found

    def triples(self, experts, applicants) -> dict:
        return {(e, a, rule): length for e in set(experts) for a in set(applicants)
                for rule, length in self.rules(e, a).items()}


# --- random small cases in the exchange format -----------------------------------------------------------------

AS_OF = [date(2026, 11, 16), date(2028, 2, 29), date(2024, 2, 29), date(2027, 3, 1)]
# The types that build routes and rules come up more often than the rest.
TYPES = sorted(ENDS) + ["subsidiary_of"] * 4 + ["employed_by"] * 3 + ["shareholder_of"] * 3 + \
    ["blood_relative_of"] * 2 + ["legal_representative_of", "consulted_for", "spouse_of", "competitor_of",
                                 "recommended"]


def key_dates(d: date) -> list:
    window = years_back(d, YEARS)
    one = timedelta(days=1)
    return [None, None, date(d.year - 10, 6, 1), window - one, window, window + one, d - one, d, d + one,
            date(d.year + 2, 1, 1)]


@st.composite
def cases(draw) -> dict:
    as_of = draw(st.sampled_from(AS_OF))
    people = [f"p{i}" for i in range(draw(st.integers(1, 6)))]
    orgs = [f"o{i}" for i in range(draw(st.integers(1, 6)))]
    pool = {PERSON: people, ORG: orgs}
    dates = key_dates(as_of)
    relations = []
    for _ in range(draw(st.integers(0, 25))):
        rel_type = draw(st.sampled_from(TYPES))
        from_kinds, to_kinds = ENDS[rel_type]
        relation = {"type": rel_type,
                    "from": draw(st.sampled_from(sorted(x for k in from_kinds for x in pool[k]))),
                    "to": draw(st.sampled_from(sorted(x for k in to_kinds for x in pool[k])))}
        start, end = draw(st.sampled_from(dates)), draw(st.sampled_from(dates))
        if start and end and end < start:
            start, end = end, start
        relation.update({key: value.isoformat() for key, value in (("start", start), ("end", end)) if value})
        if rel_type == "shareholder_of":
            relation["share"] = draw(st.sampled_from([None, None, 0.0499, 0.05, 1.0]))
        if rel_type == "blood_relative_of":
            relation["degree"] = draw(st.sampled_from([None, 1, 2, 3, 4, 6]))
        relations.append(relation)
    declared = [{"expert": draw(st.sampled_from(people)), "applicant": draw(st.sampled_from(orgs)), "reason": "r"}
                for _ in range(draw(st.integers(0, 3)))]
    return {"as_of": as_of.isoformat(),
            "entities": [{"id": x, "kind": PERSON, "name": x} for x in people] +
                        [{"id": x, "kind": ORG, "name": x} for x in orgs],
            "relations": relations,
            "experts": draw(st.lists(st.sampled_from(people), min_size=1, max_size=6, unique=True)),
            "applicants": draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=6, unique=True)),
            "declared": declared}


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def engine_for(case) -> ConflictEngine:
    return ConflictEngine(case.entities, case.relations, case.as_of, declared=case.declared)


def explains(finding, case, ref: Reference) -> bool:
    """The finding's path is a real explanation of its rule in the input: the steps of the rule from the expert,
    each by a qualifying relation of the input, then active subsidiary_of relations up and then down."""
    path, types, facts = finding.path, finding.relations, finding.facts
    assert path[0] == finding.expert and path[-1] == finding.applicant
    assert len(types) == len(path) - 1 == len(facts)
    if finding.rule == "R7":
        return types == ("declared",) and facts == (Declared(finding.expert, finding.applicant, "r"),) and \
            (finding.expert, finding.applicant) in ref.declared
    inputs = set(case.relations)
    for (u, v), rel_type, fact in zip(zip(path, path[1:]), types, facts):
        assert fact in inputs and fact.type == rel_type
        ends = (fact.source, fact.target)
        assert ends == (u, v) or ((rel_type in SYMMETRIC or rel_type == "subsidiary_of") and ends == (v, u))
    heads = {"R1": 1, "R2": 1, "R3": 2, "R5": 2, "R6": 2, "R4": 2 if len(types) > 1 and
             types[:2] == ("employed_by", "consulted_for") else 1}[finding.rule]
    head, tail = list(zip(types[:heads], facts[:heads])), list(zip(path[heads:], path[heads + 1:], facts[heads:]))
    when = {"R1": [ref.within], "R2": [ref.within], "R3": [ref.active, ref.active], "R4": [ref.within] if heads == 1
            else [ref.active, ref.within], "R5": [ref.active, ref.active], "R6": [ref.active, ref.active]}
    wanted = {"R1": [OFFICE], "R2": [{"shareholder_of", "actual_controller_of"}],
              "R3": [{"spouse_of", "in_law_of", "blood_relative_of"}, HEAD],
              "R4": [{"consulted_for"}] if heads == 1 else [{"employed_by"}, {"consulted_for"}],
              "R5": [{"employed_by"}, {"competitor_of"}], "R6": [{"employed_by"}, {"recommended"}]}
    for (rel_type, fact), ok, allowed in zip(head, when[finding.rule], wanted[finding.rule]):
        if rel_type not in allowed or not ok(fact):
            return False
        if fact.type == "shareholder_of" and fact.share is not None and fact.share < MIN_SHARE:
            return False
        if fact.type == "blood_relative_of" and fact.degree is not None and fact.degree > MAX_DEGREE:
            return False
    if finding.rule in ("R3", "R6"):
        return not tail
    going_down = False
    for u, v, fact in tail:  # the corporate route: up to a shared ancestor, then down to the applicant
        if fact.type != "subsidiary_of" or not ref.active(fact):
            return False
        if (fact.source, fact.target) == (u, v) and not going_down:
            continue
        if (fact.source, fact.target) == (v, u):
            going_down = True
            continue
        return False
    return True


def check_against_reference(raw: dict):
    case = load_case(raw)
    ref = Reference(case)
    engine = engine_for(case)
    backward = engine.matrix(case.experts, case.applicants)
    expected = ref.triples(case.experts, case.applicants)

    # (a) the matrix holds exactly the reference's (expert, applicant, rule), once each, sorted
    triples = [(f.expert, f.applicant, f.rule) for f in backward]
    assert triples == sorted(expected), "matrix and reference disagree"
    assert check_case(case) == {"conflicts": [f.as_json() for f in backward]}

    forward = {}
    for e in case.experts:
        for a in case.applicants:
            found = engine.conflicts(e, a)
            # (b) the forward search finds the same rules as the matrix for every pair
            assert [f.rule for f in found] == sorted(r for (x, y, r) in expected if (x, y) == (e, a))
            forward.update({(f.expert, f.applicant, f.rule): f for f in found})
    for finding in backward:
        key = (finding.expert, finding.applicant, finding.rule)
        for f in (finding, forward[key]):
            # (c) every path explains its rule by real relations of the input
            assert explains(f, case, ref), f"{f.rule} path {f.path} {f.relations} explains nothing"
        # (d) both searches give a shortest explanation
        assert len(finding.path) == len(forward[key].path) == expected[key] + 1, \
            f"{key}: backward {finding.path}, forward {forward[key].path}, shortest has {expected[key]} relations"


@SETTINGS
@given(cases())
def test_engine_agrees_with_the_naive_reference(raw):
    """(a) matrix == reference, (b) forward == matrix per pair, (c) every path is a real explanation,
    (d) forward and backward paths are both shortest. Random subsidiary_of relations include cycles and
    organizations entered as their own parent."""
    check_against_reference(raw)


# --- hand-made checks of the reference itself (it must be right for the comparison to mean anything) ------------

def test_reference_reads_the_rules_as_written():
    raw = {"as_of": "2028-02-29",
           "entities": [{"id": i, "kind": PERSON, "name": i} for i in ("e", "rep", "cousin")] +
                       [{"id": i, "kind": ORG, "name": i} for i in ("app", "parent", "sister", "firm", "rival",
                                                                   "other")],
           "relations": [
               {"type": "subsidiary_of", "from": "app", "to": "parent"},
               {"type": "subsidiary_of", "from": "sister", "to": "parent", "start": "2020-01-01"},
               {"type": "director_of", "from": "e", "to": "sister", "end": "2025-02-28"},      # R1, on the bound
               {"type": "shareholder_of", "from": "e", "to": "app", "share": 0.0499},          # too small
               {"type": "in_law_of", "from": "rep", "to": "e"},                                # R3, reversed
               {"type": "person_in_charge_of", "from": "rep", "to": "app"},
               {"type": "blood_relative_of", "from": "e", "to": "cousin", "degree": 4},        # too far
               {"type": "legal_representative_of", "from": "cousin", "to": "other"},
               {"type": "employed_by", "from": "e", "to": "firm", "start": "2028-02-29"},
               {"type": "consulted_for", "from": "firm", "to": "sister", "end": "2025-02-27"},  # a day too old
               {"type": "competitor_of", "from": "rival", "to": "firm"},                        # R5, reversed
               {"type": "subsidiary_of", "from": "rival", "to": "parent"},
               {"type": "member_of", "from": "e", "to": "other"},
               {"type": "member_of", "from": "other", "to": "app"},
           ],
           "experts": ["e"], "applicants": ["app", "other"], "declared": [{"expert": "e", "applicant": "other",
                                                                          "reason": "r"}]}
    case = load_case(raw)
    ref = Reference(case)
    assert ref.window == date(2025, 2, 28)
    assert set(ref.group("app")) == {"app", "parent", "sister", "rival"}
    assert ref.rules("e", "app") == {"R1": 3, "R3": 2, "R5": 4}
    assert ref.rules("e", "other") == {"R7": 1}
    check_against_reference(raw)


# --- engine discrepancies the property test found once (minimal examples, kept as regression tests) ---------

def small_case(relations, applicants, orgs=("a", "b", "X", "C1", "C2"), experts=("e",)) -> dict:
    return {"as_of": "2026-11-16",
            "entities": [{"id": "e", "kind": PERSON, "name": "e"}] +
                        [{"id": o, "kind": ORG, "name": o} for o in orgs],
            "relations": relations, "experts": list(experts), "applicants": list(applicants), "declared": []}


def sub(child, parent) -> dict:
    return {"type": "subsidiary_of", "from": child, "to": parent}


# a and b share the parent X; a is also below C1, and C1 and C2 are entered as each other's parent (or C1 as its
# own). The expert works for C1, so R1 holds for (e, a) through [e, C1, a] and not for (e, b).
CORPORATE_CYCLES = {
    "two-cycle, b first": small_case([sub("a", "X"), sub("b", "X"), sub("a", "C1"), sub("C1", "C2"), sub("C2", "C1"),
                                      {"type": "employed_by", "from": "e", "to": "C1"}], ["b", "a"]),
    "two-cycle, a first": small_case([sub("a", "X"), sub("b", "X"), sub("a", "C1"), sub("C1", "C2"), sub("C2", "C1"),
                                      {"type": "employed_by", "from": "e", "to": "C1"}], ["a", "b"]),
    "self-parented tops": small_case([sub("a", "a"), sub("b", "b"), {"type": "employed_by", "from": "e", "to": "a"}],
                                     ["a", "b"], orgs=("a", "b")),
}


@pytest.mark.parametrize("name", list(CORPORATE_CYCLES))
def test_subsidiary_of_cycles_do_not_mix_up_groups(name):
    check_against_reference(CORPORATE_CYCLES[name])


def test_an_applicant_listed_twice_gives_one_object_per_conflict():
    raw = small_case([{"type": "employed_by", "from": "e", "to": "a"}], ["a", "a"], orgs=("a",))
    assert check_case(load_case(raw)) == {"conflicts": [
        {"expert": "e", "applicant": "a", "rule": "R1", "path": ["e", "a"], "relations": ["employed_by"]}]}


@pytest.mark.parametrize("ids", [("x", "x"), (None, "0")], ids=["repeated id", "id equal to another's index"])
def test_relation_ids_never_make_a_relation_disappear(ids):
    relations = [{"type": "employed_by", "from": "e", "to": "f", "start": "2020-01-01"},   # active: R6
                 {"type": "employed_by", "from": "e", "to": "f", "end": "2025-01-01"},     # ended: not R6
                 {"type": "recommended", "from": "f", "to": "a"}]
    for relation, rel_id in zip(relations, ids):
        if rel_id is not None:
            relation["id"] = rel_id
    raw = small_case(relations, ["a"], orgs=("a", "f"))
    assert [c["rule"] for c in check_case(load_case(raw))["conflicts"]] == ["R6"]

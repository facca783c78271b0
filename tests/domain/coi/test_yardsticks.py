"""The conflict engine's yardsticks (bench/coi_reference.py, bench/coi.py; issue 19) must answer the engine's
question exactly, or the figures measured against them mean nothing: the typed sparse-matrix reference finds the
same (expert, applicant, rule) findings with explanations of the same (shortest) length, each a real explanation,
and the typed per-pair search finds the same rules per pair. On the benchmark's city graph and on random small
cases (subsidiary_of cycles included). Equality only, no timings."""
import random
from types import SimpleNamespace

import pytest
from hypothesis import given, settings

from bench.coi import AS_OF, SCALES, TypedPairSearch, generate
from bench.coi_reference import SparseReference
from reviewapp.domain.coi import ConflictEngine, load_case, load_policy
from tests.domain.coi.test_reference import CORPORATE_CYCLES, SETTINGS, Reference, cases, explains


def as_finding(found: tuple) -> SimpleNamespace:
    expert, applicant, rule, path, facts = found
    types = tuple("declared" if rule == "R7" else fact.type for fact in facts)
    return SimpleNamespace(expert=expert, applicant=applicant, rule=rule, path=path, relations=types, facts=facts)


def keyed(findings) -> dict:
    return {(f.expert, f.applicant, f.rule): len(f.relations) for f in findings}


def check(entities, relations, as_of, declared, experts, applicants):
    engine = ConflictEngine(entities, relations, as_of, load_policy(), declared)
    expected = engine.matrix(experts, applicants)
    found = [as_finding(f) for f in SparseReference(entities, relations, as_of, load_policy(),
                                                    declared).findings(experts, applicants)]
    assert [(f.expert, f.applicant, f.rule) for f in found] == [(f.expert, f.applicant, f.rule) for f in expected]
    assert keyed(found) == keyed(expected), "the reference's explanations are not the shortest"
    search = TypedPairSearch(relations, declared, load_policy(), as_of)
    rules = {}
    for f in expected:
        rules.setdefault((f.expert, f.applicant), set()).add(f.rule)
    return found, search, rules


def test_reference_and_per_pair_search_agree_with_the_engine_on_the_city_graph():
    data = generate(SCALES["city"], 2026)
    found, search, rules = check(data.entities, data.relations, AS_OF, data.declared, data.experts,
                                 data.applicants)
    assert len(found) > 500 and {f.rule for f in found} == {f"R{i}" for i in range(1, 8)}
    inputs = set(data.relations)
    for f in found:  # every step of every path is one of the input's relations between the path's two entities
        assert f.path[0] == f.expert and f.path[-1] == f.applicant and len(f.path) == len(f.facts) + 1
        if f.rule != "R7":
            assert all(fact in inputs and {fact.source, fact.target} == {u, v}
                       for fact, u, v in zip(f.facts, f.path, f.path[1:]))
    rng = random.Random(19)
    pairs = list(rules) + [(rng.choice(data.experts), rng.choice(data.applicants)) for _ in range(300)]
    assert all(search.pair_rules(e, a) == rules.get((e, a), set()) for e, a in pairs)


def check_case(raw: dict) -> None:
    case = load_case(raw)
    found, search, rules = check(case.entities, case.relations, case.as_of, case.declared, case.experts,
                                 case.applicants)
    ref = Reference(case)
    for f in found:
        assert explains(f, case, ref), f"{f.rule} path {f.path} {f.relations} explains nothing"
    assert all(search.pair_rules(e, a) == rules.get((e, a), set()) for e in case.experts for a in case.applicants)


@settings(SETTINGS, max_examples=60)
@given(cases())
def test_reference_and_per_pair_search_agree_with_the_engine_on_random_cases(raw):
    check_case(raw)


@pytest.mark.parametrize("name", list(CORPORATE_CYCLES))
def test_subsidiary_of_cycles(name):
    check_case(CORPORATE_CYCLES[name])

"""The leaner recusal engine of issue #19 against the engine it replaced, on random graphs: the same findings, the
same explaining paths and relations (ties included), from both searches; and its in-place primitives.

The graphs are drawn to make ties likely: few organizations, parallel relations between the same two entities,
symmetric relations entered both ways, organizations with several parents, subsidiary_of cycles, and dates on the
edges of the lookback window."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewapp.domain.coi import ConflictEngine, Declared, Entity, RelationFact
from reviewapp.domain.coi.model import RELATION_TYPES
from tests.domain.coi.frozen_engine import FrozenConflictEngine

D = date(2026, 11, 16)
WINDOW = date(2023, 11, 16)
DATES = [None, None, None, date(2015, 1, 1), WINDOW - timedelta(days=1), WINDOW, D - timedelta(days=1), D,
         D + timedelta(days=1)]
# The types of the default policy's patterns and routes come up more often than the rest.
TYPES = sorted(RELATION_TYPES) + ["subsidiary_of"] * 6 + ["employed_by"] * 4 + ["shareholder_of"] * 2 + \
    ["legal_representative_of", "consulted_for", "spouse_of", "blood_relative_of", "competitor_of", "recommended"]


@st.composite
def worlds(draw) -> tuple:
    people = [f"p{i}" for i in range(draw(st.integers(1, 5)))]
    orgs = [f"o{i}" for i in range(draw(st.integers(1, 7)))]
    pool = {"person": people, "organization": orgs}
    relations = []
    for index in range(draw(st.integers(0, 45))):
        rel_type = draw(st.sampled_from(TYPES))
        spec = RELATION_TYPES[rel_type]
        source = draw(st.sampled_from(sorted(x for kind in spec.from_kinds for x in pool[kind])))
        target = draw(st.sampled_from(sorted(x for kind in spec.to_kinds for x in pool[kind])))
        start, end = draw(st.sampled_from(DATES)), draw(st.sampled_from(DATES))
        if start and end and end < start:
            start, end = end, start
        share = draw(st.sampled_from([None, 0.01, 0.05, 0.5])) if rel_type == "shareholder_of" else None
        degree = draw(st.sampled_from([None, 1, 3, 4])) if rel_type == "blood_relative_of" else None
        relations.append(RelationFact(str(index), rel_type, source, target, start, end, share, degree))
        if relations and draw(st.integers(0, 4)) == 0:  # a parallel relation: same ends, other dates or type
            twin = draw(st.sampled_from(relations))
            twin_type = twin.type if twin.type not in ("shareholder_of", "subsidiary_of") else \
                draw(st.sampled_from([twin.type, "actual_controller_of" if twin.type == "shareholder_of" else
                                      "subsidiary_of"]))
            relations.append(RelationFact(f"{index}b", twin_type, twin.source, twin.target,
                                          draw(st.sampled_from(DATES[:4])), draw(st.sampled_from(DATES)),
                                          twin.share if twin_type == "shareholder_of" else None,
                                          twin.degree))
    entities = [Entity(x, "person", x) for x in people] + [Entity(x, "organization", x) for x in orgs]
    declared = [Declared(draw(st.sampled_from(people)), draw(st.sampled_from(orgs)), "r")
                for _ in range(draw(st.integers(0, 2)))]
    return entities, relations, declared, people, orgs


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def comparable(findings) -> list[tuple]:
    return [(f.expert, f.applicant, f.rule, f.path, f.relations, f.facts) for f in findings]


@SETTINGS
@given(worlds())
def test_the_matrix_and_the_pair_checks_give_the_same_findings(world):
    """matrix() and conflicts() agree per pair on everything: rule, path, relations and the relations' facts."""
    entities, relations, declared, people, orgs = world
    engine = ConflictEngine(entities, relations, D, declared=declared)
    matrix = comparable(engine.matrix(people, orgs))
    pairs = comparable(f for e in sorted(people) for a in sorted(orgs) for f in engine.conflicts(e, a))
    assert matrix == pairs


@SETTINGS
@given(worlds())
def test_the_engine_gives_the_findings_of_the_engine_it_replaced(world):
    """Identical findings to the networkx engine before issue #19, for the matrix and for every pair."""
    entities, relations, declared, people, orgs = world
    new = ConflictEngine(entities, relations, D, declared=declared)
    old = FrozenConflictEngine(entities, relations, D, declared=declared)
    assert comparable(new.matrix(people, orgs)) == comparable(old.matrix(people, orgs))
    for expert in people:
        for applicant in orgs:
            assert comparable(new.conflicts(expert, applicant)) == comparable(old.conflicts(expert, applicant))
            assert new.group_of(applicant) == old.group_of(applicant)


@SETTINGS
@given(worlds(), st.data())
def test_inserting_and_deleting_relations_in_place_equals_a_fresh_build(world, data):
    """_insert_fact appends (so the engine equals one built with the relations in that order); _delete_fact
    removes by type, ends and id; both clear the derived caches."""
    entities, relations, declared, people, orgs = world
    split = data.draw(st.integers(0, len(relations)))
    engine = ConflictEngine(entities, relations[:split], D, declared=declared)
    engine.matrix(people, orgs)  # fills the caches that the changes must clear
    for fact in relations[split:]:
        engine._insert_fact(fact)
    fresh = ConflictEngine(entities, relations, D, declared=declared)
    assert comparable(engine.matrix(people, orgs)) == comparable(fresh.matrix(people, orgs))

    gone = data.draw(st.lists(st.sampled_from(relations), unique=True)) if relations else []
    for fact in gone:  # the same relation with other dates: found by its type, ends and id
        engine._delete_fact(RelationFact(fact.id, fact.type, fact.source, fact.target, None, date(1990, 1, 1)))
    kept = [fact for fact in relations if fact not in gone]
    fresh = ConflictEngine(entities, kept, D, declared=declared)
    assert comparable(engine.matrix(people, orgs)) == comparable(fresh.matrix(people, orgs))
    for applicant in orgs:
        assert engine.group_of(applicant) == fresh.group_of(applicant)


def test_inserting_a_relation_again_replaces_it_in_place():
    entities = [Entity("e", "person", "e"), Entity("a", "organization", "a")]
    job = RelationFact("1", "employed_by", "e", "a")
    engine = ConflictEngine(entities, [job], D)
    assert [f.rule for f in engine.conflicts("e", "a")] == ["R1"]
    ended = RelationFact("1", "employed_by", "e", "a", end=date(2020, 1, 1))
    engine._insert_fact(ended)  # too old to matter: not added, the older version stays until deleted
    assert [f.rule for f in engine.conflicts("e", "a")] == ["R1"]
    engine._delete_fact(ended)
    assert engine.conflicts("e", "a") == []
    engine._insert_fact(job)
    engine._insert_fact(RelationFact("1", "employed_by", "e", "a", end=date(2025, 1, 1)))
    assert [f.facts for f in engine.conflicts("e", "a")] == [(RelationFact("1", "employed_by", "e", "a",
                                                                           end=date(2025, 1, 1)),)]


def test_the_networkx_view_holds_the_relations_that_may_matter():
    entities = [Entity(x, "person", x) for x in ("e", "f")] + [Entity("a", "organization", "a")]
    relations = [RelationFact("1", "employed_by", "e", "a"), RelationFact("2", "spouse_of", "e", "f"),
                 RelationFact("3", "member_of", "e", "a"), RelationFact("4", "employed_by", "f", "a",
                                                                          end=date(2001, 1, 1))]
    layers = ConflictEngine(entities, relations, D).layers
    old = FrozenConflictEngine(entities, relations, D).layers
    assert set(layers) == set(old)
    for rel_type, layer in layers.items():
        assert sorted(layer.edges(keys=True, data="fact")) == sorted(old[rel_type].edges(keys=True, data="fact"))
    assert list(layers["employed_by"].edges(keys=True)) == [("e", "a", "1")]


def test_the_route_up_meets_the_parents_in_the_order_their_first_relation_came_in():
    """An applicant with an old (still counted, no longer active) and a current relation to parent p2, and one to
    p1 in between: the breadth-first route up meets p2 first, as the networkx engine did."""
    entities = [Entity("e", "person", "e")] + [Entity(x, "organization", x) for x in ("app", "p1", "p2", "top")]
    relations = [RelationFact("1", "subsidiary_of", "app", "p2", end=D - timedelta(days=1)),
                 RelationFact("2", "subsidiary_of", "app", "p1"),
                 RelationFact("3", "subsidiary_of", "app", "p2"),
                 RelationFact("4", "subsidiary_of", "p1", "top"),
                 RelationFact("5", "subsidiary_of", "p2", "top"),
                 RelationFact("6", "employed_by", "e", "top")]
    for engine in (ConflictEngine(entities, relations, D), FrozenConflictEngine(entities, relations, D)):
        assert [f.path for f in engine.matrix(["e"], ["app"])] == [("e", "top", "p2", "app")]
        assert [f.path for f in engine.conflicts("e", "app")] == [("e", "top", "p2", "app")]

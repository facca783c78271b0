"""The default recusal policy, rule by rule, on small hand-made graphs (Art. 33; Norm Art. 16, i.e. 财库〔2016〕198号
第十六条).
D is the cycle's reference date; "within 3 years" reaches back to D minus 3 calendar years, inclusive."""
from datetime import date

import pytest

from reviewapp.domain.coi import ConflictEngine, Declared, Entity, RelationFact, load_policy

D = date(2026, 11, 16)
THREE_YEARS_BEFORE = date(2023, 11, 16)


class World:
    """A tiny graph builder: w.rel("employed_by", "expert", "app", start=..., end=...)."""

    def __init__(self):
        self.entities: dict[str, Entity] = {}
        self.relations: list[RelationFact] = []
        self.declared: list[Declared] = []

    def person(self, *ids):
        for i in ids:
            self.entities[i] = Entity(i, "person", i)

    def org(self, *ids):
        for i in ids:
            self.entities[i] = Entity(i, "organization", i)

    def rel(self, rel_type, source, target, start=None, end=None, share=None, degree=None):
        for node in (source, target):
            if node not in self.entities:
                raise AssertionError(f"declare {node} first")
        self.relations.append(RelationFact(f"r{len(self.relations)}", rel_type, source, target, start, end,
                                           share, degree))

    def engine(self, as_of=D):
        return ConflictEngine(self.entities.values(), self.relations, as_of, declared=self.declared)

    def rules(self, expert="expert", applicant="app", as_of=D) -> set[str]:
        forward = {f.rule for f in self.engine(as_of).conflicts(expert, applicant)}
        backward = {f.rule for f in self.engine(as_of).matrix([expert], [applicant])}
        assert forward == backward, "the forward and backward searches disagree"
        return forward


@pytest.fixture
def w():
    world = World()
    world.person("expert")
    world.org("app")
    return world


# --- R1 employment or office, Norm Art. 16(1) --------------------------------------------------------------

@pytest.mark.parametrize("rel_type", ["employed_by", "director_of", "supervisor_of", "senior_manager_of",
                                      "legal_representative_of", "person_in_charge_of"])
def test_r1_norm16_1_employment_or_office_at_the_applicant(w, rel_type):
    w.rel(rel_type, "expert", "app", start=date(2020, 1, 1))
    assert w.rules() == {"R1"}


def test_r1_employment_that_ended_exactly_three_years_before_d_still_counts(w):
    w.rel("employed_by", "expert", "app", start=date(2015, 1, 1), end=THREE_YEARS_BEFORE)
    assert w.rules() == {"R1"}


def test_r1_employment_that_ended_the_day_before_the_window_does_not_count(w):
    w.rel("employed_by", "expert", "app", start=date(2015, 1, 1), end=date(2023, 11, 15))
    assert w.rules() == set()


def test_r1_employment_starting_after_d_does_not_count(w):
    w.rel("employed_by", "expert", "app", start=date(2026, 11, 17))
    assert w.rules() == set()


def test_r1_window_on_a_leap_day_reference_date():
    world = World()
    world.person("expert")
    world.org("app")
    world.rel("employed_by", "expert", "app", end=date(2025, 2, 28))
    assert world.rules(as_of=date(2028, 2, 29)) == {"R1"}  # D - 3 years = 2025-02-28, inclusive
    world.relations[0] = RelationFact("r0", "employed_by", "expert", "app", None, date(2025, 2, 27))
    assert world.rules(as_of=date(2028, 2, 29)) == set()


def test_r1_through_the_corporate_group_a_sibling_subsidiary(w):
    """An expert employed by a subsidiary of the applicant's parent company is in conflict (DOMAIN.md)."""
    w.org("sub", "parent")
    w.rel("employed_by", "expert", "sub", start=date(2021, 3, 1))
    w.rel("subsidiary_of", "sub", "parent")
    w.rel("subsidiary_of", "app", "parent")
    findings = w.engine().conflicts("expert", "app")
    assert [f.rule for f in findings] == ["R1"]
    assert findings[0].path == ("expert", "sub", "parent", "app")
    assert findings[0].relations == ("employed_by", "subsidiary_of", "subsidiary_of")


def test_r1_group_reaches_parents_up_to_the_top_and_everything_below_them(w):
    w.org("top", "mid", "cousin", "cousin_child")
    w.rel("subsidiary_of", "app", "mid")
    w.rel("subsidiary_of", "mid", "top")
    w.rel("subsidiary_of", "cousin", "top")
    w.rel("subsidiary_of", "cousin_child", "cousin")
    w.rel("employed_by", "expert", "cousin_child")
    assert w.rules() == {"R1"}
    finding = w.engine().conflicts("expert", "app")[0]
    assert finding.path == ("expert", "cousin_child", "cousin", "top", "mid", "app")


def test_r1_the_applicants_own_subsidiary_is_in_its_group(w):
    w.org("child")
    w.rel("subsidiary_of", "child", "app")
    w.rel("employed_by", "expert", "child")
    assert w.rules() == {"R1"}


def test_r1_a_co_owned_company_does_not_join_two_unrelated_groups(w):
    """X is a subsidiary of both P1 (the applicant's parent) and P2; P2's other subsidiary shares no
    ancestor with the applicant, so it is not in the applicant's group."""
    w.org("p1", "p2", "x", "other")
    w.rel("subsidiary_of", "app", "p1")
    w.rel("subsidiary_of", "x", "p1")
    w.rel("subsidiary_of", "x", "p2")
    w.rel("subsidiary_of", "other", "p2")
    w.rel("employed_by", "expert", "other")
    assert w.rules() == set()
    w.rel("employed_by", "expert", "x")
    assert w.rules() == {"R1"}


def test_r1_a_subsidiary_relation_that_ended_before_d_no_longer_makes_a_group(w):
    w.org("sub", "parent")
    w.rel("subsidiary_of", "sub", "parent", end=date(2026, 6, 30))
    w.rel("subsidiary_of", "app", "parent")
    w.rel("employed_by", "expert", "sub")
    assert w.rules() == set()


# --- R2 ownership or control, Norm Art. 16(1) --------------------------------------------------------------

def test_r2_norm16_1_shareholder_of_five_percent_or_more(w):
    w.rel("shareholder_of", "expert", "app", share=0.05)
    assert w.rules() == {"R2"}


def test_r2_a_shareholding_below_five_percent_is_no_conflict(w):
    w.rel("shareholder_of", "expert", "app", share=0.049)
    assert w.rules() == set()


def test_r2_a_shareholding_of_unknown_size_counts(w):
    w.rel("shareholder_of", "expert", "app")
    assert w.rules() == {"R2"}


def test_r2_actual_controller_of_the_parent(w):
    w.org("parent")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("actual_controller_of", "expert", "parent", start=date(2019, 1, 1), end=date(2024, 1, 1))
    assert w.rules() == {"R2"}


# --- R3 family, Norm Art. 16(2) ----------------------------------------------------------------------------

@pytest.mark.parametrize("rel_type", ["spouse_of", "in_law_of"])
@pytest.mark.parametrize("holder", ["legal_representative_of", "person_in_charge_of"])
def test_r3_norm16_2_spouse_or_in_law_of_the_legal_representative(w, rel_type, holder):
    w.person("boss")
    w.rel(holder, "boss", "app")
    w.rel(rel_type, "boss", "expert")  # symmetric: stored in the other direction
    assert w.rules() == {"R3"}


@pytest.mark.parametrize("degree, conflicted", [(1, True), (2, True), (3, True), (4, False), (None, True)])
def test_r3_blood_relatives_within_three_generations(w, degree, conflicted):
    w.person("boss")
    w.rel("legal_representative_of", "boss", "app")
    w.rel("blood_relative_of", "expert", "boss", degree=degree)
    assert w.rules() == ({"R3"} if conflicted else set())


def test_r3_both_relations_must_be_active_at_d(w):
    w.person("boss")
    w.rel("legal_representative_of", "boss", "app", end=date(2026, 1, 1))
    w.rel("spouse_of", "expert", "boss")
    assert w.rules() == set()  # the past legal representative no longer counts
    w.person("boss2")
    w.rel("legal_representative_of", "boss2", "app", start=date(2026, 1, 2))
    w.rel("spouse_of", "expert", "boss2", end=date(2025, 5, 1))
    assert w.rules() == set()  # divorced before D


def test_r3_applies_to_the_applicant_itself_not_its_group(w):
    w.org("parent")
    w.person("boss")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("legal_representative_of", "boss", "parent")
    w.rel("spouse_of", "expert", "boss")
    assert w.rules() == set()


# --- R4 coaching or consulting, Norm Art. 16(3) ------------------------------------------------------------

def test_r4_the_expert_coached_the_applicant(w):
    w.rel("consulted_for", "expert", "app", start=date(2024, 3, 1), end=date(2024, 9, 1))
    assert w.rules() == {"R4"}


def test_r4_the_experts_employer_consulted_for_a_group_company(w):
    w.org("firm", "parent")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("employed_by", "expert", "firm", start=date(2022, 1, 1))
    w.rel("consulted_for", "firm", "parent", start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert w.rules() == {"R4"}


def test_r4_a_former_employer_of_the_expert_does_not_count(w):
    w.org("firm")
    w.rel("employed_by", "expert", "firm", end=date(2026, 11, 15))
    w.rel("consulted_for", "firm", "app")
    assert w.rules() == set()


def test_r4_consulting_that_ended_before_the_window_does_not_count(w):
    w.org("firm")
    w.rel("employed_by", "expert", "firm")
    w.rel("consulted_for", "firm", "app", end=date(2023, 11, 15))
    assert w.rules() == set()


# --- R5 competitor, Norm Art. 16(3) ------------------------------------------------------------------------

def test_r5_the_experts_employer_is_a_declared_competitor_in_either_direction(w):
    w.org("rival", "parent")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("employed_by", "expert", "rival")
    w.rel("competitor_of", "parent", "rival")
    assert w.rules() == {"R5"}


def test_r5_a_competition_that_ended_before_d_does_not_count(w):
    w.org("rival")
    w.rel("employed_by", "expert", "rival")
    w.rel("competitor_of", "rival", "app", end=date(2025, 1, 1))
    assert w.rules() == set()


# --- R6 recommender, Norm Art. 16(3); Art. 10, 15 ----------------------------------------------------------

def test_r6_the_expert_works_for_the_recommending_body(w):
    w.org("association")
    w.rel("employed_by", "expert", "association")
    w.rel("recommended", "association", "app", start=date(2026, 10, 1))
    assert w.rules() == {"R6"}


def test_r6_only_the_applicants_own_recommender(w):
    w.org("association", "parent")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("employed_by", "expert", "association")
    w.rel("recommended", "association", "parent")
    assert w.rules() == set()


# --- R7 declared, Norm Art. 16(3) --------------------------------------------------------------------------

def test_r7_a_declared_conflict_with_path_expert_to_applicant(w):
    w.declared.append(Declared("expert", "app", "曾参与该企业质量奖申报材料评审"))
    finding = w.engine().conflicts("expert", "app")[0]
    assert (finding.rule, finding.path, finding.relations) == ("R7", ("expert", "app"), ("declared",))


# --- what is never a conflict ------------------------------------------------------------------------------

def test_membership_of_a_broad_association_is_never_a_conflict(w):
    w.org("association")
    w.rel("member_of", "expert", "association")
    w.rel("member_of", "app", "association")
    w.rel("member_of", "expert", "app")
    assert w.rules() == set()


def test_an_untyped_neighbourhood_is_not_a_conflict(w):
    """Colleagues of the applicant's legal representative, competitors of the expert's former employer...:
    only the typed patterns of the policy count."""
    w.person("colleague", "boss")
    w.org("employer")
    w.rel("employed_by", "expert", "employer")
    w.rel("employed_by", "colleague", "employer")
    w.rel("spouse_of", "colleague", "boss")
    w.rel("legal_representative_of", "boss", "app")
    assert w.rules() == set()


def test_several_rules_for_one_pair_each_with_its_own_explanation(w):
    w.org("firm")
    w.rel("employed_by", "expert", "app")
    w.rel("consulted_for", "expert", "app")
    w.declared.append(Declared("expert", "app", "自报"))
    assert w.rules() == {"R1", "R4", "R7"}


def test_the_shortest_explanation_is_chosen(w):
    w.org("parent", "sub", "subsub")
    w.rel("subsidiary_of", "app", "parent")
    w.rel("subsidiary_of", "sub", "parent")
    w.rel("subsidiary_of", "subsub", "sub")
    w.rel("employed_by", "expert", "subsub")
    w.rel("director_of", "expert", "sub")
    finding = w.engine().conflicts("expert", "app")[0]
    assert finding.path == ("expert", "sub", "parent", "app")


def test_the_policy_is_versioned_data_with_its_legal_basis():
    policy = load_policy()
    assert policy.version == "2026.1" and [r.id for r in policy.rules] == [f"R{i}" for i in range(1, 8)]
    assert all("198号" in rule.basis and "第三十三条" in rule.basis for rule in policy.rules)
    assert policy.parameters == {"lookback_years": 3, "min_share": 0.05, "max_blood_degree": 3}
    with pytest.raises(ValueError):
        load_policy("1999.9")


def test_the_matrix_looks_at_each_corporate_group_once(w):
    """Applicants of one group share the backward search: visiting edges does not grow with their number."""
    w.org("parent", "a2", "a3", "sub")
    for applicant in ("app", "a2", "a3"):
        w.rel("subsidiary_of", applicant, "parent")
    w.rel("employed_by", "expert", "sub")
    w.rel("subsidiary_of", "sub", "parent")
    one = w.engine()
    one.matrix(["expert"], ["app"])
    three = w.engine()
    findings = three.matrix(["expert"], ["app", "a2", "a3"])
    assert {f.applicant for f in findings} == {"app", "a2", "a3"}
    # the group walks repeat per applicant, the rule searches do not
    assert three.visited < 3 * one.visited

"""The comprehensive evaluation (Art. 20) and the candidate-list rules (Art. 4, 12)."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewapp.domain.comprehensive import (
    AWARD,
    DOCUMENT_ONLY,
    NOMINATION,
    ONSITE,
    Proposal,
    RankedEntry,
    Standing,
    below_minimum,
    combined_score,
    proposal_problems,
    proposal_warnings,
    rank,
    unexplained,
)
from reviewapp.domain.cycle_settings import SETTINGS, default_settings

D = Decimal
DEFAULTS = default_settings()
LIMITS = {"award_quota": 2, "nomination_quota": 5}


def award(key, combined="700", **flags):
    return Proposal(key, f"企业{key}", AWARD, D(combined), True, **flags)


def nomination(key, combined="550", **flags):
    return Proposal(key, f"企业{key}", NOMINATION, D(combined), True, **flags)


def problems(proposals, **limits):
    return proposal_problems(proposals, **{**LIMITS, **limits})


def onsite(key, document, onsite_total):
    return Standing(key, D(document), D(onsite_total), True, f"企业{key}")


# --- settings ---
def test_art20_settings_default_to_a_document_weight_of_thirty_percent_and_no_minimum_score():
    assert DEFAULTS["document_weight_percent"] == 30
    assert SETTINGS["document_weight_percent"][1:3] == (0, 100)
    assert (DEFAULTS["award_min_score"], DEFAULTS["nomination_min_score"]) == (0, 0)
    assert SETTINGS["award_min_score"][1:3] == SETTINGS["nomination_min_score"][1:3] == (0, 1000)


# --- combined score ---
def test_art20_combined_score_weighs_document_and_onsite_results():
    assert combined_score(D("600"), D("700"), 30) == D("670.00")  # 180 + 490


def test_art20_combined_score_rounds_half_up_to_two_places():
    assert combined_score(D("600.05"), D("0"), 50) == D("300.03")  # 300.025
    assert combined_score(D("0"), D("0.01"), 50) == D("0.01")      # 0.005


@pytest.mark.parametrize("weight, expected", [(0, D("700.00")), (100, D("600.00"))])
def test_art20_weight_zero_and_hundred_take_one_review_alone(weight, expected):
    assert combined_score(D("600"), D("700"), weight) == expected


@pytest.mark.parametrize("weight", [-1, 101])
def test_a_weight_outside_zero_to_hundred_is_refused(weight):
    with pytest.raises(ValueError):
        combined_score(D("600"), D("700"), weight)


totals = st.decimals(min_value=0, max_value=1000, places=2)


@given(totals, totals, st.integers(0, 100))
def test_art20_combined_lies_between_the_two_totals(document, onsite_total, weight):
    combined = combined_score(document, onsite_total, weight)
    assert min(document, onsite_total) <= combined <= max(document, onsite_total)
    assert combined == combined.quantize(D("0.01"))


# --- ranking ---
def test_art20_onsite_applicants_are_ranked_by_combined_score_descending():
    ranked = rank([onsite("a", "500", "500"), onsite("b", "800", "800"), onsite("c", "600", "700")], 30)
    assert [(e.key, e.rank, e.combined, e.line) for e in ranked] == [
        ("b", 1, D("800.00"), ONSITE), ("c", 2, D("670.00"), ONSITE), ("a", 3, D("500.00"), ONSITE)]


def test_art20_ties_share_a_rank_and_the_next_rank_skips():
    # b and c both combine to 650; b has the better document review, so it is listed first; a and d tie fully.
    ranked = rank([onsite("d", "600", "600"), onsite("c", "500", "714.29"), onsite("b", "650", "650"),
                   onsite("a", "600", "600"), onsite("e", "700", "700")], 30)
    assert [(e.key, e.rank) for e in ranked] == [("e", 1), ("b", 2), ("c", 2), ("a", 4), ("d", 4)]


def test_art18_applicants_not_sent_on_site_are_ranked_on_their_own_line():
    ranked = rank([Standing("x", D("900"), None, False), onsite("a", "500", "500"),
                   Standing("y", D("700"), None, False)], 30)
    assert [(e.key, e.line, e.rank, e.combined) for e in ranked] == [
        ("a", ONSITE, 1, D("500.00")), ("x", DOCUMENT_ONLY, 1, None), ("y", DOCUMENT_ONLY, 2, None)]


def test_art19_an_applicant_without_an_onsite_total_yet_is_on_the_document_line():
    ranked = rank([Standing("late", D("800"), None, True), onsite("a", "600", "600")], 30)
    assert [(e.key, e.line) for e in ranked] == [("a", ONSITE), ("late", DOCUMENT_ONLY)]


def test_document_only_ties_share_a_rank_and_an_unscored_applicant_has_none():
    ranked = rank([Standing("z", None, None, False), Standing("b", D("700"), None, False),
                   Standing("a", D("700"), None, False), Standing("c", D("600"), None, False)], 30)
    assert [(e.key, e.rank) for e in ranked] == [("a", 1), ("b", 1), ("c", 3), ("z", None)]


def test_ranking_nobody_gives_an_empty_list():
    assert rank([], 30) == []


def test_art20_weight_changes_the_order():
    standings = [onsite("doc", "900", "500"), onsite("site", "500", "800")]
    assert [e.key for e in rank(standings, 100)] == ["doc", "site"]
    assert [e.key for e in rank(standings, 0)] == ["site", "doc"]


optional_totals = st.one_of(st.none(), totals)
standings_strategy = st.lists(
    st.tuples(optional_totals, optional_totals, st.booleans()), max_size=12,
).map(lambda rows: [Standing(i, *row) for i, row in enumerate(rows)])


@given(standings_strategy, st.integers(0, 100))
def test_art20_ranking_is_a_permutation_of_the_input(standings, weight):
    ranked = rank(standings, weight)
    assert sorted(e.key for e in ranked) == [s.key for s in standings]


@given(standings_strategy, st.integers(0, 100))
def test_art20_each_line_is_ordered_and_ranked_by_competition_ranking(standings, weight):
    ranked = rank(standings, weight)
    lines = [e.line for e in ranked]
    assert lines == sorted(lines, key=lambda line: line != ONSITE)  # the on-site line comes first
    for line, score in ((ONSITE, lambda e: e.combined), (DOCUMENT_ONLY, lambda e: e.document_total)):
        entries = [e for e in ranked if e.line == line and e.rank is not None]
        scores = [score(e) for e in entries]
        assert scores == sorted(scores, reverse=True)
        for position, entry in enumerate(entries):
            assert entry.rank == 1 + sum(1 for s in scores if s > score(entry))
            assert entry.rank <= position + 1


# --- the candidate list ---
def test_art4_an_empty_candidate_list_is_valid_the_awards_stay_vacant():
    assert problems([]) == []


def test_art4_a_list_within_quotas_and_minimums_is_valid():
    assert problems([award(1), award(2), *(nomination(k) for k in range(3, 8))]) == []


# --- the cycle's optional minimum scores: Art. 20 sets none, a minimum set is a warning ---
def test_art20_no_minimum_by_default_any_combined_score_may_be_proposed():
    assert problems([award(1, "0.01"), nomination(2, "1")]) == []
    assert below_minimum([award(1, "0.01"), nomination(2, "1")], DEFAULTS["award_min_score"],
                         DEFAULTS["nomination_min_score"]) == []


def test_art20_a_minimum_set_is_a_warning_not_a_refusal():
    proposals = [award(1, "599.99"), nomination(2, "499.99")]
    assert problems(proposals) == []
    [(key1, (message1, params1)), (key2, (message2, params2))] = below_minimum(proposals, 600, 500)
    assert (key1, params1) == (1, {"name": "企业1", "score": "599.99", "minimum": "600"})
    assert "the award" in message1 and "Art. 20" in message1 and "nomination" not in message1
    assert (key2, params2["minimum"]) == (2, "500") and "nomination award" in message2


@pytest.mark.parametrize("make, minimum", [(award, "600"), (nomination, "500")])
def test_art20_exactly_at_the_minimum_is_no_warning(make, minimum):
    assert below_minimum([make(1, minimum)], 600, 500) == []


def test_art20_a_minimum_applies_to_its_level_only_and_zero_is_none():
    assert below_minimum([award(1, "650")], 700, 0) != []
    assert below_minimum([nomination(1, "450")], 700, 0) == []
    assert below_minimum([nomination(1, "450")], 0, 400) == []


def test_art20_overriding_a_minimum_needs_a_written_reason():
    warnings = below_minimum([award(1, "550"), award(2, "580")], 600, 500)
    instruction = ("write why", {})
    missing = unexplained(warnings, {1: "质量提升显著", 2: "   "}, instruction)
    assert missing == [warnings[1][1], instruction]
    assert unexplained(warnings, {1: "质量提升显著", 2: "行业标杆"}, instruction) == []


def test_art20_an_applicant_not_sent_on_site_cannot_be_proposed():
    proposal = Proposal(1, "企业1", AWARD, None, went_onsite=False)
    [(message, params)] = problems([proposal])
    assert params == {"name": "企业1"} and "Art. 19, 20" in message


def test_art20_an_applicant_without_a_combined_score_cannot_be_proposed():
    [(message, _)] = problems([Proposal(1, "企业1", NOMINATION, None, went_onsite=True)])
    assert "Art. 20" in message


def test_art4_one_award_over_the_quota_is_refused():
    [(message, params)] = problems([award(1), award(2), award(3)])
    assert (params["n"], params["quota"], params["names"]) == (3, 2, "企业1, 企业2, 企业3")
    assert "Art. 4" in message


def test_art4_the_award_quota_is_the_cycles():
    assert problems([award(1), award(2)], award_quota=1)
    assert problems([award(1)], award_quota=0)


def test_art4_one_nomination_over_the_quota_is_refused():
    [(message, params)] = problems([nomination(k) for k in range(6)])
    assert (params["n"], params["quota"]) == (6, 5) and "Art. 4" in message


def test_art12_repeat_winner_takes_no_quota_place():
    proposals = [award(1), award(2), award(3, repeat_winner=True), award(4, repeat_winner=True)]
    assert problems(proposals) == []
    assert problems([award(1, repeat_winner=True)], award_quota=0) == []


def test_art12_art20_a_repeat_winner_below_a_minimum_set_is_warned_like_any_candidate():
    assert problems([award(1, "500", repeat_winner=True)]) == []
    assert below_minimum([award(1, "500", repeat_winner=True)], 600, 0)


def test_art12_repeat_winner_exemption_does_not_cover_the_nomination_quota():
    assert problems([nomination(k, repeat_winner=True) for k in range(6)])


def test_art12_a_past_nominee_cannot_be_given_the_nomination_award_again():
    [(message, params)] = problems([nomination(1, past_nominee=True)])
    assert params == {"name": "企业1"} and "Art. 12" in message


def test_art12_a_past_nominee_may_be_proposed_for_the_award():
    assert problems([award(1, past_nominee=True)]) == []


def test_the_same_applicant_proposed_twice_is_refused_once_and_counted_once():
    [(message, params)] = problems([award(1), nomination(1), nomination(1), award(2)])
    assert params == {"name": "企业1"} and "more than once" in message


def test_every_problem_is_reported_not_just_the_first():
    proposals = [Proposal(1, "企业1", AWARD, D("100"), False), award(2), award(3), nomination(4, past_nominee=True)]
    assert len(problems(proposals)) == 3  # not on site, past nominee, award quota


def test_an_unknown_level_is_a_programming_error():
    with pytest.raises(ValueError):
        problems([Proposal(1, "企业1", "bronze", D("700"), True)])


# --- warnings ---
def ranked_onsite(*keys_and_ranks):
    return [RankedEntry(key, D("0"), D("0"), D("0"), position, ONSITE, f"企业{key}")
            for key, position in keys_and_ranks]


def test_art20_warns_when_a_higher_ranked_applicant_is_left_out():
    ranked = ranked_onsite((1, 1), (2, 2), (3, 3))
    [(message, params)] = proposal_warnings([award(2), nomination(3)], ranked)
    assert params == {"name": "企业1", "rank": 1, "other": "企业3", "other_rank": 3}
    assert "not proposed" in message and "nomination award" in message


def test_art20_warns_when_a_higher_ranked_applicant_gets_the_lower_level():
    ranked = ranked_onsite((1, 1), (2, 2))
    [(message, params)] = proposal_warnings([nomination(1), award(2)], ranked)
    assert (params["name"], params["other"]) == ("企业1", "企业2") and "only for the nomination" in message


def test_art20_no_warning_when_the_list_follows_the_ranking_or_ranks_tie():
    assert proposal_warnings([award(1), nomination(2)], ranked_onsite((1, 1), (2, 2), (3, 3))) == []
    assert proposal_warnings([award(2)], ranked_onsite((1, 1), (2, 1))) == []
    assert proposal_warnings([], ranked_onsite((1, 1))) == []


def test_art18_document_only_applicants_raise_no_warning():
    ranked = ranked_onsite((2, 1)) + [RankedEntry(1, D("990"), None, None, 1, DOCUMENT_ONLY, "企业1")]
    assert proposal_warnings([award(2)], ranked) == []


def test_warnings_use_the_proposal_name_and_fall_back_to_the_key():
    ranked = [RankedEntry(9, D("0"), D("0"), D("0"), 1, ONSITE), *ranked_onsite((2, 2))]
    [(_, params)] = proposal_warnings([award(2)], ranked)
    assert (params["name"], params["other"]) == ("9", "企业2")


def test_rank_then_check_a_whole_cycle():
    standings = [onsite("a", "620", "700"), onsite("b", "560", "560"), Standing("c", D("400"), None, False)]
    ranked = rank(standings, DEFAULTS["document_weight_percent"])
    by_key = {e.key: e for e in ranked}
    proposals = [Proposal("a", "甲", AWARD, by_key["a"].combined, True),
                 Proposal("b", "乙", NOMINATION, by_key["b"].combined, True)]
    assert by_key["a"].combined == D("676.00") and by_key["b"].combined == D("560.00")
    assert problems(proposals) == [] and proposal_warnings(proposals, ranked) == []

"""Reviewer calibration against the panel's consensus (Art. 8(5), 17-19)."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewapp.domain.calibration import IN_LINE, LENIENT, SEVERE, ReviewerStats, deviations, reviewer_stats

D = Decimal


def test_art18_deviation_is_expert_minus_consensus_on_items_in_both():
    assert deviations({"4.1.2": 60, "4.2.2": 40, "4.7.2": 70}, {"4.1.2": 50, "4.7.2": 80, "4.3.2": 30}) == [10, -10]


def test_items_without_a_value_on_either_side_are_not_compared():
    assert deviations({"4.1.2": None, "4.2.2": 40}, {"4.1.2": 50, "4.2.2": None}) == []


def test_no_comparable_item_gives_no_stats():
    assert reviewer_stats([]) is None
    assert reviewer_stats([({"4.1.2": 60}, {})]) is None


def test_art19_stats_over_several_sheets():
    pairs = [({"4.1.2": 60, "4.2.2": 50}, {"4.1.2": 50, "4.2.2": 50}),   # +10, 0
             ({"4.1.2": 40}, {"4.1.2": 45}),                             # -5
             ({"4.1.2": 40}, {"4.2.2": 45})]                             # nothing in common
    assert reviewer_stats(pairs) == ReviewerStats(n_sheets=2, n_items=3, mean=D("1.7"), spread=D("6.2"),
                                                  mean_absolute=D("5.0"), leaning=IN_LINE)


def test_spread_is_the_population_standard_deviation():
    stats = reviewer_stats([({"a": 10, "b": 20}, {"a": 0, "b": 0})])  # deviations 10, 20
    assert (stats.mean, stats.spread, stats.mean_absolute) == (D("15.0"), D("5.0"), D("15.0"))


def test_mean_rounds_half_up_to_one_place():
    stats = reviewer_stats([({"a": 5, "b": 0, "c": 0, "d": 0}, {"a": 0, "b": 0, "c": 0, "d": 0})])  # 1.25
    assert stats.mean == D("1.3")
    stats = reviewer_stats([({"a": 0, "b": 0, "c": 0, "d": 0}, {"a": 5, "b": 0, "c": 0, "d": 0})])  # -1.25
    assert stats.mean == D("-1.3")


@pytest.mark.parametrize("deviation, expected", [
    (5, LENIENT), (4, IN_LINE), (0, IN_LINE), (-4, IN_LINE), (-5, SEVERE), (25, LENIENT), (-25, SEVERE)])
def test_art8_leaning_at_the_threshold_boundaries(deviation, expected):
    assert reviewer_stats([({"a": 50 + deviation}, {"a": 50})]).leaning == expected


def test_leaning_follows_a_custom_threshold():
    pair = ({"a": 60}, {"a": 50})
    assert reviewer_stats([pair], lean_threshold=10).leaning == LENIENT
    assert reviewer_stats([pair], lean_threshold=15).leaning == IN_LINE


def test_leaning_is_judged_on_the_mean_as_shown():
    # 24 deviations of 5 and one of 4: the mean 4.96 is shown as 5.0, so it counts as lenient
    expert = {str(i): 55 for i in range(24)} | {"x": 54}
    consensus = {code: 50 for code in expert}
    stats = reviewer_stats([(expert, consensus)])
    assert stats.mean == D("5.0") and stats.leaning == LENIENT


def test_a_threshold_of_zero_is_refused():
    with pytest.raises(ValueError):
        reviewer_stats([({"a": 50}, {"a": 50})], lean_threshold=0)


percent = st.integers(0, 20).map(lambda step: step * 5)
sheets = st.lists(st.dictionaries(st.sampled_from(["4.1.2", "4.2.2", "4.5.2", "4.7.2"]), percent, min_size=1),
                  min_size=1, max_size=6)


@given(sheets, sheets)
def test_stats_are_consistent(experts, consensuses):
    stats = reviewer_stats(list(zip(experts, consensuses)))
    if stats is None:
        return
    assert stats.spread >= 0 and abs(stats.mean) <= stats.mean_absolute <= 100
    assert stats.n_items == sum(len(deviations(e, c)) for e, c in zip(experts, consensuses))
    assert (stats.leaning == LENIENT) == (stats.mean >= 5) and (stats.leaning == SEVERE) == (stats.mean <= -5)


@given(sheets, st.integers(-20, 20))
def test_shifting_every_score_shifts_the_mean_and_keeps_the_spread(consensuses, shift):
    expert = [{code: value + shift for code, value in sheet.items()} for sheet in consensuses]
    stats = reviewer_stats(list(zip(expert, consensuses)))
    assert (stats.mean, stats.spread, stats.mean_absolute) == (D(shift).quantize(D("0.1")), D("0.0"),
                                                               D(abs(shift)).quantize(D("0.1")))

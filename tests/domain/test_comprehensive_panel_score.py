"""Art. 17, 20: the panel gives the comprehensive score; the system only proposes it."""
from decimal import Decimal

import pytest

from reviewapp.domain.comprehensive import ONSITE, Standing, panel_score, rank

PROPOSED = Decimal("612.50")


def test_art20_the_panel_confirms_the_proposed_score_without_a_justification():
    result = panel_score(PROPOSED, "612.5", "")
    assert result.score == PROPOSED and not result.adjusted and not result.problems


def test_art20_an_adjusted_score_needs_a_justification():
    refused = panel_score(PROPOSED, "640", "  ")
    assert refused.score is None
    assert refused.problems[0][1] == {"score": "640.00", "proposed": "612.50"}
    accepted = panel_score(PROPOSED, "640", "现场发现的数据支持更高的结果分")
    assert accepted.score == Decimal("640.00") and accepted.adjusted


@pytest.mark.parametrize("typed", ["", "abc", "-1", "1000.01", "612.505", "NaN", "Infinity", "1e5"])
def test_art20_the_panel_score_lies_in_0_to_1000_with_two_decimals(typed):
    result = panel_score(PROPOSED, typed, "理由")
    assert result.score is None and result.problems


@pytest.mark.parametrize("typed, expected", [("0", "0.00"), ("1000", "1000.00"), (" 700.1 ", "700.10")])
def test_art20_the_bounds_of_the_panel_score_are_accepted(typed, expected):
    assert panel_score(PROPOSED, typed, "理由").score == Decimal(expected)


def test_art20_the_ranking_uses_the_panels_score_and_keeps_the_proposal_beside_it():
    standings = [Standing(1, Decimal(600), Decimal(620), True, "甲", panel_score=Decimal("590.00")),
                 Standing(2, Decimal(600), Decimal(600), True, "乙")]
    first, second = rank(standings, 40)
    assert (first.key, first.combined, first.proposed, first.adjusted) == (2, Decimal("600.00"), None, False)
    assert (second.key, second.combined, second.proposed, second.adjusted) == (1, Decimal("590.00"),
                                                                             Decimal("612.00"), True)
    assert first.line == second.line == ONSITE

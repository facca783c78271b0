"""The leading group's decision (Art. 20, 21): blinded codes by rank, who sees the ranking blinded, departures from
the office's proposal and their reasons, the decision's date."""
from datetime import date

import pytest

from reviewapp.domain.comprehensive import AWARD, NOMINATION
from reviewapp.domain.group_decision import (
    Departure,
    blind_code,
    blind_codes,
    date_problems,
    departures,
    is_blinded,
    reason_problems,
)


def test_art20_blind_codes_follow_the_ranking_and_never_run_out():
    assert blind_codes([17, 4, 9]) == {17: "A", 4: "B", 9: "C"}
    assert [blind_code(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
    assert len(set(blind_codes(range(1000)).values())) == 1000
    with pytest.raises(ValueError):
        blind_code(-1)


@pytest.mark.parametrize("setting, decided, office, blinded", [
    (1, False, False, True),   # the group, before its decision
    (1, True, False, False),   # the decision is a fact to be published (Art. 21)
    (1, False, True, False),   # the office keeps the applications: it sees names
    (0, False, False, False),  # the cycle does not blind the review
])
def test_art20_who_sees_the_ranking_blinded(setting, decided, office, blinded):
    assert is_blinded(setting, decided, office) is blinded


def test_art20_departures_from_the_proposal_in_both_directions():
    proposed = {1: AWARD, 2: NOMINATION, 3: NOMINATION}
    approved = {1: AWARD, 2: AWARD, 4: NOMINATION}
    assert departures(proposed, approved) == [Departure(2, NOMINATION, AWARD), Departure(3, NOMINATION, None),
                                              Departure(4, None, NOMINATION)]
    assert departures(proposed, dict(proposed)) == []
    assert departures({1: AWARD}, {1: ""}) == [Departure(1, AWARD, None)]  # blank: not on the list


def test_art20_each_departure_needs_a_written_reason():
    changes = [Departure(2, NOMINATION, AWARD), Departure(3, NOMINATION, None)]
    problems = reason_problems(changes, {2: "审议决定", 3: "   "}, {2: "乙公司", 3: "丙公司"})
    assert problems == [(problems[0][0], {"name": "丙公司"})] and "reason" in problems[0][0]
    assert reason_problems(changes, {2: "审议决定", 3: "质量损失率偏高"}, {}) == []


def test_art20_the_decision_date_lies_between_the_proposal_and_today():
    proposed, today = date(2026, 11, 20), date(2026, 11, 26)
    assert date_problems(date(2026, 11, 20), proposed, today) == []
    assert date_problems(today, proposed, today) == []
    assert date_problems(date(2026, 11, 27), proposed, today)[0][1] == {"day": "2026-11-27"}
    assert date_problems(date(2026, 11, 19), proposed, today)[0][1] == {"day": "2026-11-19",
                                                                       "proposed": "2026-11-20"}

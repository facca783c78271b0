"""Incentive money (Art. 25), nothing for repeat winners (Art. 12), recovery after a revocation (Art. 31, 32)."""
from datetime import date
from decimal import Decimal

import pytest

from reviewapp.domain import money
from reviewapp.domain.money import (
    AWARD,
    CHINA_QUALITY_AWARD,
    CHINA_QUALITY_NOMINATION,
    LIAONING_GOVERNOR_AWARD,
    NOMINATION,
    CityAward,
    MoneyLine,
    award_money,
    basis_text,
    city_award_standing,
    entries_for_award,
    entries_for_outside_award,
    recovery_for,
    valid_until,
)


def lines(decision) -> list[tuple[str, Decimal]]:
    return [tuple(line) for line in decision.lines]


# --- the amounts ---
def test_art25_amounts_are_those_of_the_text():
    assert money.AWARD_AMOUNT == Decimal("200000")
    assert money.NOMINATION_AMOUNT == Decimal("100000")
    assert money.NOMINEE_TO_AWARD_AMOUNT == Decimal("100000")
    assert money.CHINA_QUALITY_AWARD_AMOUNT == Decimal("200000")
    assert money.CHINA_QUALITY_NOMINATION_AMOUNT == Decimal("100000")
    assert money.LIAONING_GOVERNOR_AWARD_AMOUNT == Decimal("100000")


# --- the city's awards ---
def test_art25_the_award_gives_200000_yuan():
    decision = entries_for_award(AWARD, repeat_winner=False, past_nominee=False)
    assert lines(decision) == [("award", Decimal("200000"))]
    assert decision.article == "Art. 25" and decision.total == Decimal("200000")
    assert decision.message % decision.params == "Mayor's Quality Award: 200,000 yuan, one-off (Art. 25)."


def test_art25_the_nomination_award_gives_100000_yuan():
    decision = entries_for_award(NOMINATION, repeat_winner=False, past_nominee=False)
    assert lines(decision) == [("nomination", Decimal("100000"))]
    assert "100,000" in decision.message % decision.params


def test_art25_a_past_nominee_who_wins_the_award_gets_only_the_100000_difference():
    decision = entries_for_award(AWARD, repeat_winner=False, past_nominee=True)
    assert lines(decision) == [("nominee_to_award", Decimal("100000"))]
    # with the 100,000 of the nomination, the organization has received 200,000 in all, as a winner does
    assert decision.total + money.NOMINATION_AMOUNT == money.AWARD_AMOUNT


@pytest.mark.parametrize("level", [AWARD, NOMINATION])
def test_art12_a_repeat_winner_gets_no_money(level):
    decision = entries_for_award(level, repeat_winner=True, past_nominee=False)
    assert decision.lines == () and decision.total == 0
    assert decision.article == "Art. 12" and "Art. 12" in decision.message


def test_art12_a_repeat_winner_who_was_also_a_nominee_still_gets_nothing():
    assert entries_for_award(AWARD, repeat_winner=True, past_nominee=True).lines == ()


def test_art12_the_nomination_award_is_not_given_twice_so_it_is_never_paid_twice():
    with pytest.raises(ValueError, match="Art. 12"):
        entries_for_award(NOMINATION, repeat_winner=False, past_nominee=True)


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError):
        entries_for_award("bronze", repeat_winner=False, past_nominee=False)


def test_lines_are_plain_kind_amount_pairs():
    line = entries_for_award(AWARD, False, False).lines[0]
    kind, amount = line
    assert line == MoneyLine("award", Decimal("200000")) and (kind, amount) == ("award", Decimal("200000"))


# --- outside awards ---
@pytest.mark.parametrize("outside, kind, amount", [
    (CHINA_QUALITY_AWARD, "china_quality_award", Decimal("200000")),
    (CHINA_QUALITY_NOMINATION, "china_quality_nomination", Decimal("100000")),
    (LIAONING_GOVERNOR_AWARD, "liaoning_governor_award", Decimal("100000")),
])
def test_art25_a_holder_of_the_award_gets_the_supplement_for_an_outside_award(outside, kind, amount):
    decision = entries_for_outside_award(outside, holds_city_award=True)
    assert lines(decision) == [(kind, amount)]
    assert decision.article == "Art. 25"


@pytest.mark.parametrize("outside", [CHINA_QUALITY_AWARD, CHINA_QUALITY_NOMINATION, LIAONING_GOVERNOR_AWARD])
def test_art25_no_supplement_for_an_organization_without_the_award(outside):
    decision = entries_for_outside_award(outside, holds_city_award=False)
    assert decision.lines == () and decision.total == 0
    assert "only" in decision.message and "Mayor's Quality Award" in decision.message


def test_art25_china_quality_nomination_then_award_are_paid_each_in_full():
    first = entries_for_outside_award(CHINA_QUALITY_NOMINATION, True)
    second = entries_for_outside_award(CHINA_QUALITY_AWARD, True)
    assert first.total + second.total == Decimal("300000")


def test_an_unknown_outside_award_is_refused():
    with pytest.raises(ValueError):
        entries_for_outside_award("nobel_prize", True)


# --- who holds the award (Art. 25 read with Art. 4, 28) ---
WON = date(2024, 12, 1)


def test_art4_an_award_is_valid_five_years_to_the_day_before_the_anniversary():
    assert valid_until(WON) == date(2029, 11, 30)
    assert valid_until(date(2024, 2, 29)) == date(2029, 2, 27)  # 29 Feb -> 28 Feb 2029, the day before


def test_art25_a_winner_holds_the_award_from_the_day_it_won_it():
    standing = city_award_standing([CityAward(7, AWARD, WON)], date(2026, 5, 1))
    assert standing.holds and standing.award_id == 7 and standing.params["year"] == 2024


def test_art25_the_supplement_has_no_time_limit_an_award_past_its_validity_is_still_held():
    """Art. 25 ties the supplements to having won the city award (对已获得市长质量奖的组织), not to Art. 4's
    five-year validity, which governs the use of the title (Art. 28)."""
    assert city_award_standing([CityAward(7, AWARD, WON)], date(2029, 12, 1)).holds
    standing = city_award_standing([CityAward(7, AWARD, date(2012, 12, 1))], date(2026, 1, 10))
    assert standing.holds and standing.award_id == 7 and "no time limit" in standing.message


def test_art25_a_repeat_winner_holds_the_award():
    # Art. 12 withholds the award's own money, not the standing; repeat is not even an input here.
    assert city_award_standing([CityAward(1, AWARD, date(2014, 12, 1)), CityAward(2, AWARD, WON)],
                               date(2026, 1, 1)).award_id == 2


def test_art25_a_nomination_winner_does_not_hold_the_award():
    standing = city_award_standing([CityAward(3, NOMINATION, WON)], date(2026, 1, 1))
    assert not standing.holds and "nomination" in standing.message


def test_art25_an_organization_without_any_city_award_does_not_hold_it():
    standing = city_award_standing([], date(2026, 1, 1))
    assert not standing.holds and standing.message == "Had not won the Mayor's Quality Award by %(on)s."


def test_art25_an_award_won_after_the_outside_award_does_not_count():
    assert not city_award_standing([CityAward(7, AWARD, WON)], date(2024, 11, 30)).holds


@pytest.mark.parametrize("revoked_on, holds", [(date(2025, 6, 1), False), (date(2026, 6, 1), True)])
def test_art31_32_a_revoked_award_is_not_held_from_its_revocation(revoked_on, holds):
    standing = city_award_standing([CityAward(7, AWARD, WON, revoked_on)], date(2026, 1, 1))
    assert standing.holds is holds
    if not holds:
        assert standing.params["revoked_on"] == "2025-06-01"


# --- recovery (Art. 31, 32) ---
def test_art31_32_recovery_is_the_negative_of_what_was_paid():
    assert recovery_for([Decimal("200000")]) == Decimal("-200000")
    assert recovery_for([Decimal("100000"), Decimal("100000")]) == Decimal("-200000")


def test_art12_nothing_to_recover_from_a_repeat_winner():
    recovered = recovery_for([])
    assert recovered == 0 and str(recovered) == "0"


def test_art31_32_what_was_recovered_already_is_not_recovered_again():
    assert recovery_for([Decimal("200000"), Decimal("-200000")]) == 0


def test_recovering_more_than_was_paid_is_an_error():
    with pytest.raises(ValueError):
        recovery_for([Decimal("-100000")])


def test_yuan_formats_amounts_for_people():
    assert money.yuan(Decimal("200000")) == "200,000"
    assert money.yuan(Decimal("1234.5")) == "1,234.50"


# --- the one rule every page and the ledger use (Art. 25, 12) ---
@pytest.mark.parametrize("level, holds_award, holds_nomination, expected", [
    (AWARD, False, False, [("award", Decimal("200000"))]),
    (NOMINATION, False, False, [("nomination", Decimal("100000"))]),
    (AWARD, True, False, []),                                         # Art. 12: won the award again
    (AWARD, False, True, [("nominee_to_award", Decimal("100000"))]),  # Art. 25: the nominee's difference
    (AWARD, True, True, []),
    # Art. 12 withholds money only from winning *the award* again: a past winner given the nomination award is
    # paid like any nominee (the ranking said "no money" while the ledger booked 100,000: the ledger was right)
    (NOMINATION, True, False, [("nomination", Decimal("100000"))]),
])
def test_art12_25_award_money_for_each_history(level, holds_award, holds_nomination, expected):
    decision = award_money(level, holds_award=holds_award, holds_nomination=holds_nomination)
    assert lines(decision) == expected and not decision.refused


def test_art12_award_money_refuses_a_second_nomination_award():
    decision = award_money(NOMINATION, holds_award=False, holds_nomination=True)
    assert decision.refused and decision.lines == () and decision.article == "Art. 12"
    assert award_money(NOMINATION, holds_award=True, holds_nomination=True).refused


def test_art25_the_nominee_difference_has_no_time_limit():
    """Art. 25 (second paragraph): any nomination award not revoked counts, however old; the caller passes what the
    organization holds, and award_money has no date to limit it by."""
    assert award_money(AWARD, holds_award=False, holds_nomination=True).total == Decimal("100000")


# --- the basis of a ledger line (Art. 25) ---
def test_art25_each_line_states_its_article_and_why():
    assert basis_text(MoneyLine("china_quality_award", Decimal("200000")), money.supplement_resting_on(
        date(2024, 12, 1))) == "第二十五条：获中国质量奖，追加一次性激励资金20万元（依据2024年市长质量奖）"
    assert basis_text(MoneyLine("nominee_to_award", Decimal("100000")), "第十届本溪市市长质量奖") == (
        "第二十五条：已获提名奖的组织获市长质量奖，补发激励资金差额10万元（第十届本溪市市长质量奖）")
    assert basis_text(MoneyLine("award", Decimal("200000"))) == "第二十五条：获市长质量奖，一次性激励资金20万元"
    assert money.wan(Decimal("75000.00")) == "7.5万元"

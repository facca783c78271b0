from datetime import date

import pytest

from reviewapp.domain.dates import years_after, years_before


@pytest.mark.parametrize("day, years, expected", [
    (date(2026, 5, 12), 3, date(2023, 5, 12)),
    (date(2026, 1, 1), 5, date(2021, 1, 1)),
    (date(2026, 12, 31), 10, date(2016, 12, 31)),
    (date(2026, 5, 12), 0, date(2026, 5, 12)),
])
def test_years_before_keeps_month_and_day(day, years, expected):
    assert years_before(day, years) == expected


@pytest.mark.parametrize("day, years, expected", [
    (date(2021, 5, 12), 5, date(2026, 5, 12)),
    (date(2016, 12, 31), 10, date(2026, 12, 31)),
    (date(2023, 3, 1), 3, date(2026, 3, 1)),
])
def test_years_after_keeps_month_and_day(day, years, expected):
    assert years_after(day, years) == expected


def test_leap_day_before_into_a_common_year_becomes_28_february():
    assert years_before(date(2024, 2, 29), 3) == date(2021, 2, 28)


def test_leap_day_after_into_a_common_year_becomes_28_february():
    assert years_after(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert years_after(date(2020, 2, 29), 3) == date(2023, 2, 28)


def test_leap_day_into_a_leap_year_stays_29_february():
    assert years_before(date(2024, 2, 29), 4) == date(2020, 2, 29)
    assert years_after(date(2016, 2, 29), 8) == date(2024, 2, 29)
    assert years_after(date(2020, 2, 29), 10) == date(2030, 2, 28)


def test_1_march_and_28_february_are_not_moved():
    assert years_before(date(2024, 3, 1), 3) == date(2021, 3, 1)
    assert years_before(date(2024, 2, 28), 3) == date(2021, 2, 28)
    assert years_after(date(2023, 2, 28), 1) == date(2024, 2, 28)


def test_years_before_is_years_after_backwards_except_for_leap_days():
    day = date(2025, 7, 15)
    assert years_after(years_before(day, 3), 3) == day
    # the leap day does not come back: 29 Feb 2024 -> 28 Feb 2021 -> 28 Feb 2024
    assert years_after(years_before(date(2024, 2, 29), 3), 3) == date(2024, 2, 28)

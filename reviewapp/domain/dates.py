"""Calendar arithmetic in whole years, as the award rules count them ("within 3 years", "5 years after").

A year later is the same month and day. 29 February has no twin in a common year; it becomes 28 February,
so that a period never runs past the end of February into March (the earlier, stricter reading for the
applicant is not the point: the same day-of-month is what people mean, and 28 February is the nearest one).
"""
from datetime import date


def _shift_years(day: date, years: int) -> date:
    target = day.year + years
    try:
        return day.replace(year=target)
    except ValueError:
        # Only 29 February can fail here: the target year is a common year.
        return day.replace(year=target, day=28)


def years_after(day: date, years: int) -> date:
    """The same month and day `years` years after `day` (29 February -> 28 February in a common year)."""
    return _shift_years(day, years)


def years_before(day: date, years: int) -> date:
    """The same month and day `years` years before `day` (29 February -> 28 February in a common year).

    "Within the last 3 years" of a reference date D is the inclusive range [years_before(D, 3), D].
    """
    return _shift_years(day, -years)

"""The official working-day calendar behind the notice periods of Art. 16 and 21 (at least 5 working days)."""
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from reviewapp.domain.workdays import (
    MSG_LINE_BAD_DATE,
    MSG_LINE_HOLIDAY_AND_WORK,
    MSG_LINE_KIND,
    MSG_LINE_OUTSIDE_YEAR,
    MSG_LINE_RANGE_BACKWARDS,
    MSG_LINE_UNPARSEABLE,
    MSG_LINE_WORKDAY_NOT_WEEKEND,
    MSG_NO_HOLIDAYS,
    MSG_NOTICE_ENDS_BEFORE_START,
    MSG_NOTICE_TOO_LONG,
    MSG_NOTICE_TOO_SHORT,
    ScheduleParseError,
    UnknownCalendarYear,
    WorkdayCalendar,
    YearSchedule,
    format_schedule,
    parse_schedule,
)

D = date.fromisoformat

# Made up, in the shape of a State Council notice: New Year, Spring Festival with two weekend working days,
# Qingming, Labour Day, National Day with one weekend working day.
SCHEDULE_2027_TEXT = """\
# 2027 (made up for the tests)

2027-01-01 休
2027-02-05..2027-02-11 休   # 春节
2027-02-14 班
2027-02-20 班
2027-04-05 holiday
2027-05-01~2027-05-05 off
2027-10-01至2027-10-07 休
2027-10-09 workday
"""

CALENDAR = WorkdayCalendar()


@pytest.fixture
def calendar_2027():
    return WorkdayCalendar([parse_schedule(2027, SCHEDULE_2027_TEXT)])


def parse_error(text: str, year: int = 2027) -> ScheduleParseError:
    with pytest.raises(ScheduleParseError) as caught:
        parse_schedule(year, text)
    return caught.value


# --- the package's years -----------------------------------------------------------------------------------

def test_national_day_2026_is_not_a_working_day():
    assert not CALENDAR.is_workday(D("2026-10-01"))


def test_weekend_working_days_of_2026_come_from_the_package():
    weekend_workdays = [d for d in chinese_calendar.get_workdays(D("2026-01-01"), D("2026-12-31")) if d.weekday() >= 5]
    assert D("2026-10-10") in weekend_workdays  # Saturday after National Day, 调休上班
    assert CALENDAR.is_workday(D("2026-10-10"))
    assert all(CALENDAR.is_workday(d) for d in weekend_workdays)


def test_2025_facts():
    assert not CALENDAR.is_workday(D("2025-10-01"))
    assert CALENDAR.is_workday(D("2025-10-11"))  # Saturday, 调休上班
    assert not CALENDAR.is_workday(D("2025-10-08"))  # Wednesday inside the National Day holiday
    assert CALENDAR.is_workday(D("2025-10-09"))


def test_ordinary_weekend_is_not_a_working_day():
    assert not CALENDAR.is_workday(D("2026-11-07"))  # Saturday


def test_a_datetime_counts_by_its_calendar_day():
    assert not CALENDAR.is_workday(datetime(2026, 10, 1, 9, 30))


def test_notice_starting_right_before_national_day_2026_runs_past_the_holiday():
    # Tue 9-29 and Wed 9-30 count, 10-01..10-07 are off, Thu 10-08, Fri 10-09 and the working Saturday 10-10
    assert CALENDAR.earliest_end(D("2026-09-29"), 5) == D("2026-10-10")


def test_notice_starting_on_a_friday_counts_that_friday():
    # Fri 11-06, then Mon..Thu
    assert CALENDAR.earliest_end(D("2026-11-06"), 5) == D("2026-11-12")


def test_notice_starting_on_a_day_off_counts_from_the_next_working_day():
    assert CALENDAR.earliest_end(D("2026-11-07"), 1) == D("2026-11-09")


def test_working_days_between_is_inclusive():
    assert CALENDAR.working_days_between(D("2026-11-06"), D("2026-11-12")) == 5
    assert CALENDAR.working_days_between(D("2026-11-06"), D("2026-11-06")) == 1
    assert CALENDAR.working_days_between(D("2026-09-29"), D("2026-10-10")) == 5


def test_working_days_between_is_zero_when_end_is_before_start():
    assert CALENDAR.working_days_between(D("2026-11-12"), D("2026-11-06")) == 0


# --- unknown years -----------------------------------------------------------------------------------------

def test_a_2027_date_without_a_schedule_raises_unknown_year():
    with pytest.raises(UnknownCalendarYear) as caught:
        CALENDAR.is_workday(D("2027-03-01"))
    assert caught.value.year == 2027
    assert caught.value.params == {"year": 2027}
    assert "2027" in caught.value.message % caught.value.params


def test_a_notice_running_into_an_unknown_year_raises_rather_than_guessing_monday_to_friday():
    with pytest.raises(UnknownCalendarYear) as caught:
        CALENDAR.earliest_end(D("2026-12-28"), 10)
    assert caught.value.year == 2027


def test_years_before_the_package_are_unknown_too():
    with pytest.raises(UnknownCalendarYear):
        CALENDAR.working_days_between(D("2003-06-02"), D("2003-06-06"))


def test_knows_year(calendar_2027):
    assert CALENDAR.knows_year(2026)
    assert not CALENDAR.knows_year(2027)
    assert calendar_2027.knows_year(2027)


# --- entered schedules -------------------------------------------------------------------------------------

def test_with_a_parsed_2027_schedule_2027_works(calendar_2027):
    assert not calendar_2027.is_workday(D("2027-02-08"))  # Monday of Spring Festival
    assert calendar_2027.is_workday(D("2027-02-14"))  # working Sunday
    assert not calendar_2027.is_workday(D("2027-02-13"))  # ordinary Saturday
    assert calendar_2027.is_workday(D("2027-03-01"))  # ordinary Monday
    # Thu 02-04, Fri 02-12, Sun 02-14, Mon 02-15, Tue 02-16
    assert calendar_2027.earliest_end(D("2027-02-04"), 5) == D("2027-02-16")


def test_a_notice_spanning_new_year_uses_package_and_schedule(calendar_2027):
    # Mon 12-28 .. Thu 12-31 (4), 2027-01-01 off, Mon 01-04
    assert calendar_2027.earliest_end(D("2026-12-28"), 5) == D("2027-01-04")


def test_an_entered_schedule_beats_the_package_for_its_year():
    corrected = WorkdayCalendar([YearSchedule(2026, frozenset({D("2026-01-01")}), frozenset())])
    assert corrected.is_workday(D("2026-10-01"))
    assert not corrected.is_workday(D("2026-10-10"))
    assert CALENDAR.is_workday(D("2026-10-10"))  # the package itself is untouched


def test_two_schedules_for_one_year_are_refused():
    schedule = parse_schedule(2027, SCHEDULE_2027_TEXT)
    with pytest.raises(ValueError):
        WorkdayCalendar([schedule, schedule])


def test_year_schedule_refuses_inconsistent_contents():
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset({D("2026-12-31")}), frozenset())
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset({D("2027-01-01")}), frozenset({D("2027-02-15")}))  # a Monday
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset({D("2027-02-14")}), frozenset({D("2027-02-14")}))


# --- runaway guards ----------------------------------------------------------------------------------------

def test_zero_or_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        CALENDAR.earliest_end(D("2026-11-06"), 0)
    with pytest.raises(ValueError):
        CALENDAR.earliest_end(D("2026-11-06"), -5)


def test_a_calendar_without_working_days_stops_scanning():
    def all_off(year):
        days = (date(year, 1, 1) + timedelta(days=i) for i in range(366))
        return YearSchedule(year, frozenset(d for d in days if d.year == year))
    calendar = WorkdayCalendar([all_off(2026), all_off(2027)])
    with pytest.raises(ValueError):
        calendar.earliest_end(D("2026-01-01"), 1)


def test_working_days_between_refuses_spans_over_400_days():
    with pytest.raises(ValueError):
        CALENDAR.working_days_between(D("2025-01-01"), D("2026-12-31"))


# --- notice periods, Art. 16 and 21 ------------------------------------------------------------------------

def test_five_working_day_notice_is_ok():
    result = CALENDAR.check_notice_period(D("2026-11-06"), D("2026-11-12"), 5)
    assert result.ok and result.message is None
    assert result.working_days == 5
    assert result.earliest_end == D("2026-11-12")


def test_five_calendar_days_over_national_day_are_too_short():
    result = CALENDAR.check_notice_period(D("2026-09-29"), D("2026-10-05"), 5)
    assert not result.ok
    assert result.working_days == 2
    assert result.earliest_end == D("2026-10-10")
    assert result.message == MSG_NOTICE_TOO_SHORT
    assert result.params["start"] == "2026-09-29"
    assert result.params["earliest_end"] == "2026-10-10"
    assert result.params["minimum"] == 5
    assert "2026-10-10" in result.message % result.params


def test_notice_ending_before_it_starts_has_its_own_message():
    result = CALENDAR.check_notice_period(D("2026-11-12"), D("2026-11-06"), 5)
    assert not result.ok
    assert result.message == MSG_NOTICE_ENDS_BEFORE_START
    assert result.message % result.params == "The notice ends on 2026-11-06, before it starts on 2026-11-12."


def test_absurdly_long_notice_is_reported_not_crashed():
    result = CALENDAR.check_notice_period(D("2026-01-05"), D("2062-01-05"), 5)
    assert not result.ok and result.message == MSG_NOTICE_TOO_LONG
    assert "%(" not in result.message % result.params


def test_notice_ending_in_an_unknown_year_raises():
    with pytest.raises(UnknownCalendarYear):
        CALENDAR.check_notice_period(D("2026-12-21"), D("2027-01-08"), 5)


# --- the schedule text format ------------------------------------------------------------------------------

def test_parse_reads_dates_ranges_and_all_kind_words():
    schedule = parse_schedule(2027, SCHEDULE_2027_TEXT)
    assert schedule.year == 2027
    assert D("2027-01-01") in schedule.holidays
    assert {D("2027-02-05"), D("2027-02-11"), D("2027-04-05"), D("2027-05-05"), D("2027-10-07")} <= schedule.holidays
    assert len(schedule.holidays) == 1 + 7 + 1 + 5 + 7
    assert schedule.working_weekends == {D("2027-02-14"), D("2027-02-20"), D("2027-10-09")}


def test_parse_accepts_unpadded_dates_and_spaces_around_the_range_sign():
    schedule = parse_schedule(2027, "2027-1-1 休\n2027-05-01 .. 2027-05-03 Holiday\n2027-2-14 WORK\n")
    assert schedule.holidays == {D("2027-01-01"), D("2027-05-01"), D("2027-05-02"), D("2027-05-03")}
    assert schedule.working_weekends == {D("2027-02-14")}


def test_parse_error_for_an_unparseable_line_names_its_line():
    error = parse_error("# header\n\n2027-01-01 休\n2027/02/05 休\n")
    assert error.line_no == 4
    assert error.message == MSG_LINE_UNPARSEABLE
    assert error.params == {"line": 4, "text": "2027/02/05 休"}


def test_parse_error_for_an_unknown_kind():
    error = parse_error("2027-01-01 休\n2027-02-05 放假\n")
    assert (error.line_no, error.message, error.params["kind"]) == (2, MSG_LINE_KIND, "放假")


def test_parse_error_for_a_bad_date():
    error = parse_error("2027-01-01 休\n\n2027-02-30 休\n")
    assert (error.line_no, error.message, error.params["date"]) == (3, MSG_LINE_BAD_DATE, "2027-02-30")


def test_parse_error_for_a_date_outside_the_year():
    error = parse_error("2027-01-01 休\n2026-12-31..2027-01-02 休\n")
    assert (error.line_no, error.message) == (2, MSG_LINE_OUTSIDE_YEAR)
    assert error.params == {"line": 2, "date": "2026-12-31", "year": 2027}


def test_parse_error_for_a_range_ending_before_it_starts():
    error = parse_error("2027-02-11..2027-02-05 休\n")
    assert (error.line_no, error.message) == (1, MSG_LINE_RANGE_BACKWARDS)


def test_parse_error_for_a_working_day_that_is_not_a_weekend():
    error = parse_error("2027-01-01 休\n2027-02-15 班\n")  # a Monday
    assert (error.line_no, error.message, error.params["date"]) == (2, MSG_LINE_WORKDAY_NOT_WEEKEND, "2027-02-15")


def test_parse_error_for_a_date_both_off_and_working_names_both_lines():
    error = parse_error("2027-01-01 休\n2027-02-13..2027-02-14 休\n# note\n2027-02-14 班\n")
    assert (error.line_no, error.message) == (4, MSG_LINE_HOLIDAY_AND_WORK)
    assert error.params == {"line": 4, "date": "2027-02-14", "other_line": 2}


def test_parse_refuses_a_schedule_without_days_off():
    error = parse_error("# nothing pasted yet\n2027-02-14 班\n")
    assert error.line_no is None and error.message == MSG_NO_HOLIDAYS


def test_parse_error_messages_format_with_their_params():
    for text in ("x", "2027-01-01 x", "2027-13-01 休", "2026-01-01 休", "2027-01-03..2027-01-01 休",
                 "2027-01-04 班", "2027-01-02 休\n2027-01-02 班", ""):
        error = parse_error(text)
        assert "%(" not in error.message % error.params
        assert str(error) == error.message % error.params


def test_format_collapses_ranges_and_round_trips():
    schedule = parse_schedule(2027, SCHEDULE_2027_TEXT)
    text = format_schedule(schedule)
    assert "2027-02-05..2027-02-11 休" in text.splitlines()
    assert "2027-02-14 班" in text.splitlines()
    assert parse_schedule(2027, text) == schedule


def test_format_round_trips_the_package_year_2026():
    days = [D("2026-01-01") + timedelta(days=i) for i in range(365)]
    schedule = YearSchedule(
        2026,
        frozenset(d for d in days if not chinese_calendar.is_workday(d) and d.weekday() < 5),
        frozenset(d for d in days if chinese_calendar.is_workday(d) and d.weekday() >= 5),
    )
    assert parse_schedule(2026, format_schedule(schedule)) == schedule
    rebuilt = WorkdayCalendar([schedule])
    assert all(rebuilt.is_workday(d) == chinese_calendar.is_workday(d) for d in days)

"""China's official working-day calendar, for public notices that must run at least 5 working days
(award rules, Art. 16 and 21).

Working days are not simply Monday to Friday: each year the State Council's notice on holiday arrangements
(国务院办公厅关于某年部分节假日安排的通知) moves days off and declares some Saturdays and Sundays working days
(调休上班). The `chinesecalendar` package knows the published years; for a year it does not know yet, the office
enters that year's notice (see `parse_schedule`), and an entered schedule takes precedence over the package for
its year. For a year known to neither we refuse (`UnknownCalendarYear`) rather than guess Monday to Friday: a
guess would shorten notices that span a holiday week, and the rules require full working days.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar

from reviewapp.domain.i18n import N_

# A notice runs days, weeks at most. Scanning is bounded so that a mistyped year or an all-holiday schedule
# cannot loop for long; 400 days covers any notice plus the longest holiday run with room to spare.
MAX_SCAN_DAYS = 400

_SATURDAY = 5  # date.weekday(): Monday is 0


def _is_weekend(day: date) -> bool:
    return day.weekday() >= _SATURDAY


# ---------------------------------------------------------------------------------------------------------
# Year schedules
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearSchedule:
    """One year of the State Council's holiday notice.

    `holidays`: days off that would otherwise be working days, or statutory holidays (listing a weekend day
    that is off anyway is harmless). `working_weekends`: Saturdays and Sundays declared working days (调休上班).
    """
    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    working_weekends: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self):
        # Accept any iterable of dates but store frozensets, so equal schedules compare and hash equal.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "working_weekends", frozenset(self.working_weekends))
        outside = sorted(d for d in self.holidays | self.working_weekends if d.year != self.year)
        if outside:
            raise ValueError(f"{outside[0]} is not in {self.year}")
        weekdays = sorted(d for d in self.working_weekends if not _is_weekend(d))
        if weekdays:
            raise ValueError(f"{weekdays[0]} is not a Saturday or Sunday")
        both = sorted(self.holidays & self.working_weekends)
        if both:
            raise ValueError(f"{both[0]} is both a holiday and a working day")

    def is_workday(self, day: date) -> bool:
        return day in self.working_weekends or (not _is_weekend(day) and day not in self.holidays)


class UnknownCalendarYear(Exception):
    """No schedule is known for a year a calculation needs."""

    MESSAGE = N_("No official working-day schedule is known for %(year)s. "
                 "Enter the State Council's holiday schedule for %(year)s first.")

    def __init__(self, year: int):
        self.year = year
        self.message = self.MESSAGE
        self.params = {"year": year}
        super().__init__(self.message % self.params)


# ---------------------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoticePeriodCheck:
    ok: bool
    earliest_end: date  # the earliest end date that satisfies the minimum
    working_days: int  # working days from start to end, both inclusive (0 if end is before start)
    message: str | None = None
    params: dict = field(default_factory=dict)


MSG_NOTICE_TOO_SHORT = N_("A notice starting on %(start)s must run at least %(minimum)s working days, "
                          "so it can end %(earliest_end)s at the earliest.")
MSG_NOTICE_ENDS_BEFORE_START = N_("The notice ends on %(end)s, before it starts on %(start)s.")
MSG_NOTICE_TOO_LONG = N_("A notice from %(start)s to %(end)s would run more than %(max_days)s days; "
                         "check the dates.")


class WorkdayCalendar:
    """Working days by the official calendar: entered schedules first, then the `chinesecalendar` package."""

    def __init__(self, schedules: Iterable[YearSchedule] = ()):
        self._schedules: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if schedule.year in self._schedules:
                raise ValueError(f"two schedules for {schedule.year}")
            self._schedules[schedule.year] = schedule

    def is_workday(self, day: date) -> bool:
        """Whether `day` is an official working day. Raises UnknownCalendarYear, never guesses."""
        if isinstance(day, datetime):  # a datetime is a date too; only its calendar day matters
            day = day.date()
        schedule = self._schedules.get(day.year)
        if schedule is not None:
            return schedule.is_workday(day)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # the package's way of saying it has no data for that year
            raise UnknownCalendarYear(day.year) from None

    def knows_year(self, year: int) -> bool:
        if year in self._schedules:
            return True
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def earliest_end(self, start: date, working_days: int) -> date:
        """The date of the `working_days`-th working day counting from `start` inclusive: a notice that starts
        on a working day counts that day; one that starts on a day off begins counting at the next working day."""
        if working_days <= 0:
            raise ValueError("working_days must be at least 1")
        counted = 0
        for offset in range(MAX_SCAN_DAYS):
            day = start + timedelta(days=offset)
            if self.is_workday(day):
                counted += 1
                if counted == working_days:
                    return day
        raise ValueError(f"fewer than {working_days} working days within {MAX_SCAN_DAYS} days of {start}")

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from `start` to `end`, both inclusive; 0 if `end` is before `start`."""
        span = (end - start).days + 1
        if span > MAX_SCAN_DAYS:
            raise ValueError(f"{start}..{end} is longer than {MAX_SCAN_DAYS} days")
        return sum(1 for offset in range(max(span, 0)) if self.is_workday(start + timedelta(days=offset)))

    def check_notice_period(self, start: date, end: date, minimum: int) -> NoticePeriodCheck:
        """Whether a notice from `start` to `end` (inclusive) lasts at least `minimum` working days
        (Art. 16, 21: at least 5). Dates in `params` are ISO strings."""
        earliest = self.earliest_end(start, minimum)
        params = {"start": start.isoformat(), "end": end.isoformat(), "minimum": minimum,
                  "earliest_end": earliest.isoformat()}
        if end < start:
            return NoticePeriodCheck(False, earliest, 0, MSG_NOTICE_ENDS_BEFORE_START, params)
        if (end - start).days + 1 > MAX_SCAN_DAYS:  # almost surely a mistyped year; say so instead of failing
            return NoticePeriodCheck(False, earliest, 0, MSG_NOTICE_TOO_LONG, {**params, "max_days": MAX_SCAN_DAYS})
        count = self.working_days_between(start, end)
        if end < earliest:
            return NoticePeriodCheck(False, earliest, count, MSG_NOTICE_TOO_SHORT, params)
        return NoticePeriodCheck(True, earliest, count)


# ---------------------------------------------------------------------------------------------------------
# The text format the office pastes from the State Council's notice
# ---------------------------------------------------------------------------------------------------------
#
#   # 2027 (国办发明电〔2026〕X号)
#   2027-01-01 休
#   2027-02-05..2027-02-11 休
#   2027-02-14 班
#
# One entry per line: a date or an inclusive range (.., ~, ～ or 至 between the dates), whitespace, a kind
# (休 / holiday / off, or 班 / work / workday). Blank lines and # comments are ignored.

HOLIDAY_WORDS = frozenset({"休", "holiday", "off"})
WORK_WORDS = frozenset({"班", "work", "workday"})

_ENTRY = re.compile(
    r"(?P<start>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})"
    r"(?:\s*(?:\.\.|~|～|至)\s*(?P<end>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}))?"
    r"\s+(?P<kind>\S+)"
)

MSG_LINE_UNPARSEABLE = N_("Line %(line)s: '%(text)s' is not an entry. Write a date or a range and a kind, "
                          "e.g. 2027-02-05..2027-02-11 休 or 2027-02-14 班.")
MSG_LINE_KIND = N_("Line %(line)s: '%(kind)s' is not a kind. Use 休 (day off) or 班 (working day).")
MSG_LINE_BAD_DATE = N_("Line %(line)s: %(date)s is not a date.")
MSG_LINE_OUTSIDE_YEAR = N_("Line %(line)s: %(date)s is not in %(year)s.")
MSG_LINE_RANGE_BACKWARDS = N_("Line %(line)s: the range ends on %(end)s, before it starts on %(start)s.")
MSG_LINE_WORKDAY_NOT_WEEKEND = N_("Line %(line)s: %(date)s is not a Saturday or Sunday, so it cannot be a "
                                  "weekend working day (班).")
MSG_LINE_HOLIDAY_AND_WORK = N_("Line %(line)s: %(date)s is listed both as a day off (休) and as a working day (班); "
                               "see line %(other_line)s.")
MSG_NO_HOLIDAYS = N_("The schedule for %(year)s lists no days off. Every year has statutory holidays; "
                     "paste the State Council's notice for %(year)s.")


class ScheduleParseError(ValueError):
    """A problem in pasted schedule text. `line_no` is 1-based, or None for a problem with the whole text."""

    def __init__(self, line_no: int | None, message: str, params: dict):
        self.line_no = line_no
        self.message = message
        self.params = params
        super().__init__(message % params)


def _parse_date(text: str, line_no: int, year: int) -> date:
    try:
        day = date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ScheduleParseError(line_no, MSG_LINE_BAD_DATE, {"line": line_no, "date": text}) from None
    if day.year != year:
        raise ScheduleParseError(line_no, MSG_LINE_OUTSIDE_YEAR, {"line": line_no, "date": text, "year": year})
    return day


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def parse_schedule(year: int, text: str) -> YearSchedule:
    """Read the office's schedule text for `year`. Raises ScheduleParseError at the first problem, naming the
    line. A schedule without any day off is refused: it would silently amount to Monday to Friday."""
    holidays: dict[date, int] = {}  # day -> line it was declared on, to name both lines in conflicts
    working: dict[date, int] = {}
    for line_no, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _ENTRY.fullmatch(line)
        if match is None:
            raise ScheduleParseError(line_no, MSG_LINE_UNPARSEABLE, {"line": line_no, "text": line})
        kind = match["kind"].lower()
        if kind not in HOLIDAY_WORDS | WORK_WORDS:
            raise ScheduleParseError(line_no, MSG_LINE_KIND, {"line": line_no, "kind": match["kind"]})
        start = _parse_date(match["start"], line_no, year)
        end = _parse_date(match["end"], line_no, year) if match["end"] else start
        if end < start:
            raise ScheduleParseError(line_no, MSG_LINE_RANGE_BACKWARDS,
                                     {"line": line_no, "start": start.isoformat(), "end": end.isoformat()})
        is_work = kind in WORK_WORDS
        for day in _days(start, end):
            if is_work and not _is_weekend(day):
                raise ScheduleParseError(line_no, MSG_LINE_WORKDAY_NOT_WEEKEND,
                                         {"line": line_no, "date": day.isoformat()})
            other_kind = holidays if is_work else working
            if day in other_kind:
                raise ScheduleParseError(line_no, MSG_LINE_HOLIDAY_AND_WORK,
                                         {"line": line_no, "date": day.isoformat(), "other_line": other_kind[day]})
            (working if is_work else holidays).setdefault(day, line_no)
    if not holidays:
        raise ScheduleParseError(None, MSG_NO_HOLIDAYS, {"year": year})
    return YearSchedule(year, frozenset(holidays), frozenset(working))


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days collapsed into (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def format_schedule(schedule: YearSchedule) -> str:
    """The schedule in the text format `parse_schedule` reads, in date order with ranges collapsed."""
    entries = [(first, last, "休") for first, last in _runs(schedule.holidays)]
    entries += [(first, last, "班") for first, last in _runs(schedule.working_weekends)]
    lines = [f"# {schedule.year}"]
    for first, last, kind in sorted(entries):
        when = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        lines.append(f"{when} {kind}")
    return "\n".join(lines) + "\n"

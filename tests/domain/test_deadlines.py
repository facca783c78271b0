"""Issue 16: the dates a cycle's people work to, counted in Benxi's days; late work is shown and reminded, never
refused by the date itself."""
from datetime import date

import pytest

from reviewapp.domain.deadlines import order_problems, reminder, status

DUE = date(2026, 12, 20)


def test_days_left_count_benxi_days_and_nothing_without_a_date():
    assert status(DUE, date(2026, 12, 17)).days_left == 3
    assert status(None, date(2026, 12, 17)) is None


def test_due_soon_within_three_days_and_on_the_day_itself():
    assert not status(DUE, date(2026, 12, 16)).soon
    assert status(DUE, date(2026, 12, 17)).soon
    assert status(DUE, DUE).soon and not status(DUE, DUE).overdue


def test_overdue_only_after_the_day_and_counts_the_days():
    late = status(DUE, date(2026, 12, 22))
    assert late.overdue and late.days_overdue == 2 and not late.soon
    assert status(DUE, date(2026, 12, 19)).days_overdue == 0


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 16), None), (date(2026, 12, 17), "3_days"), (date(2026, 12, 18), "3_days"),
    (date(2026, 12, 19), "1_day"), (DUE, "1_day"), (date(2026, 12, 21), "overdue"), (date(2027, 1, 30), "overdue"),
])
def test_reminders_three_days_and_one_day_before_and_after_the_day(today, expected):
    """A run missed on the third day before still sends the first reminder on the second day (each is queued once)."""
    assert reminder(status(DUE, today)) == expected


def test_no_reminder_without_a_date():
    assert reminder(None) is None


def test_art18_the_leader_s_report_cannot_be_due_before_the_sheets():
    [(field, message, params)] = order_problems({"sheets_due_on": DUE, "report_due_on": date(2026, 12, 19)})
    assert field == "report_due_on" and "report" in message and params == {"date": "2026-12-20"}


def test_art19_the_visit_cannot_end_before_it_starts_and_needs_both_days():
    [(field, _message, _params)] = order_problems({"visit_from": date(2027, 1, 10), "visit_to": date(2027, 1, 9)})
    assert field == "visit_to"
    [(field, message, _params)] = order_problems({"visit_from": date(2027, 1, 10)})
    assert field == "visit_to" and "both" in message


def test_the_same_day_and_a_sensible_order_pass():
    dates = {"sheets_due_on": DUE, "report_due_on": DUE, "visit_from": date(2027, 1, 4), "visit_to": date(2027, 1, 4),
             "comprehensive_due_on": date(2027, 1, 15), "group_meeting_on": date(2027, 1, 20)}
    assert order_problems(dates) == []
    assert order_problems({}) == []


def test_art20_the_comprehensive_report_and_the_group_s_meeting_follow_the_visits():
    problems = order_problems({"visit_from": date(2027, 1, 4), "visit_to": date(2027, 1, 8),
                               "comprehensive_due_on": date(2027, 1, 7), "group_meeting_on": date(2027, 1, 6)})
    assert [field for field, _message, _params in problems] == ["comprehensive_due_on", "group_meeting_on"]

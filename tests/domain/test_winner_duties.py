"""Art. 26-29, 4, 12, 6: the winners' duties after the award, and when they are overdue (with Benxi's today)."""
from datetime import date

from reviewapp.domain import winner_duties as wd

AWARDED = date(2024, 12, 10)
POLICY = wd.DutyPolicy(funds_report_due_days=90, misuse_open_days=30)


def duties(today, received=None, repeat=False, policy=POLICY):
    return wd.funds_report_duties(AWARDED, repeat, received or {}, policy, today)


def test_art29_art4_one_report_per_year_of_the_five_year_validity():
    result = duties(date(2025, 1, 1))
    assert [d.year for d in result] == [1, 2, 3, 4, 5]
    assert (result[0].period_start, result[0].period_end) == (date(2024, 12, 10), date(2025, 12, 9))
    assert result[4].period_end == date(2029, 12, 9)  # Art. 4: the award's last valid day


def test_art29_the_report_is_due_the_policy_s_days_after_its_year_ends():
    assert duties(date(2025, 1, 1))[0].due_on == date(2026, 3, 9)  # 2025-12-09 + 90 days
    assert duties(date(2025, 1, 1), policy=wd.DutyPolicy(30, 30))[0].due_on == date(2026, 1, 8)


def test_art29_overdue_only_from_the_day_after_the_due_date():
    due = date(2026, 3, 9)
    assert duties(due)[0].state == wd.DUE and not duties(due)[0].overdue
    assert duties(date(2026, 3, 10))[0].overdue


def test_art29_a_year_not_over_is_not_yet_due():
    assert duties(date(2025, 12, 9))[0].state == wd.NOT_YET
    assert duties(date(2025, 12, 10))[0].state == wd.DUE


def test_art29_a_received_report_is_never_overdue_and_late_receipt_is_told():
    assert duties(date(2027, 1, 1), {1: date(2026, 3, 9)})[0].state == wd.RECEIVED
    assert duties(date(2027, 1, 1), {1: date(2026, 3, 10)})[0].state == wd.RECEIVED_LATE


def test_art12_a_repeat_winner_got_no_money_and_owes_no_report():
    assert duties(date(2027, 1, 1), repeat=True) == []
    problems = wd.funds_report_problems(AWARDED, True, 1, date(2026, 1, 5), date(2026, 11, 26), set())
    assert "Art. 12" in problems[0][0]


def test_art29_a_report_is_recorded_once_per_year_after_the_award_and_not_in_the_future():
    today = date(2026, 11, 26)
    assert wd.funds_report_problems(AWARDED, False, 1, date(2026, 1, 5), today, set()) == []
    assert wd.funds_report_problems(AWARDED, False, 1, date(2026, 1, 5), today, {1})
    assert wd.funds_report_problems(AWARDED, False, 6, date(2026, 1, 5), today, set())
    assert wd.funds_report_problems(AWARDED, False, 1, date(2026, 11, 27), today, set())
    assert wd.funds_report_problems(AWARDED, False, 1, date(2024, 12, 9), today, set())


def test_art28_art6_an_open_misuse_report_is_overdue_after_the_policy_s_days():
    received = date(2026, 10, 27)
    assert not wd.misuse_overdue(received, None, POLICY, date(2026, 11, 26))  # day 30: in time
    assert wd.misuse_overdue(received, None, POLICY, date(2026, 11, 27))
    assert not wd.misuse_overdue(received, date(2026, 11, 1), POLICY, date(2027, 1, 1))


def test_art28_closing_a_misuse_report_needs_finding_action_and_a_sensible_date():
    today = date(2026, 11, 26)
    assert wd.misuse_closing_problems("查实", "责令整改", date(2026, 11, 1), date(2026, 11, 20), today) == []
    assert len(wd.misuse_closing_problems("", " ", date(2026, 11, 1), None, today)) == 3
    assert wd.misuse_closing_problems("查实", "整改", date(2026, 11, 1), date(2026, 10, 31), today)
    assert wd.misuse_closing_problems("查实", "整改", date(2026, 11, 1), date(2026, 11, 27), today)


def test_art28_art4_the_title_may_be_used_only_within_the_five_year_validity():
    assert wd.within_validity(AWARDED, date(2029, 12, 9))
    assert not wd.within_validity(AWARDED, date(2029, 12, 10))

"""After the award (Art. 26-29, with Art. 4's validity and Art. 6's supervision): what the office follows in its
register of winners, and when a duty is overdue.

Art. 29 says what the incentive money is for; it sets no report and no date. Asking each winner for one
use-of-funds report per year of the award's validity (Art. 4: five years), due a number of days after that year
ends, is the office's policy (DutyPolicy), written down with its basis and changeable by the office. Likewise the
number of days within which the office means to settle a report of title misuse (Art. 28).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from reviewapp.domain.dates import years_after
from reviewapp.domain.i18n import N_
from reviewapp.domain.money import VALIDITY_YEARS, valid_until

DEFAULT_FUNDS_REPORT_DUE_DAYS = 90  # a quarter after each year of the award: the office's policy, not the text's
DEFAULT_MISUSE_OPEN_DAYS = 30

# the duty's state, as stored nowhere: computed each time from the dates
RECEIVED = "received"
RECEIVED_LATE = "received_late"
OVERDUE = "overdue"
DUE = "due"            # the year is over, the due date not yet passed
NOT_YET = "not_yet"    # the year it reports on is not over


@dataclass(frozen=True)
class DutyPolicy:
    """The office's policy (the text sets neither figure): days after each year of the award by which its
    use-of-funds report is due (Art. 29), and days within which a title-misuse report should be closed (Art. 28)."""

    funds_report_due_days: int = DEFAULT_FUNDS_REPORT_DUE_DAYS
    misuse_open_days: int = DEFAULT_MISUSE_OPEN_DAYS


@dataclass(frozen=True)
class FundsReportDuty:
    """Art. 29: the use-of-funds report for the `year`-th year after the award (period_start..period_end)."""

    year: int
    period_start: date
    period_end: date
    due_on: date
    received_on: date | None
    state: str

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE


def owes_funds_reports(repeat: bool) -> bool:
    """Art. 29, 12: only a winner that received incentive money reports on its use; a repeat winner receives the
    plaque and certificate only (Art. 12)."""
    return not repeat


def funds_report_duties(awarded_on: date, repeat: bool, received: dict[int, date], policy: DutyPolicy,
                        today: date) -> list[FundsReportDuty]:
    """Art. 29, 4: one report for each year of the award's five-year validity, due `policy.funds_report_due_days`
    after that year ends; overdue from the day after its due date while not received (the due day itself is in
    time). `received` maps a report's year to the day it was received."""
    if not owes_funds_reports(repeat):
        return []
    duties = []
    for year in range(1, VALIDITY_YEARS + 1):
        start = years_after(awarded_on, year - 1)
        end = years_after(awarded_on, year) - timedelta(days=1)
        due_on = end + timedelta(days=policy.funds_report_due_days)
        duties.append(FundsReportDuty(year, start, end, due_on, received.get(year),
                                      _state(received.get(year), end, due_on, today)))
    return duties


def _state(received_on: date | None, period_end: date, due_on: date, today: date) -> str:
    if received_on is not None:
        return RECEIVED if received_on <= due_on else RECEIVED_LATE
    if today > due_on:
        return OVERDUE
    return DUE if today > period_end else NOT_YET


def reportable_years(duties: list[FundsReportDuty]) -> list[int]:
    """Art. 29, issue 18: the years the winner itself may report on through its account: those that are over and
    whose report has not been received (the office may still record any open year, as received on paper)."""
    return [duty.year for duty in duties if duty.state in (DUE, OVERDUE)]


def misuse_overdue(received_on: date, closed_on: date | None, policy: DutyPolicy, today: date) -> bool:
    """Art. 28, 6: a title-misuse report still open more than `policy.misuse_open_days` days after it was
    received (on the last of those days it is still in time)."""
    return closed_on is None and (today - received_on).days > policy.misuse_open_days


def within_validity(awarded_on: date, today: date) -> bool:
    """Art. 4, 28: the award is valid (and its title may be used, with the award year) up to valid_until."""
    return awarded_on <= today <= valid_until(awarded_on)


def funds_report_problems(awarded_on: date, repeat: bool, year: int, received_on: date, today: date,
                          already_received: set[int]) -> list[tuple[str, dict]]:
    """Art. 29, 12, 4: why a use-of-funds report cannot be recorded as received (empty: it can)."""
    if not owes_funds_reports(repeat):
        return [(N_("A repeat winner received no incentive money (Art. 12): it owes no use-of-funds report."), {})]
    problems = []
    if not 1 <= year <= VALIDITY_YEARS:
        problems.append((N_("A use-of-funds report covers one of the %(years)s years of the award's validity "
                            "(Art. 4, 29)."), {"years": VALIDITY_YEARS}))
    elif year in already_received:
        problems.append((N_("The report for year %(year)s after the award is already recorded."), {"year": year}))
    if received_on < awarded_on:
        problems.append((N_("The report cannot have been received before the award (%(date)s)."),
                         {"date": awarded_on.isoformat()}))
    if received_on > today:
        problems.append((N_("The date received %(date)s is in the future."), {"date": received_on.isoformat()}))
    return problems


def misuse_closing_problems(finding: str, action: str, received_on: date, closed_on: date | None,
                            today: date) -> list[tuple[str, dict]]:
    """Art. 28, 6: a title-misuse report is closed only with the office's finding and the action taken, on a day
    between its receipt and today."""
    problems = []
    if not finding.strip():
        problems.append((N_("Closing a misuse report needs the office's finding."), {}))
    if not action.strip():
        problems.append((N_("Closing a misuse report needs the action taken (or why none was needed)."), {}))
    if closed_on is None:
        problems.append((N_("Closing a misuse report needs the date it was closed."), {}))
    elif not received_on <= closed_on <= today:
        problems.append((N_("The closing date must lie between the day the report was received (%(received)s) and "
                            "today."), {"received": received_on.isoformat()}))
    return problems

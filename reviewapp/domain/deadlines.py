"""The dates a cycle's people work to (issue 16, Art. 13, 18-20): how many of Benxi's days are left, "due soon",
"overdue", which reminder is due, and the order the office's dates must keep. A deadline refuses no late work (the
office decides about it): late work is shown and reminded."""
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.i18n import N_

SOON_DAYS = 3  # "due soon" within this many days, and the first reminder
LAST_CALL_DAYS = 1  # the second reminder, the day before

# The dates in the order the procedure reaches them (Art. 18, 19, 20, 23), as the cycle's columns are named; each
# pair of neighbours with why the later may not come before the earlier.
FIELDS = ("sheets_due_on", "report_due_on", "visit_from", "visit_to", "comprehensive_due_on", "group_meeting_on")
ORDER = (
    ("sheets_due_on", "report_due_on",  # Art. 18: the report consolidates the sheets
     N_("The leader's report cannot be due before the experts' score sheets (%(date)s).")),
    ("report_due_on", "visit_from",  # Art. 18, 19: the on-site list follows the document-review reports
     N_("The on-site visits cannot start before the document-review report is due (%(date)s).")),
    ("visit_from", "visit_to", N_("The on-site visits cannot end before they start (%(date)s).")),
    ("visit_to", "comprehensive_due_on",  # Art. 20: the comprehensive report weighs both reviews
     N_("The comprehensive evaluation report cannot be due before the on-site visits end (%(date)s).")),
    ("comprehensive_due_on", "group_meeting_on",  # Art. 20: the group reviews the panel's evaluation
     N_("The leading group cannot meet before the comprehensive evaluation report is due (%(date)s).")),
)

# Which date a piece of work is due by, per panel stage (value): the document review's sheets and report have theirs
# (Art. 18); the on-site review works within the visit period (Art. 19) and its leader's comprehensive report has
# its own date (Art. 20).
SHEET_DUE = {"document_review": "sheets_due_on"}
REPORT_DUE = {"document_review": "report_due_on"}


@dataclass(frozen=True)
class DeadlineStatus:
    due_on: date
    days_left: int  # Benxi days from today to the due date; negative once it has passed

    @property
    def overdue(self) -> bool:
        """Overdue after the day: work handed in on the due date is on time."""
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= SOON_DAYS


def status(due_on: date | None, today: date) -> DeadlineStatus | None:
    """None when no date is set: nothing to show or remind."""
    if due_on is None:
        return None
    return DeadlineStatus(due_on=due_on, days_left=(due_on - today).days)


def reminder(state: DeadlineStatus | None) -> str | None:
    """Which reminder is due: "3_days" (3 or 2 days left), "1_day" (1 day left or the due date itself), "overdue"
    (from the day after). The ranges, rather than the exact days, let a run missed on the day catch up; each
    reminder is queued once (the outbox's dedupe key), so a daily or minutely run sends each at most once."""
    if state is None:
        return None
    if state.overdue:
        return "overdue"
    if state.days_left <= LAST_CALL_DAYS:
        return "1_day"
    if state.days_left <= SOON_DAYS:
        return "3_days"
    return None


def order_problems(dates: dict[str, date | None]) -> list[tuple[str, str, dict]]:
    """(the field at fault, message, params) for each date set before its neighbour that the procedure reaches
    first; a visit period needs both its days."""
    problems = []
    for earlier, later, message in ORDER:
        if dates.get(earlier) is not None and dates.get(later) is not None and dates[later] < dates[earlier]:
            problems.append((later, message, {"date": dates[earlier].isoformat()}))
    if (dates.get("visit_from") is None) != (dates.get("visit_to") is None):
        missing = "visit_to" if dates.get("visit_to") is None else "visit_from"
        problems.append((missing, N_("Give both the first and the last day of the on-site visits, or neither."), {}))
    return problems

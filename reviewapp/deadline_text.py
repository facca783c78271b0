"""Deadlines as people read them (issue 16): "截止：12月20日（还剩3天）", "已逾期2天", in the reader's language and
counted in Benxi's days (the rule: domain/deadlines.py)."""
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from reviewapp.city_calendar import city_today
from reviewapp.domain.deadlines import REPORT_DUE, SHEET_DUE, DeadlineStatus, status


def short_date(day: date) -> str:
    """Month and day in the locale's own order ("12月20日", "Dec 20"): Flask-Babel's formatting with the
    locale's pattern for that skeleton."""
    return format_date(day, get_locale().datetime_skeletons["MMMd"].pattern)


def deadline(day: date | None) -> DeadlineStatus | None:
    return status(day, city_today())


def due_text(state: DeadlineStatus) -> str:
    if state.overdue:
        return _("Due: %(date)s", date=short_date(state.due_on))
    if state.days_left == 0:
        return _("Due: %(date)s (today)", date=short_date(state.due_on))
    if state.days_left == 1:
        return _("Due: %(date)s (1 day left)", date=short_date(state.due_on))
    return _("Due: %(date)s (%(days)s days left)", date=short_date(state.due_on), days=state.days_left)


def overdue_text(state: DeadlineStatus) -> str:
    if state.days_overdue == 1:
        return _("Overdue by 1 day")
    return _("Overdue by %(days)s days", days=state.days_overdue)


def sheet_due_on(cycle, stage) -> date | None:
    """The due date of an expert's sheet of `stage` (a PanelStage) in `cycle`, if it has one."""
    return getattr(cycle, SHEET_DUE[stage.value]) if stage.value in SHEET_DUE else None


def report_due_on(cycle, stage) -> date | None:
    return getattr(cycle, REPORT_DUE[stage.value]) if stage.value in REPORT_DUE else None

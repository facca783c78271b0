"""Today's date in Benxi, and China's working-day calendar with the office's entered holiday schedules."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from reviewapp.domain.workdays import WorkdayCalendar, parse_schedule
from reviewapp.extensions import db
from reviewapp.models import HolidaySchedule

CITY_TZ = ZoneInfo("Asia/Shanghai")


def city_today() -> date:
    """Dates of the procedure (notices, deadlines) are days in Benxi, not in UTC. The TODAY setting pins the
    date for tests, whose outcomes must not depend on the day they run."""
    return current_app.config.get("TODAY") or datetime.now(CITY_TZ).date()


def city_date(moment: datetime) -> date:
    """The day in Benxi of a moment the database keeps in UTC: a report signed at 07:04 on 7 December in Benxi
    (23:04 UTC on the 6th) is dated 7 December wherever a person reads the date or a rule counts it."""
    return moment.astimezone(CITY_TZ).date()


def workday_calendar() -> WorkdayCalendar:
    schedules = db.session.scalars(select(HolidaySchedule).order_by(HolidaySchedule.year))
    return WorkdayCalendar(parse_schedule(s.year, s.text) for s in schedules)

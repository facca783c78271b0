"""Every date a person sees or a rule counts is a day in Benxi (Asia/Shanghai, UTC+8), whatever the server's clock
(issue 15, item 11)."""
from datetime import UTC, date, datetime, timedelta, timezone

from reviewapp.city_calendar import city_date


def test_dates_a_moment_kept_in_utc_falls_on_benxis_day_at_the_midnight_boundary():
    assert city_date(datetime(2026, 12, 6, 15, 59, 59, tzinfo=UTC)) == date(2026, 12, 6)  # 23:59:59 in Benxi
    assert city_date(datetime(2026, 12, 6, 16, 0, tzinfo=UTC)) == date(2026, 12, 7)  # midnight in Benxi
    assert city_date(datetime(2026, 12, 6, 23, 4, tzinfo=UTC)) == date(2026, 12, 7)  # 07:04 in Benxi


def test_dates_a_moment_given_in_another_zone_is_converted_too():
    new_york = timezone(timedelta(hours=-5))
    assert city_date(datetime(2026, 12, 6, 11, 30, tzinfo=new_york)) == date(2026, 12, 7)  # 00:30 in Benxi

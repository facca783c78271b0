"""The demo's data files (JSON, UTF-8), read as package resources.

An organization's unified social credit code is given by its parts, the check character computed (credit_code).
Dates are ISO strings ("1993-07-16"), or relative to the current cycle's reference date D as {"years_before": n}
or {"months_before": n}, possibly with "days_later": n, so that every organization keeps its intended outcome
whenever the demo is loaded."""
import json
from calendar import monthrange
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from reviewapp.domain.credit_code import credit_code_check_char
from reviewapp.domain.dates import years_before


@cache
def read(name: str):
    """The parsed content of data/`name`.json (parsed once; treat it as read-only)."""
    return json.loads(files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8"))


def credit_code(prefix: str, division: str, org_code: str) -> str:
    """A valid unified social credit code (GB 32100): registration authority and category, division, the
    9-character organization code, and the computed check character."""
    first17 = prefix + division + org_code
    return first17 + credit_code_check_char(first17)


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def day_of(value, d: date) -> date | None:
    """A date of the data files, with D = `d`."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value)
    if "years_before" in value:
        day = years_before(d, value["years_before"])
    else:
        day = months_before(d, value["months_before"])
    return day + timedelta(days=value.get("days_later", 0))

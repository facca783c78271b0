"""Art. 8(4), 9: the dates of an opinion the office solicits from a department and of the department's reply."""
from datetime import date

from reviewapp.domain.i18n import N_


def check_request_dates(sent_on: date, reply_due: date, today: date) -> tuple[str, dict] | None:
    """A request is recorded once it is sent (not in the future); its reply is due on or after the day it was sent."""
    if sent_on > today:
        return N_("The request cannot be sent after today (%(today)s)."), {"today": today.isoformat()}
    if reply_due < sent_on:
        return (N_("The reply cannot be due (%(due)s) before the request was sent (%(sent)s)."),
                {"due": reply_due.isoformat(), "sent": sent_on.isoformat()})
    return None


def check_reply_dates(sent_on: date, replied_on: date, today: date) -> tuple[str, dict] | None:
    """A reply comes after its request was sent and is recorded once received (not in the future)."""
    if replied_on > today:
        return N_("The reply cannot be dated after today (%(today)s)."), {"today": today.isoformat()}
    if replied_on < sent_on:
        return (N_("The reply (%(replied)s) cannot come before the request was sent (%(sent)s)."),
                {"replied": replied_on.isoformat(), "sent": sent_on.isoformat()})
    return None

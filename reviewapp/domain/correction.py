"""Art. 16: the acceptance review may send an application back for correction (补正).

The office names what is missing and a due date (a Benxi day, not before today) while the cycle is in its
application or acceptance-review stage and the application awaits its decision; one request is open at a time.
While it is open the application cannot be accepted: the office waits for the corrected version. Before the due date
the organization has its chance, so the office may not reject it for the missing items; once the date has passed it
may reject the application for not correcting, or withdraw its request. The office may withdraw a request at any
time (sent by mistake, or the missing item arrived on paper). The organization resubmits once, with a note, which
closes the request.
"""
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.i18n import N_

SEND_BACK_STAGES = ("application", "acceptance_review")
Problem = tuple[str, dict]


@dataclass(frozen=True)
class OpenRequest:
    """The open request of an application, as the rules need it."""

    id: int
    missing: str
    due_on: date


def send_back_refusal(stage: str, status: str, open_request: OpenRequest | None, missing: str, due_on: date | None,
                      today: date) -> Problem | None:
    """Art. 16: why the office may not send this application back now, or None."""
    if stage not in SEND_BACK_STAGES:
        return N_("An application is sent back for correction only during the application or acceptance review "
                  "stage (Art. 16)."), {}
    if status != "registered":
        return N_("Only an application awaiting its acceptance decision can be sent back for correction "
                  "(Art. 16)."), {}
    if open_request is not None:
        return N_("This application already has an open correction request (due %(due)s)."), \
            {"due": open_request.due_on.isoformat()}
    if not missing.strip():
        return N_("Say what is missing or must be corrected."), {}
    if due_on is None or due_on < today:
        return N_("The due date of a correction may not be before today (%(today)s)."), {"today": today.isoformat()}
    return None


def accept_refusal(open_request: OpenRequest | None) -> Problem | None:
    """Art. 16: an application sent back for correction is not accepted until the organization resubmits it or
    the office withdraws the request."""
    if open_request is None:
        return None
    return N_("The application was sent back for correction on request no. %(id)s (%(missing)s, due %(due)s): "
              "it can be accepted once the organization resubmits or the office withdraws the request."), \
        {"id": open_request.id, "missing": _short(open_request.missing), "due": open_request.due_on.isoformat()}


def reject_refusal(open_request: OpenRequest | None, today: date) -> Problem | None:
    """Art. 16: while the organization still has time to correct, the office does not reject the application."""
    if open_request is None or today > open_request.due_on:
        return None
    return N_("The organization may correct its application until %(due)s (request no. %(id)s): reject it only after "
              "that date, or withdraw the request first."), \
        {"id": open_request.id, "due": open_request.due_on.isoformat()}


def overdue(open_request: OpenRequest | None, today: date) -> bool:
    return open_request is not None and today > open_request.due_on


def resubmit_refusal(open_request: OpenRequest | None, stage: str, status: str) -> Problem | None:
    """The organization resubmits only against an open request, while the application still awaits its decision."""
    if open_request is None:
        return N_("There is no open correction request to answer."), {}
    if stage not in SEND_BACK_STAGES or status != "registered":
        return N_("This application can no longer be corrected."), {}
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"

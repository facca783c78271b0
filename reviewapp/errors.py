"""One way to refuse a write, and one way to report the refusal.

Operations raise `Refused` when the award's rules (or the system's own) do not allow a write now, and `StaleWrite`
when the record changed since the page that sends the write was loaded. Views run the write inside
`flashing_refusals()`, which rolls the session back (a refused write changes nothing), shows every problem in the
user's language (under the form field at fault when there is one) and tells the view the write did not happen:

    with flashing_refusals(form) as outcome:
        operations.record_approval(cycle, ...)
    if outcome.done:
        flash(_("Recorded."), "success")
        return redirect(...)
"""
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reviewapp.domain.i18n import N_

# (English message template marked with N_, its %(name)s parameters). A message already in the user's language
# (e.g. a form validator's) passes through unchanged: the catalogue has no entry for it.
Problem = tuple[str, dict]


class Refused(Exception):
    """The write is not allowed. `problems` lists every reason as (N_ message, params); `field` names the form field
    at fault, when one is."""

    def __init__(self, message: str, params: dict | None = None, *, field: str | None = None):
        super().__init__(message)
        self.problems: list[Problem] = [(message, params or {})]
        self.field = field

    @classmethod
    def because_of(cls, problems: Iterable[Problem], *, field: str | None = None) -> "Refused":
        """A refusal for several reasons at once (e.g. every rule a panel change breaks)."""
        problems = list(problems)
        if not problems:
            raise ValueError("a refusal needs at least one problem")
        refusal = cls(*problems[0], field=field)
        refusal.problems = problems
        return refusal


class BatchRefused(Exception):
    """Issue 17: a change of several records at once (all or nothing) refused for some of them: `refusals` maps
    each refused record's id to its problems; nothing was written."""

    def __init__(self, refusals: dict[int, list[Problem]]):
        super().__init__(f"{len(refusals)} refused")
        self.refusals = refusals


class StaleWrite(Exception):
    """The record changed since the page was loaded: writing would overwrite someone else's change."""

    def __init__(self, message: str | None = None):
        super().__init__(message or STALE_MESSAGE)
        self.message = message or STALE_MESSAGE


# Translated when shown; a view may pass its own, naming what changed.
STALE_MESSAGE = N_("Someone else changed this record while you were editing. Reload the page and make your change "
                   "again.")


@dataclass
class Outcome:
    """What `flashing_refusals` tells the view: `done` is False when the write was refused or stale."""
    done: bool = True
    refused: Refused | None = None
    stale: bool = False


@contextmanager
def flashing_refusals(form=None, *, field: str | None = None, stale_message: str | None = None,
                      category: str = "danger", intro: str | None = None) -> Iterator[Outcome]:
    """Run a write; on `Refused` or `StaleWrite` roll the session back and report why (see the module's doc).

    `field` names the form field that shows a refusal naming none (e.g. a notice's end date, which every refusal
    of the notice is about); `stale_message` names what changed ("this cycle"); `category` is the flash's;
    `intro` is flashed before the reasons ("The decision was not recorded:")."""
    from flask import flash

    from reviewapp.domain_text import explain
    from reviewapp.extensions import db

    outcome = Outcome()
    try:
        yield outcome
    except Refused as refusal:
        db.session.rollback()
        outcome.done, outcome.refused = False, refusal
        if intro:
            flash(explain(intro), category)
        name = refusal.field or field
        form_field = form[name] if form is not None and name else None
        for message, params in refusal.problems:
            if form_field is not None:
                form_field.errors = [*form_field.errors, explain(message, params)]  # a tuple until validated
            else:
                flash(explain(message, params), category)
    except StaleWrite as stale:
        db.session.rollback()
        outcome.done, outcome.stale = False, True
        flash(explain(stale_message or stale.message), "danger")


def flash_form_errors(form) -> None:
    """For the small forms that redirect back instead of rendering their errors (a table row's, an upload's): each
    message flashed once."""
    from flask import flash

    messages = dict.fromkeys(str(message) for errors in form.errors.values()
                             for message in (errors if isinstance(errors, list) else [errors]))
    for message in messages:
        flash(message, "danger")

"""What a list page reads from its query string, made safe once for every list (issue 13 item 6).

A page number or an id in `?page=`, `?cycle=` is whatever the visitor typed: a 20-digit number reached the database
as an offset or a key it cannot bind (OverflowError, a 500). A filter whose value is not among its choices
(`?kind=x`) reached an enum constructor (ValueError, a 500). Each is now answered as if it were absent, with a
message where the visitor could not otherwise tell that the filter was ignored."""
from flask import flash, request
from flask_babel import gettext as _

from reviewapp.converters import LARGEST_ID

MAX_PAGE = 100_000  # far beyond any list here (30 rows a page), far below an offset the database cannot hold


def page_arg() -> int:
    """`?page=`: a number from 1 to MAX_PAGE; anything else is clamped into that range (past the last page the
    list is simply empty, as before)."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def id_arg(name: str, default=None) -> int | None:
    """An id in the query string (`?cycle=3`): None (or the default) when absent, not a number or beyond any id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= LARGEST_ID else default


def known_choices_only(form):
    """A filter form read from the query string: a field whose value is not one of its choices (an enum that does
    not exist, a tampered id) is ignored, with a message, and the list is shown without that filter."""
    form.validate()
    ignored = [field for field in form if field.errors and hasattr(field, "choices")]
    for field in ignored:
        field.data, field.errors = field.default, []
        field.raw_data = []
    if ignored:
        flash(_("A filter had a value that does not exist and was ignored: %(fields)s.",
                fields=", ".join(str(field.label.text) for field in ignored)), "warning")
    return form

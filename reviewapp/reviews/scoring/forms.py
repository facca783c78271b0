from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm


class SheetForm(AppForm):
    """The per-item fields (pct-<item>, str-<item>, opp-<item>) come from the standard's table, read by the view."""

    comment = TextAreaField(_l("Overall comment"), validators=[Optional(), Length(max=limits.LONG_TEXT)])
    version = HiddenField()
    save_draft = SubmitField(_l("Save draft"))
    submit_sheet = SubmitField(_l("Submit the sheet"))


class ReopenForm(AppForm):
    reason = TextAreaField(_l("Reason for reopening"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Reopen"))

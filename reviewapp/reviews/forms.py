from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class SheetForm(FlaskForm):
    """The per-item fields (pct-<item>, str-<item>, opp-<item>) come from the standard's table, read by the view."""

    comment = TextAreaField(_l("Overall comment"), validators=[Optional(), Length(max=20000)])
    version = HiddenField()
    save_draft = SubmitField(_l("Save draft"))
    submit_sheet = SubmitField(_l("Submit the sheet"))


class ReopenForm(FlaskForm):
    reason = TextAreaField(_l("Reason for reopening"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Reopen"))

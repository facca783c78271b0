from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from reviewapp.domain import limits
from reviewapp.forms import AppForm, IntegerField

ID_RANGE = NumberRange(min=1, max=2**31 - 1)  # a database id; anything larger would overflow the query


class MergeForm(AppForm):
    kind = HiddenField(validators=[DataRequired()])
    survivor_id = IntegerField(validators=[DataRequired(), ID_RANGE])
    merged_id = IntegerField(validators=[DataRequired(), ID_RANGE])
    submit = SubmitField(_l("Merge"))


class DismissForm(AppForm):
    key = HiddenField(validators=[DataRequired(), Length(max=100)])
    fingerprint = HiddenField(validators=[DataRequired(), Length(max=64)])
    reason = TextAreaField(_l("Why this is not the same / not a conflict"), validators=[DataRequired(),
                                                                                       Length(max=limits.SHORT_NOTE)])
    submit = SubmitField(_l("Dismiss"))


class ConfirmForm(AppForm):
    key = HiddenField(validators=[DataRequired(), Length(max=100)])
    submit = SubmitField(_l("Confirm: same organization"))


class UndoForm(AppForm):
    submit = SubmitField(_l("Undo"))

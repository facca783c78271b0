from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm


class DecisionForm(AppForm):
    """The approved level per applicant (level-<id>) and the reason for a departure (reason-<id>) are read by the
    view from the ranking it shows."""

    decided_on = DateField(_l("Date of the decision"), validators=[DataRequired()])
    meeting_reference = StringField(_l("Meeting"), validators=[DataRequired(), Length(max=200)],
                                    description=_l("e.g. 市质量强市领导小组2026年第3次会议"))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.LONG_TEXT)])
    submit = SubmitField(_l("Record the group's decision"))


class AwardHistoryForm(AppForm):
    """The office's deliberate choice to show the blinded group each candidate's award history (issue 13 item 7)."""

    reason = TextAreaField(_l("Why the group should see it"), validators=[
        DataRequired(message=_l("Give the reason for showing the group each candidate's award history.")),
        Length(max=limits.NOTE)])
    submit = SubmitField(_l("Show the group each candidate's award history"))


class OpinionsForm(AppForm):
    """A member's opinions: the vote (vote-<id>) and comment (comment-<id>) per candidate are read by the view from
    the candidate list it shows (Art. 6, 20)."""

    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Submit my opinions"))

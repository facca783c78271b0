from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, enum_choices
from reviewapp.models import InvestigationConclusion, InvestigationSource
from reviewapp.validators import not_after_today


class OpenForm(AppForm):
    source = RadioField(_l("Opened from"), choices=enum_choices(InvestigationSource), validators=[InputRequired()])
    submission_id = SelectField(_l("The report or objection"), coerce=int)
    opinion_request_id = SelectField(_l("The solicited opinion"), coerce=int)
    scope = TextAreaField(_l("What is examined"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Open the investigation"))


class EvidenceForm(AppForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE)])
    file = FileField(_l("File (PDF, Word or Excel)"))
    submit = SubmitField(_l("Add the evidence"))


class ConclusionForm(AppForm):
    conclusion = RadioField(_l("Conclusion"), choices=enum_choices(InvestigationConclusion),
                            validators=[InputRequired(_l("Choose the conclusion."))])
    conclusion_text = TextAreaField(_l("What was found, on what evidence"),
                                    validators=[DataRequired(), Length(max=limits.NOTE)])
    version = HiddenField()
    confirmed = HiddenField()
    submit = SubmitField(_l("Record the conclusion"))


class ReverseForm(AppForm):
    reason = TextAreaField(_l("Why the exclusion is reversed"), validators=[DataRequired(), Length(max=limits.NOTE)])
    version = HiddenField()
    submit = SubmitField(_l("Reverse the exclusion"))


class WithdrawalForm(AppForm):
    received_on = DateField(_l("Letter received on"), validators=[DataRequired(), not_after_today])
    letter = FileField(_l("The applicant's letter (PDF, Word or Excel)"),
                       validators=[FileRequired(_l("Upload the applicant's letter."))])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE)])
    confirm = BooleanField(_l("I understand: the application leaves the cycle for good (its panel seats and "
                              "list places are freed); this cannot be undone."),
                           validators=[DataRequired(_l("Tick the box to confirm the withdrawal."))])
    submit = SubmitField(_l("Record the withdrawal"))

"""Issue 18, Art. 33: the organization's recusal request and the office's decision."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, MultiCheckboxField, choices


class RecusalRequestForm(AppForm):
    application = SelectField(_l("Application"), coerce=int, validate_choice=True)
    named_person = StringField(_l("Person to be avoided (name, and their organization if you know it)"),
                               validators=[Optional(), Length(max=limits.NAME)])
    named_organization = StringField(_l("Organization to be avoided (e.g. a direct competitor)"),
                                     validators=[Optional(), Length(max=limits.NAME)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Send the request"))

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.application.choices = choices((a.id, f"{a.cycle.name} · {a.number}") for a in applications)


class HandleForm(AppForm):
    persons = MultiCheckboxField(_l("Persons to avoid for this applicant"), coerce=int, validate_choice=True)
    competitor = SelectField(_l("Record as the applicant's direct competitor"), coerce=int, validate_choice=True)
    note = TextAreaField(_l("Note on what was done (kept in the record)"),
                         validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Mark as handled"))

    def __init__(self, *args, candidates, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.persons.choices = choices((c.person.id, c.person.name) for c in candidates)
        self.competitor.choices = choices([(0, _l("No organization"))] + [(o.id, o.name) for o in organizations])


class RejectForm(AppForm):
    reason = TextAreaField(_l("Reason (the organization reads it)"),
                           validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Do not adopt the request"))

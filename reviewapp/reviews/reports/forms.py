from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, MultiCheckboxField, choices


class ReportForm(AppForm):
    """The per-item consensus (cons-<item>, just-<item>) and per-category summaries (cstr-<cat>, copp-<cat>) come
    from the standard's table, read by the view."""

    recommend = RadioField(_l("The panel's recommendation"), choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
                           validators=[Optional()])
    summary = TextAreaField(_l("Overall assessment"), validators=[Optional(), Length(max=limits.LONG_TEXT)])
    version = HiddenField()
    save_draft = SubmitField(_l("Save draft"))
    submit_report = SubmitField(_l("Submit the report"))


class ComprehensiveForm(AppForm):
    """The panel's comprehensive score and report (Art. 20); the per-category texts (cstr-<cat>, copp-<cat>) are
    read by the view."""

    score = StringField(_l("The panel's comprehensive score"), validators=[Optional(), Length(max=20)])
    justification = TextAreaField(_l("Justification of the adjustment"),
                                  validators=[Optional(), Length(max=limits.NOTE)])
    summary = TextAreaField(_l("Comprehensive assessment"), validators=[Optional(), Length(max=limits.LONG_TEXT)])
    version = HiddenField()
    save_draft = SubmitField(_l("Save draft"))
    submit_report = SubmitField(_l("Submit the comprehensive evaluation report"))


class ReasonForm(AppForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record"))


class OnsiteListForm(AppForm):
    """The per-applicant choices (go-<id>, note-<id>) are read by the view from the rows it shows."""

    submit = SubmitField(_l("Confirm the on-site list"))


class VisitForm(AppForm):
    visit_date = DateField(_l("Date of the visit"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=300)])
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=limits.LONG_TEXT)])
    present = MultiCheckboxField(_l("Members present"), coerce=int, validate_choice=True)
    version = HiddenField()
    submit = SubmitField(_l("Save the visit plan"))


class IssueForm(AppForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    category = SelectField(_l("Category"), validators=[DataRequired()])
    text = TextAreaField(_l("Issue"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Add the issue"))


class ResolveForm(AppForm):
    resolution = SelectField(_l("Resolution"), validators=[DataRequired()])
    # a missing note is refused by the rule (domain/site_visit.py), with its reason
    note = TextAreaField(_l("Note"), validators=[Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record"))


class IssueEvidenceForm(AppForm):
    """A photo from the tablet's camera or an evidence file for one site-visit issue (Art. 19)."""

    file = FileField(_l("Photo or PDF"), validators=[FileRequired(_l("Choose a photo or a PDF file."))])
    submit = SubmitField(_l("Attach"))

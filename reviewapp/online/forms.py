"""Issue 18: the online application's forms. The draft reuses the office's application form fields and the
self-assessment subform of the cycle's standard (applications/forms.py), so both ways in record the same."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, FormField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewapp.applications.forms import form_data_form, self_assessment_form
from reviewapp.domain import limits
from reviewapp.forms import AppForm, choices, enum_choices
from reviewapp.models import AwardKind, MaterialKind
from reviewapp.online.operations import DRAFT_KINDS
from reviewapp.validators import not_after_today, plausible_date


def make_draft_form(standard_version: str, recommenders, formdata=None, **kwargs):
    class DraftForm(AppForm):
        award = SelectField(_l("Award applied for"), choices=enum_choices(AwardKind))
        form_data = FormField(form_data_form(), label=_l("Application form"))
        self_assessment = FormField(self_assessment_form(standard_version), label=_l("Self-assessment (GB/T 19580)"))
        recommender_id = SelectField(_l("Recommender (Art. 10)"), coerce=int)
        version = HiddenField()
        submit = SubmitField(_l("Save the draft"))

    form = DraftForm(formdata, **kwargs) if formdata is not None else DraftForm(**kwargs)
    form.recommender_id.choices = choices([(0, "—")] + [(o.id, o.name) for o in recommenders])
    return form


class DraftFileForm(AppForm):
    kind = SelectField(_l("Kind of file"), choices=enum_choices(MaterialKind, DRAFT_KINDS))
    file = FileField(_l("File (PDF, Word .docx or Excel .xlsx)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload"))


class ButtonForm(AppForm):
    """Start, remove a file, take back: only the CSRF token and, where a save races, the version."""
    version = HiddenField()
    submit = SubmitField(_l("Go"))


class SignForm(AppForm):
    opinion = TextAreaField(_l("Recommendation opinion"), validators=[DataRequired(), Length(max=limits.LONG_TEXT)])
    signatory = StringField(_l("Signed by"), validators=[DataRequired(), Length(max=100)])
    signed_on = DateField(_l("Signed on"), validators=[DataRequired(), not_after_today,
                                                       plausible_date(date(2000, 1, 1), 0)])
    scan = FileField(_l("Scan of the stamped letter (PDF, Word .docx or Excel .xlsx)"),
                     validators=[FileRequired(_l("Upload the scan of the stamped letter."))])
    submit = SubmitField(_l("Sign the opinion"))


class DeclineForm(AppForm):
    reason = TextAreaField(_l("Reason (the organization reads it)"),
                           validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Decline to recommend"))

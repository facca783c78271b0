from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.domain import limits
from reviewapp.domain.eligibility import JUDGEMENT_ITEMS
from reviewapp.domain.standard import load_standard
from reviewapp.forms import AppForm, IntegerField, SubForm, choices, enum_choices
from reviewapp.models import AwardKind, MaterialKind
from reviewapp.validators import not_after_today, plausible_date

# The application form (《本溪市市长质量奖申报表》, Art. 15): name -> (label, kind)
APPLICATION_FORM_FIELDS = {
    "profile": (_l("Profile of the organization"), "text"),
    "main_products": (_l("Main products or services"), "text"),
    "employees": (_l("Employees"), "int"),
    "revenue": (_l("Revenue last year (10,000 yuan)"), "int"),
    "profit_tax": (_l("Profit and tax last year (10,000 yuan)"), "int"),
    "asset_contribution": (_l("Total asset contribution rate (%)"), "int"),
    "quality_achievements": (_l("Quality management results and distinctive features"), "text"),
    "innovation": (_l("Quality, standards and brand innovation"), "text"),
}

# What the figures can be: a rate in percent (negative with a loss), a head count, amounts in 10,000 yuan
INT_RANGES = {"asset_contribution": (-100, 100), "employees": (0, 10**7)}

JUDGEMENT_LABELS = {
    "art11_1": _l("Art. 11(1): abides by the law and the state's policies"),
    "art11_3": _l("Art. 11(3): sound quality management system, performance excellence with marked results"),
    "art11_4": _l("Art. 11(4): leading results or social contribution in its industry in the city"),
    "art11_5": _l("Art. 11(5): quality, standards and brand innovation"),
}


def form_data_form():
    fields = {}
    for name, (label, kind) in APPLICATION_FORM_FIELDS.items():
        if kind == "int":
            low, high = INT_RANGES.get(name, (0, 10**9))
            fields[name] = IntegerField(label, validators=[Optional(), NumberRange(low, high)])
        else:
            fields[name] = TextAreaField(label, validators=[Optional(), Length(max=limits.LONG_TEXT)])
    return type("ApplicationFormData", (SubForm,), fields)


@lru_cache
def self_assessment_form(version: str):
    """One select per GB/T 19580 item of the cycle's standard: blank or 0-100 in its steps."""
    standard = load_standard(version)
    percents = choices([("", "—")] + [(str(p), f"{p}%") for p in range(0, 101, standard.percent_step)])
    fields = {item.code.replace(".", "_"): SelectField(f"{item.code} {item.name}（{item.points}）", choices=percents,
                                                       validators=[Optional()])
              for item in standard.items}
    return type("SelfAssessmentForm", (SubForm,), fields)


def make_application_form(standard_version: str, organizations, recommenders, formdata=None, **kwargs):
    """The registration/edit form for a cycle's standard version; choices come from the database."""

    class ApplicationForm(AppForm):
        organization_id = SelectField(_l("Applicant organization"), coerce=int)
        award = SelectField(_l("Award applied for"), choices=enum_choices(AwardKind))
        form_data = FormField(form_data_form(), label=_l("Application form"))
        self_assessment = FormField(self_assessment_form(standard_version), label=_l("Self-assessment (GB/T 19580)"))
        recommender_id = SelectField(_l("Recommender (Art. 10)"), coerce=int)
        recommendation_opinion = TextAreaField(_l("Recommendation opinion"), validators=[DataRequired(),
                                                                                        Length(max=limits.LONG_TEXT)])
        recommendation_signatory = StringField(_l("Signed by"), validators=[DataRequired(), Length(max=100)])
        recommendation_date = DateField(_l("Signed on"), validators=[DataRequired(), not_after_today,
                                                                    plausible_date(date(2000, 1, 1), 0)])
        version = HiddenField()
        submit = SubmitField(_l("Save"))

        def validate_organization_id(self, field):
            if not field.data:
                raise ValidationError(_l("Choose the applicant organization."))

        def validate_recommender_id(self, field):
            if not field.data:
                raise ValidationError(_l("Choose the recommending body (Art. 10, 15)."))

    form = ApplicationForm(formdata, **kwargs) if formdata is not None else ApplicationForm(**kwargs)
    form.organization_id.choices = choices([(0, "—")] + [(o.id, o.name) for o in organizations])
    form.recommender_id.choices = choices([(0, "—")] + [(o.id, o.name) for o in recommenders])
    return form


class MaterialForm(AppForm):
    kind = SelectField(_l("Kind of material"), choices=enum_choices(MaterialKind))
    # Art. 16: a new version of a current file (its kind follows the file it replaces), or 0 for a new file
    replaces = SelectField(_l("New version of"), coerce=int, default=0)
    file = FileField(_l("File (PDF, Word .docx or Excel .xlsx)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload"))


def material_form(application, **kwargs) -> MaterialForm:
    """The upload form with the application's current files to replace (Art. 16: every version is kept)."""
    form = MaterialForm(**kwargs)
    form.replaces.choices = choices([(0, _l("— a new file —"))] + [
        (m.id, f"{m.kind.label}: {m.original_name}") for m in application.current_materials])
    return form


def make_correction_form(standard_version: str, formdata=None, **kwargs):
    """Art. 16: what the organization corrects itself: the application form and the self-assessment; the
    recommendation and the award applied for are the office's."""

    class CorrectionForm(AppForm):
        form_data = FormField(form_data_form(), label=_l("Application form"))
        self_assessment = FormField(self_assessment_form(standard_version), label=_l("Self-assessment (GB/T 19580)"))
        version = HiddenField()
        submit = SubmitField(_l("Save"))

    return CorrectionForm(formdata, **kwargs) if formdata is not None else CorrectionForm(**kwargs)


class CorrectionRequestForm(AppForm):
    missing = TextAreaField(_l("What is missing or must be corrected"),
                            validators=[DataRequired(), Length(max=limits.NOTE)])
    due_on = DateField(_l("To be corrected by"), validators=[DataRequired(), plausible_date(date(2000, 1, 1), 1)])
    submit = SubmitField(_l("Send back for correction"))


class ResubmitForm(AppForm):
    note = TextAreaField(_l("Note to the office (what was corrected)"),
                         validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Resubmit the corrected application"))


class JudgementForm(AppForm):
    item = SelectField(_l("Condition"), choices=choices((item, JUDGEMENT_LABELS[item]) for item in JUDGEMENT_ITEMS))
    passed = RadioField(_l("Judgement"), choices=choices([("yes", _l("Met")), ("no", _l("Not met"))]),
                        validators=[DataRequired()])
    note = TextAreaField(_l("Note (what the judgement rests on)"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record the judgement"))


class DecisionForm(AppForm):
    decision = RadioField(_l("Decision"), choices=choices([("accept", _l("Accept")), ("reject", _l("Reject"))]),
                          validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=limits.NOTE)])
    override_reason = TextAreaField(_l("Why accept despite the missing or failed items"),
                                    validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record the decision"))

    def validate_reason(self, field):
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_l("A rejection needs its reason."))



class BulkDecisionForm(AppForm):
    """Issue 17: one decision on the applications chosen on the page; each row's reasons are posted as
    reason-<id> and override-<id>, the chosen ones as chosen=<id>."""
    decision = RadioField(_l("Decision"), choices=choices([("accept", _l("Accept")), ("reject", _l("Reject"))]),
                          validators=[DataRequired(_l("Choose accept or reject."))])
    submit = SubmitField(_l("Record the decisions"))


# Departments the office usually asks (Art. 8(4), 9); suggestions only, any department may be named.
OPINION_DEPARTMENTS = ("本溪市市场监督管理局", "本溪市生态环境局", "本溪市应急管理局", "国家税务总局本溪市税务局",
                       "本溪市人力资源和社会保障局")


class OpinionRequestForm(AppForm):
    department = StringField(_l("Department asked"), validators=[DataRequired(), Length(max=200)])
    subject = TextAreaField(_l("What is asked"), validators=[DataRequired(), Length(max=limits.NOTE)])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(), plausible_date(date(2000, 1, 1), 0)])
    reply_due = DateField(_l("Reply due by"), validators=[DataRequired(), plausible_date(date(2000, 1, 1), 1)])
    submit = SubmitField(_l("Record the request"))


class OpinionReplyForm(AppForm):
    replied_on = DateField(_l("Reply dated"), validators=[DataRequired(), plausible_date(date(2000, 1, 1), 0)])
    reply_text = TextAreaField(_l("The reply"), validators=[DataRequired(), Length(max=limits.LONG_TEXT)])
    raises_problem = RadioField(_l("Does the reply raise a problem?"),
                                choices=choices([("no", _l("No problem raised")), ("yes", _l("Raises a problem"))]),
                                validators=[DataRequired()])
    scan = FileField(_l("Scanned reply (optional; PDF, Word .docx or Excel .xlsx)"))
    submit = SubmitField(_l("Record the reply"))

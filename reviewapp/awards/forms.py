from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, choices, enum_choices
from reviewapp.models import OutsideAwardKind


class ApprovalForm(AppForm):
    """Art. 23: the city government's approval of the list."""

    approved_on = DateField(_l("Approved on"), validators=[DataRequired()])
    approval_document = StringField(_l("Approval document number"), validators=[DataRequired(), Length(max=200)],
                                    render_kw={"placeholder": "本政发〔2027〕1号"})
    submit = SubmitField(_l("Record the approval and grant the awards"))


class OutsideAwardForm(AppForm):
    """Art. 25: an award won outside the city, recorded by the office."""

    organization_id = SelectField(_l("Organization"), coerce=int, validate_choice=True)
    kind = SelectField(_l("Outside award"), choices=enum_choices(OutsideAwardKind))
    awarded_on = DateField(_l("Awarded on"), validators=[DataRequired()])
    document = StringField(_l("Document"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Record the outside award"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = choices((org.id, org.name) for org in organizations)


class RevocationForm(AppForm):
    """Art. 31, 32: the ground (article and clause), the reason, the evidence and the date of the revocation."""

    article = SelectField(_l("Revoked under"), choices=choices([
        ("31", _l("Art. 31 (award obtained by fraud or bribery)")),
        ("32", _l("Art. 32 (serious events within five years of the award)"))]))
    clause = StringField(_l("Clause"), validators=[DataRequired(), Length(max=100)],
                         render_kw={"placeholder": "第三十二条（一）"})
    reason = TextAreaField(_l("Reason (published in the notice)"), validators=[DataRequired(), Length(max=limits.NOTE)])
    evidence = TextAreaField(_l("Evidence (kept by the office, not published)"),
                             validators=[DataRequired(), Length(max=10000)])
    revoked_on = DateField(_l("Revoked on"), validators=[DataRequired()])
    submit = SubmitField(_l("Revoke the award and publish the notice"))


class LedgerFilterForm(AppForm):
    class Meta:
        csrf = False

    organization = SelectField(_l("Organization"), coerce=int, validators=[Optional()], validate_choice=False)
    cycle = SelectField(_l("Cycle"), coerce=int, validators=[Optional()], validate_choice=False)

    def __init__(self, *args, organizations, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = choices([(0, _l("All"))] + [(o.id, o.name) for o in organizations])
        self.cycle.choices = choices([(0, _l("All"))] + [(c.id, c.name) for c in cycles])

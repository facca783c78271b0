from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, choices, enum_choices
from reviewapp.models import OutsideAwardKind, RevocationClause


class ApprovalForm(AppForm):
    """Art. 23: the city government's approval of the list."""

    approved_on = DateField(_l("Approved on"), validators=[DataRequired()])
    approval_document = StringField(_l("Approval document number"), validators=[DataRequired(), Length(max=200)],
                                    render_kw={"placeholder": "本政发〔2027〕1号"})
    submit = SubmitField(_l("Record the approval and grant the awards"))


class CommendationForm(AppForm):
    """Art. 24: the city government's commendation decision, after its approval of the list (Art. 23)."""

    title = StringField(_l("Title of the decision"), validators=[DataRequired(), Length(max=200)])
    document_number = StringField(_l("Document number"), validators=[DataRequired(), Length(max=100)],
                                  render_kw={"placeholder": "本政发〔2026〕18号"})
    decided_on = DateField(_l("Issued on"), validators=[DataRequired()])
    text = TextAreaField(_l("Text of the decision"), validators=[Optional(), Length(max=20000)])
    scan = FileField(_l("Scanned copy (PDF)"))
    submit = SubmitField(_l("Record the commendation decision"))


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
    """Art. 31, 32: the city government's decision as the office records it: the ground (a clause of the text), the
    event and its date, the decision's number and date, the reason and the evidence."""

    clause = SelectField(_l("Ground (clause of Art. 31 or 32)"), validators=[DataRequired()],
                         choices=choices([("", _l("Choose the clause…"))] + RevocationClause.labelled_values()))
    event_on = DateField(_l("Date of the event"), validators=[DataRequired()],
                         description=_l("Art. 32: the day of the accident, of the regulator's finding, of the exposure "
                                        "or of the judgement; it must fall within five years after the award. "
                                        "Art. 31: the day the fraud or bribery was established."))
    decision_document = StringField(_l("City government's decision number"),
                                    validators=[DataRequired(), Length(max=100)],
                                    render_kw={"placeholder": "本政发〔2026〕12号"})
    decided_on = DateField(_l("Date of the city government's decision"), validators=[DataRequired()],
                           description=_l("The revocation takes effect on this date; the bans of Art. 31 and 32 run "
                                          "from it."))
    reason = TextAreaField(_l("Reason (published in the notice)"), validators=[DataRequired(), Length(max=limits.NOTE)])
    evidence = TextAreaField(_l("Evidence (kept by the office, not published)"),
                             validators=[DataRequired(), Length(max=10000)])
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

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import submissions as rules
from reviewapp.forms import AppForm, ChallengeForm, choices, enum_choices
from reviewapp.models import AwardKind, ExpertNoteKind, SubmissionKind, SubmissionStatus, SubmissionSubject
from reviewapp.models.award import submission_status_label
from reviewapp.submissions.operations import REMOVE


class PublicForm(ChallengeForm):
    """What every objection and report asks of the filer (Art. 22, 34). Name and contact are for the office only."""

    filer_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=rules.MAX_NAME)])
    filer_contact = StringField(_l("How the office can reach you (phone, e-mail or address)"),
                                validators=[DataRequired(), Length(max=rules.MAX_CONTACT)])
    facts = TextAreaField(_l("Facts"), validators=[DataRequired(), Length(max=rules.MAX_TEXT)])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired(), Length(max=rules.MAX_TEXT)])
    evidence = MultipleFileField(_l("Evidence, if any (PDF, Word or Excel files)"))  # optional (Art. 22, 34)
    submit = SubmitField(_l("Submit"))

    max_evidence = rules.MAX_EVIDENCE_FILES

    def validate_evidence(self, field):
        if len(self.uploads()) > rules.MAX_EVIDENCE_FILES:
            raise ValidationError(_l("At most %(n)s evidence files can be attached.", n=rules.MAX_EVIDENCE_FILES))

    def uploads(self):
        return [f for f in (self.evidence.data or []) if getattr(f, "filename", None)]


class ObjectionForm(PublicForm):
    application_id = SelectField(_l("Organization objected to"), coerce=int)

    def validate_application_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose an organization from the notice."))


class ReportForm(PublicForm):
    subject = SelectField(_l("The report is about"), choices=enum_choices(SubmissionSubject))
    subject_name = StringField(_l("Name of the organization or person"),
                               validators=[DataRequired(), Length(max=rules.MAX_SUBJECT_NAME)])


class ReceiptForm(AppForm):
    receipt = StringField(_l("Receipt number"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Check the status"))


class FilterForm(AppForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    cycle = SelectField(_l("Cycle"), validators=[Optional()])

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("All"))]
        self.kind.choices = choices(everything + [(m.value, m.label) for m in SubmissionKind])
        self.status.choices = choices(everything + [(m.value, m.label) for m in SubmissionStatus])
        self.cycle.choices = choices(everything + [(str(c.id), c.name) for c in cycles])


class StatusForm(AppForm):
    status = SelectField(_l("New status"))
    decision = TextAreaField(_l("Decision on the case (required for an outcome; the filer reads it with the "
                                "receipt)"),
                             validators=[Optional(), Length(max=rules.MAX_DECISION)])
    version = HiddenField()
    submit = SubmitField(_l("Change the status"))

    def __init__(self, *args, current: SubmissionStatus, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices((s, submission_status_label(s, decided_from=current.value))
                                      for s in rules.next_statuses(current.value))


class LinkForm(AppForm):
    organization_id = SelectField(_l("Organization"), coerce=int, validators=[Optional()])
    expert_id = SelectField(_l("Expert"), coerce=int, validators=[Optional()])
    version = HiddenField()
    submit = SubmitField(_l("Link"))

    def __init__(self, *args, organizations=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = choices([(0, "—")] + list(organizations))
        self.expert_id.choices = choices([(0, "—")] + list(experts))


class ListChangeForm(AppForm):
    change = SelectField(_l("Change to the approved list"))
    reason = TextAreaField(_l("Reason (goes into the final list)"),
                           validators=[DataRequired(), Length(max=rules.MAX_DECISION)])
    version = HiddenField()
    submit = SubmitField(_l("Change the approved list"))

    def __init__(self, *args, current: AwardKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.change.choices = choices([(REMOVE, _l("Remove from the list"))] + [
            (level.value, _("Change the level to: %(level)s", level=level.label))
            for level in AwardKind if level is not current])


class FindingForm(AppForm):
    expert_id = SelectField(_l("Expert"), coerce=int)
    kind = SelectField(_l("Finding"), choices=enum_choices(ExpertNoteKind))
    text = TextAreaField(_l("Entry on the expert's record"),
                         validators=[DataRequired(), Length(max=rules.MAX_DECISION)])
    disqualify = BooleanField(_l("Disqualify the expert (Art. 33): removes them from every active panel at once"))
    version = HiddenField()
    submit = SubmitField(_l("Record the finding"))

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.expert_id.choices = choices([(0, "—")] + list(experts))

    def validate_expert_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the expert."))

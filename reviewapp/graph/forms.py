from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, IntegerField, choices, enum_choices
from reviewapp.graph.vocabulary import ORGANIZATION, relation_refusal
from reviewapp.models import DeclarationKind, DeclarationStatus, RelationType

OUT, IN = "out", "in"


class PersonForm(AppForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.SHORT_NOTE)])
    submit = SubmitField(_l("Save"))


class RelationForm(AppForm):
    """A relation seen from the page's entity (the anchor): the user picks the other end and the direction."""

    direction = SelectField(_l("Direction"))
    type = SelectField(_l("Relation"))
    other = StringField(_l("Other end"), validators=[DataRequired(message=_l("Choose the other end from the list.")),
                                                    Length(max=300)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date (empty: still in force)"), validators=[Optional()])
    share_percent = DecimalField(_l("Share (percent)"), places=2, validators=[Optional()])
    degree = IntegerField(_l("Degree"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.SHORT_NOTE)])
    token = HiddenField()
    submit = SubmitField(_l("Save the relation"))

    def __init__(self, *args, anchor, resolve, types=None, **kwargs):
        """anchor: the page's person or organization; resolve(text) -> the entity the picker's text designates."""
        super().__init__(*args, **kwargs)
        self.anchor, self.resolve = anchor, resolve
        self.type.choices = enum_choices(RelationType, types)
        if self.direction is not None:
            self.direction.choices = choices([
                (OUT, _("%(name)s → the other end", name=anchor.name)),
                (IN, _("the other end → %(name)s", name=anchor.name))])
        self.other_entity = None

    def validate_share_percent(self, field):
        # only what the relation rules cannot even look at: NaN cannot be compared, a huge number not quantized
        if field.data is not None and not (field.data.is_finite() and abs(field.data) <= 10**6):
            raise ValidationError(_l("A share is more than 0 and at most 100 percent, and only a shareholder has "
                                     "one."))

    @property
    def share(self) -> Decimal | None:
        if self.share_percent.data is None:
            return None
        return (self.share_percent.data / 100).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def outgoing(self) -> bool:
        return self.direction is None or self.direction.data != IN

    def relation_data(self) -> dict:
        return {"type": RelationType(self.type.data), "start_date": self.start_date.data,
                "end_date": self.end_date.data, "share": self.share, "degree": self.degree.data,
                "note": self.note.data}

    def _other_end(self):
        """The entity picked, or the kind of one about to be created; records an error and returns None if none."""
        self.other_entity = self.resolve(self.other.data)
        if self.other_entity is None:
            self.other.errors.append(_("Choose the other end from the list."))
        return self.other_entity

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        other = self._other_end()
        if other is None:
            return False
        source, target = (self.anchor, other) if self.outgoing else (other, self.anchor)
        refusal = relation_refusal(RelationType(self.type.data), source, target, share=self.share,
                                   degree=self.degree.data, start=self.start_date.data, end=self.end_date.data)
        if refusal:
            field, message = refusal
            getattr(self, field).errors.append(message)
            return False
        return True


class OwnRelationForm(RelationForm):
    """An expert's own affiliation: the expert is the 'from' end (family types are symmetric, so that is no
    restriction); an employer not registered yet may be created with the name typed."""

    direction = None
    new_organization = BooleanField(_l("Not in the list: register a new organization with the name I typed"))
    submit = SubmitField(_l("Declare"))

    def _other_end(self):
        if not self.new_organization.data:
            return super()._other_end()
        # Ticked, yet the name is known: use the registered entity rather than a duplicate.
        self.other_entity = self.resolve(self.other.data)
        # A new organization only exists once saved: stand in for it by its kind.
        return self.other_entity or ORGANIZATION


class EndRelationForm(AppForm):
    end_date = DateField(_l("End date"), validators=[DataRequired(message=_l("Give the end date."))])
    token = HiddenField()
    anchor = HiddenField()
    submit = SubmitField(_l("End the relation"))

    def __init__(self, *args, relation, **kwargs):
        super().__init__(*args, **kwargs)
        self.relation = relation

    def validate_end_date(self, field):
        r = self.relation
        refusal = relation_refusal(r.type, r.source_entity, r.target_entity,
                                   share=r.share, degree=r.degree, start=r.start_date, end=field.data)
        if refusal:
            raise ValidationError(refusal[1])


class DeclarationForm(AppForm):
    """The office records a conflict, or an applicant's request that an expert be avoided."""

    person = StringField(_l("Expert"), validators=[DataRequired(), Length(max=300)])
    organization = StringField(_l("Applicant"), validators=[DataRequired(), Length(max=300)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record"))

    def __init__(self, *args, resolve_person, resolve_organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolve_person, self.resolve_organization = resolve_person, resolve_organization
        self.person_entity = self.organization_entity = None

    def validate_person(self, field):
        self.person_entity = self.resolve_person(field.data)
        if self.person_entity is None:
            raise ValidationError(_l("Choose a person from the list."))

    def validate_organization(self, field):
        self.organization_entity = self.resolve_organization(field.data)
        if self.organization_entity is None:
            raise ValidationError(_l("Choose an organization from the list."))


class OwnDeclarationForm(AppForm):
    organization = SelectField(_l("Applicant"), coerce=int)
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Declare the conflict"))

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = choices((org.id, org.name) for org in applicants)


class DecisionForm(AppForm):
    note = TextAreaField(_l("Note on the decision"), validators=[Optional(), Length(max=limits.NOTE)])
    accept = SubmitField(_l("Accept the request"))
    reject = SubmitField(_l("Reject the request"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.accept.data or self.reject.data):
            self.form_errors.append(_("Accept or reject the request."))
            return False
        if self.reject.data and not (self.note.data or "").strip():
            self.note.errors.append(_("Give the reason for rejecting the request."))
            return False
        return True


class WithdrawForm(AppForm):
    note = TextAreaField(_l("Why is it withdrawn?"), validators=[
        DataRequired(message=_l("Say why the declaration is withdrawn.")), Length(max=5000)])
    submit = SubmitField(_l("Withdraw"))


class PeopleSearchForm(AppForm):
    class Meta:
        csrf = False

    q = StringField(_l("Full name"), validators=[Optional(), Length(max=100)])


class DeclarationFilterForm(AppForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of declaration"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("All"))]) + enum_choices(DeclarationKind)
        self.status.choices = choices([("", _l("All"))]) + enum_choices(DeclarationStatus)


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from reviewapp.domain import limits
from reviewapp.forms import AppForm, choices, enum_choices
from reviewapp.models import AwardKind, CreditRecordKind, FindingKind, OrgKind
from reviewapp.models.organization import LISTING_KINDS
from reviewapp.validators import valid_credit_code, valid_industry_code, valid_phone


class OrganizationForm(AppForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    credit_code = StringField(_l("Unified social credit code"),
                              validators=[Optional(), Length(max=40), valid_credit_code])
    kind = SelectField(_l("Kind of organization"))
    founded_on = DateField(_l("Founded or registered on"), validators=[Optional()])
    industry_code = StringField(_l("Industry (GB/T 4754 code)"),
                                validators=[Optional(), Length(max=20), valid_industry_code])
    for_profit = BooleanField(_l("For profit"), default=True)
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    legal_representative = StringField(_l("Legal representative (法定代表人)"),
                                       validators=[Optional(), Length(max=100)])
    person_in_charge = StringField(_l("Person in charge (负责人)"), validators=[Optional(), Length(max=100)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=100)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=50), valid_phone])
    contact_email = StringField(_l("Contact e-mail"), validators=[
        Optional(), Length(max=200), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not an e-mail address."))])
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, code_owner, **kwargs):
        """code_owner(code) -> the name of another organization holding that credit code, or None."""
        super().__init__(*args, **kwargs)
        self.kind.choices = enum_choices(OrgKind)
        self.code_owner = code_owner

    def validate_credit_code(self, field):
        owner = field.data and self.code_owner(field.data)
        if owner:
            # gettext, not the lazy one: a lazy string counts as safe HTML in a template, and the name is stored text
            raise ValidationError(_("This credit code already belongs to %(name)s.", name=owner))


class CreditRecordForm(AppForm):
    kind = SelectField(_l("Kind of record"), choices=enum_choices(CreditRecordKind))
    start_date = DateField(_l("Date (of the event or of listing)"), validators=[DataRequired()])
    end_date = DateField(_l("Removed from the list on"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Add record"))

    def validate_end_date(self, field):
        if field.data is None:
            return
        if CreditRecordKind(self.kind.data) not in LISTING_KINDS:
            raise ValidationError(_l("Only a listing has a removal date."))
        if self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The removal date is before the listing date."))


class AwardRecordForm(AppForm):
    kind = SelectField(_l("Award"), choices=enum_choices(AwardKind))
    awarded_on = DateField(_l("Awarded on"), validators=[DataRequired()])
    cycle_name = StringField(_l("Cycle"), validators=[Optional(), Length(max=100)])
    repeat = BooleanField(_l("Repeat winner (Art. 12)"))
    revoked_on = DateField(_l("Revoked on"), validators=[Optional()])
    revocation_article = SelectField(_l("Revoked under"), choices=choices([
        ("", "—"), ("31", _l("Art. 31 (fraud or bribery)")), ("32", _l("Art. 32 (events after the award)"))]))
    revocation_reason = TextAreaField(_l("Reason for the revocation"), validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Add to the award history"))

    def __init__(self, *args, today=None, record_exists=None, **kwargs):
        """today: the city's date; record_exists(kind, awarded_on) -> whether the organization already has that
        award. Both are given when the form is submitted (the blank form on the page needs neither)."""
        super().__init__(*args, **kwargs)
        self.today, self.record_exists = today, record_exists

    def _not_after_today(self, field):
        # Art. 12 counts five years from the award and Art. 25 asks who holds it on a day: a date to come would
        # bar or entitle the organization on a fact that has not happened.
        if self.today is not None and field.data and field.data > self.today:
            raise ValidationError(_("The date %(date)s is in the future (today is %(today)s).",
                                    date=field.data.isoformat(), today=self.today.isoformat()))

    def validate_awarded_on(self, field):
        self._not_after_today(field)
        # the kind is checked first (declared first): only a valid one is looked up
        if self.record_exists and field.data and not self.kind.errors and self.record_exists(self.kind.data,
                                                                                              field.data):
            raise ValidationError(_("This award of %(date)s is already in the award history.",
                                    date=field.data.isoformat()))

    def validate_revoked_on(self, field):
        self._not_after_today(field)

    def validate_revocation_article(self, field):
        revoked = self.revoked_on.data is not None
        if revoked != bool(field.data):
            raise ValidationError(_l("A revocation needs both its date and its article."))
        if revoked and not (self.revocation_reason.data or "").strip():
            raise ValidationError(_l("Give the reason for the revocation."))
        if revoked and self.awarded_on.data and self.revoked_on.data < self.awarded_on.data:
            raise ValidationError(_l("The revocation is dated before the award."))


class FindingForm(AppForm):
    kind = SelectField(_l("Finding"), choices=enum_choices(FindingKind))
    found_on = DateField(_l("Found on"), validators=[DataRequired()])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Add finding"))


class SearchForm(AppForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or credit code"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind of organization"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("All"))]) + enum_choices(OrgKind)


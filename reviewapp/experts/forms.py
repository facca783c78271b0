from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from reviewapp.domain import limits
from reviewapp.domain.industry import check_industry_code
from reviewapp.domain.standard import load_standard
from reviewapp.domain_text import explain
from reviewapp.experts import queries
from reviewapp.experts.pool_workbook import parse_specialties
from reviewapp.forms import AppForm, IntegerField, MultiCheckboxField, check_password_policy, choices, enum_choices
from reviewapp.models import ExpertStatus
from reviewapp.validators import plausible_date, valid_phone

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not an e-mail address."))


def strength_choices():
    return choices((c.code, f"{c.code} {c.name}") for c in load_standard().categories)


class ExpertForm(AppForm):
    """The office's form: the whole profile, the current employer and, for an expert without one, a login."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    title = StringField(_l("Professional title (职称)"), validators=[Optional(), Length(max=100)])
    specialties = StringField(_l("Specialties (GB/T 4754 codes)"), validators=[Optional(), Length(max=300)])
    strengths = MultiCheckboxField(_l("Strengths (GB/T 19580 categories)"), validators=[Optional()])
    certificate_number = StringField(_l("Examiner certificate number (卓越绩效评审员)"),
                                     validators=[Optional(), Length(max=60)])
    certificate_expires = DateField(_l("Certificate valid until"),
                                    validators=[Optional(), plausible_date(date(1990, 1, 1), 20)])
    can_lead = BooleanField(_l("May lead a panel (可任组长)"))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50), valid_phone])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=200), EMAIL])
    employer = StringField(_l("Current employer"), validators=[Optional(), Length(max=230)])
    username = StringField(_l("Login name"), validators=[
        Optional(), Length(min=3, max=64),
        Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, dot, dash or underscore."))])
    password = PasswordField(_l("Initial password"), validators=[Optional(), Length(max=256)])
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, expert_id: int | None, employers: queries.Employers, has_login: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.strengths.choices = strength_choices()
        self.expert_id, self.employers = expert_id, employers
        if has_login:  # the login is shown, not changed here (the office manages accounts under Users)
            del self.username
            del self.password
        self.specialty_codes: tuple[str, ...] = ()
        self.employer_choice = None

    def validate_specialties(self, field):
        codes, problems = parse_specialties(field.data or "")
        if problems:
            raise ValidationError(" ".join(explain(message, params) for message, params in problems))
        self.specialty_codes = codes

    def validate_certificate_number(self, field):
        owner = field.data and queries.certificate_owner(self.expert_id)(field.data)
        if owner:
            # gettext, not the lazy one: a lazy string counts as safe HTML in a template, and the name is stored text
            raise ValidationError(_("This certificate number already belongs to %(name)s.", name=owner))

    def validate_certificate_expires(self, field):
        if field.data and not (self.certificate_number.data or "").strip():
            raise ValidationError(_l("An expiry date needs a certificate number."))

    def validate_employer(self, field):
        self.employer_choice, problem = self.employers.resolve(field.data)
        if problem:
            raise ValidationError(explain(*problem))

    def validate_username(self, field):
        if field.data and queries.username_taken(field.data):
            raise ValidationError(_l("This user name is already taken."))

    def validate_password(self, field):
        if (self.username.data or "").strip():
            check_password_policy(field.data, self.username.data, [self.name.data or ""])
        else:
            raise ValidationError(_l("Give the login name too."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        login = getattr(self, "username", None)
        if login is not None and (login.data or "").strip() and not self.password.data:
            self.password.errors.append(_l("Give an initial password for the new login."))
            valid = False
        return valid

    def profile(self) -> dict:
        """The validated values, as operations.create_expert / update_expert take them."""
        chosen = set(self.strengths.data or [])
        return {"name": self.name.data, "title": self.title.data, "specialties": list(self.specialty_codes),
                "strengths": [c.code for c in load_standard().categories if c.code in chosen],
                "certificate_number": self.certificate_number.data,
                "certificate_expires": self.certificate_expires.data, "can_lead": bool(self.can_lead.data),
                "phone": self.phone.data, "email": self.email.data}

    def login(self) -> tuple[str, str] | None:
        username = getattr(self, "username", None)
        if username is None or not (username.data or "").strip():
            return None
        return username.data.strip(), self.password.data


class ContactForm(AppForm):
    """The expert's own form: contact details only. Whatever else a request carries is not read."""

    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50), valid_phone])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=200), EMAIL])
    version = HiddenField()
    submit = SubmitField(_l("Save my contact details"))


SUSPEND, REACTIVATE, DISQUALIFY = "suspend", "reactivate", "disqualify"
ACTION_LABELS = {SUSPEND: _l("Suspend"), REACTIVATE: _l("Reactivate"),
                 DISQUALIFY: _l("Disqualify (Art. 33, final)")}


class StatusForm(AppForm):
    action = SelectField(_l("Change the status"))
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Give the reason for the change.")), Length(max=5000)])
    version = HiddenField()
    submit = SubmitField(_l("Change the status"))

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = choices((a, ACTION_LABELS[a]) for a in actions)


AVAILABLE, DECLINED = "available", "declined"


class AvailabilityForm(AppForm):
    answer = RadioField(_l("Your answer"), choices=choices([
        (AVAILABLE, _l("Available for this cycle")), (DECLINED, _l("Decline this cycle"))]),
        validators=[DataRequired(message=_l("Choose an answer."))])
    # required to decline
    reason = TextAreaField(_l("Reason for declining"), validators=[Length(max=limits.SHORT_NOTE)])
    submit = SubmitField(_l("Save the answer"))

    def validate_reason(self, field):
        if self.answer.data == DECLINED and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason for declining."))


SORT_LABELS = {"name": _l("Full name"), "title": _l("Professional title"), "load": _l("Load (panels)"),
               "expiry": _l("Certificate (valid until)")}


class FilterForm(AppForm):
    """A GET form: filters live in the query string so a filtered list can be bookmarked and exported."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or certificate number"), validators=[Optional(), Length(max=100)])
    industry = StringField(_l("Industry (section or division)"), validators=[Optional(), Length(max=8)])
    status = SelectField(_l("Status"), validators=[Optional()])
    certified = SelectField(_l("Qualification"), validators=[Optional()], choices=choices([
        ("", _l("All")), (queries.CERTIFIED, _l("Certified, not expired")),
        (queries.NOT_CERTIFIED, _l("No valid certificate"))]))
    cycle = SelectField(_l("Cycle"), validators=[Optional()])
    availability = SelectField(_l("Availability in the cycle"), validators=[Optional()], choices=choices([
        ("", _l("All")), (queries.AVAILABLE, _l("Available")), (queries.DECLINED, _l("Declined")),
        (queries.UNANSWERED, _l("Not answered"))]))
    max_load = IntegerField(_l("Panels in the cycle, at most"), validators=[Optional(), NumberRange(min=0, max=99)])
    sort = HiddenField()

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices([("", _l("All"))]) + enum_choices(ExpertStatus)
        self.cycle.choices = choices((str(c.id), c.name) for c in cycles)
        self.cycles = {str(c.id): c for c in cycles}
        self.default_cycle = queries.default_cycle(cycles)

    def validate_industry(self, field):
        if not field.data:
            return
        result = check_industry_code(field.data)
        if not result.ok:
            raise ValidationError(explain(result.message, result.params))
        field.data = result.code[:3]  # the pool's filters go down to the division

    def filters(self) -> queries.PoolFilters:
        """The valid filters; a field with an error filters nothing (its error is shown)."""
        def ok(field):
            return field.data if field.data not in (None, "") and not field.errors else None
        cycle = self.cycles.get(self.cycle.data) or self.default_cycle
        self.cycle.data = str(cycle.id) if cycle else None
        status = ok(self.status)
        sort = self.sort.data if (self.sort.data or "").lstrip("-") in queries.SORTS else "name"
        return queries.PoolFilters(q=ok(self.q), industry=ok(self.industry),
                                   status=ExpertStatus(status) if status else None, certified=ok(self.certified),
                                   cycle=cycle, availability=ok(self.availability), max_load=ok(self.max_load),
                                   sort=sort)


class InvitationForm(AppForm):
    """Issue 17: accounts for the chosen experts (chosen=<expert id>), each under the login name shown in
    username-<expert id>, and their invitations."""
    submit = SubmitField(_l("Create the accounts and send the invitations"))


class ResendForm(AppForm):
    submit = SubmitField(_l("Send the invitation again"))

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from reviewapp.domain import limits
from reviewapp.forms import AppForm, ChallengeForm, check_password_policy, choices
from reviewapp.models import Role
from reviewapp.validators import registered_in_benxi, valid_credit_code, valid_phone

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not an e-mail address."))


class RegistrationForm(ChallengeForm):
    """Issue 18: an applicant organization registers; the office verifies it before it can do anything. A public
    form: the proof of work of the objections and reports keeps programs from registering in bulk."""
    credit_code = StringField(_l("Unified social credit code"),
                              validators=[DataRequired(), Length(max=40), valid_credit_code, registered_in_benxi])
    organization_name = StringField(_l("Name of the organization"), validators=[DataRequired(), Length(max=200)])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=100)])
    phone = StringField(_l("Contact phone"), validators=[DataRequired(), Length(max=50), valid_phone])
    email = StringField(_l("Contact e-mail"), validators=[DataRequired(), Length(max=200), EMAIL])
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Register"))

    def validate_password(self, field):  # the policy of issue 9, as /auth/password applies it
        check_password_policy(field.data, (self.username.data or "").strip().lower(),
                              [self.contact_name.data or "", self.organization_name.data or ""])


class VerifyForm(AppForm):
    submit = SubmitField(_l("Verify the account"))


class RefuseForm(AppForm):
    reason = TextAreaField(_l("Reason for the refusal (the organization reads it)"),
                           validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Refuse"))


class InvitationForm(AppForm):
    role = SelectField(_l("Kind of account"))
    organization = SelectField(_l("Organization"), coerce=int)
    display_name = StringField(_l("Name of the person"), validators=[DataRequired(), Length(max=100)])
    email = StringField(_l("E-mail (the link goes there)"), validators=[DataRequired(), Length(max=200), EMAIL])
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    next = HiddenField()
    submit = SubmitField(_l("Send the invitation"))

    def __init__(self, *args, roles, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices((role.value, role.label) for role in roles)
        self.organization.choices = choices((org.id, f"{org.name} ({org.kind.label})") for org in organizations)


ROLES_BY_OFFICE = (Role.APPLICANT, Role.RECOMMENDER)
ROLES_BY_RECOMMENDER = (Role.APPLICANT,)

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import DateField, PasswordField, SelectField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, Length, Optional, Regexp

from reviewapp.audit_labels import action_label, object_type_label
from reviewapp.forms import AppForm, MultiCheckboxField, check_password_policy, choices
from reviewapp.models import Role

# an organization's role comes with its organization's link (reviewapp/accounts/), never from this form
STAFF_ROLES = (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP)


def role_choices():
    return choices(Role.labelled_values(STAFF_ROLES))


def language_choices():
    return choices(current_app.config["LANGUAGES"].items())


class UserForm(AppForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=100)])
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(message=_l("Choose at least one role."))])
    locale = SelectField(_l("Language"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "roles" in self:
            self.roles.choices = role_choices()
        self.locale.choices = language_choices()


class OrganizationUserForm(UserForm):
    """An applicant organization's or a recommender's login: its name and language; its role is its link's."""
    roles = None


class NewUserForm(UserForm):
    username = StringField(
        _l("User name"),
        validators=[DataRequired(), Length(min=3, max=64),
                    Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, dot, dash or underscore."))],
    )
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=256)])

    def __init__(self, *args, username_taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.username_taken = username_taken

    def validate_username(self, field):
        if self.username_taken(field.data):
            raise ValidationError(_l("This user name is already taken."))

    def validate_password(self, field):
        check_password_policy(field.data, self.username.data or "", [self.display_name.data or ""])


class ResetPasswordForm(AppForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Reset password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_password(self, field):
        check_password_policy(field.data, self.user.username, [self.user.display_name], self.user.password_hash)


class ActivationForm(AppForm):
    submit = SubmitField()


class AuditFilterForm(AppForm):
    """A GET form: filters live in the query string so a filtered view can be bookmarked."""

    class Meta:
        csrf = False

    user = StringField(_l("User name"), validators=[Optional(), Length(max=64)])
    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Object type"), validators=[Optional()])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=64)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, actions, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        names = [action_label(a) for a in actions]
        self.action.choices = choices([("", _l("All"))] + [  # a name two actions share shows its code too
            (a, action_label(a, with_code=names.count(name) > 1)) for a, name in zip(actions, names, strict=True)])
        self.object_type.choices = choices([("", _l("All"))] + [(t, object_type_label(t)) for t in object_types])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))

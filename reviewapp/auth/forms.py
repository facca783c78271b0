from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from reviewapp.forms import AppForm, check_password_policy


class LoginForm(AppForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        check_password_policy(field.data, self.user.username, [self.user.display_name], self.user.password_hash)


class ForgotPasswordForm(AppForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(AppForm):
    """A new password by a mailed link (issue 16): the same policy as a change (forms.check_password_policy)."""
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Set the new password"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        check_password_policy(field.data, self.user.username, [self.user.display_name], self.user.password_hash)


class LogoutForm(AppForm):
    submit = SubmitField(_l("Log out"))


class LanguageForm(AppForm):
    locale = SelectField(_l("Language"))
    next = HiddenField()


class CodeForm(AppForm):
    """A code of the second factor: six digits from the authenticator app, or a recovery code."""
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Confirm"))


class StartEnrolmentForm(AppForm):
    submit = SubmitField(_l("Set up a second factor"))

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from reviewapp.auth import operations, reset, second_factor, sessions
from reviewapp.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    ResetPasswordForm,
)
from reviewapp.auth.operations import LoginOutcome
from reviewapp.city_calendar import city_today
from reviewapp.domain.passwords import verify_password
from reviewapp.forms import choices
from reviewapp.notices.routes import latest_notices, open_calls
from reviewapp.permissions import login_required, public
from reviewapp.urls import safe_next

bp = Blueprint("auth", __name__)


LOGIN_MESSAGES = {
    # One message for unknown names and wrong passwords, and the same wait message for any name.
    LoginOutcome.BAD_CREDENTIALS: lambda result: _("Wrong user name or password."),
    LoginOutcome.THROTTLED: lambda result: wait_message(result.wait_seconds),
    LoginOutcome.INACTIVE: lambda result: _("This account has been deactivated. Please contact the office."),
}


def wait_message(seconds: int) -> str:
    return _("Too many failed attempts. Please wait %(seconds)s seconds, then try again.", seconds=seconds)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        result = operations.attempt_login(form.username.data, form.password.data, form.remember.data,
                                          request.remote_addr)
        if result.outcome is LoginOutcome.OK:
            refresh()  # the locale was chosen for an anonymous visitor: the welcome speaks the user's language
            flash(_("Welcome, %(name)s.", name=result.user.display_name), "success")
            return redirect(safe_next(form.next.data))
        if result.outcome is LoginOutcome.SECOND_FACTOR:
            second_factor.begin(result.user, form.remember.data, form.next.data)
            return redirect(url_for("auth.second_factor_login"))
        form.form_errors.append(LOGIN_MESSAGES[result.outcome](result))
    return render_template("auth/login.html", form=form, public_notices=latest_notices(5), today=city_today(),
                           open_calls=open_calls())


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        operations.logout(current_user)
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(user=current_user)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            # the real object, not the proxy: it carries the session in use, which the change keeps
            operations.change_own_password(current_user._get_current_object(), form.new_password.data)
            flash(_("Your password has been changed. Other sessions have been logged out."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form, everywhere_form=LogoutForm(),
                           sessions=sessions.active_sessions(current_user), describe=sessions.describe_user_agent)


@bp.route("/password/forgotten", methods=["GET", "POST"])
@public
def forgot_password():
    """Issue 16: ask for a link by mail. The answer is the same whether the name exists or has an address."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if reset.rate_limited(request.remote_addr):
            form.form_errors.append(_("Too many requests from your network address: at most %(n)s an hour. Please "
                                      "try again later.", n=reset.RATE_LIMIT))
            return render_template("auth/forgot_password.html", form=form), 429
        reset.request_reset(form.username.data, request.remote_addr)
        flash(_("If the user name is known and an e-mail address is on record for it, a link to set a new password "
                "is on its way (valid for %(minutes)s minutes). Without an address, please ask the office.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Issue 16: the mailed link. A used, expired or altered link says so and offers a new one."""
    user = reset.user_of(token)
    if user is None:
        return render_template("auth/reset_password.html", form=None), 400
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        reset.reset(user, form.new_password.data)
        flash(_("Your new password is set; every earlier session has ended. Please log in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    """Issue 17: the link the office's invitation mails to an expert whose account it created: the reset page's
    form, to set the first password; it works once and for INVITATION_DAYS."""
    user = reset.user_of(token, invitation=True)
    if user is None:
        return render_template("auth/reset_password.html", form=None, invitation=True), 400
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        reset.reset(user, form.new_password.data, invitation=True)
        flash(_("Your password is set. Please log in with your user name and the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user, invitation=True)


@bp.route("/sessions/end-all", methods=["POST"])
@login_required
def log_out_everywhere():
    """Issue 13, item 2: every session of the user ends, this one included (the page says so and asks first)."""
    if LogoutForm().validate_on_submit():
        operations.log_out_everywhere(current_user._get_current_object())
        flash(_("You have been logged out everywhere: on every device and browser, this one included."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.change_password"))


@bp.route("/session/keep-alive", methods=["POST"])
@login_required
def keep_alive():
    """The session warning's button (static/js/session-expiry.js): the user is still at work. JSON for the script;
    a session that already ended answers 401 (sessions.unauthorized)."""
    return sessions.keep_alive(current_user)


@bp.route("/language", methods=["POST"])
@public
def set_language():
    form = LanguageForm()
    form.locale.choices = choices(current_app.config["LANGUAGES"].items())
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            operations.set_locale(current_user, form.locale.data)
    return redirect(safe_next(form.next.data))

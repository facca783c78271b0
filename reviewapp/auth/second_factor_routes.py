"""Views of the second factor (issue 13, item 5): the code after the password, and one's own enrolment page."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from reviewapp.auth import second_factor
from reviewapp.auth.forms import CodeForm, StartEnrolmentForm
from reviewapp.auth.routes import bp, wait_message
from reviewapp.auth.second_factor import CodeOutcome
from reviewapp.permissions import login_required, public
from reviewapp.urls import safe_next

# Where an office account without a second factor may still go while enrolment is required.
ENROLMENT_ENDPOINTS = {"auth.two_factor", "auth.two_factor_start", "auth.two_factor_confirm", "auth.logout",
                       "auth.set_language", "static"}


@bp.before_app_request
def require_office_enrolment():
    """REQUIRE_OFFICE_TOTP (production): an office account without a second factor is sent to enrolment before
    anything else."""
    if request.endpoint in ENROLMENT_ENDPOINTS or request.endpoint is None:
        return None
    if second_factor.must_enrol(current_user):
        flash(_("Office accounts need a second factor. Please set it up now."), "warning")
        return redirect(url_for("auth.two_factor"))
    return None


def _no_store(page: str):
    """Pages with a secret or recovery codes: not kept in the browser's cache."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/login/code", methods=["GET", "POST"])
@public
def second_factor_login():
    found = second_factor.pending()
    if found is None:
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    user, state = found
    form = CodeForm()
    if form.validate_on_submit():
        result = second_factor.attempt_code(user, state, form.code.data, request.remote_addr)
        if result.outcome is CodeOutcome.OK:
            refresh()
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(state["next"]))
        if result.outcome is CodeOutcome.RESTART:
            flash(_("Too many wrong codes. Please enter your password again."), "danger")
            return redirect(url_for("auth.login"))
        form.code.errors.append(wait_message(result.wait_seconds) if result.outcome is CodeOutcome.THROTTLED
                                else _("The code is wrong or has been used already. Enter the current code from "
                                       "your authenticator app, or one of your recovery codes."))
    return render_template("auth/second_factor.html", form=form)


@bp.route("/two-factor")
@login_required
def two_factor():
    user = current_user
    secret = second_factor.pending_secret(user)
    qr = second_factor.qr_code_data_uri(secret, user.username) if secret else None
    return _no_store(render_template(
        "auth/two_factor.html", enabled=second_factor.has_second_factor(user), secret=secret, qr=qr,
        must_keep=second_factor.must_keep(user), unused_codes=second_factor.unused_recovery_codes(user),
        start_form=StartEnrolmentForm(), code_form=CodeForm(), renew_form=CodeForm(prefix="renew"),
        disable_form=CodeForm(prefix="disable")))


@bp.route("/two-factor/start", methods=["POST"])
@login_required
def two_factor_start():
    if StartEnrolmentForm().validate_on_submit() and not second_factor.has_second_factor(current_user):
        second_factor.start_enrolment(current_user._get_current_object())
    return redirect(url_for("auth.two_factor"))


@bp.route("/two-factor/confirm", methods=["POST"])
@login_required
def two_factor_confirm():
    return _show_new_codes(CodeForm(), second_factor.confirm_enrolment,
                           _("The code is wrong. Enter the code your authenticator app shows now."),
                           _("The second factor is on. From now on you log in with your password and a code."))


@bp.route("/two-factor/recovery-codes", methods=["POST"])
@login_required
def two_factor_recovery_codes():
    return _show_new_codes(CodeForm(prefix="renew"), second_factor.renew_recovery_codes,
                           _("The code is wrong or has been used already."),
                           _("New recovery codes: the old ones no longer work."))


def _show_new_codes(form, operation, wrong: str, done: str):
    """Run an operation that needs a current code and answers with new recovery codes (or None): show them once."""
    codes = operation(current_user._get_current_object(), form.code.data) if form.validate_on_submit() else None
    if codes is None:
        flash(wrong, "danger")
        return redirect(url_for("auth.two_factor"))
    flash(done, "success")
    return _no_store(render_template("auth/recovery_codes.html", codes=codes))


@bp.route("/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    form = CodeForm(prefix="disable")
    if second_factor.must_keep(current_user):
        flash(_("Office accounts must keep their second factor."), "danger")
    elif form.validate_on_submit() and second_factor.disable_own(current_user._get_current_object(), form.code.data):
        flash(_("The second factor is off."), "success")
    else:
        flash(_("The code is wrong or has been used already."), "danger")
    return redirect(url_for("auth.two_factor"))

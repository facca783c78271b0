from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.admin import operations, queries
from reviewapp.admin.forms import (
    ActivationForm,
    AuditFilterForm,
    NewUserForm,
    OrganizationUserForm,
    ResetPasswordForm,
    UserForm,
)
from reviewapp.auth import second_factor
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.listing import page_arg
from reviewapp.models import Role, User
from reviewapp.permissions import is_external, require_role

bp = Blueprint("admin", __name__)


@bp.route("/users")
@require_role(Role.OFFICE)
def users():
    page = queries.users_page(page_arg())
    return render_template("admin/users.html", page=page, activation_form=ActivationForm())


@bp.route("/users/new", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new_user():
    form = NewUserForm(username_taken=queries.username_taken, locale=current_app.config["BABEL_DEFAULT_LOCALE"])
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            user = operations.create_staff_user(form.username.data, form.display_name.data, form.password.data,
                                                [Role(r) for r in form.roles.data], form.locale.data,
                                                acting=current_user)
        if outcome.done:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


def _user_data(user) -> dict:
    """The form's starting values. Not `obj=user`: WTForms would take user.roles (Role members) before `data` and
    show none of the role boxes ticked."""
    return {"display_name": user.display_name, "locale": user.locale, "roles": [r.value for r in user.roles]}


def _user_form(user, **kwargs):
    """An organization's account keeps the roles of its link (Art. 10, 15): its form has no roles to tick."""
    return OrganizationUserForm(**kwargs) if is_external(user) else UserForm(**kwargs)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user, data=None if request.method == "POST" else _user_data(user))
    if form.validate_on_submit():
        roles = [Role(r) for r in form.roles.data] if "roles" in form else None
        with flashing_refusals() as outcome:
            operations.update_user(user, form.display_name.data, roles, form.locale.data, acting=current_user)
        if outcome.done:
            flash(_("User %(name)s saved.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           reset_form=ResetPasswordForm(user=user))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@require_role(Role.OFFICE)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    reset_form = ResetPasswordForm(user=user)
    if reset_form.validate_on_submit():
        operations.reset_password(user, reset_form.password.data, acting=current_user)
        flash(_("The password of %(name)s has been reset; their sessions were ended.", name=user.username),
              "success")
        return redirect(url_for("admin.users"))
    form = _user_form(user, data=_user_data(user))
    return render_template("admin/user_form.html", form=form, user=user, reset_form=reset_form), 422


@bp.route("/users/<int:user_id>/<any(activate, deactivate):change>", methods=["POST"])
@require_role(Role.OFFICE)
def set_active(user_id: int, change: str):
    user = db.get_or_404(User, user_id)
    if not ActivationForm().validate_on_submit():
        abort(400)
    with flashing_refusals() as outcome:
        operations.set_active(user, change == "activate", acting=current_user)
    if outcome.done:
        message = _("%(name)s activated.", name=user.username) if change == "activate" \
            else _("%(name)s deactivated; their sessions were ended.", name=user.username)
        flash(message, "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
@require_role(Role.OFFICE)
def reset_second_factor(user_id: int):
    """Issue 13, item 5: an office member who lost their device is reset by another office member, audited."""
    user = db.get_or_404(User, user_id)
    if not ActivationForm().validate_on_submit():
        abort(400)
    if user.totp_secret is None:
        flash(_("%(name)s has no second factor.", name=user.username), "info")
    else:
        with flashing_refusals() as outcome:
            second_factor.reset_by_office(user, acting=current_user._get_current_object())
        if outcome.done:
            flash(_("The second factor of %(name)s has been reset: they set up a new one when they next log in.",
                    name=user.username), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/audit")
@require_role(Role.OFFICE)
def audit_log():
    form = AuditFilterForm(request.args, actions=queries.audit_actions(), object_types=queries.audit_object_types())
    filters = form.data if form.validate() else {}
    page = queries.audit_page(filters, page_arg(), current_app.config["AUDIT_PAGE_SIZE"])
    return render_template("admin/audit.html", form=form, page=page)

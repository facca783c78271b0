"""Issue 18: the organizations' accounts. Registration is public; the account then waits for the office's
verification (permissions.enforce_access lets it see only the awaiting page); the office verifies or refuses;
the office and recommenders invite by a single-use link."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp import proof_of_work
from reviewapp.accounts import operations, queries
from reviewapp.accounts.forms import (
    ROLES_BY_OFFICE,
    ROLES_BY_RECOMMENDER,
    InvitationForm,
    RefuseForm,
    RegistrationForm,
    VerifyForm,
)
from reviewapp.domain_text import explain
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.models import Organization, OrganizationAccount, Role
from reviewapp.permissions import ensure_visible, login_required, may_invite_organizations, public, require_role

bp = Blueprint("accounts", __name__)


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm(check_challenge=proof_of_work.check_challenge)
    code = 200
    failed_key = proof_of_work.failed_check_key(request.remote_addr)
    if request.method == "POST" and proof_of_work.too_many_failed_checks(failed_key):
        flash(explain(proof_of_work.MSG_TOO_MANY_FAILED, {"n": proof_of_work.failed_check_limit()}), "danger")
        code = 429
    elif form.validate_on_submit():
        registration = operations.Registration(
            form.credit_code.data, form.organization_name.data.strip(), form.contact_name.data.strip(),
            form.phone.data, form.email.data.strip(), (form.username.data or "").strip().lower(), form.password.data)
        with flashing_refusals(form) as outcome:
            operations.register(registration, request.remote_addr, form.challenge_nonce)
        if outcome.done:
            flash(_("Your registration is received. The office checks it against the organization registry; you "
                    "can log in now and will be told by mail when it is verified."), "success")
            return redirect(url_for("auth.login"))
        if isinstance(outcome.refused, proof_of_work.ChallengeUsed):  # a replayed answer is a failed check too
            proof_of_work.record_failed_check(failed_key, None)
        code = 429 if isinstance(outcome.refused, operations.RateLimited) else 200
    elif form.challenge_failed:  # a wrong, forged or expired answer counts against the client
        proof_of_work.record_failed_check(failed_key, form.challenge_check.nonce)
    form.clear_check()
    return render_template("accounts/register.html", form=form), code


@bp.route("/awaiting")
@login_required
def awaiting():
    """The only page of an account the office has not verified (or has refused): it says so."""
    account = queries.account_of(current_user)
    if account is None or account.verified:
        return redirect(url_for("main.index"))
    return render_template("accounts/awaiting.html", account=account)


@bp.route("/pending")
@require_role(Role.OFFICE)
def pending():
    return render_template("accounts/pending.html", accounts=queries.awaiting(), verify_form=VerifyForm(),
                           refuse_form=RefuseForm())


def _account_or_404(account_id: int) -> OrganizationAccount:
    if not 0 < account_id < 2**31:
        abort(404)
    return db.get_or_404(OrganizationAccount, account_id)


@bp.route("/<int:account_id>/verify", methods=["POST"])
@require_role(Role.OFFICE)
def verify(account_id: int):
    account = _account_or_404(account_id)
    if VerifyForm().validate_on_submit():
        with flashing_refusals() as outcome:
            operations.verify(account, current_user._get_current_object())
        if outcome.done:
            flash(_("%(name)s (%(organization)s) is verified and has been told.", name=account.user.display_name,
                    organization=account.organization.name), "success")
    return redirect(url_for("accounts.pending"))


@bp.route("/<int:account_id>/refuse", methods=["POST"])
@require_role(Role.OFFICE)
def refuse(account_id: int):
    account = _account_or_404(account_id)
    form = RefuseForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for the refusal: the organization reads it."), "danger")
        return redirect(url_for("accounts.pending"))
    with flashing_refusals(form) as outcome:
        operations.refuse(account, form.reason.data, current_user._get_current_object())
    if outcome.done:
        flash(_("The registration of %(name)s is refused; the organization has been told.",
                name=account.user.display_name), "info")
    return redirect(url_for("accounts.pending"))


@bp.route("/invite", methods=["GET", "POST"])
@require_role(Role.OFFICE, Role.RECOMMENDER)
def invite():
    """The office invites an applicant organization or a recommender; a recommender, an organization it recommends
    (Art. 15). The invitation verifies the account."""
    as_office = current_user.has_role(Role.OFFICE)
    inviter = None if as_office else queries.account_of(current_user)
    ensure_visible(may_invite_organizations(current_user))
    organizations = queries.invitable_organizations(as_office, inviter.organization if inviter else None)
    chosen = next((org for org in organizations if org.id == request.args.get("organization", type=int)), None)
    role = Role.RECOMMENDER if as_office and chosen is not None and queries.is_recommender_kind(chosen) else \
        Role.APPLICANT
    form = InvitationForm(roles=ROLES_BY_OFFICE if as_office else ROLES_BY_RECOMMENDER, organizations=organizations,
                          role=role.value, organization=chosen.id if chosen else None)
    if form.validate_on_submit():
        invitation = operations.Invitation(form.role.data, db.session.get(Organization, form.organization.data),
                                           (form.username.data or "").strip().lower(), form.display_name.data.strip(),
                                           form.email.data.strip())
        with flashing_refusals(form) as outcome:
            operations.send_invitation(invitation, current_user._get_current_object(), inviter)
        if outcome.done:
            flash(_("The invitation to %(name)s is on its way: the link sets the password and works once.",
                    name=invitation.display_name), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/invite.html", form=form, as_office=as_office)

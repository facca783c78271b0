"""Issue 18, Art. 33: an applicant organization asks that named persons or organizations be avoided, without seeing
the expert pool; the office checks the names against the graph and decides."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.domain import recusal_requests
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.models import Organization, Person, RecusalRequest, Role
from reviewapp.permissions import applicant_organization, ensure_visible, require_role
from reviewapp.recusals import operations, queries
from reviewapp.recusals.forms import HandleForm, RecusalRequestForm, RejectForm

bp = Blueprint("recusals", __name__)
bp.add_app_template_global(recusal_requests.outcome_for_organization, "outcome_for_organization")


def _own_organization():
    """The organization of an applicant login; a login with the role but no verified account has nothing here."""
    organization = applicant_organization(current_user)
    ensure_visible(organization is not None)
    return organization


@bp.route("/mine", methods=["GET", "POST"])
@require_role(Role.APPLICANT)
def mine():
    """The organization's requests and their outcome in words, and the form for a new one (Art. 33)."""
    organization = _own_organization()
    applications = queries.open_applications(organization)
    form = RecusalRequestForm(applications=applications)
    if applications and form.validate_on_submit():
        application = next(a for a in applications if a.id == form.application.data)
        with flashing_refusals(form) as outcome:
            operations.file_request(application, form.named_person.data, form.named_organization.data,
                                    form.reason.data, current_user._get_current_object())
        if outcome.done:
            flash(_("Your request is sent to the office, which decides on it (Art. 33)."), "success")
            return redirect(url_for("recusals.mine"))
    return render_template("recusals/mine.html", form=form, applications=applications,
                           requests=queries.requests_of(organization), organization=organization)


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    return render_template("recusals/index.html", requests=queries.office_list())


def _request_or_404(request_id: int) -> RecusalRequest:
    if not 0 < request_id < 2**31:
        abort(404)
    return db.get_or_404(RecusalRequest, request_id)


def _forms(request: RecusalRequest):
    organizations = queries.matching_organizations(request)
    candidates = queries.candidates(request, organizations)
    return organizations, candidates, HandleForm(candidates=candidates, organizations=organizations,
                                                 prefix="handle"), RejectForm(prefix="reject")


def _page(request: RecusalRequest, handle_form=None, reject_form=None):
    organizations, candidates, default_handle, default_reject = _forms(request)
    return render_template("recusals/show.html", request_=request, organizations=organizations,
                           candidates=candidates, handle_form=handle_form or default_handle,
                           reject_form=reject_form or default_reject)


@bp.route("/<int:request_id>")
@require_role(Role.OFFICE)
def show(request_id: int):
    return _page(_request_or_404(request_id))


@bp.route("/<int:request_id>/handle", methods=["POST"])
@require_role(Role.OFFICE)
def handle(request_id: int):
    request = _request_or_404(request_id)
    _organizations, _candidates, form, _reject = _forms(request)
    if form.validate_on_submit():
        handling = operations.Handling([db.session.get(Person, pid) for pid in form.persons.data],
                                       db.session.get(Organization, form.competitor.data) if form.competitor.data
                                       else None, form.note.data)
        with flashing_refusals(form) as outcome:
            operations.handle(request, handling, current_user._get_current_object())
        if outcome.done:
            flash(_("The request is handled; the organization has been told."), "success")
            return redirect(url_for("recusals.show", request_id=request.id))
    return _page(request, handle_form=form), 400


@bp.route("/<int:request_id>/reject", methods=["POST"])
@require_role(Role.OFFICE)
def reject(request_id: int):
    request = _request_or_404(request_id)
    form = RejectForm(prefix="reject")
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.reject(request, form.reason.data, current_user._get_current_object())
        if outcome.done:
            flash(_("The request is not adopted; the organization has been told the reason."), "info")
            return redirect(url_for("recusals.show", request_id=request.id))
    return _page(request, reject_form=form), 400

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.awards.queries import organization_total
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.i18n import N_
from reviewapp.domain.money import valid_until, yuan
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import version_of
from reviewapp.listing import known_choices_only, page_arg
from reviewapp.models import Organization, RelationType, Role
from reviewapp.organizations import operations, queries
from reviewapp.organizations.forms import AwardRecordForm, CreditRecordForm, FindingForm, OrganizationForm, SearchForm
from reviewapp.permissions import require_role

bp = Blueprint("organizations", __name__)


STALE = N_("Someone else changed this organization while you were editing. Reload the page and make your change "
           "again.")


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    form = known_choices_only(SearchForm(request.args))
    page = queries.organizations_page(form.q.data, form.kind.data, page_arg())
    return render_template("organizations/index.html", form=form, page=page)


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new():
    form = OrganizationForm(code_owner=queries.code_owner(None))
    if form.validate_on_submit():
        org = operations.create_organization(form.data, current_user)
        flash(_("Organization %(name)s registered.", name=org.name), "success")
        return redirect(url_for("organizations.show", org_id=org.id))
    return render_template("organizations/form.html", form=form, org=None)


RECORD_FORMS = {"credit_form": CreditRecordForm, "award_form": AwardRecordForm, "finding_form": FindingForm}


def _render_show(org: Organization, status: int = 200, **submitted_forms):
    forms = {name: form_class(formdata=None) for name, form_class in RECORD_FORMS.items()}
    forms.update(submitted_forms)
    code = check_credit_code(org.credit_code) if org.credit_code else None
    return render_template(
        "organizations/show.html", org=org, code=code,
        holders=queries.current_holders(org), holder_history=queries.holder_history(org),
        applications=queries.applications_of(org), RelationType=RelationType, money_total=organization_total(org.id),
        valid_until=valid_until, yuan=yuan, today=queries.today(), **forms), status


@bp.route("/<int:org_id>")
@require_role(Role.OFFICE)
def show(org_id: int):
    return _render_show(db.get_or_404(Organization, org_id))


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit(org_id: int):
    org = db.get_or_404(Organization, org_id)
    holders = queries.current_holders(org)
    initial = None if request.method == "POST" else {
        "legal_representative": _holder_name(holders, RelationType.LEGAL_REPRESENTATIVE_OF),
        "person_in_charge": _holder_name(holders, RelationType.PERSON_IN_CHARGE_OF),
        "kind": org.kind.value, "version": org.version}
    form = OrganizationForm(obj=org, data=initial, code_owner=queries.code_owner(org.id))
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE) as outcome:
            operations.update_organization(org, form.data, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("Organization %(name)s saved.", name=org.name), "success")
            return redirect(url_for("organizations.show", org_id=org.id))
    return render_template("organizations/form.html", form=form, org=org)


def _holder_name(holders, relation_type):
    relation = holders.get(relation_type)
    return relation.from_person.name if relation else None


def _record_form(org_id: int, form_name: str, operation, message: str, **context):
    """Shared shape of the three record forms on the organization page: validate, add, or re-render. `context`:
    what the form's checks need (keyword arguments of the form)."""
    org = db.get_or_404(Organization, org_id)
    form = RECORD_FORMS[form_name](**context)
    if form.validate_on_submit():
        operation(org, form.data, current_user)
        flash(message, "success")
        return redirect(url_for("organizations.show", org_id=org.id))
    flash(_("The record was not added: please correct the marked fields."), "danger")
    return _render_show(org, 422, **{form_name: form})


@bp.route("/<int:org_id>/credit-records", methods=["POST"])
@require_role(Role.OFFICE)
def add_credit_record(org_id: int):
    return _record_form(org_id, "credit_form", operations.add_credit_record, _("Credit record added."))


@bp.route("/<int:org_id>/awards", methods=["POST"])
@require_role(Role.OFFICE)
def add_award_record(org_id: int):
    return _record_form(org_id, "award_form", operations.add_award_record, _("Award history added."),
                        today=queries.today(), record_exists=queries.award_record_exists(org_id))


@bp.route("/<int:org_id>/findings", methods=["POST"])
@require_role(Role.OFFICE)
def add_finding(org_id: int):
    return _record_form(org_id, "finding_form", operations.add_finding, _("Finding added."))

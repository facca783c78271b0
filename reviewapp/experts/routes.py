"""The expert pool (评审员专家库, issue #5): the office's list, profiles, status changes, availability, import and
export; the expert's own page for contact details and availability."""
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from reviewapp.domain.files import XLSX
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.downloads import audited_xlsx
from reviewapp.errors import BatchRefused, flashing_refusals
from reviewapp.experts import history, operations, pool_import, pool_workbook, queries
from reviewapp.experts.forms import (
    AVAILABLE,
    SORT_LABELS,
    AvailabilityForm,
    ContactForm,
    ExpertForm,
    FilterForm,
    InvitationForm,
    ResendForm,
    StatusForm,
)
from reviewapp.extensions import db
from reviewapp.forms import fields_with_prefix, version_of
from reviewapp.import_uploads import ConfirmForm, UploadForm, confirmed_upload, read_upload
from reviewapp.listing import page_arg
from reviewapp.models import Cycle, Expert, Role, ScoreSheet, Stage
from reviewapp.permissions import ensure_visible, may_read_own_sheet, require_role

bp = Blueprint("experts", __name__)


TEMPLATE_NAME = "专家库导入模板.xlsx"
SHOWN_ROWS = 500  # of each list in the import preview; the counts are always complete
STALE = N_("Someone else changed this expert while you were editing. Reload the page and make your change again.")


@bp.context_processor
def expert_helpers():
    return {"today": queries.today(), "sort_labels": SORT_LABELS, "headers": pool_workbook.HEADERS,
            "categories": pool_import.categories()}


# --- the pool -------------------------------------------------------------------------------------------------------

def _filter_form() -> FilterForm:
    form = FilterForm(request.args, cycles=queries.cycles())
    form.validate()
    return form


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    form = _filter_form()
    filters = form.filters()
    page, rows = queries.pool_page(filters, page_arg())
    return render_template("experts/index.html", form=form, filters=filters, page=page, rows=rows)


@bp.route("/export.xlsx")
@require_role(Role.OFFICE)
def export():
    filters = _filter_form().filters()
    rows = pool_import.export_rows(queries.pool_rows(filters))
    return audited_xlsx(pool_workbook.export_workbook(rows, pool_import.categories()),
                        f"专家库-{queries.today().isoformat()}.xlsx", action="experts_exported", object_type="expert",
                        details={"experts": len(rows), "query": request.query_string.decode("utf-8", "replace")})


# --- one expert, for the office --------------------------------------------------------------------------------------

def _render_form(form: ExpertForm, expert: Expert | None, employers: queries.Employers, status: int = 200):
    return render_template("experts/form.html", form=form, expert=expert, employer_options=employers.options()), status


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new():
    employers = queries.Employers()
    form = ExpertForm(expert_id=None, employers=employers, has_login=False)
    if form.validate_on_submit():
        expert = operations.create_expert(form.profile(), form.employer_choice, current_user, form.login())
        flash(_("Expert %(name)s added to the pool.", name=expert.person.name), "success")
        return redirect(url_for("experts.show", expert_id=expert.id))
    return _render_form(form, None, employers, 422 if request.method == "POST" else 200)


def _availability_forms(cycles: list[Cycle], answers: dict, submitted=None) -> dict:
    forms = {}
    for cycle in cycles:
        answer = answers.get(cycle.id)
        data = None if answer is None else {"answer": AVAILABLE if answer.available else "declined",
                                            "reason": answer.reason}
        forms[cycle.id] = AvailabilityForm(formdata=None, prefix=f"c{cycle.id}", data=data)
    if submitted is not None:
        forms[submitted[0]] = submitted[1]
    return forms


def _render_show(expert: Expert, status: int = 200, status_form=None, availability_form=None):
    cycles = queries.open_cycles()
    answers = queries.availability_by_cycle(expert)
    status_form = status_form or StatusForm(formdata=None, actions=operations.actions_for(expert.status),
                                            data={"version": expert.version})
    return render_template(
        "experts/show.html", expert=expert, employers=queries.employment_relations(expert.person),
        history=queries.employment_history(expert.person), cycles=cycles, answers=answers,
        availability_forms=_availability_forms(cycles, answers, availability_form),
        status_form=status_form, seats=queries.active_seats(expert), notes=queries.notes_of(expert),
        past_seats=history.seat_history(expert)), status


@bp.route("/<int:expert_id>")
@require_role(Role.OFFICE)
def show(expert_id: int):
    return _render_show(db.get_or_404(Expert, expert_id))


@bp.route("/<int:expert_id>/edit", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit(expert_id: int):
    expert = db.get_or_404(Expert, expert_id)
    employers = queries.Employers()
    current = queries.employers_of([expert.person_id]).get(expert.person_id, [])
    initial = None if request.method == "POST" else {
        "name": expert.person.name, "title": expert.title, "specialties": ", ".join(expert.specialties or []),
        "strengths": expert.strengths or [], "certificate_number": expert.certificate_number,
        "certificate_expires": expert.certificate_expires, "can_lead": expert.can_lead, "phone": expert.phone,
        "email": expert.email, "employer": employers.label(current[0]) if current else "", "version": expert.version}
    form = ExpertForm(data=initial, expert_id=expert.id, employers=employers,
                      has_login=expert.person.user_id is not None)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE) as outcome:
            operations.update_expert(expert, form.profile(), form.employer_choice, version_of(form.version.data),
                                     current_user, form.login())
        if outcome.done:
            flash(_("Expert %(name)s saved.", name=expert.person.name), "success")
            return redirect(url_for("experts.show", expert_id=expert.id))
        if outcome.stale:
            status = 409
    return _render_form(form, expert, employers, status)


@bp.route("/<int:expert_id>/status", methods=["POST"])
@require_role(Role.OFFICE)
def change_status(expert_id: int):
    expert = db.get_or_404(Expert, expert_id)
    form = StatusForm(actions=operations.actions_for(expert.status))
    if not form.validate_on_submit():
        flash(_("The status was not changed: please correct the marked fields."), "danger")
        return _render_show(expert, 422, status_form=form)
    with flashing_refusals(stale_message=STALE) as outcome:
        operations.change_status(expert, form.action.data, form.reason.data, version_of(form.version.data),
                                 current_user)
    if not outcome.done:
        return _render_show(expert, 409 if outcome.stale else 422)
    flash(_("Status of %(name)s changed.", name=expert.person.name), "success")
    return redirect(url_for("experts.show", expert_id=expert.id))


def _answer(expert: Expert, cycle: Cycle, by_expert: bool):
    """Validate and record an availability answer; (form, error status) when it was not recorded."""
    form = AvailabilityForm(prefix=f"c{cycle.id}")
    if not form.validate_on_submit():
        flash(_("The answer was not recorded: please correct the marked fields."), "danger")
        return form, 422
    with flashing_refusals() as outcome:
        operations.record_availability(expert, cycle, form.answer.data == AVAILABLE, form.reason.data,
                                       current_user, by_expert=by_expert)
    if not outcome.done:
        return form, 422
    flash(_("Answer for %(cycle)s recorded.", cycle=cycle.name), "success")
    return None, None


def _open_cycle(cycle_id: int) -> Cycle:
    cycle = db.get_or_404(Cycle, cycle_id)
    if cycle.stage is Stage.CLOSED:
        abort(404)
    return cycle


@bp.route("/<int:expert_id>/availability/<int:cycle_id>", methods=["POST"])
@require_role(Role.OFFICE)
def record_availability(expert_id: int, cycle_id: int):
    expert = db.get_or_404(Expert, expert_id)
    cycle = _open_cycle(cycle_id)
    form, status = _answer(expert, cycle, by_expert=False)
    if form is not None:
        return _render_show(expert, status, availability_form=(cycle.id, form))
    return redirect(url_for("experts.show", expert_id=expert.id))


# --- accounts and invitations for many experts (issue 17) ----------------------------------------------------------

@bp.route("/invitations", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def invitations():
    """The experts without a login: create accounts for the chosen ones under the login names shown (editable) and
    mail each an invitation to set a password; all or nothing."""
    found = queries.invitations()
    form = InvitationForm()
    chosen = set(request.form.getlist("chosen"))
    typed = {key: value.strip().lower() for key, value in fields_with_prefix("username-").items()}
    refusals: dict = {}
    if form.validate_on_submit():
        picked = [(expert, typed.get(str(expert.id), proposed)) for expert, proposed in found.invitable
                  if str(expert.id) in chosen]
        try:
            with flashing_refusals() as outcome:
                users = operations.create_invited_accounts(picked, current_user)
        except BatchRefused as refused:
            db.session.rollback()
            refusals = refused.refusals
            flash(_("Nothing was created: %(count)s of the chosen experts were refused, see below.",
                    count=len(refusals)), "danger")
        else:
            if outcome.done:
                flash(_("%(count)s accounts created; the invitations are on their way: %(names)s.", count=len(users),
                        names="、".join(user.username for user in users)), "success")
                return redirect(url_for("experts.invitations"))
    return render_template("experts/invitations.html", found=found, form=form, chosen=chosen, typed=typed,
                           refusals=refusals, resend_form=ResendForm())


@bp.route("/<int:expert_id>/invitation", methods=["POST"])
@require_role(Role.OFFICE)
def resend_invitation(expert_id: int):
    expert = db.get_or_404(Expert, expert_id)
    if ResendForm().validate_on_submit():
        with flashing_refusals() as outcome:
            operations.resend_invitation(expert, current_user)
        if outcome.done:
            flash(_("A new invitation to %(name)s is on its way.", name=expert.person.name), "success")
    return redirect(url_for("experts.invitations") + "#waiting")


@bp.route("/availability/<int:cycle_id>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def availability_many(cycle_id: int):
    """Issue 17: one answer for a cycle (available, or declined with its reason) for the chosen experts at once."""
    cycle = _open_cycle(cycle_id)
    rows = queries.availability_rows(cycle)
    form = AvailabilityForm()
    chosen = set(request.form.getlist("chosen"))
    if form.validate_on_submit():
        picked = [expert for expert, _answer in rows if str(expert.id) in chosen]
        with flashing_refusals() as outcome:
            operations.record_availability_many(picked, cycle, form.answer.data == AVAILABLE, form.reason.data,
                                                current_user)
        if outcome.done:
            flash(_("Answers for %(cycle)s recorded for %(count)s experts.", cycle=cycle.name, count=len(picked)),
                  "success")
            return redirect(url_for("experts.availability_many", cycle_id=cycle.id))
    return render_template("experts/availability.html", cycle=cycle, cycles=queries.open_cycles(), rows=rows,
                           form=form, chosen=chosen)


# --- the expert's own page -------------------------------------------------------------------------------------------

def _own_expert() -> Expert:
    expert = queries.expert_of(current_user)
    if expert is None:  # every expert login has its pool record (admin.operations.ensure_person)
        abort(404)
    return expert


def _render_me(expert: Expert, status: int = 200, contact_form=None, availability_form=None):
    cycles = queries.open_cycles()
    answers = queries.availability_by_cycle(expert)
    contact_form = contact_form or ContactForm(formdata=None, data={"phone": expert.phone, "email": expert.email,
                                                                    "version": expert.version})
    return render_template(
        "experts/me.html", expert=expert, employers=queries.employment_relations(expert.person), cycles=cycles,
        answers=answers, availability_forms=_availability_forms(cycles, answers, availability_form),
        contact_form=contact_form), status


@bp.route("/me")
@require_role(Role.EXPERT)
def me():
    return _render_me(_own_expert())


@bp.route("/me/sheets/<int:sheet_id>")
@require_role(Role.EXPERT)
def my_sheet(sheet_id: int):
    """The expert's own submitted sheet, read-only, also after the panel dissolved or the cycle closed."""
    sheet = db.get_or_404(ScoreSheet, sheet_id)
    ensure_visible(may_read_own_sheet(current_user, sheet))
    standard = load_standard(sheet.application.cycle.standard_version)
    return render_template("experts/my_sheet.html", sheet=sheet, application=sheet.application, standard=standard,
                           summary=summarize(standard, sheet.percents))


@bp.route("/me/contact", methods=["POST"])
@require_role(Role.EXPERT)
def update_contact():
    expert = _own_expert()
    form = ContactForm()
    if not form.validate_on_submit():
        flash(_("Your contact details were not saved: please correct the marked fields."), "danger")
        return _render_me(expert, 422, contact_form=form)
    with flashing_refusals(stale_message=STALE) as outcome:
        operations.update_contact(expert, form.data, version_of(form.version.data), current_user)
    if not outcome.done:
        return _render_me(expert, 409)
    flash(_("Your contact details are saved."), "success")
    return redirect(url_for("experts.me"))


@bp.route("/me/availability/<int:cycle_id>", methods=["POST"])
@require_role(Role.EXPERT)
def answer_availability(cycle_id: int):
    expert = _own_expert()
    cycle = _open_cycle(cycle_id)
    form, status = _answer(expert, cycle, by_expert=True)
    if form is not None:
        return _render_me(expert, status, availability_form=(cycle.id, form))
    return redirect(url_for("experts.me"))


# --- import ----------------------------------------------------------------------------------------------------------

def _render_import(plan=None, form=None, status: int = 200):
    confirm = ConfirmForm(formdata=None, sha256=plan.sha256, filename=plan.filename) if plan is not None else None
    return render_template("experts/import.html", form=form or UploadForm(formdata=None), plan=plan,
                           confirm=confirm, shown_rows=SHOWN_ROWS), status


@bp.route("/import")
@require_role(Role.OFFICE)
def import_page():
    return _render_import()


@bp.route("/import/template.xlsx")
@require_role(Role.OFFICE)
def import_template():
    return send_file(BytesIO(pool_workbook.template_workbook(pool_import.categories())), mimetype=XLSX.mimetype,
                     as_attachment=True, download_name=TEMPLATE_NAME)


@bp.route("/import/check", methods=["POST"])
@require_role(Role.OFFICE)
def import_check():
    form = UploadForm()
    if not form.validate_on_submit():
        return _render_import(form=form, status=422)
    upload = read_upload(form)
    if upload is None:
        return _render_import(form=form, status=422)
    filename, data = upload
    if not form.dry_run.data:
        return _import(data, filename)
    plan = pool_import.check(data, filename)
    return _render_import(plan, status=200 if plan.ok else 422)


@bp.route("/import/run", methods=["POST"])
@require_role(Role.OFFICE)
def import_run():
    form = ConfirmForm()
    data = confirmed_upload(form)
    if data is None:
        return redirect(url_for("experts.import_page"))
    return _import(data, form.filename.data or "")


def _import(data: bytes, filename: str):
    try:
        plan = pool_import.import_file(data, filename, current_user)
    except pool_import.Invalid as invalid:
        flash(_("Nothing was imported: the file has problems."), "danger")
        return _render_import(invalid.plan, status=422)
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        flash(_("Nothing was imported: the pool changed while the file was being imported. Check it again."),
              "danger")
        return redirect(url_for("experts.import_page"))
    if plan.changes_nothing:
        flash(_("Nothing to import: every expert in %(filename)s is already in the pool as written.",
                filename=plan.filename), "info")
    else:
        flash(_("%(filename)s imported: %(new)s new experts, %(updated)s updated, %(unchanged)s unchanged.",
                filename=plan.filename, new=len(plan.new), updated=len(plan.updated),
                unchanged=len(plan.unchanged)), "success")
    return redirect(url_for("experts.index"))

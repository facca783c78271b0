from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.applications import corrections, operations, opinions, queries
from reviewapp.applications.acceptance import checklist_for
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.applications.forms import (
    APPLICATION_FORM_FIELDS,
    JUDGEMENT_LABELS,
    OPINION_DEPARTMENTS,
    BulkDecisionForm,
    CorrectionRequestForm,
    DecisionForm,
    JudgementForm,
    OpinionReplyForm,
    OpinionRequestForm,
    make_application_form,
    material_form,
)
from reviewapp.city_calendar import city_today
from reviewapp.domain import correction, limits
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.downloads import audited_file
from reviewapp.errors import BatchRefused, flash_form_errors, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import choices, fields_with_prefix, version_of
from reviewapp.listing import id_arg
from reviewapp.models import Application, CorrectionRequest, Cycle, Material, OpinionRequest, PanelStage, Role, Stage
from reviewapp.organizations.queries import all_applicant_choices, recommender_choices
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import can_view_application, ensure_visible, has_role, require_role

bp = Blueprint("applications", __name__)
# templates/applications/_opinions.html marks overdue replies by Benxi's day, on whichever page includes it
bp.add_app_template_global(city_today, "city_today")


STALE = N_("Someone else changed this application while you were editing. Reload the page and make your change "
           "again.")


def _application_form(cycle: Cycle, **kwargs):
    return make_application_form(cycle.standard_version, all_applicant_choices(), recommender_choices(), **kwargs)


@bp.route("/new/<int:cycle_id>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    form = _application_form(cycle, organization_id=id_arg("organization_id", 0))
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            application = operations.register_application(cycle, form.data, current_user)
        if outcome.done:
            flash(_("Application %(number)s registered. Now upload its materials.", number=application.number),
                  "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/form.html", form=form, cycle=cycle, application=None)


@bp.route("/<int:application_id>")
@require_role(Role.OFFICE, Role.EXPERT)
def show(application_id: int):
    application = db.get_or_404(Application, application_id)
    ensure_visible(can_view_application(current_user, application))
    standard = load_standard(application.cycle.standard_version)
    office = has_role(current_user, Role.OFFICE)
    return render_template(
        "applications/show.html", application=application, report=eligibility_report(application),
        standard=standard, summary=summarize(standard, application.self_assessment),
        form_fields=APPLICATION_FORM_FIELDS, judgement_labels=JUDGEMENT_LABELS,
        material_form=material_form(application), judgement_form=JudgementForm(), decision_form=DecisionForm(),
        Stage=Stage, my_seats=_my_seats(application),
        editable=application.cycle.stage in operations.EDITABLE_STAGES and application.status.value == "registered",
        checklist=checklist_for(application) if office else None, **_opinion_forms(application, office),
        **_correction_context(application, office))


def _correction_context(application: Application, office: bool) -> dict:
    """Art. 16: the office's correction requests, the form to send the application back, each file's history."""
    if not office:
        return {}
    open_request = corrections.open_request_of(application)
    may_send_back = correction.send_back_refusal(application.cycle.stage.value, application.status.value,
                                                 open_request, "-", city_today(), city_today()) is None
    return {"correction_form": CorrectionRequestForm() if may_send_back else None,
            "correction_overdue": correction.overdue(open_request, city_today()),
            "history": {m.id: operations.version_history(m) for m in application.current_materials}}


def _opinion_forms(application: Application, office: bool) -> dict:
    """The office's forms for the solicited opinions (Art. 8(4), 9): a new request, and a reply per open request."""
    if not office:
        return {}
    return {"opinion_request_form": OpinionRequestForm() if opinions.can_request(application) else None,
            "opinion_departments": OPINION_DEPARTMENTS,
            "opinion_reply_forms": {o.id: OpinionReplyForm(prefix=f"reply{o.id}")
                                    for o in application.opinion_requests if o.replied_on is None}}


def _my_seats(application: Application) -> list:
    """The reviewing expert's own seats on the applicant, per stage: the way on to the sheet and the report."""
    if not has_role(current_user, Role.EXPERT):
        return []
    seats = [expert_seat_on(current_user, application, stage) for stage in PanelStage]
    return [seat for seat in seats if seat is not None]


@bp.route("/<int:application_id>/edit", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit(application_id: int):
    application = db.get_or_404(Application, application_id)
    cycle = application.cycle
    initial = {} if request.method == "POST" else {
        "organization_id": application.organization_id, "award": application.award.value,
        "form_data": application.form_data, "recommender_id": application.recommender_id or 0,
        "recommendation_opinion": application.recommendation_opinion,
        "recommendation_signatory": application.recommendation_signatory,
        "recommendation_date": application.recommendation_date, "version": application.version,
        "self_assessment": {code.replace(".", "_"): str(p) for code, p in application.self_assessment.items()}}
    form = _application_form(cycle, data=initial or None)
    form.organization_id.choices = choices([(application.organization_id, application.organization.name)])
    if request.method == "POST":
        form.organization_id.data = application.organization_id
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE) as outcome:
            operations.update_application(application, form.data, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("Application %(number)s saved.", number=application.number), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/form.html", form=form, cycle=cycle, application=application)


@bp.route("/<int:application_id>/materials", methods=["POST"])
@require_role(Role.OFFICE)
def upload(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = material_form(application)
    if form.validate_on_submit():
        upload = form.file.data
        replaces = db.session.get(Material, form.replaces.data) if form.replaces.data else None
        with flashing_refusals() as outcome:
            operations.add_material(application, form.kind.data, upload.filename or "", upload.read(), current_user,
                                    replaces)
        if outcome.done:
            flash(_("%(name)s uploaded.", name=upload.filename), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("applications.show", application_id=application.id) + "#materials")


@bp.route("/materials/<int:material_id>")
@require_role(Role.OFFICE, Role.EXPERT)
def download(material_id: int):
    material = db.get_or_404(Material, material_id)
    # issue 18: a file of an online draft reaches the office with its application, not before; an earlier version of
    # a file (Art. 16) is the office's record only: reviewers judge the current one
    ensure_visible(material.application is not None and can_view_application(current_user, material.application)
                   and (material.superseded_at is None or has_role(current_user, Role.OFFICE)))
    return audited_file(operations.material_path(material), material, action="material_downloaded",
                        details={"application_id": material.application_id, "name": material.original_name})


@bp.route("/<int:application_id>/judgements", methods=["POST"])
@require_role(Role.OFFICE)
def judge(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = JudgementForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            operations.record_judgement(application, form.item.data, form.passed.data == "yes", form.note.data,
                                        current_user)
        if outcome.done:
            flash(_("Judgement recorded."), "success")
    else:
        flash(_("The judgement was not recorded: choose met or not met and write the note."), "danger")
    return redirect(url_for("applications.show", application_id=application.id) + "#eligibility")


@bp.route("/<int:application_id>/decision", methods=["POST"])
@require_role(Role.OFFICE)
def decide(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = DecisionForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            operations.decide(application, form.decision.data == "accept", form.reason.data,
                              form.override_reason.data, current_user)
        if outcome.done:
            flash(_("Decision recorded for %(number)s.", number=application.number), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("applications.show", application_id=application.id) + "#decision")


@bp.route("/cycle/<int:cycle_id>/decisions", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def decide_many(cycle_id: int):
    """Issue 17: accept or reject several applications at once (Art. 16), each with its reasons; all or nothing."""
    cycle = db.get_or_404(Cycle, cycle_id)
    rows = queries.acceptance_rows(cycle)
    form = BulkDecisionForm()
    chosen = set(request.form.getlist("chosen"))
    reasons, overrides = fields_with_prefix("reason-"), fields_with_prefix("override-")
    refusals: dict[int, list] = {}
    if form.validate_on_submit():
        picked = [row.application for row in rows if str(row.application.id) in chosen]
        refusals = _too_long(picked, reasons, overrides)
        if not picked:
            flash(_("Choose at least one application."), "danger")
        elif not refusals:
            try:
                operations.decide_many([(a, reasons.get(str(a.id)), overrides.get(str(a.id))) for a in picked],
                                       form.decision.data == "accept", current_user)
            except BatchRefused as refused:
                refusals = refused.refusals
            else:
                flash(_("Decisions recorded for %(numbers)s.", numbers="、".join(a.number for a in picked)),
                      "success")
                return redirect(url_for("cycles.show", cycle_id=cycle.id) + "#applications")
        if refusals:
            flash(_("Nothing was recorded: %(count)s of the chosen applications were refused, see below.",
                    count=len(refusals)), "danger")
    return render_template("applications/decide_many.html", cycle=cycle, rows=rows, form=form, chosen=chosen,
                           reasons=reasons, overrides=overrides, refusals=refusals, Stage=Stage)


def _too_long(applications: list[Application], reasons: dict, overrides: dict) -> dict[int, list]:
    """The rows whose reasons exceed what a reason may hold (the single decision's form refuses them the same)."""
    limit = (N_("A reason may have at most %(n)s characters."), {"n": limits.NOTE})
    return {a.id: [limit] for a in applications
            if len(reasons.get(str(a.id), "")) > limits.NOTE or len(overrides.get(str(a.id), "")) > limits.NOTE}



@bp.route("/<int:application_id>/opinions", methods=["POST"])
@require_role(Role.OFFICE)
def request_opinion(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = OpinionRequestForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            opinions.request_opinion(application, form.department.data, form.subject.data, form.sent_on.data,
                                     form.reply_due.data, current_user)
        if outcome.done:
            flash(_("The request to %(department)s is recorded.", department=form.department.data.strip()),
                  "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("applications.show", application_id=application.id) + "#opinions")


@bp.route("/opinions/<int:opinion_id>/reply", methods=["POST"])
@require_role(Role.OFFICE)
def record_reply(opinion_id: int):
    opinion = db.get_or_404(OpinionRequest, opinion_id)
    form = OpinionReplyForm(prefix=f"reply{opinion.id}")
    if form.validate_on_submit():
        upload = form.scan.data
        scan = (upload.filename or "", upload.read()) if upload and upload.filename else None
        with flashing_refusals() as outcome:
            opinions.record_reply(opinion, form.replied_on.data, form.reply_text.data,
                                  form.raises_problem.data == "yes", scan, current_user)
        if outcome.done:
            flash(_("The reply of %(department)s is recorded.", department=opinion.department), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("applications.show", application_id=opinion.application_id) + "#opinions")


@bp.route("/opinions/<int:opinion_id>/scan")
@require_role(Role.OFFICE, Role.EXPERT)
def opinion_scan(opinion_id: int):
    opinion = db.get_or_404(OpinionRequest, opinion_id)
    ensure_visible(bool(opinion.scan_stored_name) and can_view_application(current_user, opinion.application))
    return audited_file(opinions.scan_path(opinion), opinion, action="opinion_scan_downloaded",
                        details={"application_id": opinion.application_id, "name": opinion.scan_name})


@bp.route("/<int:application_id>/corrections", methods=["POST"])
@require_role(Role.OFFICE)
def send_back(application_id: int):
    """Art. 16: send the application back for correction (补正), with what is missing and a due date."""
    application = db.get_or_404(Application, application_id)
    form = CorrectionRequestForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            corrections.send_back(application, form.missing.data, form.due_on.data, current_user)
        if outcome.done:
            flash(_("%(number)s was sent back for correction; the organization's users were told.",
                    number=application.number), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("applications.show", application_id=application.id) + "#corrections")


@bp.route("/corrections/<int:request_id>/withdraw", methods=["POST"])
@require_role(Role.OFFICE)
def withdraw_correction(request_id: int):
    request_ = db.get_or_404(CorrectionRequest, request_id)
    with flashing_refusals() as outcome:
        corrections.withdraw(request_, current_user)
    if outcome.done:
        flash(_("The correction request was withdrawn."), "success")
    return redirect(url_for("applications.show", application_id=request_.application_id) + "#corrections")

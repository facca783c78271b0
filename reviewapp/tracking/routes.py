"""Issue 18: an organization follows its applications (/my). Every page is its own organization's (404 otherwise,
as for an expert who may not see an applicant) and shows only what Art. 33 lets an applicant know."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.applications import corrections, operations
from reviewapp.applications.forms import (
    APPLICATION_FORM_FIELDS,
    ResubmitForm,
    make_correction_form,
    material_form,
)
from reviewapp.applications.routes import STALE
from reviewapp.awards import commendation as commendation_files
from reviewapp.awards.certificate import certificate_html
from reviewapp.domain.commendation import certificate_refusal
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.downloads import audited_file, audited_pdf
from reviewapp.errors import flash_form_errors, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import version_of
from reviewapp.models import Application, Material, Role
from reviewapp.permissions import ensure_visible, is_own_application, may_follow_application, require_role
from reviewapp.reviews.evaluation.feedback import feedback_filename, feedback_html
from reviewapp.tracking import queries

bp = Blueprint("tracking", __name__)
bp.add_app_template_global(queries.home_applications, "tracking_home")


def _own(application_id: int) -> Application:
    application = db.get_or_404(Application, application_id)
    ensure_visible(is_own_application(current_user, application))
    return application


@bp.route("/")
@require_role(Role.APPLICANT)
def index():
    return render_template("tracking/index.html", rows=queries.home_applications(current_user))


@bp.route("/applications/<int:application_id>")
@require_role(Role.APPLICANT, Role.RECOMMENDER)
def show(application_id: int):
    application = db.get_or_404(Application, application_id)
    ensure_visible(may_follow_application(current_user, application))
    own = is_own_application(current_user, application)
    standard = load_standard(application.cycle.standard_version)
    award = queries.award_of(application) if own else None
    open_request = application.open_correction if own else None
    return render_template(
        "tracking/show.html", application=application, status=queries.status_of(application), own=own,
        standard=standard, summary=summarize(standard, application.self_assessment),
        form_fields=APPLICATION_FORM_FIELDS, open_request=open_request,
        material_form=material_form(application) if open_request else None,
        resubmit_form=ResubmitForm() if open_request else None,
        feedback=own and queries.feedback_available(application), award=award,
        commendation=queries.commendation_for(award))


@bp.route("/applications/<int:application_id>/correct", methods=["GET", "POST"])
@require_role(Role.APPLICANT)
def correct(application_id: int):
    """Art. 16: the organization corrects its form and self-assessment while the application is sent back."""
    application = _own(application_id)
    if application.open_correction is None:
        flash(_("Your application can be changed only while it is sent back for correction."), "warning")
        return redirect(url_for("tracking.show", application_id=application.id))
    initial = None if request.method == "POST" else {
        "form_data": application.form_data, "version": application.version,
        "self_assessment": {code.replace(".", "_"): str(p) for code, p in application.self_assessment.items()}}
    form = make_correction_form(application.cycle.standard_version, data=initial)
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE) as outcome:
            operations.correct_application(application, form.data, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("Your corrections are saved. Resubmit the application when everything is corrected."), "success")
            return redirect(url_for("tracking.show", application_id=application.id) + "#correction")
    return render_template("tracking/correct.html", form=form, application=application)


@bp.route("/applications/<int:application_id>/materials", methods=["POST"])
@require_role(Role.APPLICANT)
def upload(application_id: int):
    """Art. 16: a new file, or a new version of one; the earlier version stays in the office's record."""
    application = _own(application_id)
    form = material_form(application)
    if form.validate_on_submit():
        upload = form.file.data
        replaces = db.session.get(Material, form.replaces.data) if form.replaces.data else None
        with flashing_refusals() as outcome:
            operations.add_material(application, form.kind.data, upload.filename or "", upload.read(), current_user,
                                    replaces, by_organization=True)
        if outcome.done:
            flash(_("%(name)s uploaded.", name=upload.filename), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("tracking.show", application_id=application.id) + "#files")


@bp.route("/applications/<int:application_id>/resubmit", methods=["POST"])
@require_role(Role.APPLICANT)
def resubmit(application_id: int):
    application = _own(application_id)
    form = ResubmitForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            corrections.resubmit(application, form.note.data or "", current_user)
        if outcome.done:
            flash(_("Your corrected application was resubmitted; the office was told."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("tracking.show", application_id=application.id))


@bp.route("/materials/<int:material_id>")
@require_role(Role.APPLICANT)
def download(material_id: int):
    """The organization's own current files (an earlier version is the office's record)."""
    material = db.get_or_404(Material, material_id)
    ensure_visible(is_own_application(current_user, material.application) and material.superseded_at is None)
    return audited_file(operations.material_path(material), material, action="material_downloaded",
                        details={"application_id": material.application_id, "name": material.original_name})


@bp.route("/applications/<int:application_id>/feedback.pdf")
@require_role(Role.APPLICANT)
def feedback(application_id: int):
    """Art. 26: the feedback report, once the cycle's results are public (Art. 23)."""
    application = _own(application_id)
    ensure_visible(queries.feedback_available(application))
    return audited_pdf(feedback_html(application), feedback_filename(application), subject=application,
                       action="feedback_downloaded", details={"report": "feedback"})


@bp.route("/applications/<int:application_id>/certificate.pdf")
@require_role(Role.APPLICANT)
def certificate(application_id: int):
    """Art. 24: the winner's certificate, once the results are public and the commendation decision recorded."""
    application = _own(application_id)
    award = queries.award_of(application)
    ensure_visible(award is not None and award.revoked_on is None)
    decision = queries.commendation_for(award)
    if certificate_refusal(True, decision is not None) is not None:
        abort(404)
    html, filename, number = certificate_html(award, decision)
    return audited_pdf(html, filename, subject=award, action="certificate_downloaded", details={"number": number})


@bp.route("/applications/<int:application_id>/commendation")
@require_role(Role.APPLICANT)
def commendation(application_id: int):
    """Art. 24: the city government's commendation decision (its scan) for a winner of the cycle."""
    application = _own(application_id)
    decision = queries.commendation_for(queries.award_of(application))
    ensure_visible(decision is not None and decision.scan is not None)
    return audited_file(commendation_files.scan_path(decision.scan), decision.scan,
                        action="commendation_downloaded", details={"application_id": application.id})

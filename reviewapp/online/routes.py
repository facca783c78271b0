"""Issue 18: applying online (Art. 14-16). The organization's pages (its draft, files, submission) and the
recommender's (the applications awaiting its opinion, signing or declining). Each organization sees only its own
draft; a recommender only the drafts that name it (404 otherwise, Art. 33)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.applications.forms import APPLICATION_FORM_FIELDS
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.downloads import audited_file
from reviewapp.errors import flash_form_errors, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import version_of
from reviewapp.models import ApplicationDraft, Cycle, DraftStatus, Material, Role
from reviewapp.online import operations, queries
from reviewapp.online.forms import ButtonForm, DeclineForm, DraftFileForm, SignForm, make_draft_form
from reviewapp.organizations.queries import recommender_choices
from reviewapp.permissions import (
    applicant_organization,
    ensure_visible,
    is_draft_recommender,
    is_own_draft,
    may_read_draft,
    recommender_organization,
    require_role,
)
from reviewapp.uploads import upload_folder

bp = Blueprint("online", __name__)

STALE_DRAFT = N_("Another user of your organization changed this application while you were editing. Reload the page "
                 "and make your change again.")
NOT_SUBMITTED = N_("The application was not submitted:")
MAX_ID = 2**31


def _get(model, object_id: int):
    if not 0 < object_id < MAX_ID:
        abort(404)
    return db.get_or_404(model, object_id)


def _own_draft(draft_id: int) -> ApplicationDraft:
    draft = _get(ApplicationDraft, draft_id)
    ensure_visible(is_own_draft(current_user, draft))
    return draft


def _named_draft(draft_id: int) -> ApplicationDraft:
    draft = _get(ApplicationDraft, draft_id)
    ensure_visible(is_draft_recommender(current_user, draft))
    return draft



def _page(draft: ApplicationDraft) -> str:
    return url_for("online.draft", draft_id=draft.id)


@bp.route("/start/<int:cycle_id>", methods=["POST"])
@require_role(Role.APPLICANT)
def start(cycle_id: int):
    cycle = _get(Cycle, cycle_id)
    organization = applicant_organization(current_user)
    ensure_visible(organization is not None)
    if ButtonForm().validate_on_submit():
        with flashing_refusals() as outcome:
            draft = operations.start_draft(cycle, organization, current_user)
        if outcome.done:
            return redirect(_page(draft))
    return redirect(url_for("main.index"))


def _initial(draft: ApplicationDraft) -> dict:
    return {"award": draft.award.value, "form_data": draft.form_data, "recommender_id": draft.recommender_id or 0,
            "version": draft.version,
            "self_assessment": {code.replace(".", "_"): str(p) for code, p in draft.self_assessment.items()}}


def _reading(draft: ApplicationDraft) -> dict:
    """What the read-only view of an application needs (the organization's submitted one, the recommender's)."""
    standard = load_standard(draft.cycle.standard_version)
    return {"draft": draft, "standard": standard, "summary": summarize(standard, draft.self_assessment),
            "form_fields": APPLICATION_FORM_FIELDS, "submitted_on": queries.submitted_on(draft)}


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@require_role(Role.APPLICANT)
def draft(draft_id: int):
    draft = _own_draft(draft_id)
    form = make_draft_form(draft.cycle.standard_version, recommender_choices(),
                           data=None if request.method == "POST" else _initial(draft))
    if draft.editable and form.validate_on_submit():
        with flashing_refusals(stale_message=STALE_DRAFT) as outcome:
            operations.save_draft(draft, form.data, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("The draft is saved."), "success")
            return redirect(_page(draft))
    elif request.method == "POST" and not draft.editable:
        flash(_("This application has been submitted: it can no longer be changed."), "danger")
        return redirect(_page(draft))
    problems = operations.submission_refusals(draft) if draft.editable else []
    return render_template("online/draft.html", form=form, file_form=DraftFileForm(), button=ButtonForm(),
                           problems=problems, **_reading(draft))


@bp.route("/drafts/<int:draft_id>/files", methods=["POST"])
@require_role(Role.APPLICANT)
def upload(draft_id: int):
    draft = _own_draft(draft_id)
    form = DraftFileForm()
    if form.validate_on_submit():
        upload = form.file.data
        with flashing_refusals() as outcome:
            operations.add_file(draft, form.kind.data, upload.filename or "", upload.read(), current_user)
        if outcome.done:
            flash(_("%(name)s uploaded.", name=upload.filename), "success")
    else:
        flash_form_errors(form)
    return redirect(_page(draft) + "#files")


@bp.route("/files/<int:material_id>/remove", methods=["POST"])
@require_role(Role.APPLICANT)
def remove_file(material_id: int):
    material = _get(Material, material_id)
    ensure_visible(material.draft is not None and is_own_draft(current_user, material.draft))
    draft = material.draft
    if ButtonForm().validate_on_submit():
        name = material.original_name
        with flashing_refusals() as outcome:
            operations.remove_file(material, current_user)
        if outcome.done:
            flash(_("%(name)s removed.", name=name), "success")
    return redirect(_page(draft) + "#files")


@bp.route("/files/<int:material_id>")
@require_role(Role.APPLICANT, Role.RECOMMENDER)
def download(material_id: int):
    """The organization's own users, and the recommender it named once submitted; the office reads the files on
    the application once registered (applications.download)."""
    material = _get(Material, material_id)
    ensure_visible(material.draft is not None and may_read_draft(current_user, material.draft))
    return audited_file(upload_folder() / material.stored_name, material, action="draft_file_downloaded",
                        details={"draft_id": material.draft_id, "name": material.original_name})


@bp.route("/drafts/<int:draft_id>/submit", methods=["POST"])
@require_role(Role.APPLICANT)
def submit(draft_id: int):
    draft = _own_draft(draft_id)
    form = ButtonForm()
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE_DRAFT, intro=NOT_SUBMITTED) as outcome:
            operations.submit(draft, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("Your application is submitted to %(recommender)s for its opinion.",
                    recommender=draft.recommender.name), "success")
    return redirect(_page(draft))


@bp.route("/drafts/<int:draft_id>/take-back", methods=["POST"])
@require_role(Role.APPLICANT)
def take_back(draft_id: int):
    draft = _own_draft(draft_id)
    if ButtonForm().validate_on_submit():
        with flashing_refusals() as outcome:
            operations.take_back(draft, current_user)
        if outcome.done:
            flash(_("Your application is a draft again: change it and submit it again."), "info")
    return redirect(_page(draft))


@bp.route("/opinions")
@require_role(Role.RECOMMENDER)
def opinions():
    organization = recommender_organization(current_user)
    return render_template("online/opinions.html", drafts=queries.drafts_naming(organization) if organization else [])


@bp.route("/opinions/<int:draft_id>")
@require_role(Role.RECOMMENDER)
def opinion(draft_id: int):
    draft = _named_draft(draft_id)
    return render_template("online/opinion.html", sign_form=SignForm(), decline_form=DeclineForm(),
                           awaiting=draft.status is DraftStatus.AWAITING_RECOMMENDATION, **_reading(draft))


@bp.route("/opinions/<int:draft_id>/sign", methods=["POST"])
@require_role(Role.RECOMMENDER)
def sign(draft_id: int):
    draft = _named_draft(draft_id)
    form = SignForm()
    if form.validate_on_submit():
        scan = form.scan.data
        with flashing_refusals(form) as outcome:
            application = operations.sign(draft, form.opinion.data, form.signatory.data, form.signed_on.data,
                                          (scan.filename or "", scan.read()), current_user)
        if outcome.done:
            flash(_("Your opinion is signed: application %(number)s is registered with the office.",
                    number=application.number), "success")
            return redirect(url_for("online.opinions"))
    return render_template("online/opinion.html", sign_form=form, decline_form=DeclineForm(),
                           awaiting=draft.status is DraftStatus.AWAITING_RECOMMENDATION, **_reading(draft))


@bp.route("/opinions/<int:draft_id>/decline", methods=["POST"])
@require_role(Role.RECOMMENDER)
def decline(draft_id: int):
    draft = _named_draft(draft_id)
    form = DeclineForm()
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.decline(draft, form.reason.data, current_user)
        if outcome.done:
            flash(_("You declined; %(organization)s has been told.", organization=draft.organization.name), "info")
            return redirect(url_for("online.opinions"))
    return render_template("online/opinion.html", sign_form=SignForm(), decline_form=form,
                           awaiting=draft.status is DraftStatus.AWAITING_RECOMMENDATION, **_reading(draft))

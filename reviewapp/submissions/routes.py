"""Objections (异议, Art. 22) and reports of misconduct (举报, Art. 34): public forms without login, a receipt to
follow them, and the office's handling (office only)."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp import proof_of_work
from reviewapp.domain.i18n import N_
from reviewapp.domain_text import explain
from reviewapp.downloads import audited_file
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import choices, version_of
from reviewapp.listing import page_arg
from reviewapp.models import (
    Expert,
    ExpertNoteKind,
    Notice,
    NoticeKind,
    Organization,
    Role,
    SubmissionEvidence,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from reviewapp.models.award import submission_status_label
from reviewapp.permissions import public, require_role
from reviewapp.submissions import operations, queries
from reviewapp.submissions.forms import (
    FilterForm,
    FindingForm,
    LinkForm,
    ListChangeForm,
    ObjectionForm,
    ReceiptForm,
    ReportForm,
    StatusForm,
)

bp = Blueprint("submissions", __name__)


FILED_RECEIPT = "filed_receipt"


STALE = N_("Someone else changed this submission while you were working on it. Reload the page and make your change "
           "again.")


def _rate_key() -> str:
    return operations.rate_key(request.remote_addr)  # the client's, behind TRUSTED_PROXIES proxies (create_app)


def _over_limit() -> str | None:
    """Why a filing from this client is refused before anything is checked (429), if it is."""
    if operations.rate_limited(_rate_key()):
        return explain(operations.MSG_TOO_MANY, {"n": operations.rate_limit()})
    if proof_of_work.too_many_failed_checks(proof_of_work.failed_check_key(request.remote_addr)):
        return explain(proof_of_work.MSG_TOO_MANY_FAILED, {"n": proof_of_work.failed_check_limit()})
    return None


def _uploads(form) -> list[operations.Upload]:
    return [operations.Upload(f.filename or "", f.read()) for f in form.uploads()]


def _file(form, filing_of):
    """Record the submission from a validated form; a refusal flashes and re-shows the form (429 for the limit)."""
    with flashing_refusals() as outcome:
        submission = operations.file_submission(filing_of(), _uploads(form), _rate_key(), form.challenge_nonce)
    if isinstance(outcome.refused, operations.RateLimited):
        return 429
    if isinstance(outcome.refused, proof_of_work.ChallengeUsed):  # a replayed answer is a failed check too
        proof_of_work.record_failed_check(proof_of_work.failed_check_key(request.remote_addr), None)
    if not outcome.done:
        return 422
    session[FILED_RECEIPT] = submission.receipt
    return redirect(url_for("submissions.filed"))


def _public_form(form, filing_of, template: str, **context):
    """Art. 22, 34: the form is always shown (reading is never limited); a POST files within the limits per
    client, and a failed check counts against the client. The widget fetches its challenge (`challenge`)."""
    code = 200
    if request.method == "POST":
        refused = _over_limit()
        if refused:
            flash(refused, "danger")
            code = 429
        elif form.validate_on_submit():
            done = _file(form, filing_of)
            if not isinstance(done, int):
                return done
            code = done
        else:
            if form.challenge_check is not None and not form.challenge_check.ok:
                proof_of_work.record_failed_check(proof_of_work.failed_check_key(request.remote_addr),
                                               form.challenge_check.nonce)
            code = 422
    form.clear_check()
    return render_template(template, form=form, **context), code


# --- public ----------------------------------------------------------------------------------------------------------

@bp.route("/challenge")
@public
def challenge():
    """A fresh signed proof-of-work challenge for the forms' widget, fetched when the form is sent (so a form
    that stayed open for hours still gets one that has not expired)."""
    response = jsonify(proof_of_work.new_challenge().data)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/objection/<int:notice_id>", methods=["GET", "POST"])
@public
def objection(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    if notice.kind is not NoticeKind.PROPOSED_WINNERS:
        abort(404)
    window = operations.objection_window(notice)
    if not window.ok:
        return render_template("submissions/refused.html", message=explain(window.message, window.params),
                               notice=notice), 409
    form = ObjectionForm(check_challenge=proof_of_work.check_challenge)
    form.application_id.choices = choices([(0, "—")] + [(int(e["application_id"]), e.get("organization", ""))
                                                       for e in queries.notice_entries(notice)])
    if request.method == "GET" and request.args.get("application_id", type=int):
        form.application_id.data = request.args.get("application_id", type=int)
    return _public_form(form, lambda: operations.objection_filing(notice, form.application_id.data, form.data),
                        "submissions/objection.html", notice=notice)


@bp.route("/report", methods=["GET", "POST"])
@public
def report():
    form = ReportForm(check_challenge=proof_of_work.check_challenge)
    return _public_form(form, lambda: operations.report_filing(SubmissionSubject(form.subject.data),
                                                               form.subject_name.data, form.data),
                        "submissions/report.html")


@bp.route("/filed")
@public
def filed():
    receipt = session.get(FILED_RECEIPT)
    if not receipt:
        return redirect(url_for("submissions.status"))
    return render_template("submissions/filed.html", receipt=receipt)


@bp.route("/status", methods=["GET", "POST"])
@public
def status():
    form = ReceiptForm()
    found, looked_up = None, False
    if form.validate_on_submit():
        looked_up = True
        found = queries.public_status(form.receipt.data)
    return render_template("submissions/status.html", form=form, found=found, looked_up=looked_up,
                           status_label=submission_status_label), \
        404 if looked_up and found is None else 200


# --- the office ------------------------------------------------------------------------------------------------------

@bp.route("/")
@require_role(Role.OFFICE)
def index():
    cycles = queries.cycles()
    form = FilterForm(request.args, cycles=cycles)
    filters = queries.Filters()
    if form.validate():
        filters = queries.Filters(kind=SubmissionKind(form.kind.data) if form.kind.data else None,
                                  status=SubmissionStatus(form.status.data) if form.status.data else None,
                                  cycle_id=int(form.cycle.data) if form.cycle.data else None)
    page = queries.submissions_page(filters, page_arg())
    return render_template("submissions/index.html", form=form, page=page, decided_from=queries.decided_from(
        page.items), status_label=submission_status_label, evidence_usage=operations.evidence_usage())


def _forms(submission, **given):
    """The forms of the detail page, each unless given (a form that failed keeps what was typed)."""
    version = {"version": submission.version}
    entry = queries.list_entry_of(submission)
    forms = {
        "status_form": StatusForm(formdata=None, data=version, current=submission.status),
        "link_form": LinkForm(formdata=None, data={**version, "organization_id": submission.organization_id or 0,
                                                   "expert_id": submission.expert_id or 0},
                              organizations=queries.organization_choices(), experts=queries.expert_choices()),
        "list_form": ListChangeForm(formdata=None, data=version, current=entry.level if entry else None),
        "finding_form": FindingForm(formdata=None, experts=queries.expert_choices(), data={
            **version, "expert_id": submission.expert_id or 0, "text": submission.decision or "",
            "kind": ExpertNoteKind.MISCONDUCT.value}),
    }
    return {**forms, **given, "entry": entry}


def _render_show(submission, code: int = 200, **given):
    history = queries.history(submission)
    return render_template("submissions/show.html", submission=submission, history=history,
                           decided_from=queries.decided_from_entries(history).get(submission.id),
                           status_label=submission_status_label,
                           changes=queries.list_changes(submission), notes=queries.expert_notes(submission),
                           notice=db.session.get(Notice, submission.notice_id) if submission.notice_id else None,
                           Subject=SubmissionSubject, Kind=SubmissionKind, Status=SubmissionStatus,
                           **_forms(submission, **given)), code


def _act(submission, form_name: str, form, action, success: str):
    """Run an office action from a validated form: success redirects; a refusal or a stale page re-shows the
    detail page with the form as typed (422 / 409)."""
    if not form.validate_on_submit():
        flash(_("Nothing was changed: please correct the marked fields."), "danger")
        return _render_show(submission, 422, **{form_name: form})
    with flashing_refusals(stale_message=STALE) as outcome:
        action()
    if outcome.stale:
        return _render_show(submission, 409)
    if not outcome.done:
        return _render_show(submission, 422, **{form_name: form})
    flash(success, "success")
    return redirect(url_for("submissions.show", submission_id=submission.id))


@bp.route("/<int:submission_id>")
@require_role(Role.OFFICE)
def show(submission_id: int):
    return _render_show(queries.submission(submission_id))


@bp.route("/<int:submission_id>/status", methods=["POST"])
@require_role(Role.OFFICE)
def change_status(submission_id: int):
    submission = queries.submission(submission_id)
    form = StatusForm(current=submission.status)
    return _act(submission, "status_form", form, lambda: operations.change_status(
        submission, form.status.data, form.decision.data, version_of(form.version.data), current_user),
        _("Status changed."))


@bp.route("/<int:submission_id>/link", methods=["POST"])
@require_role(Role.OFFICE)
def link(submission_id: int):
    submission = queries.submission(submission_id)
    form = LinkForm(organizations=queries.organization_choices(), experts=queries.expert_choices())
    return _act(submission, "link_form", form, lambda: operations.link_subject(
        submission, db.session.get(Organization, form.organization_id.data or 0),
        db.session.get(Expert, form.expert_id.data or 0), version_of(form.version.data), current_user),
        _("Linked."))


@bp.route("/<int:submission_id>/list-change", methods=["POST"])
@require_role(Role.OFFICE)
def change_list(submission_id: int):
    submission = queries.submission(submission_id)
    entry = queries.list_entry_of(submission)
    form = ListChangeForm(current=entry.level if entry else None)
    return _act(submission, "list_form", form, lambda: operations.change_list(
        submission, form.change.data, form.reason.data, version_of(form.version.data), current_user),
        _("The approved list was changed."))


@bp.route("/<int:submission_id>/finding", methods=["POST"])
@require_role(Role.OFFICE)
def record_finding(submission_id: int):
    submission = queries.submission(submission_id)
    form = FindingForm(experts=queries.expert_choices())
    return _act(submission, "finding_form", form, lambda: operations.record_expert_finding(
        submission, db.get_or_404(Expert, form.expert_id.data), ExpertNoteKind(form.kind.data), form.text.data,
        form.disqualify.data, version_of(form.version.data), current_user),
        _("The finding is on the expert's record."))


@bp.route("/evidence/<int:evidence_id>")
@require_role(Role.OFFICE)
def download(evidence_id: int):
    evidence = db.get_or_404(SubmissionEvidence, evidence_id)
    return audited_file(operations.evidence_path(evidence), evidence, action="submission_evidence_downloaded",
                        details={"submission_id": evidence.submission_id, "name": evidence.original_name,
                                 "sha256": evidence.sha256})

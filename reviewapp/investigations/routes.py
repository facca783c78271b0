"""The office's investigations (核查, Art. 8(4)), the exclusion they lead to (Art. 30) and withdrawals (Art. 5)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.city_calendar import city_today
from reviewapp.domain import investigation as rules
from reviewapp.domain.i18n import N_
from reviewapp.downloads import audited_file
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import choices, version_of
from reviewapp.investigations import operations, queries
from reviewapp.investigations.forms import ConclusionForm, EvidenceForm, OpenForm, ReverseForm, WithdrawalForm
from reviewapp.listing import id_arg
from reviewapp.models import (
    Application,
    Cycle,
    InvestigationEvidence,
    OpinionRequest,
    PublicSubmission,
    Role,
    Withdrawal,
)
from reviewapp.permissions import require_role

bp = Blueprint("investigations", __name__)

STALE = N_("Someone else changed this investigation while you were working on it. Reload the page and make your "
           "change again.")


def _open_form(application: Application) -> OpenForm:
    form = OpenForm()
    form.submission_id.choices = choices(
        [(0, "—")] + [(s.id, f"{s.receipt} · {s.kind.label} · {s.subject_name}")
                      for s in queries.submissions_about(application)])
    form.opinion_request_id.choices = choices(
        [(0, "—")] + [(o.id, f"{o.department} · {o.sent_on.isoformat()}") for o in queries.opinions_on(application)])
    return form


def _preset(form: OpenForm) -> None:
    """From a report or objection's page: its source and the submission are chosen already."""
    if request.method == "GET" and (submission_id := id_arg("submission_id")):
        submission = db.session.get(PublicSubmission, submission_id)
        if submission is not None:
            form.submission_id.data = submission.id
            form.source.data = "objection" if submission.kind.value == "objection" else "report"


@bp.route("/new/<int:application_id>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = _open_form(application)
    _preset(form)
    if form.validate_on_submit():
        submission = db.session.get(PublicSubmission, form.submission_id.data or 0)
        opinion = db.session.get(OpinionRequest, form.opinion_request_id.data or 0)
        with flashing_refusals(form) as outcome:
            investigation = operations.open_investigation(application, form.source.data, submission, opinion,
                                                          form.scope.data, current_user)
        if outcome.done:
            flash(_("Investigation opened."), "success")
            return redirect(url_for("investigations.show", investigation_id=investigation.id))
    return render_template("investigations/new.html", form=form, application=application,
                           refusal=rules.may_investigate(queries.cycle_approved(application.cycle)))


@bp.route("/cycle/<int:cycle_id>")
@require_role(Role.OFFICE)
def of_cycle(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    return render_template("investigations/cycle.html", cycle=cycle,
                           investigations=queries.cycle_investigations(cycle),
                           withdrawals=queries.cycle_withdrawals(cycle))


@bp.route("/from-submission/<int:submission_id>")
@require_role(Role.OFFICE)
def from_submission(submission_id: int):
    submission = db.get_or_404(PublicSubmission, submission_id)
    return render_template("investigations/from_submission.html", submission=submission,
                           applications=queries.applications_for(submission),
                           investigations=queries.investigations_of(submission))


def _show(investigation, conclusion_form=None, evidence_form=None, reverse_form=None, confirming=None):
    application = investigation.application
    conclusion_form = conclusion_form or ConclusionForm(formdata=None, version=investigation.version)
    reverse_form = reverse_form or ReverseForm(formdata=None, version=investigation.version)
    return render_template(
        "investigations/show.html", investigation=investigation, application=application,
        evidence_form=evidence_form or EvidenceForm(formdata=None), conclusion_form=conclusion_form,
        reverse_form=reverse_form, confirming=confirming, preview=queries.exclusion_preview(application),
        approved=queries.cycle_approved(application.cycle), ban_until=rules.ban_until, today=city_today())


@bp.route("/<int:investigation_id>")
@require_role(Role.OFFICE)
def show(investigation_id: int):
    return _show(queries.investigation(investigation_id))


@bp.route("/<int:investigation_id>/evidence", methods=["POST"])
@require_role(Role.OFFICE)
def add_evidence(investigation_id: int):
    investigation = queries.investigation(investigation_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        with flashing_refusals(form) as outcome:
            operations.add_evidence(investigation, form.note.data, getattr(upload, "filename", "") or "",
                                    upload.read() if upload else None, current_user)
        if outcome.done:
            flash(_("Evidence added."), "success")
            return redirect(url_for("investigations.show", investigation_id=investigation.id) + "#evidence")
    return _show(investigation, evidence_form=form)


@bp.route("/evidence/<int:evidence_id>")
@require_role(Role.OFFICE)
def download(evidence_id: int):
    evidence = db.get_or_404(InvestigationEvidence, evidence_id)
    if evidence.stored_name is None:
        return redirect(url_for("investigations.show", investigation_id=evidence.investigation_id))
    return audited_file(operations.stored_path(evidence.stored_name), evidence,
                        action="investigation_evidence_downloaded",
                        details={"investigation_id": evidence.investigation_id, "name": evidence.original_name})


@bp.route("/<int:investigation_id>/conclusion", methods=["POST"])
@require_role(Role.OFFICE)
def conclude(investigation_id: int):
    """An excluding conclusion is recorded only once the office confirmed it on the page that lists what it does
    (Art. 30: the exclusion and the 5-year ban)."""
    investigation = queries.investigation(investigation_id)
    form = ConclusionForm()
    if not form.validate_on_submit():
        return _show(investigation, conclusion_form=form)
    if form.conclusion.data in rules.EXCLUDING and form.confirmed.data != "yes":
        return _show(investigation, conclusion_form=form, confirming=True)
    with flashing_refusals(form, stale_message=STALE) as outcome:
        effect = operations.conclude(investigation, form.conclusion.data, form.conclusion_text.data,
                                     version_of(form.version.data), current_user)
    if not outcome.done:
        return _show(queries.investigation(investigation_id), conclusion_form=form)
    if effect.excludes:
        flash(_("The application is excluded (Art. 30); the organization may not apply until %(date)s.",
                date=effect.ban_until.isoformat()), "warning")
    elif effect.bans:
        flash(_("The Art. 30 ban is recorded: the organization may not apply until %(date)s.",
                date=effect.ban_until.isoformat()), "warning")
    else:
        flash(_("Conclusion recorded."), "success")
    return redirect(url_for("investigations.show", investigation_id=investigation.id))


@bp.route("/<int:investigation_id>/reversal", methods=["POST"])
@require_role(Role.OFFICE)
def reverse(investigation_id: int):
    investigation = queries.investigation(investigation_id)
    form = ReverseForm()
    if form.validate_on_submit():
        with flashing_refusals(form, stale_message=STALE) as outcome:
            operations.reverse_exclusion(investigation, form.reason.data, version_of(form.version.data),
                                         current_user)
        if outcome.done:
            flash(_("The exclusion is reversed."), "success")
            return redirect(url_for("investigations.show", investigation_id=investigation.id))
    return _show(investigation, reverse_form=form)


@bp.route("/withdraw/<int:application_id>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def withdraw(application_id: int):
    application = db.get_or_404(Application, application_id)
    form = WithdrawalForm()
    if form.validate_on_submit():
        upload = form.letter.data
        with flashing_refusals(form) as outcome:
            operations.record_withdrawal(application, form.received_on.data, form.note.data,
                                         upload.filename or "", upload.read(), current_user)
        if outcome.done:
            flash(_("The withdrawal of %(number)s is recorded (Art. 5).", number=application.number), "success")
            return redirect(url_for("applications.show", application_id=application.id) + "#investigations")
    return render_template("investigations/withdraw.html", form=form, application=application,
                           preview=queries.exclusion_preview(application),
                           approved=queries.cycle_approved(application.cycle))


@bp.route("/withdrawals/<int:withdrawal_id>/letter")
@require_role(Role.OFFICE)
def letter(withdrawal_id: int):
    withdrawal = db.get_or_404(Withdrawal, withdrawal_id)
    return audited_file(operations.stored_path(withdrawal.stored_name), withdrawal,
                        action="withdrawal_letter_downloaded",
                        details={"application_id": withdrawal.application_id, "name": withdrawal.original_name})

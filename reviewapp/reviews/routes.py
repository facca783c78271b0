from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.labels import explain
from reviewapp.models import Application, PanelStage, Role, ScoreSheet, SheetStatus
from reviewapp.panels.queries import expert_of, expert_seat_on
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews import bp, operations
from reviewapp.reviews.forms import ReopenForm, SheetForm


def _stage(value: str) -> PanelStage:
    try:
        return PanelStage(value)
    except ValueError:
        abort(404)


def _fields(prefix: str) -> dict[str, str]:
    return {key[len(prefix):]: value for key, value in request.form.items() if key.startswith(prefix)}


@bp.route("/<int:application_id>/<stage>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def sheet(application_id: int, stage: str):
    """The expert's own sheet: only from a seat on an active panel of this stage that reviews the applicant,
    after signing, and never when conflicted (Art. 17, 33): otherwise it does not exist (404)."""
    application, stage = db.get_or_404(Application, application_id), _stage(stage)
    seat = expert_seat_on(current_user, application)
    ensure_visible(seat is not None and seat.panel.stage is stage)
    sheet = operations.sheet_for(application, expert_of(current_user), stage)
    form = SheetForm()
    standard = load_standard(application.cycle.standard_version)
    if form.validate_on_submit():
        try:
            percents = operations.clean_percents(standard.version, _fields("pct-"))
            operations.save(sheet, percents, _fields("str-"), _fields("opp-"), form.comment.data or "",
                            int(form.version.data or 0), form.submit_sheet.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        except operations.StaleSave:
            db.session.rollback()
            flash(_("This sheet was saved from another tab or device after you opened it. Nothing was saved here: "
                    "reload the page to see the latest version, then make your change again."), "danger")
        else:
            flash(_("Sheet submitted.") if form.submit_sheet.data else _("Draft saved."), "success")
            return redirect(url_for("reviews.sheet", application_id=application.id, stage=stage.value))
    form.version.data = sheet.version
    form.comment.data = form.comment.data if request.method == "POST" else sheet.comment
    return render_template("reviews/sheet.html", application=application, stage=stage, sheet=sheet, form=form,
                           standard=standard, summary=summarize(standard, sheet.percents), seat=seat,
                           locked=sheet.status is SheetStatus.SUBMITTED)


@bp.route("/sheets/<int:sheet_id>/reopen", methods=["POST"])
@require_role(Role.OFFICE)
def reopen(sheet_id: int):
    sheet = db.get_or_404(ScoreSheet, sheet_id)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            operations.reopen(sheet, form.reason.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        else:
            flash(_("The sheet is open again for its expert."), "success")
    else:
        flash(_("Give the reason for reopening the sheet."), "danger")
    return redirect(url_for("applications.show", application_id=sheet.application_id))

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.extensions import db
from reviewapp.forms import version_of
from reviewapp.labels import explain
from reviewapp.models import Application, PanelStage, Role, ScoreSheet, SheetStatus
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews import bp, operations
from reviewapp.reviews.forms import ReopenForm, SheetForm
from reviewapp.reviews.widgets import percent_options


@bp.context_processor
def review_helpers() -> dict:
    return {"report_title": report_title, "recommend_question": recommend_question,
            "spread_threshold": lambda cycle: with_defaults(cycle.settings)["spread_threshold"]}


def report_title(stage: PanelStage) -> str:
    return _("Document-review report (资料评审报告)") if stage is PanelStage.DOCUMENT_REVIEW \
        else _("On-site review report (现场评审报告)")


def recommend_question(stage: PanelStage) -> str:
    return _("Does the panel recommend the applicant for the on-site review?") if stage is PanelStage.DOCUMENT_REVIEW \
        else _("Does the panel recommend the applicant as a candidate for the award?")


def stage_or_404(value: str) -> PanelStage:
    try:
        return PanelStage(value)
    except ValueError:
        abort(404)


@dataclass(frozen=True)
class Entries:
    """What the sheet shows per item: as saved, or as typed when a save was refused."""
    percents: dict
    strengths: dict
    opportunities: dict


def fields_with_prefix(prefix: str) -> dict[str, str]:
    return {key[len(prefix):]: value for key, value in request.form.items() if key.startswith(prefix)}


def attempted(write, stale_message: str) -> bool:
    """Run a write of the review; when it is refused or stale, roll back and flash why. True when it went through."""
    try:
        write()
    except operations.Refused as refused:
        db.session.rollback()
        flash(explain(refused.message, refused.params), "danger")
    except operations.StaleSave:
        db.session.rollback()
        flash(stale_message, "danger")
    else:
        return True
    return False


@bp.route("/<int:application_id>/<stage>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def sheet(application_id: int, stage: str):
    """The expert's own sheet: only from a seat on an active panel of this stage that reviews the applicant,
    after signing, and never when conflicted (Art. 17, 33): otherwise it does not exist (404)."""
    application = db.get_or_404(Application, application_id,
                                options=[joinedload(Application.cycle), joinedload(Application.organization)])
    stage = stage_or_404(stage)
    seat = expert_seat_on(current_user, application, stage)
    ensure_visible(seat is not None)
    sheet = operations.sheet_for(application, seat.expert, stage)
    form = SheetForm()
    standard = load_standard(application.cycle.standard_version)
    shown = Entries(sheet.percents, sheet.strengths, sheet.opportunities)
    if form.validate_on_submit():
        typed = Entries(fields_with_prefix("pct-"), fields_with_prefix("str-"), fields_with_prefix("opp-"))
        try:
            percents = operations.clean_percents(standard.version, typed.percents)
            operations.save(sheet, percents, typed.strengths, typed.opportunities, form.comment.data or "",
                            version_of(form.version.data), form.submit_sheet.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
            # what the expert typed stays on the page: a refused submission must not cost an afternoon's work
            shown = Entries(operations.typed_percents(standard.version, typed.percents), typed.strengths,
                            typed.opportunities)
        except operations.StaleSave:
            db.session.rollback()
            flash(_("This sheet was saved from another tab or device after you opened it. Nothing was saved here: "
                    "reload the page to see the latest version, then make your change again."), "danger")
            sheet = operations.sheet_for(application, seat.expert, stage)
            shown = Entries(sheet.percents, sheet.strengths, sheet.opportunities)
        else:
            flash(_("Sheet submitted.") if form.submit_sheet.data else _("Draft saved."), "success")
            return redirect(url_for("reviews.sheet", application_id=application.id, stage=stage.value))
    form.version.data = sheet.version
    form.comment.data = form.comment.data if request.method == "POST" else sheet.comment
    return render_template("reviews/sheet.html", application=application, stage=stage, sheet=sheet, form=form,
                           standard=standard, shown=shown, summary=summarize(standard, shown.percents), seat=seat,
                           locked=sheet.status is SheetStatus.SUBMITTED, percent_options=percent_options)


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
    return redirect(url_for("reviews.sheets", application_id=sheet.application_id))

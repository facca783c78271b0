from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import fields_with_prefix, version_of
from reviewapp.models import Application, PanelStage, Role, ScoreSheet, SheetStatus
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews.saving import clean_percents, typed_percents
from reviewapp.reviews.scoring import operations, queries
from reviewapp.reviews.scoring.forms import ReopenForm, SheetForm
from reviewapp.reviews.scoring.widgets import percent_options

bp = Blueprint("scoring", __name__)


SHEET_STALE = N_("This sheet was saved from another tab or device after you opened it. Nothing was saved here: "
                 "reload the page to see the latest version, then make your change again.")


@dataclass(frozen=True)
class Entries:
    """What the sheet shows per item: as saved, or as typed when a save was refused."""
    percents: dict
    strengths: dict
    opportunities: dict


@bp.route("/<int:application_id>/<panel_stage:stage>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def sheet(application_id: int, stage: PanelStage):
    """The expert's own sheet: only from a seat on an active panel of this stage that reviews the applicant,
    after signing, and never when conflicted (Art. 17, 33): otherwise it does not exist (404)."""
    application = db.get_or_404(Application, application_id,
                                options=[joinedload(Application.cycle), joinedload(Application.organization)])
    seat = expert_seat_on(current_user, application, stage)
    ensure_visible(seat is not None)
    sheet = queries.sheet_for(application, seat.expert, stage)
    form = SheetForm()
    standard = load_standard(application.cycle.standard_version)
    shown = Entries(sheet.percents, sheet.strengths, sheet.opportunities)
    if form.validate_on_submit():
        typed = Entries(fields_with_prefix("pct-"), fields_with_prefix("str-"), fields_with_prefix("opp-"))
        with flashing_refusals(stale_message=SHEET_STALE) as outcome:
            operations.save(sheet, clean_percents(standard.version, typed.percents), typed.strengths,
                            typed.opportunities, form.comment.data or "", version_of(form.version.data),
                            form.submit_sheet.data, current_user)
        if outcome.done:
            flash(_("Sheet submitted.") if form.submit_sheet.data else _("Draft saved."), "success")
            return redirect(url_for("scoring.sheet", application_id=application.id, stage=stage))
        if outcome.refused:
            # what the expert typed stays on the page: a refused submission must not cost an afternoon's work
            shown = Entries(typed_percents(standard.version, typed.percents), typed.strengths, typed.opportunities)
        else:
            sheet = queries.sheet_for(application, seat.expert, stage)
            shown = Entries(sheet.percents, sheet.strengths, sheet.opportunities)
    form.version.data = sheet.version
    form.comment.data = form.comment.data if request.method == "POST" else sheet.comment
    return render_template("reviews/sheet.html", application=application, stage=stage, sheet=sheet, form=form,
                           standard=standard, shown=shown, summary=summarize(standard, shown.percents), seat=seat,
                           locked=sheet.status is SheetStatus.SUBMITTED, percent_options=percent_options)


@bp.route("/applications/<int:application_id>/sheets")
@require_role(Role.OFFICE)
def sheets(application_id: int):
    """Every sheet on record for the applicant, by stage, with the office's reopening (Art. 18, 19)."""
    application = db.get_or_404(Application, application_id)
    standard = load_standard(application.cycle.standard_version)
    on_record = queries.sheets_on_record(application)
    return render_template("reviews/sheets.html", application=application, sheets=on_record,
                           totals={sheet.id: summarize(standard, sheet.percents).total for sheet in on_record},
                           reopen_form=ReopenForm())


@bp.route("/sheets/<int:sheet_id>/reopen", methods=["POST"])
@require_role(Role.OFFICE)
def reopen(sheet_id: int):
    sheet = db.get_or_404(ScoreSheet, sheet_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the sheet."), "danger")
    else:
        with flashing_refusals() as outcome:
            operations.reopen(sheet, form.reason.data, current_user)
        if outcome.done:
            flash(_("The sheet is open again for its expert."), "success")
    return redirect(url_for("scoring.sheets", application_id=sheet.application_id))

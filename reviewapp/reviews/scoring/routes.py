from dataclasses import dataclass

from flask import (
    Blueprint,
    current_app,
    flash,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.domain_text import explain
from reviewapp.errors import Refused, StaleWrite, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import fields_with_prefix, version_of
from reviewapp.models import Application, PanelStage, Role, ScoreSheet, SheetStatus
from reviewapp.panels.queries import expert_seat_and_sheet
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews.saving import clean_percents, typed_percents
from reviewapp.reviews.scoring import operations, queries
from reviewapp.reviews.scoring.forms import ReopenForm, SheetForm
from reviewapp.reviews.scoring.widgets import item_rows

bp = Blueprint("scoring", __name__)


SHEET_STALE = N_("A newer version of this sheet was saved (from another tab or device, or the office reopened it). "
                 "Nothing was saved here: what you typed stays in the fields, and the saved version is shown under "
                 "each item that differs. Choose, then save the draft.")


@dataclass(frozen=True)
class Entries:
    """What the sheet shows per item: as saved, or as typed when a save was refused."""
    percents: dict
    strengths: dict
    opportunities: dict
    comment: str = ""

    @classmethod
    def of(cls, sheet: ScoreSheet) -> "Entries":
        return cls(sheet.percents, sheet.strengths, sheet.opportunities, sheet.comment or "")

    @classmethod
    def typed(cls, form: SheetForm) -> "Entries":
        return cls(fields_with_prefix("pct-"), fields_with_prefix("str-"), fields_with_prefix("opp-"),
                   form.comment.data or "")

    def differs_from(self, other: "Entries", code: str) -> bool:
        return any(str(mine.get(code) or "").strip() != str(theirs.get(code) or "").strip() for mine, theirs in
                   ((self.percents, other.percents), (self.strengths, other.strengths),
                    (self.opportunities, other.opportunities)))


def _own_sheet(application_id: int, stage: PanelStage):
    """The expert's own sheet: only from a seat on an active panel of this stage that reviews the applicant,
    after signing, and never when conflicted (Art. 17, 33): otherwise it does not exist (404)."""
    application = db.get_or_404(Application, application_id,  # the materials for the page: not a query more
                                options=[joinedload(Application.cycle), joinedload(Application.organization),
                                         joinedload(Application.materials)])
    found = expert_seat_and_sheet(current_user, application, stage)
    ensure_visible(found is not None)
    seat, sheet = found
    return application, seat, sheet if sheet is not None else queries.blank_sheet(application, seat.expert, stage)


def _save_typed(sheet: ScoreSheet, typed: Entries, form: SheetForm, submit: bool) -> None:
    """The one save of a sheet, whether the expert pressed a button or the page saved itself."""
    version = sheet.application.cycle.standard_version
    operations.save(sheet, clean_percents(version, typed.percents), typed.strengths, typed.opportunities,
                    typed.comment, version_of(form.version.data), submit, current_user)


@bp.route("/<int:application_id>/<panel_stage:stage>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def sheet(application_id: int, stage: PanelStage):
    """The expert's sheet (Art. 18, 19): saved as a draft, or submitted and locked once every item is scored."""
    application, seat, sheet = _own_sheet(application_id, stage)
    form = SheetForm()
    standard = load_standard(application.cycle.standard_version)
    shown, saved, refused_items = Entries.of(sheet), None, ()
    if form.validate_on_submit():
        typed = Entries.typed(form)
        with flashing_refusals(stale_message=SHEET_STALE) as outcome:
            _save_typed(sheet, typed, form, form.submit_sheet.data)
        if outcome.done:
            flash(_("Sheet submitted.") if form.submit_sheet.data else _("Draft saved."), "success")
            return redirect(url_for("scoring.sheet", application_id=application.id, stage=stage))
        # what the expert typed stays on the page: a refused or stale save must not cost an afternoon's work
        shown = Entries(typed_percents(standard.version, typed.percents), typed.strengths, typed.opportunities,
                        typed.comment)
        if outcome.refused and form.submit_sheet.data:
            refused_items = summarize(standard, shown.percents).missing
        if outcome.stale:  # the newer version beside it, item by item: the expert chooses and saves again
            sheet = queries.sheet_for(application, seat.expert, stage)
            saved = Entries.of(sheet)
    form.version.data = sheet.version
    form.comment.data = shown.comment
    return render_template("reviews/sheet.html", application=application, stage=stage, sheet=sheet, form=form,
                           standard=standard, shown=shown, saved=saved, refused_items=refused_items,
                           summary=summarize(standard, shown.percents), seat=seat,
                           locked=sheet.status is SheetStatus.SUBMITTED, item_rows=item_rows,
                           autosave_seconds=current_app.config["SHEET_AUTOSAVE_SECONDS"])


@bp.route("/<int:application_id>/<panel_stage:stage>/autosave", methods=["POST"])
@require_role(Role.EXPERT)
def autosave(application_id: int, stage: PanelStage):
    """The page saves the draft by itself while the expert types, and as they leave: the same save as the draft
    button (same checks, same optimistic lock), answered in JSON so that the page stays as it is."""
    application, seat, sheet = _own_sheet(application_id, stage)
    form = SheetForm()
    if not form.validate_on_submit():
        errors = [error for errors in form.errors.values() for error in errors]
        return jsonify(saved=False, message="; ".join(map(str, errors))), 422
    typed = Entries.typed(form)
    try:
        _save_typed(sheet, typed, form, submit=False)
    except Refused as refusal:
        db.session.rollback()
        return jsonify(saved=False, message=" ".join(explain(m, p) for m, p in refusal.problems),
                       locked=sheet.status is SheetStatus.SUBMITTED), 422
    except StaleWrite:
        db.session.rollback()
        newer = queries.sheet_for(application, seat.expert, stage)
        return jsonify(saved=False, stale=True, version=newer.version, message=_(SHEET_STALE),
                       items=_saved_versions(load_standard(application.cycle.standard_version), typed,
                                             Entries.of(newer)),
                       locked=newer.status is SheetStatus.SUBMITTED), 409
    return jsonify(saved=True, version=sheet.version,
                   message=_("Saved automatically at %(time)s", time=format_time(sheet.saved_at, "HH:mm")))


def _saved_versions(standard, typed: Entries, saved: Entries) -> dict[str, str]:
    """Per item that differs, the saved version's HTML (the same macro the page renders after a stale save)."""
    saved_item = get_template_attribute("reviews/_saved_version.html", "saved_item")
    versions = {item.code: str(saved_item(standard, item, typed, saved)) for item in standard.items
                if typed.differs_from(saved, item.code)}
    if typed.comment.strip() != saved.comment.strip():
        versions["comment"] = str(get_template_attribute("reviews/_saved_version.html", "saved_comment")(typed, saved))
    return versions


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

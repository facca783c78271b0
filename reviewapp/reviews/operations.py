"""The expert's score sheet (Art. 18, 19): drafts saved at any time, submitted once complete, then locked; the
office may reopen one with a written reason. Totals are always computed on the server from the standard's data."""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import is_valid_percent, load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import Application, Expert, PanelStage, ScoreSheet, SheetStatus
from reviewapp.models.base import utcnow


class Refused(Exception):
    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message)
        self.message, self.params = message, params or {}


class StaleSave(Exception):
    """Another tab (or device) saved this sheet after this page was loaded."""


def first_save(record) -> None:
    """Write a record that has never been saved (opening a page writes nothing; the first save creates it). When
    another tab or device created it in the meantime, the unique constraint refuses this insert: that save came
    first, so this one is stale."""
    if record.id is not None:
        return
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise StaleSave from None


def sheet_for(application: Application, expert: Expert, stage: PanelStage) -> ScoreSheet:
    """The expert's sheet; before its first save a blank one that is not in the database, so that opening the page
    neither starts a draft nor stamps a save time."""
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.application_id == application.id,
                                                       ScoreSheet.expert_id == expert.id,
                                                       ScoreSheet.stage == stage))
    if sheet is None:
        sheet = ScoreSheet(application=application, expert=expert, stage=stage, percents={}, strengths={},
                           opportunities={}, comment=None, status=SheetStatus.DRAFT, saved_at=None, version=1)
    return sheet


def _as_percent(standard, value: str) -> int | None:
    """A step-5 percentage from 0 to 100 (GB/Z 19579 bands), or None for anything else."""
    if value.isascii() and value.isdigit() and len(value) <= 3 and is_valid_percent(standard, int(value)):
        return int(value)
    return None


def typed_percents(version: str, raw: dict[str, str]) -> dict[str, int]:
    """The valid percentages among what was typed, to show again after a refusal (an invalid one is named in the
    refusal and left blank)."""
    standard = load_standard(version)
    typed = {item.code: _as_percent(standard, (raw.get(item.code) or "").strip()) for item in standard.items}
    return {code: percent for code, percent in typed.items() if percent is not None}


def clean_percents(version: str, raw: dict[str, str]) -> dict[str, int]:
    """Step-5 percentages 0-100 only (GB/Z 19579 bands); a blank item stays unscored."""
    standard = load_standard(version)
    percents = {}
    for item in standard.items:
        value = (raw.get(item.code) or "").strip()
        if not value:
            continue
        percent = _as_percent(standard, value)
        if percent is None:
            raise Refused(N_("%(item)s: %(value)s is not a percentage in steps of %(step)s from 0 to 100."),
                          {"item": item.code, "value": value, "step": standard.percent_step})
        percents[item.code] = percent
    return percents


def refuse_long_texts(*checks) -> None:
    """Issue 13 item 6: texts a view reads by name (per item, per category, per applicant) are limited like a
    form's fields; nothing is saved while one is too long, and the refusal names where. checks: (texts, limit)
    pairs, or (texts, limit, name) where name(key) says how the page calls that text."""
    for texts, limit, *naming in checks:
        over = limits.too_long(texts, limit)
        if over:
            name = naming[0] if naming else str
            raise Refused(N_("Too long: %(where)s. A text here may have at most %(n)s characters; shorten it and "
                             "save again."), {"where": "、".join(name(key) for key in over), "n": limit})


def save(sheet: ScoreSheet, percents: dict[str, int], strengths: dict[str, str], opportunities: dict[str, str],
         comment: str, expected_version: int, submit: bool, acting) -> None:
    if sheet.status is SheetStatus.SUBMITTED:
        raise Refused(N_("This sheet has been submitted and is locked; the office can reopen it."))
    refuse_long_texts((strengths, limits.ITEM_TEXT), (opportunities, limits.ITEM_TEXT))
    standard = load_standard(sheet.application.cycle.standard_version)
    summary = summarize(standard, percents)
    if submit and summary.missing:
        raise Refused(N_("Score every item before submitting: %(n)s item(s) still blank (%(items)s)."),
                      {"n": len(summary.missing), "items": ", ".join(summary.missing)})
    first_save(sheet)
    moved = db.session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet.id,
                                                        ScoreSheet.version == expected_version)
                               .values(version=ScoreSheet.version + 1))
    if moved.rowcount != 1:
        raise StaleSave
    sheet.percents = percents
    sheet.strengths, sheet.opportunities = item_texts(standard, strengths), item_texts(standard, opportunities)
    sheet.comment = comment.strip() or None
    sheet.saved_at = utcnow()
    if submit:
        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, utcnow()
    audit.record("score_sheet_submitted" if submit else "score_sheet_saved", sheet, user=acting,
                 details={"application_id": sheet.application_id, "stage": sheet.stage.value,
                          "total": str(summary.total), "scored": len(percents)})
    db.session.commit()


def item_texts(standard, texts: dict[str, str]) -> dict[str, str]:
    """The non-empty texts of the standard's own items; a field for an item the standard does not have is ignored."""
    codes = {item.code for item in standard.items}
    return {code: text.strip() for code, text in texts.items() if code in codes and text and text.strip()}


def reopen(sheet: ScoreSheet, reason: str, acting) -> None:
    if sheet.status is not SheetStatus.SUBMITTED:
        raise Refused(N_("Only a submitted sheet can be reopened."))
    if not reason.strip():
        raise Refused(N_("Give the reason for reopening the sheet."))
    if sheet.application.cycle.stage.value != sheet.stage.value:  # its panel is dissolved: nobody could change it
        raise Refused(N_("The cycle has moved past this review; its sheets stay as submitted."))
    db.session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet.id).values(version=ScoreSheet.version + 1))
    sheet.status, sheet.submitted_at = SheetStatus.DRAFT, None
    audit.record("score_sheet_reopened", sheet, user=acting, details={"reason": reason.strip()})
    db.session.commit()

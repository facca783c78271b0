"""The expert's score sheet (Art. 18, 19): drafts saved at any time, submitted once complete, then locked; the
office may reopen one with a written reason. Totals are always computed on the server from the standard's data."""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
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


def created_once(find, make):
    """The record `find()` returns, or the one `make()` builds, created once: when two tabs open it at the same
    moment, the second insert meets the unique constraint, and then the first one's record is the one."""
    record = find()
    if record is not None:
        return record
    db.session.add(make())
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return find()


def sheet_for(application: Application, expert: Expert, stage: PanelStage) -> ScoreSheet:
    return created_once(
        lambda: db.session.scalar(select(ScoreSheet).where(ScoreSheet.application_id == application.id,
                                                           ScoreSheet.expert_id == expert.id,
                                                           ScoreSheet.stage == stage)),
        lambda: ScoreSheet(application_id=application.id, expert_id=expert.id, stage=stage))


def clean_percents(version: str, raw: dict[str, str]) -> dict[str, int]:
    """Step-5 percentages 0-100 only (GB/Z 19579 bands); a blank item stays unscored."""
    standard = load_standard(version)
    percents = {}
    for item in standard.items:
        value = (raw.get(item.code) or "").strip()
        if not value:
            continue
        if not (value.isascii() and value.isdigit() and len(value) <= 3) or not is_valid_percent(standard, int(value)):
            raise Refused(N_("%(item)s: %(value)s is not a percentage in steps of %(step)s from 0 to 100."),
                          {"item": item.code, "value": value, "step": standard.percent_step})
        percents[item.code] = int(value)
    return percents


def save(sheet: ScoreSheet, percents: dict[str, int], strengths: dict[str, str], opportunities: dict[str, str],
         comment: str, expected_version: int, submit: bool, acting) -> None:
    if sheet.status is SheetStatus.SUBMITTED:
        raise Refused(N_("This sheet has been submitted and is locked; the office can reopen it."))
    standard = load_standard(sheet.application.cycle.standard_version)
    summary = summarize(standard, percents)
    if submit and summary.missing:
        raise Refused(N_("Score every item before submitting: %(n)s item(s) still blank (%(items)s)."),
                      {"n": len(summary.missing), "items": ", ".join(summary.missing)})
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
    db.session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet.id).values(version=ScoreSheet.version + 1))
    sheet.status, sheet.submitted_at = SheetStatus.DRAFT, None
    audit.record("score_sheet_reopened", sheet, user=acting, details={"reason": reason.strip()})
    db.session.commit()

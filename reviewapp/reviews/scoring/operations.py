"""The expert's score sheet (Art. 18, 19): drafts saved at any time, submitted once complete, then locked; the
office may reopen one with a written reason. Totals are always computed on the server from the standard's data."""
from sqlalchemy import update

from reviewapp import audit
from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import ScoreSheet, SheetStatus
from reviewapp.models.base import utcnow
from reviewapp.reviews import notices
from reviewapp.reviews.saving import first_save, next_version, refuse_long_texts


def save(sheet: ScoreSheet, percents: dict[str, int], strengths: dict[str, str], opportunities: dict[str, str],
         comment: str, expected_version: int, submit: bool, acting) -> None:
    if sheet.status is SheetStatus.SUBMITTED:
        raise Refused(N_("This sheet has been submitted and is locked; the office can reopen it."))
    refuse_long_texts((strengths, limits.ITEM_TEXT), (opportunities, limits.ITEM_TEXT))
    standard = load_standard(sheet.application.cycle.standard_version)
    summary = summarize(standard, percents)
    if submit and summary.missing:
        raise Refused(N_("Score every item before submitting: %(n)s item(s) still blank (%(items)s)."),
                      {"n": len(summary.missing),
                       "items": "、".join(f"{code} {standard.item(code).name}" for code in summary.missing)})
    first_save(sheet)
    next_version(sheet, expected_version)
    sheet.percents = percents
    sheet.strengths, sheet.opportunities = item_texts(standard, strengths), item_texts(standard, opportunities)
    sheet.comment = comment.strip() or None
    sheet.saved_at = utcnow()
    if submit:
        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, utcnow()
    audit.record("score_sheet_submitted" if submit else "score_sheet_saved", sheet, user=acting,
                 details={"application_id": sheet.application_id, "stage": sheet.stage.value,
                          "total": str(summary.total), "scored": len(percents)})
    if submit:
        db.session.flush()
        notices.sheet_submitted(sheet)
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
    notices.sheet_reopened(sheet)
    db.session.commit()

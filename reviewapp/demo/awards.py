"""The demo's finished past cycle (第九届) with its approval, published results and incentive money, and the money
of the older awards in the demo's history (Art. 23-25, 12, 31-32): every award record of the demo gets the ledger
lines the rules give it, dated the day it was awarded; a revoked award gets its recovery line on the day of the
revocation. Idempotent: an award that already has ledger lines is left alone."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.award_history import awards_held
from reviewapp.awards import queries
from reviewapp.domain import money
from reviewapp.extensions import db
from reviewapp.models import AwardKind, AwardRecord, Cycle, MoneyEntry, MoneyKind

NINTH_APPROVAL_DOCUMENT = "本政发〔{year}〕18号"


def _past_nominee(award: AwardRecord) -> bool:
    """Art. 25: an award to an organization holding an earlier nomination pays the difference."""
    if award.kind is not AwardKind.AWARD:
        return False
    held = awards_held([award.organization_id], excluding_cycle_id=award.cycle_id,
                               before=award.awarded_on - timedelta(days=1))
    return AwardKind.NOMINATION in held.get(award.organization_id, set())


def _book(award: AwardRecord, acting) -> int:
    """The ledger lines of one award as if they had been entered when it was given (and recovered)."""
    if queries.paid_for(award):
        return 0
    decision = money.entries_for_award(award.kind.value, award.repeat, _past_nominee(award))
    lines = [MoneyEntry(organization_id=award.organization_id, cycle_id=award.cycle_id, award_record_id=award.id,
                        kind=MoneyKind(line.kind), amount=line.amount, entered_on=award.awarded_on,
                        note=f"{award.cycle_name or ''}（演示）", recorded_by_id=acting.id)
             for line in decision.lines]
    if award.revoked_on is not None and lines:
        lines.append(MoneyEntry(organization_id=award.organization_id, cycle_id=award.cycle_id,
                                award_record_id=award.id, kind=MoneyKind.RECOVERY,
                                amount=money.recovery_for(line.amount for line in lines),
                                entered_on=award.revoked_on,
                                note=f"第{award.revocation_article}条撤销，追回奖励（演示）", recorded_by_id=acting.id))
    db.session.add_all(lines)
    for line in lines:
        audit.record("money_entry_recorded", line, user=acting,
                     details={"kind": line.kind.value, "amount": str(line.amount), "demo": True})
    return len(lines)


def _approve_ninth(ninth: Cycle, acting) -> None:
    """The 9th cycle was approved on the day its awards are dated; its awards belong to it."""
    awards = db.session.scalars(select(AwardRecord).where(AwardRecord.cycle_name == ninth.name)).all()
    if ninth.approved_on is not None or not awards:
        return
    for award in awards:
        award.cycle_id = ninth.id
    approved_on = min(award.awarded_on for award in awards)
    ninth.approved_on, ninth.approval_recorded_by_id = approved_on, acting.id
    ninth.approval_document = NINTH_APPROVAL_DOCUMENT.format(year=approved_on.year)
    audit.record("cycle_approval_recorded", ninth, user=acting,
                 details={"approved_on": approved_on.isoformat(), "document": ninth.approval_document, "demo": True})


def load_award_history(ninth: Cycle, acting) -> int:
    """Returns the number of ledger lines written."""
    _approve_ninth(ninth, acting)
    written = sum(_book(award, acting) for award in db.session.scalars(
        select(AwardRecord).order_by(AwardRecord.awarded_on, AwardRecord.id)))
    db.session.commit()
    return written


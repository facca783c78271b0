"""The demo's finished past cycle (第九届) with its approval, its commendation decision, published results and
incentive money, and the money of the older awards in the demo's history (Art. 23-25, 12, 31-32): every award
record of the demo gets the ledger lines the rules give it, with their basis, dated the day it was awarded; a
revoked award gets its recovery line on the day of the revocation. An award older than its five-year validity
(本钢集团, 第六届) still earns the supplement for a later China Quality Award nomination (Art. 25 sets no time
limit). Idempotent: an award that already has ledger lines is left alone, and so is each record made here."""
from datetime import date, timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.award_history import awards_held
from reviewapp.awards import queries
from reviewapp.awards.official import AWARD_NAMES, default_commendation_title
from reviewapp.city_calendar import city_today
from reviewapp.domain import money
from reviewapp.extensions import db
from reviewapp.models import (
    AwardKind,
    AwardRecord,
    CommendationDecision,
    Cycle,
    MoneyEntry,
    MoneyKind,
    Organization,
    OutsideAward,
    OutsideAwardKind,
)

NINTH_APPROVAL_DOCUMENT = "本政发〔{year}〕18号"
NINTH_COMMENDATION_DOCUMENT = "本政发〔{year}〕21号"
OLD_WINNER = "本钢集团有限公司"  # an organization of the demo's graph (data/experts.json "group")
OLD_WINNER_CYCLE = "第六届本溪市市长质量奖"
OLD_WINNER_YEARS_BEFORE = 7


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
                        basis=money.basis_text(line, award.cycle_name), note=f"{award.cycle_name or ''}（演示）",
                        recorded_by_id=acting.id)
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


def _commend_ninth(ninth: Cycle, acting) -> None:
    """Art. 24: the city government's commendation decision on the 9th cycle, a week after its approval."""
    if ninth.approved_on is None or queries.commendation_of(ninth) is not None:
        return
    decided_on = min(ninth.approved_on + timedelta(days=7), city_today())
    number = NINTH_COMMENDATION_DOCUMENT.format(year=decided_on.year)
    awards = queries.awards_of_cycle(ninth)
    granted = "；".join(f"授予{'、'.join(a.organization.name for a in awards if a.kind is kind)}{AWARD_NAMES[kind]}"
                       for kind in AWARD_NAMES if any(a.kind is kind for a in awards))
    decision = CommendationDecision(
        cycle_id=ninth.id, title=default_commendation_title(ninth.name), document_number=number,
        decided_on=decided_on, recorded_by_id=acting.id,
        text=f"经市质量强市工作领导小组评审、社会公示，市政府审议批准，决定{granted}（{ninth.name}），"
             "颁发奖牌、证书和激励资金。希望获奖组织珍惜荣誉，发挥示范带动作用。（演示）")
    db.session.add(decision)
    db.session.flush()
    audit.record("commendation_decision_recorded", decision, user=acting,
                 details={"cycle_id": ninth.id, "document_number": number, "decided_on": decided_on.isoformat(),
                          "demo": True})


def _old_winner(acting) -> AwardRecord | None:
    """Art. 25: a winner of 第六届, seven years ago (past its validity, Art. 4), not revoked."""
    org = db.session.scalar(select(Organization).where(Organization.name == OLD_WINNER))
    if org is None:
        return None
    award = db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == org.id,
                                                        AwardRecord.cycle_name == OLD_WINNER_CYCLE))
    if award is None:
        today = city_today()
        award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, cycle_name=OLD_WINNER_CYCLE,
                            awarded_on=date(today.year - OLD_WINNER_YEARS_BEFORE, 12, 1), recorded_by_id=acting.id)
        db.session.add(award)
        db.session.flush()
        audit.record("award_record_added", award, user=acting, details={"cycle_name": OLD_WINNER_CYCLE, "demo": True})
    return award


def _supplement_for_old_winner(award: AwardRecord, acting) -> int:
    """Art. 25: the old winner's China Quality Award nomination earns the 100,000 supplement, with its basis."""
    if db.session.scalar(select(OutsideAward.id).where(OutsideAward.organization_id == award.organization_id)):
        return 0
    awarded_on = city_today() - timedelta(days=120)
    standing = money.city_award_standing(queries.city_awards(award.organization_id), awarded_on)
    decision = money.entries_for_outside_award(money.CHINA_QUALITY_NOMINATION, standing.holds)
    outside = OutsideAward(organization_id=award.organization_id, kind=OutsideAwardKind.CHINA_QUALITY_NOMINATION,
                           awarded_on=awarded_on, document="国市监质发〔演示〕1号", recorded_by_id=acting.id)
    db.session.add(outside)
    db.session.flush()
    lines = [MoneyEntry(organization_id=award.organization_id, outside_award_id=outside.id,
                        award_record_id=standing.award_id, kind=MoneyKind(line.kind), amount=line.amount,
                        entered_on=awarded_on, basis=money.basis_text(line, money.supplement_resting_on(
                            award.awarded_on)), note="中国质量奖提名奖（演示）", recorded_by_id=acting.id)
             for line in decision.lines]
    db.session.add_all(lines)
    audit.record("outside_award_recorded", outside, user=acting,
                 details={"organization_id": award.organization_id, "kind": outside.kind.value,
                          "awarded_on": awarded_on.isoformat(), "holds_city_award": standing.holds, "demo": True})
    return len(lines)


def load_award_history(ninth: Cycle, acting) -> int:
    """Returns the number of ledger lines written."""
    _approve_ninth(ninth, acting)
    old = _old_winner(acting)
    written = sum(_book(award, acting) for award in db.session.scalars(
        select(AwardRecord).order_by(AwardRecord.awarded_on, AwardRecord.id)))
    _commend_ninth(ninth, acting)
    if old is not None:
        written += _supplement_for_old_winner(old, acting)
    db.session.commit()
    return written


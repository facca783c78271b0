"""Writes of the awards feature: the city government's approval with the awards and their money (Art. 23-25),
awards won outside the city (Art. 25) and revocations (Art. 31, 32). Each is one transaction with its audit entry."""
from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from reviewapp import audit
from reviewapp.awards import official, queries
from reviewapp.city_calendar import city_today, workday_calendar
from reviewapp.domain import money, revocation
from reviewapp.domain.approval import approval_refusals
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.workdays import UnknownCalendarYear
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    AwardRecord,
    CreditRecord,
    CreditRecordKind,
    Cycle,
    MoneyEntry,
    MoneyKind,
    Notice,
    NoticeKind,
    Organization,
    OutsideAward,
    OutsideAwardKind,
    RevocationClause,
    Stage,
)


def _not_in_the_future(day: date, field: str | None = None) -> None:
    today = city_today()
    if day > today:
        raise Refused(N_("The date %(date)s is in the future (today is %(today)s)."),
                      {"date": day.isoformat(), "today": today.isoformat()}, field=field)


def _money_lines(decision: money.MoneyDecision, resting_on: str | None, **fields) -> list[MoneyEntry]:
    """The decision's lines, each with its basis (Art. 25: the article and why)."""
    return [MoneyEntry(kind=MoneyKind(line.kind), amount=line.amount, entered_on=city_today(),
                       basis=money.basis_text(line, resting_on), **fields)
            for line in decision.lines]


def _plain_lines(decision: money.MoneyDecision) -> list[list[str]]:
    return [[line.kind, str(line.amount)] for line in decision.lines]


# --- Art. 23-25: the approval ---
def _check_approval_date(cycle: Cycle, approved_on: date) -> None:
    """Art. 23 comes after Art. 20-22: the city government approves the list the leading group decided on, once
    the proposed winners have been publicly noticed for the whole period and every objection is decided. The
    approval is dated after the notice's last day (objections may be filed on it), never after today
    (domain/approval.py)."""
    _not_in_the_future(approved_on, field="approved_on")
    problems = approval_refusals(queries.approval_facts(cycle), approved_on)
    if problems:
        raise Refused.because_of(problems, field="approved_on")


def record_approval(cycle: Cycle, approved_on: date, document: str, acting) -> list[AwardRecord]:
    """Art. 23: the city government approved the list. Every entry of the approved list becomes an award of the
    organization, dated the day of the approval, with its incentive money on the ledger (Art. 25, 12). Once."""
    if cycle.stage is not Stage.APPROVAL:
        raise Refused(N_("The city government's approval is recorded in the approval stage (Art. 23)."))
    if queries.approval_recorded(cycle):
        raise Refused(N_("The approval of this cycle is already recorded: %(date)s, document %(document)s."),
                      {"date": cycle.approved_on.isoformat(), "document": cycle.approval_document})
    _check_approval_date(cycle, approved_on)
    document = document.strip()
    awards, summary = [], []
    for plan in queries.planned_awards(cycle, approved_on):
        entry, org, decision = plan.entry, plan.entry.application.organization, plan.decision
        if decision.refused:
            raise Refused(N_("%(name)s already holds the nomination award, which is not given twice (Art. 12); "
                             "correct the approved list first."), {"name": org.name})
        award = AwardRecord(organization_id=org.id, kind=entry.level, awarded_on=approved_on, cycle_id=cycle.id,
                            cycle_name=cycle.name, repeat=entry.repeat_winner, recorded_by_id=acting.id)
        db.session.add(award)
        db.session.add_all(_money_lines(decision, cycle.name, organization_id=org.id, cycle_id=cycle.id,
                                        award_record=award, note=document, recorded_by_id=acting.id))
        awards.append(award)
        summary.append({"organization_id": org.id, "organization": org.name, "level": entry.level.value,
                        "repeat": entry.repeat_winner, "past_nominee": plan.past_nominee,
                        "money": _plain_lines(decision)})
    cycle.approved_on, cycle.approval_document, cycle.approval_recorded_by_id = approved_on, document, acting.id
    try:
        audit.record("cycle_approval_recorded", cycle, user=acting,
                     details={"approved_on": approved_on.isoformat(), "document": document, "awards": summary})
        db.session.commit()
    except StaleDataError:  # another office user recorded it at the same moment: the cycle's version moved
        db.session.rollback()
        raise Refused(N_("Someone else recorded the approval of this cycle at the same time.")) from None
    return awards


# --- Art. 25: awards won outside the city ---
def record_outside_award(org: Organization, kind: OutsideAwardKind, awarded_on: date, document: str | None,
                         acting) -> tuple[OutsideAward, money.Standing, money.MoneyDecision]:
    """Art. 25: the China Quality Award, its nomination or the Liaoning Governor's Quality Award won by an
    organization; a holder of the Mayor's Quality Award gets the supplement (domain/money.py says who holds it)."""
    _not_in_the_future(awarded_on)
    if queries.outside_award_exists(org.id, kind, awarded_on):
        raise Refused(N_("This outside award is already recorded for %(name)s on %(date)s."),
                      {"name": org.name, "date": awarded_on.isoformat()})
    awards = queries.city_awards(org.id)
    standing = money.city_award_standing(awards, awarded_on)
    held = next((a for a in awards if a.id == standing.award_id), None)
    if held is not None:
        _refuse_repeated_supplement(org, kind, held)
    decision = money.entries_for_outside_award(kind.value, standing.holds)
    outside = OutsideAward(organization_id=org.id, kind=kind, awarded_on=awarded_on,
                           document=(document or "").strip() or None, recorded_by_id=acting.id)
    db.session.add(outside)
    db.session.flush()
    # The supplement is booked against both: the outside award it is paid for, and the city award it rests on,
    # so that a revocation of the city award takes it back (Art. 31, 32) and it is paid once per city award.
    db.session.add_all(_money_lines(decision, money.supplement_resting_on(held.awarded_on) if held else None,
                                    organization_id=org.id, outside_award_id=outside.id,
                                    award_record_id=standing.award_id, note=outside.document,
                                    recorded_by_id=acting.id))
    audit.record("outside_award_recorded", outside, user=acting,
                 details={"organization_id": org.id, "kind": kind.value, "awarded_on": awarded_on.isoformat(),
                          "document": outside.document, "holds_city_award": standing.holds,
                          "city_award_id": standing.award_id, "money": _plain_lines(decision)})
    db.session.commit()
    return outside, standing, decision


def _refuse_repeated_supplement(org: Organization, kind: OutsideAwardKind, held: money.CityAward) -> None:
    """Art. 25: the same outside award recorded again for the same city award (another date) is refused whole:
    it is most likely the same award entered twice, and in any case its supplement is one-off."""
    refusal = money.repeated_supplement(kind.value, held, queries.supplements_paid(org.id))
    if refusal is not None:
        raise Refused(refusal.message, refusal.params, field="kind")


# --- Art. 31, 32: revocation ---
def revocation_notice_days(award: AwardRecord) -> int:
    """Art. 31, 32 ask for a public announcement (向社会公告) and set no period: the award cycle's setting."""
    cycle = db.session.get(Cycle, award.cycle_id) if award.cycle_id else None
    return with_defaults(cycle.settings if cycle else None)["revocation_notice_working_days"]


def _notice_period(award: AwardRecord) -> tuple[date, date, int]:
    """The revocation notice starts today and runs `revocation_notice_days` working days."""
    working_days = revocation_notice_days(award)
    start = city_today()
    try:
        return start, workday_calendar().earliest_end(start, working_days), working_days
    except UnknownCalendarYear as unknown:
        raise Refused(unknown.message, unknown.params) from None


def _notice_entry(award: AwardRecord) -> dict:
    code = check_credit_code(award.organization.credit_code or "")
    return {"organization": award.organization.name, "division": code.division_name if code.valid else None,
            "award": award.kind.value, "awarded_on": award.awarded_on.isoformat(), "cycle_name": award.cycle_name,
            "revoked_on": award.revoked_on.isoformat(), "article": award.revocation_article,
            "clause": award.revocation_clause.value, "decision": award.revocation_document,
            "event_on": award.revocation_event_on.isoformat()}


def _recovery_lines(award: AwardRecord, acting) -> list[MoneyEntry]:
    """Art. 31, 32: everything paid for the award is recovered, the Art. 25 supplements included; each recovery
    is counted where the money it takes back is (the award's cycle, or the outside award), so both net to zero."""
    return [MoneyEntry(organization_id=award.organization_id, award_record_id=award.id, kind=MoneyKind.RECOVERY,
                       cycle_id=award.cycle_id if outside_id is None else None, outside_award_id=outside_id,
                       amount=amount, entered_on=city_today(), note=official.revocation_ground(award),
                       recorded_by_id=acting.id)
            for outside_id, amount in money.recoveries_for(queries.paid_lines_for(award))]


def _decision(award: AwardRecord, data: dict) -> dict:
    """Art. 31, 32: the city government's decision as the award record keeps it, once domain/revocation.py allows
    it (the ground from the text; for Art. 32 an event within five years after the award). The decision's date is
    the revocation's: the bans run from it."""
    ground = RevocationClause(data["clause"])
    problems = revocation.revocation_problems(award.awarded_on, ground.value, data["event_on"], data["decided_on"],
                                              city_today())
    if problems:
        raise Refused.because_of([(p.message, p.params) for p in problems], field=problems[0].field)
    return {"revoked_on": data["decided_on"], "revocation_document": data["decision_document"].strip(),
            "revocation_article": ground.article, "revocation_clause": ground, "revocation_event_on": data["event_on"],
            "revocation_reason": data["reason"].strip(), "revocation_evidence": data["evidence"].strip()}


def _credit_record(award: AwardRecord, acting) -> CreditRecord:
    """Art. 31: 纳入信用记录. The revocation enters the organization's credit record, dated the decision, so that
    every later eligibility check sees it under Art. 11(6) (domain/eligibility.py: no_award_fraud_record)."""
    record = CreditRecord(organization_id=award.organization_id, kind=CreditRecordKind.AWARD_FRAUD,
                          start_date=award.revoked_on, source=official.decision_source(award),
                          description=official.credit_description(award), recorded_by_id=acting.id)
    db.session.add(record)
    db.session.flush()
    audit.record("credit_record_added", record, user=acting,
                 details={"organization_id": award.organization_id, "kind": record.kind.value,
                          "date": record.start_date.isoformat(), "award_record_id": award.id})
    return record


def revoke_award(award: AwardRecord, data: dict, acting) -> Notice:
    """Art. 31 (award obtained by fraud or bribery) and Art. 32 (serious events within five years of the award):
    the office records the city government's decision; the award is revoked, its incentive money recovered, the
    revocation publicly announced and, under Art. 31, entered in the credit record. From the decision's date the
    eligibility rules apply the bans (domain/eligibility.py: fraud_ban, revoked_next_cycle)."""
    if award.revoked_on is not None:
        raise Refused(N_("This award was already revoked on %(date)s."), {"date": award.revoked_on.isoformat()})
    values = _decision(award, data)
    start, end, working_days = _notice_period(award)
    # Only one revocation can win, even if two office users submit at the same moment.
    changed = db.session.execute(
        update(AwardRecord).where(AwardRecord.id == award.id, AwardRecord.revoked_on.is_(None))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise Refused(N_("This award has just been revoked by someone else."))
    db.session.refresh(award)
    credit = _credit_record(award, acting) if award.revocation_article == 31 else None
    recoveries = _recovery_lines(award, acting)
    db.session.add_all(recoveries)
    recovery = sum((line.amount for line in recoveries), Decimal(0))
    notice = Notice(cycle_id=award.cycle_id, kind=NoticeKind.REVOCATION, title=official.revocation_title(award),
                    body=official.revocation_body(award), start_date=start, end_date=end, working_days=working_days,
                    entries=[_notice_entry(award)], published_by_id=acting.id)
    db.session.add(notice)
    audit.record("award_revoked", award, user=acting,
                 details={"organization_id": award.organization_id, "kind": award.kind.value,
                          "decided_on": award.revoked_on.isoformat(), "decision": award.revocation_document,
                          "article": award.revocation_article, "clause": award.revocation_clause.value,
                          "event_on": award.revocation_event_on.isoformat(), "recovered": str(recovery),
                          "credit_record_id": credit.id if credit else None})
    audit.record("notice_published", notice, user=acting,
                 details={"cycle_id": award.cycle_id, "kind": notice.kind.value, "start": start.isoformat(),
                          "end": end.isoformat(), "working_days": working_days, "entries": 1})
    db.session.commit()
    return notice

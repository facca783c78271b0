"""Writes of the awards feature: the city government's approval with the awards and their money (Art. 23-25),
awards won outside the city (Art. 25) and revocations (Art. 31, 32). Each is one transaction with its audit entry."""
from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from reviewapp import audit
from reviewapp.awards import official, queries
from reviewapp.city_calendar import city_today, workday_calendar
from reviewapp.cycles.queries import current_notice
from reviewapp.domain import money
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.workdays import UnknownCalendarYear
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    AwardRecord,
    Cycle,
    MoneyEntry,
    MoneyKind,
    Notice,
    NoticeKind,
    Organization,
    OutsideAward,
    OutsideAwardKind,
    Stage,
)


def _not_in_the_future(day: date, field: str | None = None) -> None:
    today = city_today()
    if day > today:
        raise Refused(N_("The date %(date)s is in the future (today is %(today)s)."),
                      {"date": day.isoformat(), "today": today.isoformat()}, field=field)


def _money_lines(decision: money.MoneyDecision, **fields) -> list[MoneyEntry]:
    return [MoneyEntry(kind=MoneyKind(line.kind), amount=line.amount, entered_on=city_today(), **fields)
            for line in decision.lines]


def _plain_lines(decision: money.MoneyDecision) -> list[list[str]]:
    return [[line.kind, str(line.amount)] for line in decision.lines]


# --- Art. 23-25: the approval ---
def _check_approval_date(cycle: Cycle, approved_on: date) -> None:
    """Art. 23 comes after Art. 20 and 21: the city government approves the list the leading group decided on,
    once the proposed winners have been publicly noticed for the whole period. The approval may be dated the
    notice's last day (the day the notice is complete), never before it, and never after today."""
    _not_in_the_future(approved_on, field="approved_on")
    notice = current_notice(cycle, NoticeKind.PROPOSED_WINNERS)
    if notice is None:
        raise Refused(N_("The proposed winners have not been published as a public notice (Art. 21)."),
                      field="approved_on")
    if approved_on < notice.end_date:
        raise Refused(N_("The approval cannot be dated before the last day of the proposed-winner notice "
                         "(%(end)s, Art. 21, 23)."), {"end": notice.end_date.isoformat()}, field="approved_on")
    decided_on = queries.group_decided_on(cycle)
    if decided_on is not None and approved_on < decided_on:
        raise Refused(N_("The approval cannot be dated before the leading group's decision on the candidate list "
                         "(%(date)s, Art. 20, 23)."), {"date": decided_on.isoformat()}, field="approved_on")


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
        if decision is None:
            raise Refused(N_("%(name)s already holds the nomination award, which is not given twice (Art. 12); "
                             "correct the approved list first."), {"name": org.name})
        award = AwardRecord(organization_id=org.id, kind=entry.level, awarded_on=approved_on, cycle_id=cycle.id,
                            cycle_name=cycle.name, repeat=entry.repeat_winner, recorded_by_id=acting.id)
        db.session.add(award)
        db.session.add_all(_money_lines(decision, organization_id=org.id, cycle_id=cycle.id, award_record=award,
                                        note=document, recorded_by_id=acting.id))
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
    if standing.holds:
        _refuse_repeated_supplement(org, kind, next(a for a in awards if a.id == standing.award_id))
    decision = money.entries_for_outside_award(kind.value, standing.holds)
    outside = OutsideAward(organization_id=org.id, kind=kind, awarded_on=awarded_on,
                           document=(document or "").strip() or None, recorded_by_id=acting.id)
    db.session.add(outside)
    db.session.flush()
    # The supplement is booked against both: the outside award it is paid for, and the city award it rests on,
    # so that a revocation of the city award takes it back (Art. 31, 32) and it is paid once per city award.
    db.session.add_all(_money_lines(decision, organization_id=org.id, outside_award_id=outside.id,
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
def _notice_period(award: AwardRecord) -> tuple[date, date, int]:
    """The revocation notice starts today and runs the cycle's number of working days (Art. 16, 21 set the
    minimum for the other notices; a revocation is published the same way)."""
    cycle = db.session.get(Cycle, award.cycle_id) if award.cycle_id else None
    working_days = with_defaults(cycle.settings if cycle else None)["notice_working_days"]
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
            "clause": award.revocation_clause}


def _recovery_lines(award: AwardRecord, acting) -> list[MoneyEntry]:
    """Art. 31, 32: everything paid for the award is recovered, the Art. 25 supplements included; each recovery
    is counted where the money it takes back is (the award's cycle, or the outside award), so both net to zero."""
    return [MoneyEntry(organization_id=award.organization_id, award_record_id=award.id, kind=MoneyKind.RECOVERY,
                       cycle_id=award.cycle_id if outside_id is None else None, outside_award_id=outside_id,
                       amount=amount, entered_on=city_today(), note=official.revocation_ground(award),
                       recorded_by_id=acting.id)
            for outside_id, amount in money.recoveries_for(queries.paid_lines_for(award))]


def revoke_award(award: AwardRecord, data: dict, acting) -> Notice:
    """Art. 31 (award obtained by fraud or bribery) and Art. 32 (serious events within five years of the award):
    the award is revoked, its incentive money recovered, and the revocation publicly announced. From the
    revocation date the eligibility rules apply the bans (domain/eligibility.py: fraud_ban, revoked_next_cycle)."""
    if award.revoked_on is not None:
        raise Refused(N_("This award was already revoked on %(date)s."), {"date": award.revoked_on.isoformat()})
    revoked_on, article = data["revoked_on"], int(data["article"])
    _not_in_the_future(revoked_on)
    if revoked_on < award.awarded_on:
        raise Refused(N_("The revocation is dated before the award (%(date)s)."),
                      {"date": award.awarded_on.isoformat()})
    start, end, working_days = _notice_period(award)
    # Only one revocation can win, even if two office users submit at the same moment.
    changed = db.session.execute(
        update(AwardRecord).where(AwardRecord.id == award.id, AwardRecord.revoked_on.is_(None))
        .values(revoked_on=revoked_on, revocation_article=article, revocation_clause=data["clause"].strip(),
                revocation_reason=data["reason"].strip(), revocation_evidence=data["evidence"].strip())
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise Refused(N_("This award has just been revoked by someone else."))
    db.session.refresh(award)
    recoveries = _recovery_lines(award, acting)
    db.session.add_all(recoveries)
    recovery = sum((line.amount for line in recoveries), Decimal(0))
    notice = Notice(cycle_id=award.cycle_id, kind=NoticeKind.REVOCATION, title=official.revocation_title(award),
                    body=official.revocation_body(award), start_date=start, end_date=end, working_days=working_days,
                    entries=[_notice_entry(award)], published_by_id=acting.id)
    db.session.add(notice)
    audit.record("award_revoked", award, user=acting,
                 details={"organization_id": award.organization_id, "kind": award.kind.value,
                          "revoked_on": revoked_on.isoformat(), "article": article, "clause": award.revocation_clause,
                          "recovered": str(recovery)})
    audit.record("notice_published", notice, user=acting,
                 details={"cycle_id": award.cycle_id, "kind": notice.kind.value, "start": start.isoformat(),
                          "end": end.isoformat(), "working_days": working_days, "entries": 1})
    db.session.commit()
    return notice

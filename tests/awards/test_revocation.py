"""Art. 31, 32: a revocation marks the award revoked, recovers its money on the ledger, publishes a notice, and
starts the bans the eligibility rules apply (Art. 31: every quality award for 10 years; Art. 32: the next cycle)."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.applications.eligibility import eligibility_report
from reviewapp.awards import queries
from reviewapp.domain.eligibility import Outcome
from reviewapp.models import AwardKind, AwardRecord, MoneyEntry, Notice, NoticeKind, RevocationClause, Role
from tests.awards.worlds import approve, awards_of, money_of
from tests.conftest import audit_actions

TODAY = date(2026, 11, 26)
NEXT_REFERENCE = date(2028, 11, 16)


EVENT_ON = date(2026, 11, 25)  # the day of the award (APPROVED_ON): the first day of Art. 32's five years
DECIDED_ON = TODAY


def revoke(client, award, clause="art32_1", event_on=EVENT_ON, decided_on=DECIDED_ON, document="本政发〔2026〕41号",
           reason="发生重大生产安全事故", evidence="市应急管理局事故调查报告（本应急〔2026〕8号）"):
    return client.post(f"/awards/{award.id}/revoke", data={
        "clause": clause, "event_on": event_on.isoformat() if event_on else "",
        "decided_on": decided_on.isoformat() if decided_on else "", "decision_document": document,
        "reason": reason, "evidence": evidence})


def revocation_notices(db) -> list[Notice]:
    """The approval cycle also has its proposed-winner notice (Art. 21): only revocation notices count here."""
    return list(db.session.scalars(select(Notice).where(Notice.kind == NoticeKind.REVOCATION)))


def revocation_notice(db) -> Notice:
    (notice,) = revocation_notices(db)
    return notice


@pytest.fixture
def approved(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    return approval_cycle


def test_art32_revocation_marks_the_award_recovers_the_money_and_publishes_a_notice(db, client, approved):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    response = revoke(client, award)
    notice = revocation_notice(db)
    assert response.status_code == 302 and response.headers["Location"] == f"/notices/{notice.id}"

    db.session.expire_all()
    assert (award.revoked_on, award.revocation_article, award.revocation_clause) == (DECIDED_ON, 32,
                                                                                      RevocationClause.ART32_1)
    assert (award.revocation_document, award.revocation_event_on) == ("本政发〔2026〕41号", EVENT_ON)
    assert award.revocation_reason == "发生重大生产安全事故" and "事故调查报告" in award.revocation_evidence

    assert money_of(db, jia) == [("award", Decimal("200000.00")), ("recovery", Decimal("-200000.00"))]
    recovery = db.session.scalar(select(MoneyEntry).where(MoneyEntry.amount < 0))
    assert recovery.award_record_id == award.id and recovery.cycle_id == approved.cycle.id
    assert recovery.note == "第三十二条第（一）项"

    assert notice.kind is NoticeKind.REVOCATION and notice.cycle_id == approved.cycle.id
    # starts today, runs the cycle's 5 working days on the official calendar: 26, 27, 30 Nov, 1, 2 Dec
    assert (notice.start_date, notice.end_date, notice.working_days) == (TODAY, date(2026, 12, 2), 5)
    assert notice.entries[0]["organization"] == "甲钢铁有限公司" and notice.entries[0]["award"] == "award"
    assert "甲钢铁有限公司" in notice.title and "撤销" in notice.title
    assert "第三十二条第（一）项“发生重大质量安全、环保、卫生等事故或较大及以上生产安全事故的”" in notice.body
    assert "发生于2026年11月25日" in notice.body and "2026年11月26日作出撤销决定（本政发〔2026〕41号）" in notice.body
    assert "不得参加下一届" in notice.body and "纳入信用记录" not in notice.body
    assert notice.entries[0]["clause"] == "art32_1" and notice.entries[0]["decision"] == "本政发〔2026〕41号"
    assert award.organization.credit_records == []  # Art. 32 does not write the credit record; Art. 31 does
    assert "事故调查报告" not in notice.body  # the evidence stays with the office
    assert audit_actions(db)[-2:] == ["award_revoked", "notice_published"]

    public = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "甲钢铁有限公司" in public and "发生重大生产安全事故" in public
    assert notice.title in client.get("/notices/").get_data(as_text=True)


def test_art31_32_a_revocation_is_refused_when_already_revoked(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    revoke(client, award)
    page = revoke(client, award, clause="art31_fraud").get_data(as_text=True)
    assert "already revoked" in page
    db.session.expire_all()
    assert award.revocation_article == 32
    assert len(money_of(db, approved.orgs["甲"])) == 2 and len(revocation_notices(db)) == 1
    assert audit_actions(db).count("award_revoked") == 1


def test_art31_a_past_nominee_award_recovers_only_what_was_paid_for_it(db, client, office, make_cycle,
                                                                        approval_cycle):
    jia = approval_cycle.orgs["甲"]
    db.session.add(AwardRecord(organization_id=jia.id, kind=AwardKind.NOMINATION, awarded_on=date(2024, 12, 1)))
    db.session.commit()
    approve(client, approval_cycle.cycle)
    award = next(a for a in awards_of(db, jia) if a.kind is AwardKind.AWARD)
    revoke(client, award, clause="art31_fraud", reason="申报材料弄虚作假")
    assert money_of(db, jia) == [("nominee_to_award", Decimal("100000.00")), ("recovery", Decimal("-100000.00"))]


def test_art12_revoking_a_repeat_winner_books_no_recovery(db, client, approved):
    (award,) = awards_of(db, approved.orgs["丙"])
    assert revoke(client, award).status_code == 302
    assert money_of(db, approved.orgs["丙"]) == []
    assert revocation_notice(db).kind is NoticeKind.REVOCATION


def test_art31_32_the_decision_cannot_be_dated_in_the_future_or_before_the_award(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    assert "is in the future" in revoke(client, award, decided_on=date(2026, 11, 27)).get_data(as_text=True)
    page = revoke(client, award, clause="art31_fraud", event_on=date(2026, 11, 1), decided_on=date(2026, 11, 1))
    assert "The decision is dated before the award" in page.get_data(as_text=True)
    assert "comes after the decision" in revoke(client, award, clause="art31_fraud", event_on=date(2026, 11, 25),
                                                decided_on=date(2026, 11, 24)).get_data(as_text=True)
    db.session.expire_all()
    assert award.revoked_on is None and revocation_notices(db) == [] and "award_revoked" not in audit_actions(db)


def test_art31_32_a_revocation_needs_the_clause_the_event_the_decision_the_reason_and_the_evidence(db, client,
                                                                                                   approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    response = revoke(client, award, clause="", event_on=None, decided_on=None, document="", reason="", evidence="")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("This field is required.") == 6
    assert revoke(client, award, clause="第三十二条（一）").status_code == 200  # free text is not a clause
    db.session.expire_all()
    assert award.revoked_on is None and money_of(db, approved.orgs["甲"])[-1][0] == "award"


def test_art32_an_event_outside_the_five_years_after_the_award_is_refused(db, client, office, make_org):
    """Art. 32: a 2012 award revoked in 2026 for an event of 2026 is refused, with the five years named."""
    org = make_org("丁化工有限公司")
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2012, 12, 1))
    db.session.add(award)
    db.session.commit()
    response = revoke(client, award)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Art. 32 covers only events within 5 years after the award, from 2012-12-01 to 2017-11-30" in page
    assert 'id="revoke-form"' in page and "is-invalid" in page
    db.session.expire_all()
    assert award.revoked_on is None and revocation_notices(db) == [] and money_of(db, org) == []
    # the same facts under Art. 31 (the award obtained by fraud) have no time limit
    assert revoke(client, award, clause="art31_fraud").status_code == 302


def test_art32_an_event_on_the_last_day_of_the_five_years_is_accepted_and_the_day_after_is_not(db, client, office,
                                                                                                make_org):
    org = make_org("戊食品有限公司")
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2021, 6, 10))
    db.session.add(award)
    db.session.commit()
    assert revoke(client, award, event_on=date(2026, 6, 10)).status_code == 200
    assert revoke(client, award, event_on=date(2026, 6, 9)).status_code == 302
    db.session.expire_all()
    assert award.revocation_event_on == date(2026, 6, 9) and award.revoked_on == DECIDED_ON


def next_cycle_report(db, make_cycle, make_application, org):
    cycle = make_cycle(name="第十一届本溪市市长质量奖", reference_date=NEXT_REFERENCE)
    db.session.expire_all()
    return eligibility_report(make_application(cycle, org))


def test_art31_revocation_starts_the_ten_year_ban_from_the_decision_and_writes_the_credit_record(
        db, client, approved, make_cycle, make_application, today):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    today(date(2026, 12, 3))  # entered a week after the decision of 25 Nov (the day of the award itself)
    assert revoke(client, award, clause="art31_bribery", event_on=date(2026, 11, 25), decided_on=date(2026, 11, 25),
                  reason="向评审人员行贿").status_code == 302
    report = next_cycle_report(db, make_cycle, make_application, jia)
    fraud = report.check("fraud_ban")
    assert fraud.outcome is Outcome.FAIL and fraud.article == "Art. 31"
    # from the city government's decision (25 Nov), not the award (25 Nov too here) nor the day it was entered (26)
    assert fraud.params["since"] == "2026-11-25" and fraud.params["may_apply_from"] == "2036-11-25"
    credit = report.check("no_award_fraud_record")  # Art. 31 纳入信用记录, seen by Art. 11(6)
    assert credit.outcome is Outcome.FAIL and credit.article == "Art. 11(6)"
    assert "本政发〔2026〕41号" in credit.evidence[0].params["source"]
    assert report.check("revoked_next_cycle").outcome is Outcome.PASS
    assert report.check("award_wait_five_years").outcome is Outcome.PASS  # a revoked award is no award


def test_art32_revocation_bars_the_next_cycle(db, client, approved, make_cycle, make_application):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    revoke(client, award)
    report = next_cycle_report(db, make_cycle, make_application, jia)
    barred = report.check("revoked_next_cycle")
    assert barred.outcome is Outcome.FAIL and barred.article == "Art. 32"
    assert barred.params["revoked_on"] == "2026-11-26"
    assert report.check("fraud_ban").outcome is Outcome.PASS


def test_without_a_revocation_the_winner_must_wait_five_years(db, client, approved, make_cycle, make_application):
    report = next_cycle_report(db, make_cycle, make_application, approved.orgs["甲"])
    assert report.check("award_wait_five_years").outcome is Outcome.FAIL  # Art. 12
    assert report.check("revoked_next_cycle").outcome is Outcome.PASS


def test_the_organization_page_shows_the_revocation(db, client, approved):
    jia = approved.orgs["甲"]
    (award,) = awards_of(db, jia)
    revoke(client, award)
    page = client.get(f"/organizations/{jia.id}").get_data(as_text=True)
    history = page[page.index('id="award-history"'):page.index('id="money-total"')]
    assert "Revoked" in history and "/certificate" not in history and "/revoke" not in history
    assert ">0 yuan" in page or ": 0 yuan" in page


def test_wrong_roles_get_403_on_revocation(db, make_user, auth, client, make_org):
    org = make_org()
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2024, 12, 1))
    db.session.add(award)
    db.session.commit()
    make_user("expert", Role.EXPERT)
    auth.login("expert")
    assert client.get(f"/awards/{award.id}/revoke").status_code == 403
    assert revoke(client, award).status_code == 403
    db.session.expire_all()
    assert award.revoked_on is None


def test_the_revocation_form_shows_what_was_paid(db, client, approved):
    (award,) = awards_of(db, approved.orgs["甲"])
    page = client.get(f"/awards/{award.id}/revoke").get_data(as_text=True)
    assert 'id="paid">200,000<' in page and 'id="revoke-form"' in page and "2031-11-24" in page


def record_outside(client, org, kind, awarded_on=TODAY):
    return client.post("/awards/outside", data={"organization_id": org.id, "kind": kind,
                                                "awarded_on": awarded_on.isoformat(),
                                                "document": "国市监质〔2026〕1号"})


def test_art25_31_32_the_revocation_form_shows_the_supplements_paid_for_the_award(db, client, approved):
    jia = approved.orgs["甲"]
    record_outside(client, jia, "china_quality_award")
    (award,) = awards_of(db, jia)
    page = client.get(f"/awards/{award.id}/revoke").get_data(as_text=True)
    assert 'id="paid">400,000<' in page


def test_art25_31_32_a_revocation_recovers_the_supplements_too(db, client, approved):
    jia = approved.orgs["甲"]
    record_outside(client, jia, "china_quality_award")
    record_outside(client, jia, "liaoning_governor_award")
    (award,) = awards_of(db, jia)
    assert revoke(client, award).status_code == 302
    lines = money_of(db, jia)
    assert sum(amount for _, amount in lines) == 0
    assert [amount for kind, amount in lines if kind == "recovery"] == [
        Decimal("-200000.00"), Decimal("-200000.00"), Decimal("-100000.00")]
    # each recovery stays where the money it takes back is counted: the cycle, and the outside awards
    assert {t.name: t.amount for t in queries.totals_by_cycle()} == {approved.cycle.name: Decimal("100000"),
                                                                      None: Decimal("0")}

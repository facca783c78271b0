"""Art. 23-25, 12: recording the city government's approval grants the awards and books their money, once."""
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from reviewapp.awards.queries import approval_recorded
from reviewapp.domain import money
from reviewapp.models import (
    AwardKind,
    AwardRecord,
    GroupDecision,
    MoneyEntry,
    MoneyKind,
    Notice,
    NoticeKind,
    OutsideAwardKind,
    Role,
    Stage,
)
from tests.awards.worlds import APPROVED_ON, NOTICE_END, approve, awards_of, decided_and_noticed, money_of
from tests.conftest import audit_actions


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_domain_money_kinds_are_the_ledger_kinds():
    assert {money.KIND_AWARD, money.KIND_NOMINATION, money.KIND_NOMINEE_TO_AWARD, money.KIND_CHINA_QUALITY_AWARD,
            money.KIND_CHINA_QUALITY_NOMINATION, money.KIND_LIAONING_GOVERNOR_AWARD,
            money.KIND_RECOVERY} == {k.value for k in MoneyKind}
    assert set(money.OUTSIDE_SUPPLEMENTS) == {k.value for k in OutsideAwardKind}
    assert {money.AWARD, money.NOMINATION} == {k.value for k in AwardKind}


def test_art23_the_approval_form_shows_the_list_and_its_money(db, office, client, approval_cycle):
    page = client.get(f"/awards/cycles/{approval_cycle.cycle.id}/approval").get_data(as_text=True)
    assert "甲钢铁有限公司" in page and "乙药业有限公司" in page and "丙机械有限公司" in page
    assert "200,000" in page and "100,000" in page and 'id="approval-form"' in page


def test_art23_25_approval_grants_the_awards_and_books_the_money(db, office, client, approval_cycle):
    cycle, orgs = approval_cycle.cycle, approval_cycle.orgs
    assert not approval_recorded(cycle)
    response = approve(client, cycle)
    assert response.status_code == 302 and response.headers["Location"] == f"/awards/results/{cycle.id}"
    db.session.expire_all()
    assert approval_recorded(cycle)
    assert cycle.approved_on == APPROVED_ON and cycle.approval_document == "本政发〔2026〕30号"
    assert cycle.approval_recorded_by_id == office.id

    (award,) = awards_of(db, orgs["甲"])
    assert (award.kind, award.awarded_on, award.cycle_id, award.cycle_name, award.repeat) == (
        AwardKind.AWARD, APPROVED_ON, cycle.id, cycle.name, False)
    assert awards_of(db, orgs["乙"])[0].kind is AwardKind.NOMINATION
    assert awards_of(db, orgs["丙"])[0].repeat is True

    assert money_of(db, orgs["甲"]) == [("award", Decimal("200000.00"))]  # Art. 25
    assert money_of(db, orgs["乙"]) == [("nomination", Decimal("100000.00"))]  # Art. 25
    assert money_of(db, orgs["丙"]) == []  # Art. 12: a repeat winner gets no money
    line = db.session.scalar(select(MoneyEntry).where(MoneyEntry.organization_id == orgs["甲"].id))
    assert line.award_record_id == award.id and line.cycle_id == cycle.id and line.note == "本政发〔2026〕30号"
    assert "cycle_approval_recorded" in audit_actions(db)


def test_art23_the_approval_is_recorded_once(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    page = approve(client, cycle, document="本政发〔2026〕31号", approved_on=date(2026, 11, 26))
    assert page.status_code == 200
    assert "already recorded" in page.get_data(as_text=True)
    db.session.expire_all()
    assert cycle.approval_document == "本政发〔2026〕30号"
    assert count(db, AwardRecord) == 3 and count(db, MoneyEntry) == 2
    assert audit_actions(db).count("cycle_approval_recorded") == 1


def test_art23_approval_only_in_the_approval_stage(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.OBJECTIONS, name="第十一届")
    page = client.get(f"/awards/cycles/{cycle.id}/approval").get_data(as_text=True)
    assert 'id="not-in-stage"' in page and 'id="approval-form"' not in page
    assert "approval stage" in approve(client, cycle).get_data(as_text=True)
    db.session.expire_all()
    assert cycle.approved_on is None and count(db, AwardRecord) == 0


def test_art23_an_approval_cannot_be_dated_in_the_future(db, office, client, approval_cycle):
    page = approve(client, approval_cycle.cycle, approved_on=date(2026, 11, 27)).get_data(as_text=True)
    assert "in the future" in page
    assert count(db, AwardRecord) == 0


def test_art25_a_past_nominee_who_wins_the_award_gets_the_difference(db, office, client, approval_cycle):
    """甲 received the nomination award in the previous cycle: the award now pays only the 100,000 difference."""
    jia = approval_cycle.orgs["甲"]
    db.session.add(AwardRecord(organization_id=jia.id, kind=AwardKind.NOMINATION, awarded_on=date(2024, 12, 1),
                               cycle_name="第九届本溪市市长质量奖"))
    db.session.commit()
    approve(client, approval_cycle.cycle)
    assert money_of(db, jia) == [("nominee_to_award", Decimal("100000.00"))]


def test_art25_a_revoked_nomination_does_not_make_a_past_nominee(db, office, client, approval_cycle):
    jia = approval_cycle.orgs["甲"]
    db.session.add(AwardRecord(organization_id=jia.id, kind=AwardKind.NOMINATION, awarded_on=date(2020, 12, 1),
                               revoked_on=date(2021, 6, 1), revocation_article=32, revocation_reason="重大事故"))
    db.session.commit()
    approve(client, approval_cycle.cycle)
    assert money_of(db, jia) == [("award", Decimal("200000.00"))]


def test_art12_a_second_nomination_award_stops_the_approval(db, office, client, approval_cycle):
    yi = approval_cycle.orgs["乙"]
    db.session.add(AwardRecord(organization_id=yi.id, kind=AwardKind.NOMINATION, awarded_on=date(2024, 12, 1)))
    db.session.commit()
    page = approve(client, approval_cycle.cycle).get_data(as_text=True)
    assert "not given twice" in page
    db.session.expire_all()
    assert approval_cycle.cycle.approved_on is None and count(db, MoneyEntry) == 0


def test_art4_an_empty_list_is_approved_with_the_awards_vacant(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.APPROVAL)
    decided_and_noticed(db, cycle)
    assert approve(client, cycle).status_code == 302
    db.session.expire_all()
    assert approval_recorded(cycle) and count(db, AwardRecord) == 0
    assert "Vacant" in client.get(f"/awards/results/{cycle.id}").get_data(as_text=True)


def test_wrong_roles_get_403(db, make_user, auth, client, approval_cycle):
    make_user("expert", Role.EXPERT)
    auth.login("expert")
    cycle = approval_cycle.cycle
    assert client.get(f"/awards/cycles/{cycle.id}/approval").status_code == 403
    assert approve(client, cycle).status_code == 403
    assert count(db, AwardRecord) == 0


def field_error(page: str) -> str:
    """The error shown under the approval date (Art. 23 refusals are field errors, not only a flash)."""
    start = page.index('id="approval-form"')
    return page[start:page.index("</form>", start)]


def assert_nothing_granted(db, cycle):
    db.session.expire_all()
    assert cycle.approved_on is None and count(db, AwardRecord) == 0 and count(db, MoneyEntry) == 0
    assert "cycle_approval_recorded" not in audit_actions(db)


def test_art21_23_the_approval_cannot_precede_the_end_of_the_proposed_winner_notice(db, office, client,
                                                                                   approval_cycle):
    response = approve(client, approval_cycle.cycle, approved_on=NOTICE_END - timedelta(days=1))
    assert response.status_code == 200
    form = field_error(response.get_data(as_text=True))
    assert "invalid-feedback" in form and "proposed-winner notice" in form and NOTICE_END.isoformat() in form
    assert_nothing_granted(db, approval_cycle.cycle)


def test_art23_the_approval_comes_after_the_last_day_of_the_notice(db, office, client, approval_cycle):
    """Art. 22, 23: objections may be filed on the notice's last day, so the approval is dated the day after."""
    form = field_error(approve(client, approval_cycle.cycle, approved_on=NOTICE_END).get_data(as_text=True))
    assert "proposed-winner notice" in form and NOTICE_END.isoformat() in form
    assert_nothing_granted(db, approval_cycle.cycle)
    assert approve(client, approval_cycle.cycle, approved_on=NOTICE_END + timedelta(days=1)).status_code == 302
    db.session.expire_all()
    assert approval_recorded(approval_cycle.cycle)


def test_art20_23_the_approval_cannot_precede_the_leading_groups_decision(db, office, client, approval_cycle):
    decision = db.session.scalar(select(GroupDecision).where(GroupDecision.cycle_id == approval_cycle.cycle.id))
    decision.decided_on = date(2026, 11, 20)  # recorded after the notice: the later of the two bounds applies
    db.session.commit()
    form = field_error(approve(client, approval_cycle.cycle, approved_on=date(2026, 11, 19)).get_data(as_text=True))
    assert "leading group" in form and "2026-11-20" in form
    assert_nothing_granted(db, approval_cycle.cycle)


def test_art21_23_no_approval_without_a_proposed_winner_notice(db, office, client, approval_cycle):
    notice = db.session.scalar(select(Notice).where(Notice.kind == NoticeKind.PROPOSED_WINNERS))
    notice.withdrawn_at = datetime(2026, 11, 19, tzinfo=UTC)
    db.session.commit()
    form = field_error(approve(client, approval_cycle.cycle).get_data(as_text=True))
    assert "have not been published as a public notice (Art. 21)" in form
    assert_nothing_granted(db, approval_cycle.cycle)


def test_art23_a_future_approval_date_is_a_field_error(db, office, client, approval_cycle):
    form = field_error(approve(client, approval_cycle.cycle, approved_on=date(2026, 11, 27)).get_data(as_text=True))
    assert "invalid-feedback" in form and "in the future" in form
    assert_nothing_granted(db, approval_cycle.cycle)

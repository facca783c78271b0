"""Art. 25 (third paragraph): the supplements for an outside award go to an organization that holds the Mayor's
Quality Award on the day of the outside award, once per outside award and city award; Art. 31, 32: a revocation
takes them back with the award's own money."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from reviewapp.domain import money
from reviewapp.models import AwardKind, AwardRecord, MoneyEntry, OutsideAward
from tests.awards.test_revocation import revoke
from tests.awards.worlds import money_of


def outside(client, org, kind="china_quality_award", awarded_on="2026-06-01", document="国市监质〔2026〕1号"):
    return client.post("/awards/outside", data={"organization_id": org.id, "kind": kind, "awarded_on": awarded_on,
                                                "document": document})


def city_award(db, org, awarded_on=date(2024, 12, 1), **fields) -> AwardRecord:
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=awarded_on,
                        cycle_name="第九届本溪市市长质量奖", **fields)
    db.session.add(award)
    db.session.commit()
    return award


def outside_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(OutsideAward))


def test_art25_no_supplement_after_the_city_award_was_revoked(db, office, client, make_org):
    org = make_org("华康乳业示例有限公司")
    city_award(db, org, awarded_on=date(2023, 11, 16), revoked_on=date(2026, 3, 16), revocation_article=32,
               revocation_reason="发生重大质量事故")
    outside(client, org, "liaoning_governor_award", awarded_on="2026-06-01")
    assert money_of(db, org) == []
    page = client.get("/awards/outside").get_data(as_text=True)
    assert "was revoked on 2026-03-16" in page and "supplements of Art. 25" in page


def test_art25_31_32_a_revocation_dated_before_an_outside_award_takes_its_supplement_back(db, office, client,
                                                                                          make_org):
    """The outside award was recorded while the city award looked held; the revocation, recorded later, is dated
    before it: the organization did not hold the award that day, so nothing of the supplement may stay paid."""
    org = make_org("华康乳业示例有限公司")
    award = city_award(db, org, awarded_on=date(2023, 11, 16))
    outside(client, org, "liaoning_governor_award", awarded_on="2026-06-01")
    assert money_of(db, org) == [("liaoning_governor_award", Decimal("100000.00"))]
    assert revoke(client, award, event_on=date(2026, 3, 1), decided_on=date(2026, 3, 16)).status_code == 302
    assert money_of(db, org) == [("liaoning_governor_award", Decimal("100000.00")),
                                 ("recovery", Decimal("-100000.00"))]


def test_art25_the_same_supplement_is_paid_once_per_city_award(db, office, client, make_org):
    org = make_org()
    city_award(db, org)
    assert outside(client, org, awarded_on="2026-06-01").status_code == 302
    page = outside(client, org, awarded_on="2026-07-01", document="国市监质〔2026〕2号")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "already paid" in text and "Art. 25" in text and "2026-06-01" in text
    assert money_of(db, org) == [("china_quality_award", Decimal("200000.00"))]
    assert outside_count(db) == 1


def test_art25_a_recorded_later_outside_award_dated_earlier_is_refused_too(db, office, client, make_org):
    org = make_org()
    city_award(db, org)
    outside(client, org, awarded_on="2026-07-01")
    assert "already paid" in outside(client, org, awarded_on="2026-06-01").get_data(as_text=True)
    assert money_of(db, org) == [("china_quality_award", Decimal("200000.00"))]


def test_art25_different_outside_awards_each_give_their_supplement(db, office, client, make_org):
    org = make_org()
    city_award(db, org)
    outside(client, org, "china_quality_nomination", awarded_on="2026-03-01")
    outside(client, org, "china_quality_award", awarded_on="2026-06-01")
    outside(client, org, "liaoning_governor_award", awarded_on="2026-07-01")
    assert [kind for kind, _ in money_of(db, org)] == ["china_quality_nomination", "china_quality_award",
                                                       "liaoning_governor_award"]


def test_art25_a_later_city_award_gives_the_supplement_again(db, office, client, make_org):
    """The one-off is per city award: a winner that won the city award again (Art. 12, repeat) and then the
    outside award again gets the supplement again."""
    org = make_org()
    city_award(db, org, awarded_on=date(2015, 12, 1))
    outside(client, org, "liaoning_governor_award", awarded_on="2017-06-01")
    city_award(db, org, awarded_on=date(2024, 12, 1), repeat=True)
    assert outside(client, org, "liaoning_governor_award", awarded_on="2026-06-01").status_code == 302
    assert money_of(db, org) == [("liaoning_governor_award", Decimal("100000.00"))] * 2


def test_art25_the_supplement_is_booked_against_the_city_award_it_rests_on(db, office, client, make_org):
    org = make_org()
    award = city_award(db, org)
    outside(client, org)
    line = db.session.scalar(select(MoneyEntry).where(MoneyEntry.organization_id == org.id))
    assert line.award_record_id == award.id and line.outside_award_id is not None and line.cycle_id is None


# --- the rules themselves (domain/money.py), without the app ---
HELD = money.CityAward(7, money.AWARD, date(2024, 12, 1))


def test_art25_repeated_supplement_counts_the_same_kind_on_the_same_city_award_only():
    paid = [money.PaidSupplement(money.CHINA_QUALITY_AWARD, date(2026, 7, 1), 7),
            money.PaidSupplement(money.LIAONING_GOVERNOR_AWARD, date(2025, 6, 1), 3)]  # on another city award
    refusal = money.repeated_supplement(money.CHINA_QUALITY_AWARD, HELD, paid)
    assert refusal.lines == () and refusal.article == "Art. 25"
    assert refusal.params == {"awarded_on": "2024-12-01", "date": "2026-07-01"}
    assert money.repeated_supplement(money.LIAONING_GOVERNOR_AWARD, HELD, paid) is None
    assert money.repeated_supplement(money.CHINA_QUALITY_NOMINATION, HELD, paid) is None


def test_art25_a_line_without_its_city_award_counts_from_the_award_date():
    older = [money.PaidSupplement(money.CHINA_QUALITY_AWARD, date(2022, 6, 1), None)]
    newer = [money.PaidSupplement(money.CHINA_QUALITY_AWARD, date(2025, 6, 1), None)]
    assert money.repeated_supplement(money.CHINA_QUALITY_AWARD, HELD, older) is None
    assert money.repeated_supplement(money.CHINA_QUALITY_AWARD, HELD, newer) is not None


def test_art31_32_recoveries_take_back_each_place_separately():
    paid = [(None, Decimal("200000")), (11, Decimal("200000")), (12, Decimal("100000")), (12, Decimal("-100000"))]
    assert money.recoveries_for(paid) == [(None, Decimal("-200000")), (11, Decimal("-200000"))]
    assert money.recoveries_for([]) == []

"""Art. 25: the incentive money is a ledger with totals per organization and per cycle, exported as .xlsx; outside
awards give a supplement to a holder of the Mayor's Quality Award only."""
from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from openpyxl import load_workbook
from sqlalchemy import select

from reviewapp.awards import queries
from reviewapp.models import AwardKind, AwardRecord, MoneyEntry, MoneyKind, OutsideAward, Role, Stage
from tests.awards.worlds import approve, money_of
from tests.conftest import audit_actions


def outside(client, org, kind="china_quality_award", awarded_on="2026-11-26", document="国市监质〔2026〕1号"):
    return client.post("/awards/outside", data={"organization_id": org.id, "kind": kind, "awarded_on": awarded_on,
                                                "document": document})


def test_art25_ledger_totals_per_organization_and_per_cycle(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    outside(client, approval_cycle.orgs["甲"], "liaoning_governor_award")
    by_org = {t.name: t.amount for t in queries.totals_by_organization()}
    assert by_org == {"甲钢铁有限公司": Decimal("300000"), "乙药业有限公司": Decimal("100000")}
    by_cycle = {t.name: t.amount for t in queries.totals_by_cycle()}
    assert by_cycle == {approval_cycle.cycle.name: Decimal("300000"), None: Decimal("100000")}

    page = client.get("/awards/ledger").get_data(as_text=True)
    assert 'id="ledger-total">400,000<' in page
    assert "300,000" in page and "Outside awards (no cycle)" in page


def test_art25_ledger_filters_by_organization_and_cycle(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    jia = approval_cycle.orgs["甲"]
    page = client.get(f"/awards/ledger?organization={jia.id}").get_data(as_text=True)
    lines = page[page.index('id="ledger-lines"'):]
    assert "甲钢铁有限公司" in lines and "乙药业有限公司" not in lines
    assert 'id="ledger-total">200,000<' in page
    page = client.get(f"/awards/ledger?cycle={approval_cycle.cycle.id}").get_data(as_text=True)
    assert 'id="ledger-total">300,000<' in page


def test_art25_the_ledger_exports_as_xlsx(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    response = client.get("/awards/ledger.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith(quote("2026-11-26.xlsx"))
    workbook = load_workbook(BytesIO(response.data))
    assert len(workbook.sheetnames) == 3
    lines, per_org, per_cycle = (list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets)
    assert len(lines) == 3  # header, 甲 200,000, 乙 100,000 (丙 is a repeat winner: no line)
    assert {(row[1], row[5]) for row in lines[1:]} == {("甲钢铁有限公司", 200000), ("乙药业有限公司", 100000)}
    assert per_org[-1][2] == 300000 and per_cycle[1][0] == approval_cycle.cycle.name
    assert "money_ledger_exported" in audit_actions(db)


def test_art25_an_award_winner_gets_the_china_quality_award_supplement(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    jia = approval_cycle.orgs["甲"]
    response = outside(client, jia)
    assert response.status_code == 302
    assert money_of(db, jia) == [("award", Decimal("200000.00")), ("china_quality_award", Decimal("200000.00"))]
    record = db.session.scalar(select(OutsideAward))
    assert record.document == "国市监质〔2026〕1号" and record.organization_id == jia.id
    assert "outside_award_recorded" in audit_actions(db)
    page = client.get("/awards/outside").get_data(as_text=True)  # the flashed explanation, then the list
    assert "Holds the Mayor&#39;s Quality Award received on 2026-11-25" in page and "200,000 yuan more" in page
    assert "国市监质〔2026〕1号" in page[page.index('id="outside-awards"'):]


def test_art25_nomination_winner_gets_no_supplement_but_the_award_is_recorded(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    yi = approval_cycle.orgs["乙"]
    response = outside(client, yi, "china_quality_nomination")
    assert response.status_code == 302
    assert money_of(db, yi) == [("nomination", Decimal("100000.00"))]
    assert db.session.scalar(select(OutsideAward.organization_id)) == yi.id
    page = client.get("/awards/outside").get_data(as_text=True)
    assert "nomination award" in page and "No incentive money" in page  # the flashed explanation


def test_art25_an_award_older_than_its_validity_still_gets_the_supplement_with_its_basis(db, office, client,
                                                                                          make_org):
    """Art. 25 sets no time limit (Art. 4's five-year validity is about the title, Art. 28): a 2018 winner that
    wins the Governor's award in 2026 is paid, and the line says why."""
    org = make_org("老牌获奖有限公司")
    db.session.add(AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2018, 12, 1)))
    db.session.commit()
    outside(client, org, "liaoning_governor_award", awarded_on="2026-01-10")
    assert money_of(db, org) == [("liaoning_governor_award", Decimal("100000.00"))]
    basis = db.session.scalar(select(MoneyEntry.basis).where(MoneyEntry.organization_id == org.id))
    assert basis == "第二十五条：获辽宁省省长质量奖，追加一次性激励资金10万元（依据2018年市长质量奖）"
    page = client.get("/awards/ledger").get_data(as_text=True)
    assert basis in page


def test_art25_a_revoked_award_gives_no_supplement(db, office, client, make_org):
    org = make_org("撤销有限公司")
    db.session.add(AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2018, 12, 1),
                               revoked_on=date(2020, 3, 1), revocation_article=31, revocation_reason="行贿"))
    db.session.commit()
    outside(client, org, "liaoning_governor_award", awarded_on="2026-01-10")
    assert money_of(db, org) == []


def test_art25_a_repeat_winner_holds_the_award_for_the_supplement(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    bing = approval_cycle.orgs["丙"]  # repeat winner: no money for the award itself (Art. 12)
    outside(client, bing, "liaoning_governor_award", awarded_on="2026-11-26")
    assert money_of(db, bing) == [("liaoning_governor_award", Decimal("100000.00"))]


def test_the_same_outside_award_is_not_recorded_twice(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    jia = approval_cycle.orgs["甲"]
    outside(client, jia)
    page = outside(client, jia).get_data(as_text=True)
    assert "already recorded" in page
    assert len(money_of(db, jia)) == 2


def test_an_outside_award_in_the_future_is_refused(db, office, client, make_org):
    org = make_org()
    assert "in the future" in outside(client, org, awarded_on="2026-12-01").get_data(as_text=True)
    assert db.session.scalar(select(OutsideAward)) is None


def test_wrong_roles_get_403_on_the_ledger(db, make_user, auth, client, make_org):
    make_user("member", Role.LEADING_GROUP)
    auth.login("member")
    for url in ("/awards/ledger", "/awards/ledger.xlsx", "/awards/outside"):
        assert client.get(url).status_code == 403
    assert outside(client, make_org()).status_code == 403


def test_the_organization_page_shows_awards_validity_and_money(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    jia = approval_cycle.orgs["甲"]
    page = client.get(f"/organizations/{jia.id}").get_data(as_text=True)
    history = page[page.index('id="award-history"'):page.index('id="money-total"')]
    assert "2026-11-25" in history and "2031-11-24" in history and "/certificate" in history
    assert "200,000" in page[page.index('id="money-total"'):]
    assert approval_cycle.cycle.stage is Stage.APPROVAL


def past_city_award(db, org, cycle_name, awarded_on, amount="200000"):
    """An award of a cycle run before the system (no Cycle row), with its money as the demo books it."""
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=awarded_on, cycle_name=cycle_name)
    db.session.add(award)
    db.session.flush()
    db.session.add(MoneyEntry(organization_id=org.id, award_record_id=award.id, kind=MoneyKind.AWARD,
                              amount=Decimal(amount), entered_on=awarded_on))
    db.session.commit()
    return award


def test_art25_the_ledger_keeps_past_city_awards_apart_from_outside_awards(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    past_city_award(db, approval_cycle.orgs["甲"], "第八届本溪市市长质量奖", date(2023, 11, 16))
    past_city_award(db, approval_cycle.orgs["乙"], None, date(2021, 11, 16), amount="100000")
    outside(client, approval_cycle.orgs["甲"], "liaoning_governor_award")

    rows = [(t.group, t.name, t.amount) for t in queries.totals_by_cycle()]
    assert rows == [("cycle", approval_cycle.cycle.name, Decimal("300000")),
                    ("past", "第八届本溪市市长质量奖", Decimal("200000")),
                    ("past", None, Decimal("100000")),
                    ("outside", None, Decimal("100000"))]

    page = client.get("/awards/ledger").get_data(as_text=True)
    per_cycle = page[page.index('id="totals-cycle"'):page.index('id="ledger-lines"')]
    assert "第八届本溪市市长质量奖" in per_cycle and "Cycles before this system" in per_cycle
    assert per_cycle.count("Outside awards (no cycle)") == 1
    lines = page[page.index('id="ledger-lines"'):]
    assert "第八届本溪市市长质量奖" in lines  # the line names the cycle of its award


def test_the_ledger_total_row_is_a_sum_of_money_not_a_score(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    page = client.get("/awards/ledger").get_data(as_text=True)
    assert "<th>Total amount</th>" in page and "<th>Total</th>" not in page
    workbook = load_workbook(BytesIO(client.get("/awards/ledger.xlsx").data))
    assert workbook.worksheets[1].cell(row=workbook.worksheets[1].max_row, column=1).value == "Total amount"


def test_the_ledger_xlsx_names_past_cycles(db, office, client, approval_cycle):
    past_city_award(db, approval_cycle.orgs["甲"], "第八届本溪市市长质量奖", date(2023, 11, 16))
    workbook = load_workbook(BytesIO(client.get("/awards/ledger.xlsx").data))
    per_cycle = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert per_cycle[1][0] == "第八届本溪市市长质量奖" and per_cycle[-1][0] == "Total amount"

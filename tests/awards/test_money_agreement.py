"""Art. 12, 25: every page and export says the same money, from one rule (domain/money.award_money).

The bug this pins: the ranking said of a past winner "a repeat winner ... gets no money" while the ledger then
booked 100,000 for it. It was placed at the nomination level: Art. 12 withholds money only from an organization
that wins *the award* again (再次获得市长质量奖), so the nomination's 100,000 (Art. 25) is right and the page was
wrong. A past nominee who wins the award gets the 100,000 difference (Art. 25), however long ago its nomination.
"""
from datetime import date
from decimal import Decimal
from io import BytesIO

from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import select

from reviewapp.domain.money import award_money
from reviewapp.models import AwardKind, AwardRecord, Candidate, ListEntry, MoneyEntry, Stage
from tests.awards.worlds import approve, decided_and_noticed, money_of
from tests.reviews.test_ranking import evaluated, propose  # noqa: F401 (the comprehensive evaluation's world)


def _history(db, apps):
    """甲 won the award in 2016 (more than five years ago: it may apply again, Art. 12); 乙 the nomination in 2014."""
    db.session.add_all([
        AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.AWARD, awarded_on=date(2016, 12, 1),
                    cycle_name="第五届本溪市市长质量奖"),
        AwardRecord(organization_id=apps["B"].organization_id, kind=AwardKind.NOMINATION,
                    awarded_on=date(2014, 12, 1), cycle_name="第四届本溪市市长质量奖")])
    db.session.commit()


def _row(page: str, application) -> str:
    start = page.index(f'data-application="{application.id}"')
    return page[start:page.index("</tr>", start)]


def _approved_as_proposed(db, cycle):
    """The leading group approves the office's candidate list unchanged (Art. 20), noticed (Art. 21)."""
    db.session.expire_all()
    for c in db.session.scalars(select(Candidate).where(Candidate.cycle_id == cycle.id)):
        db.session.add(ListEntry(cycle_id=cycle.id, application_id=c.application_id, level=c.level,
                                 combined_score=c.combined_score, repeat_winner=c.repeat_winner))
    cycle.stage = Stage.APPROVAL
    db.session.commit()
    decided_and_noticed(db, cycle)


def test_art12_25_ranking_group_pages_approval_ledger_and_export_agree(db, evaluated, office, client):  # noqa: F811
    cycle, apps = evaluated
    _history(db, apps)
    page = propose(client, cycle, reasons={apps["A"]: "甲钢铁存在未整改的质量投诉"}, a=(apps["A"], "nomination"),
                   b=(apps["B"], "award"), c=(apps["C"], "award")).get_data(as_text=True)
    assert "alert-danger" not in page, page[page.index("alert-danger"):][:1500]
    expected = {  # what the one rule says for each applicant at its proposed level
        "A": award_money("nomination", holds_award=True, holds_nomination=False),
        "B": award_money("award", holds_award=False, holds_nomination=True),
        "C": award_money("award", holds_award=False, holds_nomination=False),
    }
    assert [d.total for d in expected.values()] == [Decimal("100000"), Decimal("100000"), Decimal("200000")]
    # the office reads English here; the pages escape the apostrophe
    text = {key: str(escape(d.message % d.params)) for key, d in expected.items()}

    # the ranking (office) and the leading group's decision page show each level's money for a history
    ranking = client.get(f"/reviews/cycles/{cycle.id}/ranking").get_data(as_text=True)
    group = client.get(f"/leading/cycles/{cycle.id}/decision").get_data(as_text=True)
    for page in (ranking, group):
        for key in ("A", "B"):
            row = _row(page, apps[key])
            assert text[key] in row
        assert "no incentive money (Art. 12)" in _row(page, apps["A"])  # as the award it would get nothing

    # the approval page plans the same money, and the ledger books it
    _approved_as_proposed(db, cycle)
    approval = client.get(f"/awards/cycles/{cycle.id}/approval").get_data(as_text=True)
    for key in expected:
        assert text[key] in approval
    assert approve(client, cycle).status_code == 302
    for key, decision in expected.items():
        booked = money_of(db, apps[key].organization)
        assert booked == [(line.kind, line.amount) for line in decision.lines]

    # every line says why; the approval page, the ledger and its export show the same totals
    bases = dict(db.session.execute(select(MoneyEntry.kind, MoneyEntry.basis)).all())
    assert bases["nomination"].startswith("第二十五条：获市长质量奖提名奖")
    assert bases["nominee_to_award"].startswith("第二十五条：已获提名奖的组织获市长质量奖，补发激励资金差额10万元")
    ledger = client.get("/awards/ledger").get_data(as_text=True)
    assert 'id="ledger-total">400,000<' in ledger and bases["nominee_to_award"] in ledger
    workbook = load_workbook(BytesIO(client.get("/awards/ledger.xlsx").data))
    per_org = {row[0]: row[2] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    for key, decision in expected.items():
        assert Decimal(str(per_org[apps[key].organization.name])) == decision.total
    approval = client.get(f"/awards/cycles/{cycle.id}/approval").get_data(as_text=True)
    for key, decision in expected.items():
        assert f"{decision.total:,.0f}" in _granted_row(approval, apps[key].organization.name)


def _granted_row(page: str, name: str) -> str:
    table = page[page.index('id="granted-awards"'):]
    start = table.index(name)
    return table[start:table.index("</tr>", start)]

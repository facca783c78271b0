"""The expert's history (issue 17): after the panel dissolved and the cycle closed, the expert reads their own
submitted sheets, read-only, from their home page; never another expert's, never a draft, never an applicant they
are in conflict with (Art. 33). The office's expert page lists every seat held, with the sheets submitted."""
from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    Relation,
    RelationSource,
    RelationType,
    Role,
    ScoreSheet,
    Stage,
)
from reviewapp.models.base import utcnow
from tests.conftest import counting_queries
from tests.reviews.worlds import ITEMS, submit_sheet, uniform


def _closed(db, setup):
    stage = setup.panel.stage
    submit_sheet(db, setup.application, setup.experts[0], stage, uniform(60), comment="领导作用突出")
    submit_sheet(db, setup.application, setup.experts[1], stage, uniform(50))
    db.session.add(ScoreSheet(application_id=setup.application.id, expert_id=setup.experts[2].id, stage=stage,
                              percents={ITEMS[0]: 40}))
    setup.panel.dissolved_at = utcnow()
    setup.cycle.stage = Stage.CLOSED
    db.session.commit()
    return {e.id: db.session.scalar(ScoreSheet.__table__.select().with_only_columns(ScoreSheet.id)
                                    .where(ScoreSheet.expert_id == e.id)) for e in setup.experts}


def test_after_the_cycle_closed_the_expert_reads_their_own_sheet_from_home(db, doc_panel):
    sheets = _closed(db, doc_panel)
    leader = doc_panel.leader()
    home = leader.get("/").get_data(as_text=True)
    assert 'id="my-history"' in home and doc_panel.cycle.name in home
    assert f"{doc_panel.application.number} 本溪板材示例有限公司" in home
    assert f"/experts/me/sheets/{sheets[doc_panel.experts[0].id]}" in home
    assert f"/experts/me/sheets/{sheets[doc_panel.experts[1].id]}" not in home
    page = leader.get(f"/experts/me/sheets/{sheets[doc_panel.experts[0].id]}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "只读" in text and "600.00" in text and "领导作用突出" in text
    assert "<textarea" not in text and 'name="pct-' not in text and 'id="sheet-form"' not in text
    # the live sheet page is gone with the panel (Art. 17)
    assert leader.get(f"/scoring/{doc_panel.application.id}/document_review").status_code == 404


def test_never_another_experts_sheet_nor_a_draft(db, doc_panel):
    sheets = _closed(db, doc_panel)
    leader = doc_panel.leader()
    assert leader.get(f"/experts/me/sheets/{sheets[doc_panel.experts[1].id]}").status_code == 404
    assert doc_panel.client("member2").get(
        f"/experts/me/sheets/{sheets[doc_panel.experts[2].id]}").status_code == 404  # their own draft
    assert leader.get("/experts/me/sheets/99999999999999999999").status_code == 404


def test_art33_never_a_sheet_of_an_applicant_the_expert_is_in_conflict_with(db, doc_panel):
    sheets = _closed(db, doc_panel)
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=doc_panel.experts[0].person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    leader = doc_panel.leader()
    assert leader.get(f"/experts/me/sheets/{sheets[doc_panel.experts[0].id]}").status_code == 404
    assert "本溪板材示例有限公司" not in leader.get("/").get_data(as_text=True)


def test_the_office_sees_each_experts_seats_and_sheets_after_the_cycle_closed(db, doc_panel, make_user):
    _closed(db, doc_panel)
    make_user("office2", Role.OFFICE)
    office = doc_panel.client("office2")
    page = office.get(f"/experts/{doc_panel.experts[0].id}").get_data(as_text=True)
    history = page.split('id="review-history"', 1)[1].split("</table>", 1)[0]
    assert doc_panel.cycle.name in history and "第一评审组" in history and "组长" in history
    assert 'class="text-end past-submitted">1 / 1<' in history
    member2 = office.get(f"/experts/{doc_panel.experts[2].id}").get_data(as_text=True)
    assert 'class="text-end past-submitted">0 / 1<' in member2  # a draft is not a submitted sheet


def test_the_history_costs_the_same_queries_for_one_or_three_sheets(db, doc_panel, make_application, make_org):
    _closed(db, doc_panel)
    leader = doc_panel.leader()
    leader.get("/")
    with counting_queries(db) as one:
        leader.get("/")
    for name in ("本溪药业示例有限公司", "本溪煤矿示例有限公司"):
        application = make_application(doc_panel.cycle, make_org(name), status=ApplicationStatus.ACCEPTED)
        submit_sheet(db, application, doc_panel.experts[0], doc_panel.panel.stage, uniform(70))
    leader.get("/")
    with counting_queries(db) as three:
        leader.get("/")
    assert len(three) == len(one)

"""What the stage gate owes the rules beyond the domain's guards: a public notice cannot be withdrawn once the
cycle has left the stage in which it could be published again (Art. 16, 21); a conflict of interest found after a
panel was formed blocks every move until the member is replaced (Art. 33); panels are dissolved when their
review ends (Art. 17), by the move itself, in its transaction."""
from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    AuditEntry,
    Cycle,
    Expert,
    GroupDecision,
    Notice,
    NoticeKind,
    Panel,
    PanelMember,
    PanelStage,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from reviewapp.models.base import utcnow
from tests.conftest import audit_actions
from tests.cycles.test_proposed_notice import publish as publish_proposed
from tests.reviews.worlds import seat_panel, submitted_comprehensive, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def stage_of(db, cycle) -> Stage:
    db.session.expire_all()
    return db.session.get(Cycle, cycle.id).stage


def advance(db, client, cycle):
    page = client.post(f"/cycles/{cycle.id}/advance", follow_redirects=True).get_data(as_text=True)
    return stage_of(db, cycle), page


# --- Art. 16, 21: withdrawing a notice -----------------------------------------------------------------------

@pytest.fixture
def noticed(db, office, client, make_cycle, make_application, today):
    """The acceptance list publicly noticed 2026-11-30..12-04; the cycle moved on to the panels stage after it."""
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    client.post(f"/cycles/{cycle.id}/acceptance-notice", data={
        "title": "受理名单公示", "body": "以下组织通过受理审查。",
        "start_date": "2026-11-30", "end_date": "2026-12-04"})
    today(date(2026, 12, 5))
    assert advance(db, client, cycle)[0] is Stage.PANELS
    return cycle, db.session.scalar(select(Notice))


def test_art16_the_acceptance_notice_cannot_be_withdrawn_after_the_acceptance_review(db, client, noticed):
    cycle, notice = noticed
    page = client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": "名单有误"},
                       follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).withdrawn_at is None
    assert "notice_withdrawn" not in audit_actions(db)
    assert "alert-danger" in page and ("acceptance review" in page or "受理审查" in page)


def test_art16_the_withdraw_page_gives_the_reason_instead_of_the_form(db, client, noticed):
    cycle, notice = noticed
    page = client.get(f"/cycles/notices/{notice.id}/withdraw").get_data(as_text=True)
    assert 'id="withdraw-refused"' in page and 'name="reason"' not in page
    assert "acceptance review" in page or "受理审查" in page
    show = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert f"/cycles/notices/{notice.id}/withdraw" not in show and "withdraw-refused" in show


def test_art16_the_acceptance_notice_is_withdrawn_during_the_acceptance_review(db, office, client, make_cycle,
                                                                              make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    client.post(f"/cycles/{cycle.id}/acceptance-notice", data={
        "title": "受理名单公示", "body": "以下组织通过受理审查。",
        "start_date": "2026-11-30", "end_date": "2026-12-04"})
    notice = db.session.scalar(select(Notice))
    assert f"/cycles/notices/{notice.id}/withdraw" in client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert 'name="reason"' in client.get(f"/cycles/notices/{notice.id}/withdraw").get_data(as_text=True)
    client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": "名单有误，更正后重新公示"})
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).withdrawn_at is not None


@pytest.mark.parametrize("later", [Stage.OBJECTIONS, Stage.APPROVAL, Stage.CLOSED])
def test_art21_the_proposed_winner_notice_cannot_be_withdrawn_once_its_stage_is_over(db, decided, office,
                                                                                     client, later):
    publish_proposed(client, decided, "2026-11-26", "2026-12-02")
    notice = db.session.scalar(select(Notice).where(Notice.kind == NoticeKind.PROPOSED_WINNERS))
    decided.stage = later
    db.session.commit()
    page = client.get(f"/cycles/notices/{notice.id}/withdraw").get_data(as_text=True)
    assert 'id="withdraw-refused"' in page and 'name="reason"' not in page
    client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": "名单有误"})
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).withdrawn_at is None


def test_art21_the_proposed_winner_notice_is_withdrawn_in_its_own_stage(db, decided, office, client):
    publish_proposed(client, decided, "2026-11-26", "2026-12-02")
    notice = db.session.scalar(select(Notice).where(Notice.kind == NoticeKind.PROPOSED_WINNERS))
    client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": "名单有误，更正后重新公示"})
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).withdrawn_at is not None


# --- Art. 16, 21: the notice form is offered only where it can be saved ----------------------------------------

@pytest.mark.parametrize("kind, stage", [("acceptance-notice", Stage.PANELS),
                                         ("acceptance-notice", Stage.APPLICATION),
                                         ("proposed-winner-notice", Stage.COMPREHENSIVE_EVALUATION),
                                         ("proposed-winner-notice", Stage.OBJECTIONS)])
def test_art16_art21_the_notice_form_is_not_offered_outside_its_stage(db, office, client, make_cycle,
                                                                     make_application, kind, stage):
    cycle = make_cycle(stage=stage)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    page = client.get(f"/cycles/{cycle.id}/{kind}").get_data(as_text=True)
    assert 'id="notice-refused"' in page and 'name="title"' not in page and 'name="end_date"' not in page
    response = client.post(f"/cycles/{cycle.id}/{kind}", data={"title": "公示", "body": "正文",
                                                               "start_date": "2026-11-30", "end_date": "2026-12-04"})
    assert response.status_code == 200 and 'id="notice-refused"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Notice)) is None


# --- Art. 33: a conflict found after the assignment blocks the next stage ------------------------------------

@pytest.fixture
def formed(db, make_cycle, make_application, make_org):
    """The panels stage with everything the move to the document review needs: one complete panel of three."""
    cycle = make_cycle(stage=Stage.PANELS)
    cycle.settings = {**cycle.settings, "document_panel_size": 3}
    steel = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for name in ("王组长", "李专家", "赵专家", "钱专家"):
        person = Person(name=name)
        db.session.add(person)
        db.session.flush()
        experts.append(Expert(person_id=person.id, can_lead=True, specialties=["C31"], certificate_number="PJ-1"))
        db.session.add(experts[-1])
    db.session.commit()
    panel = seat_panel(db, cycle, DOC, "第一评审组", experts[:3], [steel])
    return cycle, steel, panel, experts


def conflict(db, expert, application):
    """A relation recorded after the assignment: the expert turns out to work for the applicant (R1)."""
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()


def test_art33_a_late_conflict_blocks_the_move_to_the_document_review(db, office, client, formed):
    cycle, steel, panel, experts = formed
    conflict(db, experts[1], steel)
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    blockers = page.split('id="blockers"')[1].split("</ul>")[0]
    assert "第一评审组" in blockers and "李专家" in blockers and "本溪板材示例有限公司" in blockers
    stage, page = advance(db, client, cycle)
    assert stage is Stage.PANELS and "李专家" in page.split("alert-danger")[1]
    assert "cycle_stage_changed" not in audit_actions(db)
    # the office replaces the member: the move goes ahead
    member = db.session.scalar(select(PanelMember).where(PanelMember.expert_id == experts[1].id))
    db.session.delete(member)
    db.session.add(PanelMember(panel_id=panel.id, expert_id=experts[3].id))
    db.session.commit()
    assert 'id="blockers"' not in client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert advance(db, client, cycle)[0] is Stage.DOCUMENT_REVIEW


def test_art33_the_advance_operation_itself_refuses_a_late_conflict(db, office, formed):
    from reviewapp.cycles import operations
    from reviewapp.errors import Refused

    cycle, steel, _, experts = formed
    conflict(db, experts[0], steel)
    with pytest.raises(Refused) as refused:
        operations.advance(cycle, office)
    assert any(params.get("expert") == "王组长" and params.get("applicant") == "本溪板材示例有限公司"
               and params.get("panel") == "第一评审组" for _, params in refused.value.problems)
    db.session.rollback()
    assert stage_of(db, cycle) is Stage.PANELS


def test_art33_a_late_conflict_blocks_the_move_on_site_too(db, office, client, doc_panel):
    submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60))
    doc_panel.application.goes_onsite = True
    doc_panel.cycle.onsite_list_confirmed_at = utcnow()
    db.session.commit()
    conflict(db, doc_panel.experts[2], doc_panel.application)
    stage, page = advance(db, client, doc_panel.cycle)
    assert stage is Stage.DOCUMENT_REVIEW and "赵专家" in page


# --- Art. 17: the move out of a review dissolves its panels -------------------------------------------------

def dissolved_entries(db) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == "panel_dissolved")).all()


def test_art17_leaving_the_document_review_dissolves_its_panels(db, office, client, doc_panel):
    setup = doc_panel
    onsite_panel = seat_panel(db, setup.cycle, ONSITE, "现场评审一组", setup.experts, [])
    submitted_report(db, setup.application, setup.panel, DOC, uniform(60))
    setup.application.goes_onsite = True
    setup.cycle.onsite_list_confirmed_at = utcnow()
    db.session.commit()
    leader = setup.leader()
    assert "第一评审组" in leader.get("/").get_data(as_text=True)
    assert advance(db, client, setup.cycle)[0] is Stage.ONSITE_REVIEW
    assert db.session.get(Panel, setup.panel.id).dissolved_at is not None
    assert db.session.get(Panel, onsite_panel.id).dissolved_at is None  # the next review's panel stays
    [entry] = dissolved_entries(db)
    assert entry.object_id == str(setup.panel.id) and entry.details["name"] == "第一评审组"
    assert entry.details["stage_ended"] == "document_review" and entry.user_id == office.id
    page = client.get(f"/panels/cycles/{setup.cycle.id}/document_review").get_data(as_text=True)
    assert f"/panels/{setup.panel.id}/dissolve" not in page
    assert "第一评审组" not in leader.get("/").get_data(as_text=True)
    assert leader.get(f"/reviews/{setup.application.id}/document_review").status_code == 404
    assert leader.get(f"/reviews/{setup.application.id}/document_review/report").status_code == 404


def test_art17_art20_the_on_site_panels_stay_through_the_comprehensive_evaluation(db, office, client, doc_panel):
    """Art. 17, 20: the on-site panel gives the comprehensive score, so it is dissolved only when the cycle leaves
    the comprehensive evaluation, after its comprehensive report is submitted."""
    setup = doc_panel
    setup.application.goes_onsite = True
    setup.cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    onsite_panel = seat_panel(db, setup.cycle, ONSITE, "现场评审一组", setup.experts, [setup.application])
    submitted_report(db, setup.application, setup.panel, DOC, uniform(60))
    submitted_report(db, setup.application, onsite_panel, ONSITE, uniform(70))
    assert advance(db, client, setup.cycle)[0] is Stage.COMPREHENSIVE_EVALUATION
    assert db.session.get(Panel, onsite_panel.id).dissolved_at is None and dissolved_entries(db) == []
    leader = setup.leader()
    assert "现场评审一组" in leader.get("/").get_data(as_text=True)  # its members keep seeing their applicants
    assert leader.get(f"/reviews/{setup.application.id}/comprehensive").status_code == 200
    # the candidate list waits for the panel's comprehensive report (Art. 20)
    setup.cycle.candidates_proposed_at = utcnow()
    db.session.add(GroupDecision(cycle_id=setup.cycle.id, decided_on=date(2026, 11, 20), meeting_reference="第3次会议"))
    db.session.commit()
    stage, page = advance(db, client, setup.cycle)
    assert stage is Stage.COMPREHENSIVE_EVALUATION and "综合评价报告" in page
    submitted_comprehensive(db, setup.application, onsite_panel, 600, 700)
    assert advance(db, client, setup.cycle)[0] is Stage.PROPOSED_NOTICE
    assert db.session.get(Panel, onsite_panel.id).dissolved_at is not None
    assert [e.details["stage_ended"] for e in dissolved_entries(db)] == ["onsite_review"]
    assert leader.get(f"/reviews/{setup.application.id}/comprehensive").status_code == 404
    # the ranking reads the dissolved panel's reports (Art. 20)
    assert "本溪板材示例有限公司" in client.get(f"/reviews/cycles/{setup.cycle.id}/ranking").get_data(as_text=True)


def test_art17_a_refused_move_dissolves_nothing(db, office, client, doc_panel):
    assert advance(db, client, doc_panel.cycle)[0] is Stage.DOCUMENT_REVIEW  # no report, no on-site list
    assert db.session.get(Panel, doc_panel.panel.id).dissolved_at is None and dissolved_entries(db) == []

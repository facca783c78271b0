"""The panel's comprehensive evaluation (Art. 17, 20): the on-site panel's leader confirms or adjusts the proposed
combined score with a justification, edits the consolidated report and submits it; only the leader may; the
office reopens it; the ranking and the candidate list use the panel's score; a conflicted expert never sees it
(Art. 33)."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ComprehensiveReport,
    Panel,
    PanelStage,
    Relation,
    RelationSource,
    RelationType,
    ReportStatus,
    Role,
    Stage,
)
from tests.conftest import PASSWORD, audit_actions
from tests.reviews.worlds import seat_panel, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def url(setup):
    return f"/reviews/{setup.application.id}/comprehensive"


def version_on(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def save(client, setup, score, justification="", submit=False, **texts):
    page = client.get(url(setup)).get_data(as_text=True)
    data = {"version": version_on(page), "score": score, "justification": justification, "summary": "综合评价",
            **texts, ("submit_report" if submit else "save_draft"): "y"}
    return client.post(url(setup), data=data, follow_redirects=True).get_data(as_text=True)


def report_of(db, setup):
    db.session.expire_all()
    return db.session.scalar(select(ComprehensiveReport).where(
        ComprehensiveReport.application_id == setup.application.id))


def test_art20_the_leader_sees_the_proposal_and_the_consolidated_draft(db, evaluating):
    page = evaluating.leader().get(url(evaluating)).get_data(as_text=True)
    assert 'id="proposed-score">670.00' in page and 'name="score" type="text" value="670"' in page
    assert "领导作用突出" in page and "现场验证属实" in page and "对标数据仍不完整" in page
    assert report_of(db, evaluating) is None  # opening the page writes nothing


def test_art20_the_leader_confirms_the_proposal_and_submits(db, evaluating):
    page = save(evaluating.leader(), evaluating, "670.00", submit=True)
    assert "alert-danger" not in page
    report = report_of(db, evaluating)
    assert report.status is ReportStatus.SUBMITTED and report.score == Decimal("670.00") and not report.adjusted
    assert (report.document_total, report.onsite_total, report.weight_percent) == (600, 700, 30)
    assert "comprehensive_report_submitted" in audit_actions(db)


def test_art20_an_adjusted_score_needs_a_justification(db, evaluating):
    leader = evaluating.leader()
    page = save(leader, evaluating, "690", submit=True)
    assert "is-invalid" in page and report_of(db, evaluating) is None  # nothing saved
    save(leader, evaluating, "690", justification="现场核实的顾客满意度数据优于资料所述", submit=True)
    report = report_of(db, evaluating)
    assert report.score == Decimal("690.00") and report.proposed_score == Decimal("670.00") and report.adjusted
    assert report.justification.startswith("现场核实")


@pytest.mark.parametrize("typed", ["abc", "1000.5", "-3", "670.123"])
def test_art20_a_score_outside_0_to_1000_or_with_three_decimals_is_refused(db, evaluating, typed):
    page = save(evaluating.leader(), evaluating, typed, justification="理由")
    assert "is-invalid" in page and report_of(db, evaluating) is None


def test_art17_a_member_who_is_not_the_leader_cannot_give_the_score(db, evaluating):
    member = evaluating.client("member1")
    assert member.get(url(evaluating)).status_code == 404
    assert member.post(url(evaluating), data={"score": "700", "submit_report": "y"}).status_code == 404
    assert report_of(db, evaluating) is None


def test_art20_a_submitted_report_is_locked_until_the_office_reopens_it(db, evaluating, office, client):
    leader = evaluating.leader()
    save(leader, evaluating, "670", submit=True)
    report = report_of(db, evaluating)
    page = leader.post(url(evaluating), data={"version": str(report.version), "score": "600",
                                              "justification": "改", "save_draft": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert report_of(db, evaluating).score == Decimal("670.00") and "alert-danger" in page
    assert evaluating.client("member1").post(f"/reviews/comprehensive/{report.id}/reopen",
                                             data={"reason": "x"}).status_code == 403
    client.post(f"/reviews/comprehensive/{report.id}/reopen", data={"reason": "组长申请调整综合评分"})
    assert report_of(db, evaluating).status is ReportStatus.DRAFT
    assert "comprehensive_report_reopened" in audit_actions(db)
    save(leader, evaluating, "660", justification="复核后下调", submit=True)
    assert report_of(db, evaluating).score == Decimal("660.00")


def test_art20_the_report_is_written_during_the_comprehensive_evaluation_only(db, evaluating):
    evaluating.cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    page = save(evaluating.leader(), evaluating, "670")
    assert "alert-danger" in page and report_of(db, evaluating) is None


def test_art20_the_proposal_waits_for_both_reports(db, doc_panel):
    doc_panel.application.goes_onsite = True
    doc_panel.cycle.stage = Stage.COMPREHENSIVE_EVALUATION
    onsite_panel = seat_panel(db, doc_panel.cycle, ONSITE, "现场评审一组", doc_panel.experts, [doc_panel.application])
    submitted_report(db, doc_panel.application, onsite_panel, ONSITE, uniform(70))
    page = doc_panel.leader().get(url(doc_panel)).get_data(as_text=True)
    assert 'id="awaiting-reports"' in page and "comprehensive-form" not in page


def test_art20_the_report_prints_and_the_ranking_and_candidates_use_the_panels_score(db, evaluating, office, client):
    leader = evaluating.leader()
    save(leader, evaluating, "690", justification="现场核实的数据更好", submit=True)
    report = report_of(db, evaluating)
    printed = leader.get(f"/reviews/comprehensive/{report.id}").get_data(as_text=True)
    assert "690.00" in printed and "670.00" in printed and "现场核实的数据更好" in printed
    pdf = client.get(f"/reviews/comprehensive/{report.id}?format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    ranking = client.get(f"/reviews/cycles/{evaluating.cycle.id}/ranking").get_data(as_text=True)
    assert "<strong>690.00</strong>" in ranking and "proposed-score" in ranking and "670.00" in ranking
    overview = client.get(f"/reviews/cycles/{evaluating.cycle.id}").get_data(as_text=True)
    assert f"/reviews/comprehensive/{report.id}/reopen" in overview


def test_art20_the_candidate_list_waits_for_the_panels_comprehensive_reports(db, evaluating, office, client):
    data = {f"level-{evaluating.application.id}": "award", "submit": "y"}
    page = client.post(f"/reviews/cycles/{evaluating.cycle.id}/ranking", data=data,
                       follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page and evaluating.cycle.candidates_proposed_at is None
    save(evaluating.leader(), evaluating, "670", submit=True)
    client.post(f"/reviews/cycles/{evaluating.cycle.id}/ranking", data=data)
    db.session.expire_all()
    assert evaluating.cycle.candidates_proposed_at is not None


def test_art17_the_office_dissolves_the_on_site_panel_only_after_its_comprehensive_report(db, evaluating, office,
                                                                                          client):
    panel = evaluating.onsite_panel
    client.post(f"/panels/{panel.id}/dissolve", data={"version": str(panel.version)})
    db.session.expire_all()
    assert db.session.get(Panel, panel.id).dissolved_at is None
    save(evaluating.leader(), evaluating, "670", submit=True)
    client.post(f"/panels/{panel.id}/dissolve", data={"version": str(db.session.get(Panel, panel.id).version)})
    db.session.expire_all()
    assert db.session.get(Panel, panel.id).dissolved_at is not None


def test_art33_a_conflicted_expert_never_sees_the_comprehensive_report(db, evaluating):
    save(evaluating.leader(), evaluating, "670", submit=True)
    report = report_of(db, evaluating)
    leader = evaluating.experts[0]
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=leader.person_id,
                            to_org_id=evaluating.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    client = evaluating.leader()
    assert client.get(url(evaluating)).status_code == 404
    assert client.get(f"/reviews/comprehensive/{report.id}").status_code in (403, 404)


def test_art20_the_leading_group_reads_the_panels_score_with_the_proposal_beside_it(db, evaluating, office, client,
                                                                                    make_user, app):
    save(evaluating.leader(), evaluating, "690", justification="现场核实的数据更好", submit=True)
    client.post(f"/reviews/cycles/{evaluating.cycle.id}/ranking",
                data={f"level-{evaluating.application.id}": "award", "submit": "y"})
    make_user("member", Role.LEADING_GROUP)
    group = app.test_client()
    group.post("/auth/login", data={"username": "member", "password": PASSWORD})
    page = group.get(f"/leading/cycles/{evaluating.cycle.id}").get_data(as_text=True)
    assert "<strong>690.00</strong>" in page and "proposed-score" in page and "670.00" in page

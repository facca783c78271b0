"""The comprehensive evaluation (Art. 20): combined scores with their parts, the ranking with a separate line for
applicants not sent on site, and the candidate list checked as a whole against the quotas (no minimum score unless
the cycle sets one: tests/leading/test_thresholds.py), vacancy (Art. 4) and the repeat-winner and past-nominee rules
(Art. 12)."""
from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    AwardRecord,
    Candidate,
    Cycle,
    GroupDecision,
    PanelReport,
    PanelStage,
    Role,
    Stage,
)
from tests.conftest import PASSWORD, audit_actions
from tests.reviews.worlds import seat_panel, submitted_comprehensive, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def evaluated(db, make_cycle, make_application, make_org):
    """A: 800 / 900 -> 870; B: 700 / 600 -> 630; C: 500 / 550 -> 535; D: 650 on paper only. The on-site panel has
    confirmed each proposal in its comprehensive evaluation report (Art. 20)."""
    cycle = make_cycle(stage=Stage.COMPREHENSIVE_EVALUATION)
    doc_panel = seat_panel(db, cycle, DOC, "资料评审组", [], [])
    onsite_panel = seat_panel(db, cycle, ONSITE, "现场评审组", [], [])
    apps = {}
    for key, name, doc, onsite in (("A", "甲钢铁有限公司", 80, 90), ("B", "乙药业有限公司", 70, 60),
                                   ("C", "丙机械有限公司", 50, 55), ("D", "丁食品有限公司", 65, None)):
        application = make_application(cycle, make_org(name), status=ApplicationStatus.ACCEPTED)
        application.goes_onsite = onsite is not None
        submitted_report(db, application, doc_panel, DOC, uniform(doc), recommend=onsite is not None)
        if onsite is not None:
            submitted_report(db, application, onsite_panel, ONSITE, uniform(onsite))
            submitted_comprehensive(db, application, onsite_panel, doc * 10, onsite * 10)
        apps[key] = application
    db.session.commit()
    return cycle, apps


def propose(client, cycle, reasons=None, **levels):
    data = {f"level-{application.id}": level for application, level in levels.values()}
    data.update({f"reason-{application.id}": text for application, text in (reasons or {}).items()})
    return client.post(f"/reviews/cycles/{cycle.id}/ranking", data={**data, "submit": "y"}, follow_redirects=True)


def candidates(db, cycle):
    db.session.expire_all()
    return {c.application_id: c.level
            for c in db.session.scalars(select(Candidate).where(Candidate.cycle_id == cycle.id))}


def test_art20_combined_scores_rank_the_applicants_with_their_parts(db, evaluated, office, client):
    cycle, apps = evaluated
    page = client.get(f"/reviews/cycles/{cycle.id}/ranking").get_data(as_text=True)
    assert "870.00" in page and "630.00" in page and "535.00" in page
    onsite_line, document_line = page.split('id="ranking-onsite"')[1].split('id="ranking-document"')
    assert onsite_line.index("甲钢铁") < onsite_line.index("乙药业") < onsite_line.index("丙机械")
    assert "丁食品" in document_line and "丁食品" not in onsite_line
    assert "<svg" in page  # the category profiles


def test_art19_an_applicant_sent_on_site_whose_report_is_not_in_is_not_called_not_sent(db, evaluated, office,
                                                                                       client):
    cycle, apps = evaluated
    db.session.delete(db.session.scalar(select(PanelReport).where(
        PanelReport.application_id == apps["C"].id, PanelReport.stage == ONSITE)))
    cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    page = client.get(f"/reviews/cycles/{cycle.id}/ranking").get_data(as_text=True)
    awaiting = page.split('id="ranking-awaiting"')[1].split('id="ranking-document"')[0]
    document_line = page.split('id="ranking-document"')[1].split("</table>")[0]
    assert "丙机械" in awaiting and "丙机械" not in document_line and "丁食品" in document_line
    assert "现场评审报告尚未提交" in page


def test_art20_a_valid_list_is_stored_as_a_whole(db, evaluated, office, client):
    cycle, apps = evaluated
    propose(client, cycle, a=(apps["A"], "award"), b=(apps["B"], "nomination"), c=(apps["C"], "nomination"))
    assert candidates(db, cycle) == {apps["A"].id: AwardKind.AWARD, apps["B"].id: AwardKind.NOMINATION,
                                     apps["C"].id: AwardKind.NOMINATION}
    stored = db.session.scalar(select(Candidate).where(Candidate.application_id == apps["A"].id))
    assert stored.combined_score == Decimal("870.00")
    assert db.session.get(Cycle, cycle.id).candidates_proposed_at is not None
    assert "candidates_proposed" in audit_actions(db)
    propose(client, cycle, a=(apps["A"], "award"))  # replaced as a whole
    assert candidates(db, cycle) == {apps["A"].id: AwardKind.AWARD}


def test_art4_the_awards_may_stay_vacant(db, evaluated, office, client):
    cycle, _ = evaluated
    page = propose(client, cycle).get_data(as_text=True)
    assert "alert-success" in page and candidates(db, cycle) == {}
    assert db.session.get(Cycle, cycle.id).candidates_proposed_at is not None


def test_art20_no_minimum_score_by_default_a_low_score_may_be_proposed(db, evaluated, office, client):
    cycle, apps = evaluated
    page = propose(client, cycle, {apps["B"]: "乙药业近期质量投诉待核查"}, a=(apps["A"], "award"),
                   c=(apps["C"], "award")).get_data(as_text=True)  # C: 535, the text sets no minimum
    assert "alert-success" in page and candidates(db, cycle)[apps["C"].id] is AwardKind.AWARD


def test_art20_an_applicant_not_sent_on_site_cannot_be_proposed(db, evaluated, office, client):
    cycle, apps = evaluated
    page = propose(client, cycle, d=(apps["D"], "nomination")).get_data(as_text=True)
    assert "丁食品" in page and "alert-danger" in page and candidates(db, cycle) == {}


def test_art4_more_awards_than_the_quota_are_refused(db, evaluated, office, client):
    cycle, apps = evaluated
    cycle.award_quota = 1
    db.session.commit()
    page = propose(client, cycle, a=(apps["A"], "award"), b=(apps["B"], "award")).get_data(as_text=True)
    assert "alert-danger" in page and candidates(db, cycle) == {}


def test_art12_a_repeat_winner_takes_no_quota_place(db, evaluated, office, client):
    cycle, apps = evaluated
    cycle.award_quota = 1
    db.session.add(AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.AWARD,
                               awarded_on=date(2019, 12, 1), cycle_name="第三届"))
    db.session.commit()
    propose(client, cycle, a=(apps["A"], "award"), b=(apps["B"], "award"))
    assert candidates(db, cycle) == {apps["A"].id: AwardKind.AWARD, apps["B"].id: AwardKind.AWARD}
    assert db.session.scalar(select(Candidate.repeat_winner).where(Candidate.application_id == apps["A"].id))


def test_art12_a_past_nominee_is_not_proposed_for_the_nomination_again(db, evaluated, office, client):
    cycle, apps = evaluated
    db.session.add(AwardRecord(organization_id=apps["B"].organization_id, kind=AwardKind.NOMINATION,
                               awarded_on=date(2022, 12, 1), cycle_name="第六届"))
    db.session.commit()
    page = propose(client, cycle, b=(apps["B"], "nomination")).get_data(as_text=True)
    assert "乙药业" in page and "alert-danger" in page and candidates(db, cycle) == {}
    propose(client, cycle, reasons={apps["A"]: "甲钢铁存在未整改的质量投诉"},
            b=(apps["B"], "award"))  # still for the award
    assert candidates(db, cycle) == {apps["B"].id: AwardKind.AWARD}


def test_art20_passing_over_a_higher_ranked_applicant_needs_a_reason_the_group_reads(db, evaluated, office, client,
                                                                                      make_user, app):
    cycle, apps = evaluated
    page = propose(client, cycle, b=(apps["B"], "award")).get_data(as_text=True)  # A, ranked first, is left out
    assert "alert-danger" in page and "甲钢铁有限公司" in page and "写明" in page and candidates(db, cycle) == {}
    propose(client, cycle, reasons={apps["A"]: "甲钢铁近期发生质量事故，正在核查"}, b=(apps["B"], "award"))
    assert candidates(db, cycle) == {apps["B"].id: AwardKind.AWARD}
    assert db.session.get(Cycle, cycle.id).passed_over == {str(apps["A"].id): "甲钢铁近期发生质量事故，正在核查"}
    make_user("member", Role.LEADING_GROUP)
    group = app.test_client()
    group.post("/auth/login", data={"username": "member", "password": PASSWORD})
    assert "甲钢铁近期发生质量事故，正在核查" in group.get(f"/leading/cycles/{cycle.id}").get_data(as_text=True)
    page = propose(client, cycle, a=(apps["A"], "award"), b=(apps["B"], "award")).get_data(as_text=True)
    assert "alert-success" in page  # the list follows the ranking again
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).passed_over == {}


def test_art20_candidates_are_proposed_in_the_comprehensive_evaluation_only(db, evaluated, office, client):
    cycle, apps = evaluated
    cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    assert "alert-danger" in propose(client, cycle, a=(apps["A"], "award")).get_data(as_text=True)
    assert candidates(db, cycle) == {}


def test_art20_the_proposed_notice_waits_for_the_candidate_list_and_the_groups_decision(db, evaluated, office, client):
    cycle, apps = evaluated

    def advance():
        client.post(f"/cycles/{cycle.id}/advance", data={"version": str(db.session.get(Cycle, cycle.id).version)})
        db.session.expire_all()
        return db.session.get(Cycle, cycle.id).stage

    assert advance() is Stage.COMPREHENSIVE_EVALUATION
    propose(client, cycle, a=(apps["A"], "award"))
    assert advance() is Stage.COMPREHENSIVE_EVALUATION  # the leading group has not decided yet
    db.session.add(GroupDecision(cycle_id=cycle.id, decided_on=date(2026, 11, 25), meeting_reference="第3次会议"))
    db.session.commit()
    assert advance() is Stage.PROPOSED_NOTICE


def test_the_comprehensive_report_prints_and_is_the_offices(db, evaluated, office, client, make_user):
    cycle, _ = evaluated
    page = client.get(f"/reviews/cycles/{cycle.id}/ranking/report").get_data(as_text=True)
    assert "综合评价报告" in page or "Comprehensive evaluation report" in page
    assert "甲钢铁有限公司" in page and "870.00" in page
    pdf = client.get(f"/reviews/cycles/{cycle.id}/ranking/report?format=pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data)  # the fixed column widths (issue 19) lose nothing: every name and score is printed
    assert all(name in text for name in ("甲钢铁有限公司", "乙药业有限公司", "丙机械有限公司", "丁食品有限公司"))
    assert "870.00" in text and "4.7" in text
    make_user("expert1", Role.EXPERT)
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": "expert1", "password": PASSWORD})
    assert client.get(f"/reviews/cycles/{cycle.id}/ranking").status_code == 403
    assert client.get(f"/reviews/cycles/{cycle.id}/ranking/report?format=pdf").status_code == 403


def test_art20_the_ranking_exports_as_a_spreadsheet(db, evaluated, office, client):
    from io import BytesIO

    from openpyxl import load_workbook

    cycle, apps = evaluated
    response = client.get(f"/reviews/cycles/{cycle.id}/ranking.xlsx")
    assert response.status_code == 200 and "filename*=UTF-8''" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[1] for row in rows] == ["甲钢铁有限公司", "乙药业有限公司", "丙机械有限公司", "丁食品有限公司"]
    assert rows[0][3] == 1 and float(rows[0][6]) == 870.0 and rows[3][6] is None
    # Art. 20 sets no weights: the cycle's setting is in the heading of the combined score
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headings[6] == "综合得分（资料评审 30%，现场评审 70%）"
    assert headings[7] == "评审组调整前的系统建议分" and headings[10] == "低于最低分仍提名的理由"
    assert "ranking_exported" in audit_actions(db)


def test_art26_the_feedback_report_gives_strengths_and_opportunities_without_names(db, evaluated, office, client):
    cycle, apps = evaluated
    report = db.session.scalar(select(PanelReport).where(PanelReport.application_id == apps["A"].id,
                                                         PanelReport.stage == DOC))
    report.strengths, report.opportunities = {"4.1": "领导作用突出"}, {"4.7": "缺少对标数据"}
    db.session.commit()
    page = client.get(f"/reviews/applications/{apps['A'].id}/feedback").get_data(as_text=True)
    assert "甲钢铁有限公司" in page and "领导作用突出" in page and "缺少对标数据" in page and "<svg" in page
    assert "资料评审组" not in page  # no panel, no reviewer names
    pdf = client.get(f"/reviews/applications/{apps['A'].id}/feedback?format=pdf")
    assert pdf.data.startswith(b"%PDF")

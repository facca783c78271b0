"""The leader's consolidation and report (组长负责制, Art. 18, 19), the office's exception and reopening, and the
rule that scores of a member excluded for a late conflict (Art. 33) never enter an aggregate."""
import re
from datetime import UTC, datetime

from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import PanelReport, PanelStage, Relation, RelationSource, RelationType, ReportStatus, Role, User
from reviewapp.permissions import may_read_report
from tests.conftest import audit_actions, version_in
from tests.reviews.worlds import ITEMS, submit_sheet, submitted_report, uniform

DOC = PanelStage.DOCUMENT_REVIEW


def url(setup, stage="document_review"):
    return f"/reviews/{setup.application.id}/{stage}/report"


def report_of(db, setup):
    db.session.expire_all()
    return db.session.scalar(select(PanelReport).where(PanelReport.application_id == setup.application.id))


def opened(leader, setup) -> int:
    """Open the report as the leader does; the version the page carries."""
    page = leader.get(url(setup))
    assert page.status_code == 200
    return version_in(page.get_data(as_text=True))


def consensus_shown(page: str, code: str) -> int | None:
    """The percentage the page has chosen in the consensus menu of an item."""
    menu = page.split(f'name="cons-{code}"')[1].split("</select>")[0]
    chosen = re.search(r'<option value="(\d+)" selected', menu)
    return int(chosen.group(1)) if chosen else None


def form_data(version: int, consensus: dict, submit=False, recommend="yes", **extra):
    data = {f"cons-{code}": str(value) for code, value in consensus.items()}
    data.update({"version": str(version), "recommend": recommend, "summary": "整体较好", **extra})
    data["submit_report" if submit else "save_draft"] = "y"
    return data


def all_submitted(db, setup, values=(60, 70, 65)):
    for expert, value in zip(setup.experts, values):
        submit_sheet(db, setup.application, expert, DOC, uniform(value), comment=f"{value} 分意见",
                     strengths={"4.1.2": f"优势{value}"})


def test_art18_the_leader_sees_members_by_items_with_spread_flags_and_the_median(db, doc_panel):
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, {**uniform(60), "4.1.2": 30},
                 comment="60 分意见")
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], DOC, {**uniform(70), "4.1.2": 80})
    submit_sheet(db, doc_panel.application, doc_panel.experts[2], DOC, uniform(65))
    page = doc_panel.leader().get(url(doc_panel)).get_data(as_text=True)
    assert "王组长" in page and "李专家" in page and "赵专家" in page
    # 4.1.2: 30, 80, 65 -> spread 50 > 30: flagged; the others spread 10
    assert page.count('class="table-warning flagged"') == 1 \
        and 'data-item="4.1.2" class="table-warning flagged"' in page
    assert consensus_shown(page, "4.1.2") == 65 and consensus_shown(page, "4.1.3") == 65  # the medians
    assert report_of(db, doc_panel) is None  # opening the page writes nothing
    assert "60 分意见" in page  # members' comments side by side


def test_art17_only_the_panel_leader_opens_the_consolidation(db, doc_panel, make_user, office, client):
    assert doc_panel.client("member1").get(url(doc_panel)).status_code == 404
    make_user("outsider", Role.EXPERT)
    assert doc_panel.client("outsider").get(url(doc_panel)).status_code == 404
    assert client.get(url(doc_panel)).status_code == 403
    assert doc_panel.leader().get(url(doc_panel, "onsite_review")).status_code == 404


def test_art18_the_report_needs_every_members_sheet(db, doc_panel):
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, uniform(60))
    leader = doc_panel.leader()
    page = leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), uniform(60), submit=True),
                       follow_redirects=True).get_data(as_text=True)
    assert "李专家" in page and "赵专家" in page and "alert-danger" in page
    report = report_of(db, doc_panel)
    assert report.status is ReportStatus.DRAFT and report.summary == "整体较好"  # the draft is kept


def test_art18_the_offices_recorded_exception_lets_the_report_go(db, doc_panel, office, client):
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, uniform(60))
    leader = doc_panel.leader()
    waive = f"/reviews/{doc_panel.application.id}/document_review/waive"
    assert client.post(waive, data={"reason": ""}).status_code == 302
    assert report_of(db, doc_panel) is None
    client.post(waive, data={"reason": "两位专家因病无法完成"})  # before the leader saved anything
    report = report_of(db, doc_panel)
    assert report.waiver_reason == "两位专家因病无法完成" and "panel_report_waiver" in audit_actions(db)
    leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), uniform(60), submit=True))
    report = report_of(db, doc_panel)
    assert report.status is ReportStatus.SUBMITTED and report.recommend is True
    assert "panel_report_submitted" in audit_actions(db)


def test_art18_a_consensus_outside_the_members_range_needs_a_justification(db, doc_panel):
    all_submitted(db, doc_panel)  # 60, 70, 65 on every item
    leader = doc_panel.leader()
    page = leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), {**uniform(65), "4.2.2": 90},
                                                      submit=True), follow_redirects=True).get_data(as_text=True)
    assert "4.2.2" in page and report_of(db, doc_panel).status is ReportStatus.DRAFT
    leader.post(url(doc_panel), data=form_data(version_in(page), {**uniform(65), "4.2.2": 90}, submit=True,
                                               **{"just-4.2.2": "现场材料补充证明战略部署充分"}))
    report = report_of(db, doc_panel)
    assert report.status is ReportStatus.SUBMITTED and report.justifications == {
        "4.2.2": "现场材料补充证明战略部署充分"}


def test_art18_every_item_needs_a_consensus_and_the_recommendation(db, doc_panel):
    all_submitted(db, doc_panel)
    leader = doc_panel.leader()
    consensus = {code: 65 for code in ITEMS[1:]}
    data = form_data(opened(leader, doc_panel), consensus, submit=True, recommend="")
    data[f"cons-{ITEMS[0]}"] = ""
    page = leader.post(url(doc_panel), data=data, follow_redirects=True).get_data(as_text=True)
    assert ITEMS[0] in page and report_of(db, doc_panel).status is ReportStatus.DRAFT


def test_art5_consensus_percentages_in_steps_of_five_only(db, doc_panel):
    leader = doc_panel.leader()
    page = leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), {"4.1.2": 62}),
                       follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page and report_of(db, doc_panel) is None


def test_art33_a_late_conflict_excludes_the_members_scores_from_every_aggregate(db, doc_panel):
    all_submitted(db, doc_panel, values=(60, 100, 70))
    conflicted = doc_panel.experts[1]
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=conflicted.person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    page = doc_panel.leader().get(url(doc_panel)).get_data(as_text=True)
    assert consensus_shown(page, "4.1.2") == 65  # median of 60 and 70, not of 60, 70 and 100
    assert "excluded-note" in page and "R1" in page and "table-warning flagged" not in page  # spread 10, not 40


def test_art18_a_submitted_report_is_locked_until_the_office_reopens_it(db, doc_panel, office, client):
    all_submitted(db, doc_panel)
    leader = doc_panel.leader()
    leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), uniform(65), submit=True))
    report = report_of(db, doc_panel)
    assert report.status is ReportStatus.SUBMITTED
    page = leader.post(url(doc_panel), data=form_data(report.version, uniform(70)), follow_redirects=True
                       ).get_data(as_text=True)
    assert "alert-danger" in page and report_of(db, doc_panel).consensus["4.1.2"] == 65
    assert doc_panel.client("member1").post(f"/reviews/reports/{report.id}/reopen",
                                            data={"reason": "x"}).status_code == 403
    client.post(f"/reviews/reports/{report.id}/reopen", data={"reason": "组长申请修改 4.1.2 共识"})
    assert report_of(db, doc_panel).status is ReportStatus.DRAFT
    assert "panel_report_reopened" in audit_actions(db)


def test_a_stale_report_save_is_refused_not_merged(db, doc_panel):
    leader = doc_panel.leader()
    opened_at = opened(leader, doc_panel)
    leader.post(url(doc_panel), data=form_data(opened_at, {"4.1.2": 70}))
    page = leader.post(url(doc_panel), data=form_data(opened_at, {"4.1.2": 40}), follow_redirects=True
                       ).get_data(as_text=True)
    assert "alert-danger" in page and report_of(db, doc_panel).consensus["4.1.2"] == 70


def test_the_report_prints_as_a_page_and_a_pdf_for_the_office_and_the_leader_only(db, doc_panel, office, client):
    all_submitted(db, doc_panel)
    leader = doc_panel.leader()
    leader.post(url(doc_panel), data=form_data(opened(leader, doc_panel), uniform(65)))
    report = report_of(db, doc_panel)
    page = client.get(f"/reviews/reports/{report.id}").get_data(as_text=True)
    assert "资料评审报告" in page and "本溪板材示例有限公司" in page and "第一评审组" in page and "王组长" in page
    signatures = page.split('class="signatures"')[1]
    assert all(name in signatures for name in ("王组长", "李专家", "赵专家")) and "优势" in page  # each member signs
    pdf = client.get(f"/reviews/reports/{report.id}?format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert leader.get(f"/reviews/reports/{report.id}").status_code == 200
    assert doc_panel.client("member1").get(f"/reviews/reports/{report.id}").status_code == 404


def test_dates_the_printed_report_is_dated_by_the_day_in_benxi_at_the_midnight_boundary(db, doc_panel, office, client):
    """Signed at 07:04 on 7 December in Benxi, which is 23:04 UTC on the 6th: the report says 7 December (issue 15,
    item 11: every date a person sees is Benxi's). One minute before Benxi's midnight it is still the 6th."""
    report = submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60))
    report.submitted_at = datetime(2026, 12, 6, 23, 4, tzinfo=UTC)
    db.session.commit()
    page = client.get(f"/reviews/reports/{report.id}").get_data(as_text=True)
    assert "2026年12月7日" in page and "2026年12月6日" not in page
    report.submitted_at = datetime(2026, 12, 6, 15, 59, tzinfo=UTC)  # 23:59 in Benxi
    db.session.commit()
    page = client.get(f"/reviews/reports/{report.id}").get_data(as_text=True)
    assert "2026年12月6日" in page and "2026年12月7日" not in page


def test_art20_may_read_report_is_the_office_and_the_panels_leader_not_a_member(db, doc_panel, office):
    """The predicate the report's page asks (the leading group's reading is tested with its blinding, in leading)."""
    report = submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60))
    leader, member = (db.session.scalar(select(User).where(User.username == name)) for name in ("leader", "member1"))
    assert may_read_report(office, report) and may_read_report(leader, report)
    assert not may_read_report(member, report)

def test_the_office_sees_each_applicants_progress(db, doc_panel, office, client):
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, uniform(60))
    page = client.get(f"/reviews/cycles/{doc_panel.cycle.id}").get_data(as_text=True)
    assert "本溪板材示例有限公司" in page and "第一评审组" in page
    assert doc_panel.leader().get(f"/reviews/cycles/{doc_panel.cycle.id}").status_code == 403


def test_art18_the_office_lists_the_sheets_and_reopens_one_from_there(db, doc_panel, office, client):
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], DOC, uniform(60))
    page = client.get(f"/reviews/applications/{doc_panel.application.id}/sheets").get_data(as_text=True)
    assert "李专家" in page and "600.00" in page and "/reopen" in page
    sheet_id = int(page.split('data-sheet="')[1].split('"')[0])
    response = client.post(f"/reviews/sheets/{sheet_id}/reopen", data={"reason": "专家申请更正"})
    assert response.headers["Location"].endswith(f"/reviews/applications/{doc_panel.application.id}/sheets")
    assert "score_sheet_reopened" in audit_actions(db)
    assert doc_panel.leader().get(f"/reviews/applications/{doc_panel.application.id}/sheets").status_code == 403


def test_art18_the_suggested_consensus_follows_sheets_submitted_after_the_leader_first_looked(db, doc_panel):
    """The medians are not frozen by an early look: until the leader saves, they follow the sheets counted now."""
    leader = doc_panel.leader()
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, uniform(80))
    assert consensus_shown(leader.get(url(doc_panel)).get_data(as_text=True), "4.1.3") == 80
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], DOC, uniform(50))
    submit_sheet(db, doc_panel.application, doc_panel.experts[2], DOC, uniform(60))
    assert consensus_shown(leader.get(url(doc_panel)).get_data(as_text=True), "4.1.3") == 60

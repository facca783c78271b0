"""From the document review to the site (Art. 18, 19): the office's on-site list, on-site panels only for that list,
the visit plan, the issues drawn from the document-review report and settled on site, and the on-site report
that cannot go while an issue is open. The cycle's stage moves only when the reports are in."""
from datetime import UTC, datetime

from sqlalchemy import select

from reviewapp.models import (
    Cycle,
    PanelReport,
    PanelStage,
    ReportStatus,
    SiteIssue,
    SiteIssueResolution,
    SiteVisit,
    Stage,
)
from reviewapp.panels.checks import check_applicant
from tests.conftest import audit_actions, version_in
from tests.reviews.worlds import seat_panel, submit_sheet, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def onsite_list(client, setup, go: bool, note=""):
    data = {f"note-{setup.application.id}": note, "submit": "y"}
    if go:
        data[f"go-{setup.application.id}"] = "yes"
    return client.post(f"/reviews/cycles/{setup.cycle.id}/onsite-list", data=data, follow_redirects=True)


def test_art18_the_on_site_list_waits_for_every_document_report(db, doc_panel, office, client):
    page = onsite_list(client, doc_panel, go=True).get_data(as_text=True)
    assert "本溪板材示例有限公司" in page and "alert-danger" in page
    db.session.expire_all()
    assert doc_panel.application.goes_onsite is None and doc_panel.cycle.onsite_list_confirmed_at is None


def test_art18_departing_from_the_panels_recommendation_needs_a_note(db, doc_panel, office, client):
    submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60), recommend=True)
    assert "alert-danger" in onsite_list(client, doc_panel, go=False).get_data(as_text=True)
    db.session.expire_all()
    assert doc_panel.application.goes_onsite is None
    onsite_list(client, doc_panel, go=False, note="材料与现场情况已有专项核查")
    db.session.expire_all()
    assert doc_panel.application.goes_onsite is False and doc_panel.application.onsite_note
    assert doc_panel.cycle.onsite_list_confirmed_at is not None and "onsite_list_confirmed" in audit_actions(db)


def test_art18_the_list_is_confirmed_in_the_document_review_only(db, doc_panel, office, client):
    submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60))
    doc_panel.cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    assert "alert-danger" in onsite_list(client, doc_panel, go=True).get_data(as_text=True)
    db.session.expire_all()
    assert doc_panel.application.goes_onsite is None


def test_the_on_site_list_is_the_offices(db, doc_panel):
    assert doc_panel.leader().get(f"/reviews/cycles/{doc_panel.cycle.id}/onsite-list").status_code == 403


def test_art18_only_the_confirmed_list_goes_on_an_on_site_panel(db, doc_panel):
    panel = seat_panel(db, doc_panel.cycle, ONSITE, "现场评审一组", doc_panel.experts, [])
    verdict = check_applicant(panel, doc_panel.application)
    assert not verdict.ok and "Art. 18" in verdict.refusals[0][0]
    doc_panel.application.goes_onsite = True
    db.session.commit()
    assert check_applicant(panel, doc_panel.application).ok


def test_art18_the_cycle_moves_on_site_only_with_the_reports_and_the_list(db, doc_panel, office, client):
    def advance():
        client.post(f"/cycles/{doc_panel.cycle.id}/advance", data={"version": str(doc_panel.cycle.version)})
        db.session.expire_all()
        return db.session.get(Cycle, doc_panel.cycle.id).stage

    assert advance() is Stage.DOCUMENT_REVIEW
    submitted_report(db, doc_panel.application, doc_panel.panel, DOC, uniform(60))
    assert advance() is Stage.DOCUMENT_REVIEW  # the list is not confirmed yet
    onsite_list(client, doc_panel, go=True)
    assert advance() is Stage.ONSITE_REVIEW


def onsite_setup(db, setup):
    """The applicant sent on site, the same three experts on the on-site panel, the document report with texts."""
    setup.application.goes_onsite = True
    setup.cycle.stage = Stage.ONSITE_REVIEW
    submitted_report(db, setup.application, setup.panel, DOC, uniform(60),
                     strengths={"4.1": "领导作用突出\n文化建设扎实\n领导作用突出"},
                     opportunities={"4.7": "缺少对标数据"})
    return seat_panel(db, setup.cycle, ONSITE, "现场评审一组", setup.experts, [setup.application])


def plan(client, setup, **extra):
    data = {"visit_date": "2026-12-03", "place": "本溪市平山区示例路 1 号", "agenda": "上午：座谈；下午：现场查看",
            "present": [str(e.id) for e in setup.experts[:2]], **extra}
    return client.post(f"/reviews/{setup.application.id}/onsite_review/visit", data=data, follow_redirects=True)


def test_art19_the_visit_plan_draws_its_issues_from_the_document_report(db, doc_panel):
    onsite_setup(db, doc_panel)
    leader = doc_panel.leader()
    page = plan(leader, doc_panel).get_data(as_text=True)
    assert "alert-success" in page
    visit = db.session.scalar(select(SiteVisit))
    assert visit.place.startswith("本溪市") and visit.members_present == sorted(e.id for e in doc_panel.experts[:2])
    issues = sorted((i.kind.value, i.category_code, i.text) for i in visit.issues)  # a repeated line once
    assert issues == [("clarify_opportunity", "4.7", "缺少对标数据"), ("verify_strength", "4.1", "文化建设扎实"),
                      ("verify_strength", "4.1", "领导作用突出")]
    assert "site_visit_planned" in audit_actions(db)


def test_art19_the_visit_is_not_dated_before_the_on_site_list_nor_years_ahead(db, doc_panel, today):
    onsite_setup(db, doc_panel)
    doc_panel.cycle.onsite_list_confirmed_at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    db.session.commit()
    leader = doc_panel.leader()
    for day, refusal in (("2026-11-19", "2026-11-20"), ("2028-01-10", "2028-01-10")):
        page = plan(leader, doc_panel, visit_date=day).get_data(as_text=True)
        assert "alert-danger" in page and refusal in page and f'value="{day}"' in page  # the form keeps the entry
        assert db.session.scalar(select(SiteVisit)) is None
    assert "alert-success" in plan(leader, doc_panel, visit_date="2026-11-20").get_data(as_text=True)


def test_art19_a_site_issue_is_settled_only_by_a_chosen_finding(db, doc_panel):
    onsite_setup(db, doc_panel)
    leader = doc_panel.leader()
    page = plan(leader, doc_panel).get_data(as_text=True)
    issue = db.session.scalar(select(SiteIssue))
    menu = page.split(f'name="resolve-{issue.id}-resolution"')[1].split("</select>")[0]
    assert menu.index('<option value="">') < menu.index('value="verified"') and "selected" not in menu  # blank shown
    leader.post(f"/reviews/issues/{issue.id}/resolve", data={f"resolve-{issue.id}-note": "看过"})
    db.session.expire_all()
    assert db.session.get(SiteIssue, issue.id).resolution is SiteIssueResolution.OPEN


def test_art19_only_the_on_site_leader_plans_the_visit(db, doc_panel, office, client):
    onsite_setup(db, doc_panel)
    assert plan(doc_panel.client("member1"), doc_panel).status_code == 404
    assert client.get(f"/reviews/{doc_panel.application.id}/onsite_review/visit").status_code == 403
    assert db.session.scalar(select(SiteVisit)) is None


def test_art19_each_issue_is_settled_with_a_note(db, doc_panel):
    onsite_setup(db, doc_panel)
    leader = doc_panel.leader()
    plan(leader, doc_panel)
    issue = db.session.scalar(select(SiteIssue).order_by(SiteIssue.id))
    prefix = f"resolve-{issue.id}-"
    page = leader.post(f"/reviews/issues/{issue.id}/resolve", data={prefix + "resolution": "verified",
                                                                     prefix + "note": ""}, follow_redirects=True)
    assert "alert-danger" in page.get_data(as_text=True)
    leader.post(f"/reviews/issues/{issue.id}/resolve", data={prefix + "resolution": "verified",
                                                              prefix + "note": "查看了文化墙与员工访谈记录"})
    db.session.expire_all()
    assert db.session.get(SiteIssue, issue.id).resolution is SiteIssueResolution.VERIFIED
    leader.post(f"/reviews/{doc_panel.application.id}/onsite_review/issues",
                data={"issue-kind": "clarify_opportunity", "issue-category": "4.5", "issue-text": "数据治理"})
    assert db.session.scalar(select(SiteIssue).where(SiteIssue.text == "数据治理")) is not None


def test_art19_the_on_site_report_waits_for_every_issue(db, doc_panel):
    onsite_setup(db, doc_panel)
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, ONSITE, uniform(70))
    leader = doc_panel.leader()
    url = f"/reviews/{doc_panel.application.id}/onsite_review/report"
    data = {**{f"cons-{c}": "70" for c in uniform(70)}, "recommend": "yes",
            "version": str(version_in(leader.get(url).get_data(as_text=True))), "submit_report": "y"}
    page = leader.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page  # no visit plan yet, so its issues cannot be settled
    db.session.expire_all()
    report = db.session.scalar(select(PanelReport).where(PanelReport.stage == ONSITE))
    assert report.status is ReportStatus.DRAFT
    plan(leader, doc_panel, visit_date="2026-11-26")  # today: the report is not dated before its visit (Art. 19)
    for issue in db.session.scalars(select(SiteIssue)):
        prefix = f"resolve-{issue.id}-"
        leader.post(f"/reviews/issues/{issue.id}/resolve", data={prefix + "resolution": "clarified",
                                                                  prefix + "note": "已澄清"})
    db.session.expire_all()
    report = db.session.get(PanelReport, report.id)
    leader.post(url, data={**data, "version": str(report.version)})
    db.session.expire_all()
    assert db.session.get(PanelReport, report.id).status is ReportStatus.SUBMITTED
    pdf = doc_panel.leader().get(f"/reviews/reports/{report.id}?format=pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_art19_the_cycle_moves_to_the_comprehensive_evaluation_with_every_on_site_report(db, doc_panel, office,
                                                                                          client):
    panel = onsite_setup(db, doc_panel)
    cycle_id = doc_panel.cycle.id

    def advance():
        cycle = db.session.get(Cycle, cycle_id)
        client.post(f"/cycles/{cycle_id}/advance", data={"version": str(cycle.version)})
        db.session.expire_all()
        return db.session.get(Cycle, cycle_id).stage

    assert advance() is Stage.ONSITE_REVIEW
    submitted_report(db, doc_panel.application, panel, ONSITE, uniform(70))
    assert advance() is Stage.COMPREHENSIVE_EVALUATION

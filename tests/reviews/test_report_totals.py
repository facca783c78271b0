"""Issue 17, the panel leader (Art. 18, 19): the consolidation shows the consensus total and each category's
subtotal, computed by the standard's summarize() as the printed report is; submitting a report asks first; the
on-site review report is not dated before its site visit."""
from datetime import UTC, date, datetime

from sqlalchemy import select

from reviewapp.domain.standard import load_standard, summarize
from reviewapp.models import PanelReport, ReportStatus, SiteIssue, SiteVisit
from tests.conftest import version_in
from tests.reviews.test_onsite import ONSITE, onsite_setup, plan
from tests.reviews.worlds import submit_sheet, uniform

CONSENSUS = {**uniform(60), "4.1.2": 80, "4.7.4": 35}


def report_url(setup, stage="document_review"):
    return f"/reviews/{setup.application.id}/{stage}/report"


def test_art18_the_consolidation_shows_the_printed_reports_total_and_subtotals(db, doc_panel):
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, doc_panel.panel.stage, CONSENSUS)
    leader = doc_panel.leader()
    version = version_in(leader.get(report_url(doc_panel)).get_data(as_text=True))
    leader.post(report_url(doc_panel), data={**{f"cons-{c}": str(v) for c, v in CONSENSUS.items()},
                                              "version": str(version), "save_draft": "y"})
    summary = summarize(load_standard(), CONSENSUS)
    page = leader.get(report_url(doc_panel)).get_data(as_text=True)
    assert f'<span id="live-total">{summary.total}</span>' in page
    for code, subtotal in summary.category_scores.items():
        assert f'data-category-total="{code}">{subtotal}<' in page
    row = page.split('data-item="4.1.2"')[1].split(">")[0]
    assert 'data-points="50" data-category="4.1"' in row  # what the live view computes from
    report = db.session.scalar(select(PanelReport))
    printed = leader.get(f"/reviews/reports/{report.id}").get_data(as_text=True)
    assert str(summary.total) in printed and all(str(s) in printed for s in summary.category_scores.values())


def test_submitting_a_report_asks_first_and_says_only_the_office_can_reopen_it(db, doc_panel):
    page = doc_panel.leader().get(report_url(doc_panel)).get_data(as_text=True)
    button = next(tag for tag in page.split("<input") if 'name="submit_report"' in tag.split(">")[0]).split(">")[0]
    assert "data-confirm=" in button and "办公室" in button


def settled_visit(db, setup, day: str):
    onsite_setup(db, setup)
    for expert in setup.experts:
        submit_sheet(db, setup.application, expert, ONSITE, uniform(70))
    leader = setup.leader()
    plan(leader, setup, visit_date=day)
    for issue in db.session.scalars(select(SiteIssue)):
        prefix = f"resolve-{issue.id}-"
        leader.post(f"/reviews/issues/{issue.id}/resolve", data={prefix + "resolution": "clarified",
                                                                  prefix + "note": "已澄清"})
    return leader


def submit_onsite(leader, setup):
    url = report_url(setup, "onsite_review")
    data = {**{f"cons-{c}": "70" for c in uniform(70)}, "recommend": "yes", "submit_report": "y",
            "version": str(version_in(leader.get(url).get_data(as_text=True)))}
    return leader.post(url, data=data, follow_redirects=True).get_data(as_text=True)


def test_art19_the_on_site_report_is_not_dated_before_its_visit(db, doc_panel, today):
    today(date(2026, 12, 2))
    leader = settled_visit(db, doc_panel, "2026-12-03")
    page = submit_onsite(leader, doc_panel)
    assert "现场评审报告的日期（2026-12-02）不能早于其现场评审日（2026-12-03）" in page
    db.session.expire_all()
    assert db.session.scalar(select(PanelReport).where(PanelReport.stage == ONSITE)).status is ReportStatus.DRAFT
    today(date(2026, 12, 3))  # on the visit day it goes
    submit_onsite(leader, doc_panel)
    db.session.expire_all()
    assert db.session.scalar(select(PanelReport).where(PanelReport.stage == ONSITE)).status is ReportStatus.SUBMITTED


def test_art19_a_visit_is_not_moved_after_its_submitted_report(db, doc_panel, today):
    today(date(2026, 12, 3))
    leader = settled_visit(db, doc_panel, "2026-12-03")
    submit_onsite(leader, doc_panel)
    report = db.session.scalar(select(PanelReport).where(PanelReport.stage == ONSITE))
    report.submitted_at = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # 16:00 in Benxi, the visit day
    db.session.commit()
    visit_page = leader.get(f"/reviews/{doc_panel.application.id}/onsite_review/visit").get_data(as_text=True)
    page = plan(leader, doc_panel, visit_date="2026-12-05", version=str(version_in(visit_page))).get_data(as_text=True)
    assert "alert-danger" in page and "现场评审报告的日期（2026-12-03）不能早于其现场评审日（2026-12-05）" in page
    db.session.expire_all()
    assert db.session.scalar(select(SiteVisit)).visit_date == date(2026, 12, 3)

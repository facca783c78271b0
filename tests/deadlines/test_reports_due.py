"""Issue 16: the leader's pages show their reports' due dates (the document-review report, Art. 18; the
comprehensive evaluation report, Art. 20), and the leader who has not submitted the comprehensive report is
reminded; once it is in, nothing."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import ComprehensiveReport, Cycle, Notification, ReportStatus, User
from reviewapp.notifications.reminders import queue_reminders
from tests.reviews import test_comprehensive
from tests.reviews.worlds import submit_sheet, uniform

save = test_comprehensive.save  # the leader saves the comprehensive report (evaluating: tests/reviews/worlds.py)


def test_the_consolidation_page_shows_the_report_s_due_date(db, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.report_due_on = date(2026, 11, 20)
    db.session.commit()
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, doc_panel.panel.stage, uniform(60))
    page = doc_panel.leader().get(f"/reviews/{doc_panel.application.id}/document_review/report")
    assert page.status_code == 200
    assert "截止：11月20日" in page.get_data(as_text=True) and "已逾期6天" in page.get_data(as_text=True)


def test_the_comprehensive_report_s_due_date_is_shown_and_reminded_until_it_is_submitted(db, evaluating, today):
    cycle = db.session.get(Cycle, evaluating.cycle.id)
    cycle.comprehensive_due_on = date(2026, 11, 27)
    db.session.commit()
    leader_client = evaluating.leader()
    page = leader_client.get(f"/reviews/{evaluating.application.id}/comprehensive").get_data(as_text=True)
    assert "截止：11月27日（还剩1天）" in page
    assert queue_reminders() == 1
    leader = db.session.scalar(select(User).where(User.username == "leader"))
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == leader.id))
    assert notice.text == "提醒：您的综合评价报告（第十届本溪市市长质量奖）将于11月27日截止"

    save(leader_client, evaluating, "670", submit=True)
    assert db.session.scalar(select(ComprehensiveReport.status)) is ReportStatus.SUBMITTED
    today(date(2026, 11, 28))
    assert queue_reminders() == 0  # done: no overdue notice
    page = leader_client.get(f"/reviews/{evaluating.application.id}/comprehensive").get_data(as_text=True)
    assert "已逾期" not in page

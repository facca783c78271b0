"""Issue 16: the office sets a cycle's deadlines on its page; they show where the work is done, with what is
overdue highlighted in words. Late work is not refused."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import AuditEntry, Cycle, PanelStage
from tests.conftest import version_in
from tests.reviews.worlds import submit_sheet, uniform

DATES = {"sheets_due_on": "2026-12-20", "report_due_on": "2026-12-24", "visit_from": "2027-01-04",
         "visit_to": "2027-01-08", "comprehensive_due_on": "2027-01-15", "group_meeting_on": "2027-01-20"}


def set_deadlines(client, cycle, **dates):
    page = client.get(f"/cycles/{cycle.id}/deadlines").get_data(as_text=True)
    return client.post(f"/cycles/{cycle.id}/deadlines", data={**dates, "version": version_in(page)})


def test_the_office_sets_the_deadlines_from_the_cycle_page_and_it_is_audited(db, office, client, make_cycle, today):
    cycle = make_cycle()
    assert f"/cycles/{cycle.id}/deadlines" in client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    answer = set_deadlines(client, cycle, **DATES)
    assert answer.status_code == 302
    db.session.expire_all()
    cycle = db.session.get(Cycle, cycle.id)
    assert cycle.sheets_due_on == date(2026, 12, 20) and cycle.visit_to == date(2027, 1, 8)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "cycle_deadlines_set"))
    assert entry.details["sheets_due_on"] == [None, "2026-12-20"]
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "截止：12月20日（还剩24天）" in page  # today is 26 November in the tests


def test_a_report_due_before_the_sheets_is_refused_and_nothing_is_written(db, office, client, make_cycle, today):
    cycle = make_cycle()
    answer = set_deadlines(client, cycle, sheets_due_on="2026-12-20", report_due_on="2026-12-19",
                           visit_from="2027-01-04", visit_to="2027-01-08")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "组长报告的截止日期不能早于专家评分表的截止日期（2026-12-20）" in page
    db.session.expire_all()
    cycle = db.session.get(Cycle, cycle.id)
    assert cycle.sheets_due_on is None and cycle.visit_from is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "cycle_deadlines_set")) is None


def test_a_visit_ending_before_it_starts_is_refused(db, office, client, make_cycle, today):
    cycle = make_cycle()
    page = set_deadlines(client, cycle, visit_from="2027-01-08", visit_to="2027-01-04").get_data(as_text=True)
    assert "现场评审的结束日期不能早于开始日期（2027-01-08）" in page
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).visit_from is None


def test_a_bad_date_is_a_field_error_not_a_500(db, office, client, make_cycle, today):
    cycle = make_cycle()
    answer = set_deadlines(client, cycle, sheets_due_on="2026-13-45", report_due_on="x" * 500)
    assert answer.status_code == 200 and "is-invalid" in answer.get_data(as_text=True)


def test_a_stale_page_is_refused(db, office, client, make_cycle, today):
    cycle = make_cycle()
    answer = client.post(f"/cycles/{cycle.id}/deadlines", data={**DATES, "version": "999"})
    assert answer.status_code == 200
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).sheets_due_on is None


def test_the_expert_sees_the_due_date_on_the_home_and_the_sheet(db, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on, cycle.report_due_on = date(2026, 11, 29), date(2026, 12, 2)
    db.session.commit()
    member = doc_panel.client("member1")
    home = member.get("/").get_data(as_text=True)
    assert "截止：11月29日（还剩3天）" in home and "即将截止" in home
    sheet = member.get(f"/reviews/{doc_panel.application.id}/document_review").get_data(as_text=True)
    assert "截止：11月29日（还剩3天）" in sheet
    leader_home = doc_panel.leader().get("/").get_data(as_text=True)
    assert "截止：12月2日（还剩6天）" in leader_home  # the leader's report


def test_overdue_work_is_highlighted_in_words_and_still_accepted(db, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on = date(2026, 11, 24)
    db.session.commit()
    member = doc_panel.client("member1")
    assert "已逾期2天" in member.get("/").get_data(as_text=True)
    sheet = member.get(f"/reviews/{doc_panel.application.id}/document_review").get_data(as_text=True)
    assert "已逾期2天" in sheet and 'id="sheet-form"' in sheet  # shown, not refused


def test_finished_work_shows_no_deadline(db, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on = date(2026, 11, 24)
    db.session.commit()
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], PanelStage.DOCUMENT_REVIEW, uniform(50))
    home = doc_panel.client("member1").get("/").get_data(as_text=True)
    assert "已逾期" not in home


def test_the_office_s_progress_page_shows_what_is_overdue(db, doc_panel, make_user, auth, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on, cycle.report_due_on = date(2026, 11, 25), date(2026, 11, 30)
    db.session.commit()
    client = doc_panel.app.test_client()
    from reviewapp.models import Role
    from tests.conftest import PASSWORD
    make_user("office2", Role.OFFICE)
    client.post("/auth/login", data={"username": "office2", "password": PASSWORD})
    page = client.get(f"/reviews/cycles/{cycle.id}").get_data(as_text=True)
    assert "已逾期1天" in page and "截止：11月30日（还剩4天）" in page


def test_the_english_page_reads_the_date_in_english(db, doc_panel, today):
    cycle = db.session.get(Cycle, doc_panel.cycle.id)
    cycle.sheets_due_on = date(2026, 11, 29)
    db.session.commit()
    member = doc_panel.client("member1")
    member.post("/auth/language", data={"locale": "en"})
    assert "Due: Nov 29 (3 days left)" in member.get("/").get_data(as_text=True)

"""The register of winners (Art. 6, 10, 26-29): the office records sharing events, use-of-funds reports, title
misuse and promotion; the leading group reads; overdue duties show on the office's home page."""
import io
from datetime import date

from sqlalchemy import func, select

from reviewapp.demo.documents import minimal_pdf
from reviewapp.models import (
    AwardKind,
    AwardRecord,
    FundsReport,
    OrgKind,
    Role,
    TitleMisuseReport,
    WinnerActivity,
)
from tests.conftest import audit_actions, counting_queries

PDF = minimal_pdf(["Use of funds 2024"])


def _activity(client, award, **fields):
    data = {"kind": "sharing", "held_on": "2026-09-18", "title": "卓越绩效管理经验交流会", "place": "本溪市会议中心",
            "audience": "全市质量管理人员120人", "promoter_id": "0", "summary": "", **fields}
    return client.post(f"/winners/{award.id}/activities", data={f"activity-{k}": v for k, v in data.items()},
                       content_type="multipart/form-data")


def _funds(client, award, year=1, received_on="2025-08-20", data=PDF, name="2024年度资金使用报告.pdf"):
    return client.post(f"/winners/{award.id}/funds-reports", content_type="multipart/form-data",
                       data={"funds-report_year": str(year), "funds-received_on": received_on, "funds-note": "",
                             "funds-attachment": (io.BytesIO(data), name)})


def test_art27_the_office_records_a_sharing_event_shown_on_the_register_and_the_public_results(
        db, office, client, auth, winner):
    response = _activity(client, winner)
    assert response.status_code == 302
    page = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    assert "卓越绩效管理经验交流会" in page and "全市质量管理人员120人" in page
    assert "winner_activity_recorded" in audit_actions(db)
    auth.logout()
    result = client.get(f"/awards/results/{winner.cycle_id}").get_data(as_text=True)
    events = result[result.index('id="sharing-events"'):]
    assert "卓越绩效管理经验交流会" in events and "本溪市会议中心" in events and "2026-09-18" in events
    assert "全市质量管理人员120人" not in result  # only title, date and place are public


def test_art27_exchange_activities_are_not_on_the_public_results(db, office, client, auth, winner):
    _activity(client, winner, kind="exchange", title="质量公益宣传周")
    auth.logout()
    assert "质量公益宣传周" not in client.get(f"/awards/results/{winner.cycle_id}").get_data(as_text=True)


def test_art10_a_recommender_promotes_the_winner(db, office, client, make_org, winner):
    association = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    _activity(client, winner, kind="promotion", title="先进经验推广专刊", place="《本溪质量》第3期",
              promoter_id=str(association.id))
    activity = db.session.scalar(select(WinnerActivity))
    assert activity.promoter_id == association.id
    assert "本溪市质量协会" in client.get(f"/winners/{winner.id}").get_data(as_text=True)


def test_art27_an_activity_before_the_award_is_refused_and_nothing_is_written(db, office, client, winner):
    response = _activity(client, winner, held_on="2024-05-31")
    assert response.status_code == 400 and "2024-06-01" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(WinnerActivity.id))) == 0


def test_art29_a_received_report_with_its_file_settles_its_year_and_the_leading_group_reads_it(
        db, office, client, auth, make_user, winner):
    assert _funds(client, winner).status_code == 302
    report = db.session.scalar(select(FundsReport))
    assert (report.report_year, report.received_on, report.mimetype) == (1, date(2025, 8, 20), "application/pdf")
    page = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    year_1 = page[page.index('data-year="1"'):page.index('data-year="2"')]
    year_2 = page[page.index('data-year="2"'):page.index('data-year="3"')]
    assert "table-danger" not in year_1 and "table-danger" in year_2  # 2 is past its due date 2026-08-29
    make_user("leader", Role.LEADING_GROUP)
    auth.logout()
    auth.login("leader")
    with client.get(f"/winners/files/funds/{report.id}") as download:
        assert download.status_code == 200 and download.data == PDF
    assert "winner_file_downloaded" in audit_actions(db)


def test_art29_a_bad_file_or_a_second_report_for_a_year_is_refused_with_nothing_written(db, office, client, winner):
    response = _funds(client, winner, data=b"MZ not a pdf", name="report.exe")
    assert response.status_code == 400 and db.session.scalar(select(func.count(FundsReport.id))) == 0
    _funds(client, winner)
    page = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    assert '<option value="1"' not in page[page.index('id="funds-form"'):]  # year 1 is no longer offered
    again = _funds(client, winner)
    assert again.status_code == 400 and db.session.scalar(select(func.count(FundsReport.id))) == 1


def test_art29_future_received_date_is_refused(db, office, client, winner):
    assert _funds(client, winner, received_on="2026-11-27").status_code == 400
    assert db.session.scalar(select(func.count(FundsReport.id))) == 0


def test_art29_overdue_reports_appear_on_the_office_home_page_with_links(db, office, client, today, winner):
    home = client.get("/").get_data(as_text=True)
    overdue = home[home.index(f'id="todo-funds-{winner.id}"'):]  # a line of the office's to-do list
    assert f'href="/winners/{winner.id}#funds"' in overdue and "2 份" in overdue and "2025-08-29" in overdue
    _funds(client, winner, year=1)
    assert "2026-08-29" in client.get("/").get_data(as_text=True)  # one left: named with its year and due date
    _funds(client, winner, year=2, received_on="2026-08-29")
    assert f'id="todo-funds-{winner.id}"' not in client.get("/").get_data(as_text=True)


def test_art29_the_due_date_follows_the_office_s_policy_with_its_basis(db, office, client, winner):
    response = client.post("/winners/policy", data={"funds_report_due_days": "120", "misuse_open_days": "15",
                                                    "basis": "办公室2026年第3次主任会议决定"})
    assert response.status_code == 302
    index = client.get("/winners/").get_data(as_text=True)
    assert "120" in index and "办公室2026年第3次主任会议决定" in index
    assert "2025-09-28" in client.get(f"/winners/{winner.id}").get_data(as_text=True)  # 2025-05-31 + 120 days
    assert "winner_duty_policy_saved" in audit_actions(db)
    assert client.post("/winners/policy", data={"funds_report_due_days": "0", "misuse_open_days": "15",
                                                "basis": "x"}).status_code == 200  # the form shows the error


def test_art12_a_repeat_winner_owes_no_use_of_funds_report(db, office, client, winner):
    winner.repeat = True
    db.session.commit()
    page = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    assert 'id="funds-duties"' not in page and 'id="funds-form"' not in page
    assert 'id="todo-funds-' not in client.get("/").get_data(as_text=True)


def test_art28_a_misuse_report_is_recorded_handled_and_closed_for_good(db, office, client, today, winner):
    response = client.post(f"/winners/{winner.id}/misuse", data={
        "misuse-kind": "on_product", "misuse-received_on": "2026-10-20", "misuse-source": "消费者来电",
        "misuse-description": "产品包装印有市长质量奖标志"})
    report = db.session.scalar(select(TitleMisuseReport))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/winners/misuse/{report.id}")
    home = client.get("/").get_data(as_text=True)
    assert f'href="/winners/misuse/{report.id}"' in home  # open 37 days > 30 (Art. 6 supervision of Art. 28)
    refused = client.post(f"/winners/misuse/{report.id}/close", data={"closed_on": "2026-11-20"})
    assert refused.status_code == 400 and db.session.get(TitleMisuseReport, report.id).closed_on is None
    client.post(f"/winners/misuse/{report.id}/handling", data={"finding": "属实", "action": "责令停止使用并召回包装"})
    assert client.post(f"/winners/misuse/{report.id}/close", data={"closed_on": "2026-11-20"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(TitleMisuseReport, report.id).closed_on == date(2026, 11, 20)
    assert f'href="/winners/misuse/{report.id}"' not in client.get("/").get_data(as_text=True)
    again = client.post(f"/winners/misuse/{report.id}/handling", data={"finding": "改写", "action": "改写"})
    assert again.status_code == 400 and db.session.get(TitleMisuseReport, report.id).finding == "属实"
    assert {"winner_misuse_recorded", "winner_misuse_updated", "winner_misuse_closed"} <= set(audit_actions(db))


def test_art6_the_leading_group_reads_the_register_but_cannot_write(db, client, auth, make_user, winner):
    make_user("leader", Role.LEADING_GROUP)
    auth.login("leader")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/winners/"' in home and 'id="todo-funds-' not in home
    index = client.get("/winners/").get_data(as_text=True)
    assert "甲钢铁有限公司" in index and "/winners/policy" not in index
    page = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    assert 'id="activity-form"' not in page and 'id="funds-form"' not in page and 'id="misuse-form"' not in page
    assert _activity(client, winner).status_code == 403
    assert db.session.scalar(select(func.count(WinnerActivity.id))) == 0


def test_art31_a_revoked_award_leaves_the_register(db, office, client, winner):
    winner.revoked_on, winner.revocation_article, winner.revocation_reason = date(2026, 3, 1), 31, "行贿"
    db.session.commit()
    assert "甲钢铁有限公司" not in client.get("/winners/").get_data(as_text=True)
    assert client.get(f"/winners/{winner.id}").status_code == 404
    assert _activity(client, winner).status_code == 403
    assert 'id="todo-funds-' not in client.get("/").get_data(as_text=True)


def test_art4_a_past_winner_stays_listed_only_while_a_duty_is_overdue(db, office, client, make_org, winner):
    old = AwardRecord(organization_id=make_org("乙药业有限公司").id, kind=AwardKind.NOMINATION,
                      awarded_on=date(2019, 6, 1), cycle_name="第六届")
    db.session.add(old)
    db.session.commit()
    index = client.get("/winners/").get_data(as_text=True)
    assert "乙药业有限公司" in index[index.index('id="past-winners"'):]  # its reports were never received
    for year in range(1, 6):
        db.session.add(FundsReport(award_record_id=old.id, report_year=year, received_on=date(2019 + year, 7, 1)))
    db.session.commit()
    assert "乙药业有限公司" not in client.get("/winners/").get_data(as_text=True)


def test_the_register_index_is_read_in_a_few_queries(db, office, client, make_org, winner):
    for n in range(5):
        db.session.add(AwardRecord(organization_id=make_org(f"丙{n}有限公司").id, kind=AwardKind.NOMINATION,
                                   awarded_on=date(2025, 1, 1 + n)))
    db.session.commit()
    with counting_queries(db) as queries:
        assert client.get("/winners/").status_code == 200
    assert len(queries) <= 12

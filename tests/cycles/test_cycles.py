from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Cycle, Notice, Stage
from tests.conftest import audit_actions, publish_call

NEW_CYCLE = {"name": "第十一届本溪市市长质量奖", "year": "2027", "reference_date": "2027-03-01",
             "standard_version": "GB/T 19580-2012", "award_quota": "2", "nomination_quota": "5",
             "settings-notice_working_days": "5", "settings-document_panel_size": "5",
             "settings-onsite_panel_min": "3", "settings-onsite_panel_max": "5", "settings-member_load_limit": "4",
             "settings-spread_threshold": "30", "settings-document_weight_percent": "30",
             "settings-award_min_score": "0", "settings-nomination_min_score": "0",
             "settings-blind_group_review": "1", "settings-revocation_notice_working_days": "5"}


def test_office_creates_a_cycle_with_the_default_settings(db, office, client):
    assert client.post("/cycles/new", data=NEW_CYCLE).status_code == 302
    cycle = db.session.scalar(select(Cycle))
    assert cycle.stage is Stage.ANNOUNCEMENT and cycle.settings["document_panel_size"] == 5
    assert "cycle_created" in audit_actions(db)


def test_art4_quotas_cannot_exceed_two_awards_and_five_nominations(db, office, client):
    response = client.post("/cycles/new", data={**NEW_CYCLE, "award_quota": "3", "nomination_quota": "6"})
    assert response.status_code == 200 and response.get_data(as_text=True).count("is-invalid") >= 2
    assert db.session.scalar(select(Cycle)) is None


def test_art16_notice_setting_cannot_go_below_five_working_days(db, office, client):
    client.post("/cycles/new", data={**NEW_CYCLE, "settings-notice_working_days": "4"})
    assert db.session.scalar(select(Cycle)) is None


def test_a_settings_field_left_empty_is_explained_in_chinese(db, office, client):
    """The settings are a form nested in the cycle form (FormField): its messages were in WTForms' English."""
    page = client.post("/cycles/new", data={**NEW_CYCLE, "settings-spread_threshold": ""}).get_data(as_text=True)
    assert "该字段是必填字段。" in page and "This field is required." not in page
    assert db.session.scalar(select(Cycle)) is None


@pytest.mark.parametrize("year", ["9" * 400, "二〇二七"])
def test_a_year_that_is_not_a_number_is_refused_as_such(db, office, client, year):
    """Not as "required": the field was filled in (a number too long for a year, 400 digits, gave a 500 before)."""
    page = client.post("/cycles/new", data={**NEW_CYCLE, "year": year}).get_data(as_text=True)
    assert "不是有效的整数。" in page and "该字段是必填字段。" not in page
    assert db.session.scalar(select(Cycle)) is None


def test_art13_stages_move_in_order_and_are_audited(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    publish_call(db, cycle)
    client.post(f"/cycles/{cycle.id}/advance")
    db.session.expire_all()
    assert cycle.stage is Stage.APPLICATION and cycle.open_for_applications
    assert "cycle_stage_changed" in audit_actions(db)


def test_only_one_cycle_open_for_applications(db, office, client, make_cycle):
    make_cycle("第十届", stage=Stage.APPLICATION)
    later = make_cycle("第十一届", stage=Stage.ANNOUNCEMENT, reference_date=date(2028, 3, 1))
    publish_call(db, later)
    page = client.post(f"/cycles/{later.id}/advance", follow_redirects=True).get_data(as_text=True)
    assert "第十届" in page
    db.session.expire_all()
    assert later.stage is Stage.ANNOUNCEMENT


def test_a_blocked_move_says_what_is_missing(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.APPLICATION)
    page = client.post(f"/cycles/{cycle.id}/advance", follow_redirects=True).get_data(as_text=True)
    assert "No application has been registered yet." in page or "尚未" in page
    db.session.expire_all()
    assert cycle.stage is Stage.APPLICATION


def test_dashboard_shows_stage_counts_and_blockers(office, client, make_cycle, make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle)
    page = client.get("/cycles/").get_data(as_text=True)
    assert cycle.name in page and "stage-badge" in page
    assert "1" in page.split(cycle.name)[1]


def publish(client, cycle, start, end, **extra):
    return client.post(f"/cycles/{cycle.id}/acceptance-notice", data={
        "title": "受理名单公示", "body": "以下组织通过受理审查。", "start_date": start, "end_date": end, **extra})


def accepted_cycle(make_cycle, make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    return cycle


def test_art16_notice_of_fewer_than_five_working_days_is_refused(db, office, client, make_cycle, make_application,
                                                               today):
    today(date(2026, 9, 28))
    cycle = accepted_cycle(make_cycle, make_application)
    # 2026-09-29 (Tue) + National Day: five working days end on the working Saturday 2026-10-10.
    page = publish(client, cycle, "2026-09-29", "2026-10-09").get_data(as_text=True)
    assert "2026-10-10" in page
    assert db.session.scalar(select(Notice)) is None
    assert publish(client, cycle, "2026-09-29", "2026-10-10").status_code == 302


def test_art16_a_notice_into_an_unknown_year_is_refused_naming_the_year(db, office, client, make_cycle,
                                                                       make_application):
    cycle = accepted_cycle(make_cycle, make_application)
    page = publish(client, cycle, "2026-12-28", "2027-01-08").get_data(as_text=True)
    assert "2027" in page and ("schedule" in page or "节假日" in page)
    assert db.session.scalar(select(Notice)) is None


def test_with_the_2027_schedule_entered_the_notice_can_cross_new_year(db, office, client, make_cycle,
                                                                     make_application):
    cycle = accepted_cycle(make_cycle, make_application)
    response = client.post("/cycles/calendar/2027", data={
        "text": "2027-01-01 休\n2027-02-06..2027-02-12 休\n2027-02-14 班\n2027-10-01..2027-10-07 休",
        "source": "国务院办公厅关于2027年部分节假日安排的通知"})
    assert response.status_code == 302
    # 12-28..12-31 are 4 working days, 2027-01-01 is a holiday, so the fifth is 2027-01-04.
    assert "2027-01-04" in publish(client, cycle, "2026-12-28", "2027-01-01").get_data(as_text=True)
    assert publish(client, cycle, "2026-12-28", "2027-01-04").status_code == 302


def test_a_schedule_with_a_bad_line_names_the_line_and_saves_nothing(db, office, client):
    page = client.post("/cycles/calendar/2027", data={"text": "2027-01-01 休\n2027-13-40 休", "source": "通知"}
                       ).get_data(as_text=True)
    assert "2" in page and "2027-13-40" in page
    assert "holiday_schedule_saved" not in audit_actions(db)


def test_published_notice_is_public_immutable_and_withdrawable_with_a_visible_reason(
        app, db, office, client, make_cycle, make_application):
    cycle = accepted_cycle(make_cycle, make_application)
    publish(client, cycle, "2026-11-30", "2026-12-04")
    notice = db.session.scalar(select(Notice))
    anonymous = app.test_client()
    page = anonymous.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "本溪示例制造有限公司" in page and "平山区" in page
    assert notice.entries[0]["organization"] == "本溪示例制造有限公司"
    # a second notice while one stands is refused
    page = publish(client, cycle, "2026-12-07", "2026-12-11").get_data(as_text=True)
    assert "withdraw" in page.lower() or "撤回" in page
    client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": "名单有误，更正后重新公示"})
    page = anonymous.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "名单有误，更正后重新公示" in page
    assert "notice_withdrawn" in audit_actions(db)


def test_art16_a_running_acceptance_notice_shows_where_to_report_facts_against_a_listed_organization(
        app, db, office, client, make_cycle, make_application, today):
    cycle = accepted_cycle(make_cycle, make_application)
    publish(client, cycle, "2026-11-30", "2026-12-04")
    notice = db.session.scalar(select(Notice))
    anonymous = app.test_client()
    assert 'id="acceptance-concerns"' not in anonymous.get(f"/notices/{notice.id}").get_data(as_text=True)
    today(date(2026, 12, 1))
    page = anonymous.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert 'id="acceptance-concerns"' in page and "/submissions/report" in page


def test_withdrawal_needs_a_reason(db, office, client, make_cycle, make_application):
    cycle = accepted_cycle(make_cycle, make_application)
    publish(client, cycle, "2026-11-30", "2026-12-04")
    notice = db.session.scalar(select(Notice))
    client.post(f"/cycles/notices/{notice.id}/withdraw", data={"reason": ""})
    db.session.expire_all()
    assert notice.withdrawn_at is None


def test_art16_panels_start_only_after_the_notice_has_ended(db, office, client, make_cycle, make_application,
                                                           today):
    cycle = accepted_cycle(make_cycle, make_application)
    publish(client, cycle, "2026-11-30", "2026-12-04")
    today(date(2026, 12, 4))  # the last day of the notice still belongs to it
    client.post(f"/cycles/{cycle.id}/advance")
    db.session.expire_all()
    assert cycle.stage is Stage.ACCEPTANCE_REVIEW
    today(date(2026, 12, 5))
    client.post(f"/cycles/{cycle.id}/advance")
    db.session.expire_all()
    assert cycle.stage is Stage.PANELS


def test_a_notice_cannot_be_back_dated(db, office, client, make_cycle, make_application):
    cycle = accepted_cycle(make_cycle, make_application)
    publish(client, cycle, "2026-11-02", "2026-11-06")
    assert db.session.scalar(select(Notice)) is None


def test_notice_page_lists_are_public(app, make_cycle):
    assert app.test_client().get("/notices/").status_code == 200


def test_reference_date_is_fixed_once_the_acceptance_review_started(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    data = {**NEW_CYCLE, "name": cycle.name, "year": "2026", "reference_date": "2026-12-01", "version": cycle.version}
    client.post(f"/cycles/{cycle.id}/edit", data=data)
    db.session.expire_all()
    assert cycle.reference_date == date(2026, 11, 16)
    client.post(f"/cycles/{cycle.id}/edit", data={**data, "reference_date": "2026-11-16", "award_quota": "1"})
    db.session.expire_all()
    assert cycle.award_quota == 1


def test_a_yes_or_no_setting_is_a_choice_not_a_number(office, client):
    """The leading group's blinded review (Art. 20) is chosen as 是/否, not typed as 1 or 0."""
    page = client.get("/cycles/new").get_data(as_text=True)
    menu = page.split('name="settings-blind_group_review"')[1].split("</select>")[0]
    assert '<option selected value="1">是</option>' in menu and '<option value="0">否</option>' in menu
    assert "1 = " not in page


@pytest.mark.parametrize("stage", [Stage.COMPREHENSIVE_EVALUATION, Stage.PROPOSED_NOTICE])
def test_art20_the_weight_of_the_document_review_is_fixed_once_the_comprehensive_evaluation_started(
        db, office, client, make_cycle, stage):
    """Issue 15, Also: no setting changes an outcome silently. The panels' comprehensive scores were proposed with
    the weight (Art. 20); changing it afterwards would set the ranking against the reports."""
    cycle = make_cycle(stage=stage)
    form = client.get(f"/cycles/{cycle.id}/edit").get_data(as_text=True)
    field = form.split('name="settings-document_weight_percent"')[0].rsplit("<input", 1)[1] + \
        form.split('name="settings-document_weight_percent"')[1].split(">")[0]
    assert "readonly" in field and "资料评审的权重不能再修改" in form  # said on the form, before any refusal
    data = {**NEW_CYCLE, "name": cycle.name, "year": "2026", "reference_date": "2026-11-16", "version": cycle.version}
    page = client.post(f"/cycles/{cycle.id}/edit",
                       data={**data, "settings-document_weight_percent": "40", "settings-spread_threshold": "25"})
    assert "资料评审的权重" in page.get_data(as_text=True)
    db.session.expire_all()
    assert cycle.settings["document_weight_percent"] == 30 and cycle.settings["spread_threshold"] == 30
    assert "cycle_updated" not in audit_actions(db)
    # the other settings still change
    client.post(f"/cycles/{cycle.id}/edit", data={**data, "settings-spread_threshold": "25"})
    db.session.expire_all()
    assert cycle.settings["spread_threshold"] == 25 and cycle.settings["document_weight_percent"] == 30


def test_art20_the_weight_changes_before_the_comprehensive_evaluation(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ONSITE_REVIEW)
    assert "资料评审的权重不能再修改" not in client.get(f"/cycles/{cycle.id}/edit").get_data(as_text=True)
    data = {**NEW_CYCLE, "name": cycle.name, "year": "2026", "reference_date": "2026-11-16", "version": cycle.version}
    client.post(f"/cycles/{cycle.id}/edit", data={**data, "settings-document_weight_percent": "40"})
    db.session.expire_all()
    assert cycle.settings["document_weight_percent"] == 40 and "cycle_updated" in audit_actions(db)

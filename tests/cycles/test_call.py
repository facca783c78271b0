"""The call for applications (申报通告, Art. 14) and the deadline it publishes (Art. 15): published by the office as a
public notice, recorded in the city's media, read by anyone on the front page; stage 1 ends only with it, and
applications close on its deadline, not before, unless an amended call moves the deadline."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import CallPublication, Cycle, Notice, NoticeKind, Stage
from tests.conftest import audit_actions, publish_call

CALL_FORM = {"title": "第十届本溪市市长质量奖申报通告", "body": "现将第十届本溪市市长质量奖申报工作通告如下。",
             "awards": "市长质量奖、市长质量奖提名奖",
             "conditions": "在本溪市行政区域内登记注册，且正常运营3年以上（第十一条）。",
             "award_quota": "2", "nomination_quota": "5", "deadline": "2027-01-15",
             "where_to_apply": "本溪市市场监督管理局质量发展科（市政府大楼305室）", "contact_person": "王科长",
             "contact_phone": "024-42800000", "contact_email": "zlj@benxi.gov.cn", "contact_address": ""}


def calls(db, cycle):
    db.session.expire_all()
    return db.session.scalars(select(Notice).where(Notice.cycle_id == cycle.id, Notice.kind == NoticeKind.CALL)
                              .order_by(Notice.id)).all()


def stage_of(db, cycle):
    db.session.expire_all()
    return db.session.get(Cycle, cycle.id).stage


def test_art14_the_call_form_starts_from_the_cycle_and_a_standard_text(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT, application_deadline=date(2027, 1, 20))
    page = client.get(f"/cycles/{cycle.id}/call").get_data(as_text=True)
    assert 'value="2027-01-20"' in page and 'name="award_quota"' in page and "200,000" in page
    assert "第十一条" in page  # Art. 11's conditions in the standard text, in Chinese
    assert f"/cycles/{cycle.id}/call" in client.get(f"/cycles/{cycle.id}").get_data(as_text=True)


def test_art14_the_office_publishes_the_call_and_the_cycle_takes_its_deadline(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT, application_deadline=date(2027, 3, 1))
    response = client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "nomination_quota": "4"})
    [call] = calls(db, cycle)
    assert response.headers["Location"] == f"/cycles/notices/{call.id}/media"
    assert call.start_date == date(2026, 11, 26) and call.end_date == date(2027, 1, 15)
    assert call.details["contact_person"] == "王科长" and call.details["nomination_quota"] == 4
    cycle = db.session.get(Cycle, cycle.id)
    assert (cycle.application_deadline, cycle.nomination_quota) == (date(2027, 1, 15), 4)
    assert "call_published" in audit_actions(db)


def test_art14_a_call_missing_a_matter_or_with_a_past_deadline_publishes_nothing(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    page = client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "contact_phone": ""}).get_data(as_text=True)
    assert "is-invalid" in page
    page = client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "deadline": "2026-11-25"}).get_data(as_text=True)
    assert "2026-11-26" in page and "第十五条" in page
    client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "contact_email": "zlj"})
    assert calls(db, cycle) == []


def test_art14_the_media_publications_are_recorded_and_shown_on_the_public_call(app, db, office, client,
                                                                                  make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    client.post(f"/cycles/{cycle.id}/call", data=CALL_FORM)
    [call] = calls(db, cycle)
    for outlet, day in (("本溪市人民政府网站", "2026-11-26"), ("本溪日报", "2026-11-26")):
        client.post(f"/cycles/notices/{call.id}/media", data={"outlet": outlet, "published_on": day,
                                                              "reference": "第3版"})
    page = client.post(f"/cycles/notices/{call.id}/media",
                       data={"outlet": "本溪日报", "published_on": "2026-11-26"}).get_data(as_text=True)
    assert "已记录" in page  # the same outlet and day twice
    client.post(f"/cycles/notices/{call.id}/media", data={"outlet": "本溪广播电视台", "published_on": "2026-11-27"})
    assert db.session.scalars(select(CallPublication.outlet)).all() == ["本溪市人民政府网站", "本溪日报"]
    assert "call_media_recorded" in audit_actions(db)
    public = app.test_client().get(f"/notices/{call.id}").get_data(as_text=True)
    assert "本溪日报" in public and "本溪市人民政府网站" in public and "王科长" in public
    assert "2027年1月15日" in public


def test_art14_stage_one_ends_only_with_a_published_call_and_its_media_record(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    page = client.post(f"/cycles/{cycle.id}/advance", follow_redirects=True).get_data(as_text=True)
    assert stage_of(db, cycle) is Stage.ANNOUNCEMENT and "申报通告" in page
    client.post(f"/cycles/{cycle.id}/call", data=CALL_FORM)
    client.post(f"/cycles/{cycle.id}/advance")
    assert stage_of(db, cycle) is Stage.ANNOUNCEMENT  # not yet in the media
    [call] = calls(db, cycle)
    client.post(f"/cycles/notices/{call.id}/media", data={"outlet": "本溪日报", "published_on": "2026-11-26"})
    client.post(f"/cycles/{cycle.id}/advance")
    assert stage_of(db, cycle) is Stage.APPLICATION


def test_art14_a_withdrawn_call_does_not_count_and_an_open_call_cannot_be_withdrawn(db, office, client,
                                                                                    make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    call = publish_call(db, cycle, deadline=date(2027, 1, 15))
    client.post(f"/cycles/notices/{call.id}/withdraw", data={"reason": "联系电话有误"})
    client.post(f"/cycles/{cycle.id}/advance")
    assert stage_of(db, cycle) is Stage.ANNOUNCEMENT
    call = publish_call(db, db.session.get(Cycle, cycle.id), deadline=date(2027, 1, 15))
    client.post(f"/cycles/{cycle.id}/advance")
    assert stage_of(db, cycle) is Stage.APPLICATION
    page = client.get(f"/cycles/notices/{call.id}/withdraw").get_data(as_text=True)
    assert "更正" in page or "补充" in page or "amended" in page
    client.post(f"/cycles/notices/{call.id}/withdraw", data={"reason": "撤回"})
    db.session.expire_all()
    assert db.session.get(Notice, call.id).withdrawn_at is None


def test_anonymous_visitors_read_the_open_call_on_the_front_page_and_the_notices(app, db, make_cycle):
    cycle = make_cycle(stage=Stage.APPLICATION)
    call = publish_call(db, cycle, deadline=date(2027, 1, 15))
    visitor = app.test_client()
    front = visitor.get("/", follow_redirects=True).get_data(as_text=True)
    assert f"open-call-{call.id}" in front and "2027年1月15日" in front
    assert call.title in visitor.get("/notices/").get_data(as_text=True)
    assert "024-42800000" in visitor.get(f"/notices/{call.id}").get_data(as_text=True)


def test_art14_the_front_page_drops_the_call_after_its_deadline(app, db, make_cycle, today):
    cycle = make_cycle(stage=Stage.APPLICATION)
    call = publish_call(db, cycle, deadline=date(2026, 12, 1))
    today(date(2026, 12, 2))
    assert f"open-call-{call.id}" not in app.test_client().get("/auth/login").get_data(as_text=True)


def test_art15_closing_applications_before_the_published_deadline_is_refused(db, office, client, make_cycle,
                                                                            make_application):
    cycle = make_cycle(stage=Stage.APPLICATION)
    publish_call(db, cycle, deadline=date(2027, 1, 15))
    make_application(cycle)
    page = client.post(f"/cycles/{cycle.id}/advance", follow_redirects=True).get_data(as_text=True)
    assert stage_of(db, cycle) is Stage.APPLICATION and "2027-01-15" in page
    home = client.get("/").get_data(as_text=True)
    assert "2027-01-15" in home and "可进入下一阶段" not in home.split(cycle.name, 1)[1].split("cycle-card")[0]


def test_art15_applications_close_on_the_deadline_day(db, office, client, make_cycle, make_application, today):
    cycle = make_cycle(stage=Stage.APPLICATION)
    publish_call(db, cycle, deadline=date(2026, 12, 10))
    make_application(cycle)
    today(date(2026, 12, 10))
    client.post(f"/cycles/{cycle.id}/advance")
    db.session.expire_all()
    cycle = db.session.get(Cycle, cycle.id)
    assert cycle.stage is Stage.ACCEPTANCE_REVIEW and not cycle.open_for_applications


def test_art15_an_amended_call_with_an_earlier_deadline_lets_the_office_close(app, db, office, client, make_cycle,
                                                                             make_application):
    cycle = make_cycle(stage=Stage.APPLICATION)
    first = publish_call(db, cycle, deadline=date(2027, 1, 15))
    make_application(cycle)
    page = client.get(f"/cycles/{cycle.id}/call").get_data(as_text=True)
    assert 'value="2027-01-15"' in page and "王科长" in page  # the amendment starts from the call in force
    page = client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "deadline": "2026-11-25"}).get_data(as_text=True)
    assert len(calls(db, cycle)) == 1  # an amended deadline must still leave today
    client.post(f"/cycles/{cycle.id}/call", data={**CALL_FORM, "deadline": "2026-11-26"})
    first_again, amended = calls(db, cycle)
    assert amended.supersedes_id == first.id and first_again.withdrawn_at is None
    assert db.session.get(Cycle, cycle.id).application_deadline == date(2026, 11, 26)
    public = app.test_client().get(f"/notices/{first.id}").get_data(as_text=True)
    assert 'id="superseded"' in public and f"/notices/{amended.id}" in public
    client.post(f"/cycles/{cycle.id}/advance")
    assert stage_of(db, cycle) is Stage.ACCEPTANCE_REVIEW


def test_art15_the_deadline_and_quotas_change_only_through_an_amended_call(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.APPLICATION)
    publish_call(db, cycle, deadline=date(2027, 1, 15))
    page = client.get(f"/cycles/{cycle.id}/edit").get_data(as_text=True)
    assert "readonly" in page
    data = {"name": cycle.name, "year": "2026", "reference_date": "2026-11-16", "application_deadline": "2027-03-01",
            "standard_version": cycle.standard_version, "award_quota": "2", "nomination_quota": "5",
            "version": str(cycle.version), **{f"settings-{k}": str(v) for k, v in cycle.settings.items()}}
    client.post(f"/cycles/{cycle.id}/edit", data=data)
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).application_deadline == date(2027, 1, 15)


def test_art15_registration_after_the_calls_deadline_is_refused(db, office, client, make_cycle, make_org, today):
    from reviewapp.applications import operations
    from reviewapp.errors import Refused

    cycle = make_cycle(stage=Stage.APPLICATION)
    publish_call(db, cycle, deadline=date(2026, 12, 10))
    today(date(2026, 12, 11))
    try:
        operations._check_open_for_registration(db.session.get(Cycle, cycle.id))
    except Refused as refused:
        assert refused.problems[0][1] == {"date": "2026-12-10"}
    else:
        raise AssertionError("registered after the deadline")


def test_art14_no_call_once_applications_are_closed(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    page = client.get(f"/cycles/{cycle.id}/call").get_data(as_text=True)
    assert 'id="call-refused"' in page
    client.post(f"/cycles/{cycle.id}/call", data=CALL_FORM)
    assert calls(db, cycle) == []


def test_art14_the_media_page_of_another_notice_kind_leads_to_the_notice(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.ANNOUNCEMENT)
    call = publish_call(db, cycle)
    other = Notice(cycle_id=cycle.id, kind=NoticeKind.ACCEPTANCE, title="受理名单", body="", entries=[],
                   start_date=date(2026, 11, 26), end_date=date(2026, 12, 2), working_days=5)
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/cycles/notices/{other.id}/media").headers["Location"] == f"/notices/{other.id}"
    assert client.get(f"/cycles/notices/{call.id}/media").status_code == 200

"""Art. 15-16 acceptance through the office's pages, and Art. 8(4), 9: the opinions the office solicits from
departments, recorded with their replies, shown on the application page and in the acceptance checklist."""
import io
from datetime import date

from sqlalchemy import func, select

from reviewapp.models import ApplicationStatus, AuditEntry, OpinionRequest, Stage
from tests.acceptance import PDF, complete_for_acceptance
from tests.conftest import audit_actions


def decide(client, application, **data):
    return client.post(f"/applications/{application.id}/decision", data={"decision": "accept", **data},
                       follow_redirects=True).get_data(as_text=True)


def test_art16_the_reported_acceptance_is_refused_no_material_a_failed_judgement_and_no_reason(
        db, office, client, make_cycle, make_application):
    """The case of issue 15: no material, Art. 11(3) judged not met, the other judgements pending, no reason."""
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    client.post(f"/applications/{application.id}/judgements", data={"item": "art11_3", "passed": "no",
                                                                   "note": "质量管理体系不健全"})
    page = decide(client, application)
    assert "written reason" in page or "书面理由" in page  # the flash, in the user's language
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED and "application_accepted" not in audit_actions(db)


def test_art15_16_a_complete_application_is_accepted_without_an_override(db, office, client, make_cycle,
                                                                        make_application):
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)))
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'id="checklist-outcome"' in page and "override_reason" not in page
    decide(client, application)
    db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED
    assert application.override_reason is None and application.accepted_over is None


def test_art16_accepting_over_missing_items_records_the_reason_and_the_items(db, office, client, make_cycle,
                                                                            make_application):
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)),
                                          judgements=False)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    checklist = page.split('id="checklist"')[1].split("</section>")[0]
    assert 'data-item="art11_3"' in checklist and "item-missing" in checklist and "item-ok" in checklist
    assert 'name="override_reason"' in page  # the field appears because items are missing
    reason = "第十一条各项已由现场核查确认，判断记录后补（演示）"
    decide(client, application, override_reason=reason)
    db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED and application.override_reason == reason
    assert application.accepted_over == ["art11_1", "art11_3", "art11_4", "art11_5"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "application_accepted"))
    assert entry.details["override_reason"] == reason and entry.details["accepted_over"] == application.accepted_over
    record = client.get(f"/applications/{application.id}").get_data(as_text=True).split('id="override-record"')[1]
    assert reason in record and "质量管理体系健全" in record.split("</div>")[0]  # the items, by their titles


def test_art16_a_rejection_still_needs_its_reason_whatever_the_checklist(db, office, client, make_cycle,
                                                                       make_application):
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)))
    client.post(f"/applications/{application.id}/decision", data={"decision": "reject", "reason": ""})
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED


def request_opinion(client, application, **extra):
    return client.post(f"/applications/{application.id}/opinions", data={
        "department": "本溪市应急管理局", "subject": "请提供该企业近三年安全生产情况。", "sent_on": "2026-11-20",
        "reply_due": "2026-12-04", **extra}, follow_redirects=True).get_data(as_text=True)


def reply(client, opinion, scan=None, **extra):
    data = {f"reply{opinion.id}-{name}": value for name, value in {
        "replied_on": "2026-11-25", "reply_text": "该企业近三年未发生安全生产事故。", "raises_problem": "no",
        **extra}.items()}
    if scan is not None:
        data[f"reply{opinion.id}-scan"] = (io.BytesIO(scan[1]), scan[0])
    return client.post(f"/applications/opinions/{opinion.id}/reply", data=data, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)


def opinions(db) -> list[OpinionRequest]:
    return list(db.session.scalars(select(OpinionRequest).order_by(OpinionRequest.id)))


def test_art8_9_the_office_records_a_request_and_its_reply_with_a_scan(db, office, client, make_cycle,
                                                                       make_application):
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)))
    page = request_opinion(client, application)
    [opinion] = opinions(db)
    assert opinion.department == "本溪市应急管理局" and opinion.reply_due == date(2026, 12, 4)
    assert f'data-item="opinion:{opinion.id}"' in page and "item-missing" in page.split('id="checklist"')[1]
    assert 'name="override_reason"' in page  # an unanswered opinion needs the override to accept
    page = reply(client, opinion, scan=("回函.pdf", PDF))
    db.session.expire_all()
    assert opinion.replied_on == date(2026, 11, 25) and opinion.raises_problem is False and opinion.scan_sha256
    assert "override_reason" not in page.split('id="decision"')[1]
    assert {"opinion_requested", "opinion_reply_recorded"} <= set(audit_actions(db))
    with client.get(f"/applications/opinions/{opinion.id}/scan") as download:
        assert download.status_code == 200 and download.data == PDF
    again = reply(client, opinion, reply_text="另一份回复")  # a reply is recorded once
    assert "该征求意见的回复已登记" in again or "already recorded" in again
    db.session.expire_all()
    assert opinion.reply_text == "该企业近三年未发生安全生产事故。"


def test_art9_an_adverse_reply_is_a_failed_item_and_needs_the_override(db, office, client, make_cycle,
                                                                       make_application):
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)))
    request_opinion(client, application, department="本溪市生态环境局")
    [opinion] = opinions(db)
    page = reply(client, opinion, raises_problem="yes", reply_text="该企业2025年因超标排放受到行政处罚。")
    assert f'data-item="opinion:{opinion.id}"' in page and "item-failed" in page.split('id="checklist"')[1]
    decide(client, application)
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED
    decide(client, application, override_reason="处罚已整改完毕，经核实不影响申报条件。")
    db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED and application.accepted_over == [f"opinion:{opinion.id}"]


def test_art8_9_bad_dates_and_files_are_refused_and_change_nothing(db, office, client, make_cycle,
                                                                   make_application):
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    assert "2026-11-20" in request_opinion(client, application, reply_due="2026-11-19")
    assert "2026-11-26" in request_opinion(client, application, sent_on="2026-11-27", reply_due="2026-12-27")
    assert opinions(db) == []
    request_opinion(client, application)
    [opinion] = opinions(db)
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    reply(client, opinion, replied_on="2026-11-19")  # before the request was sent
    reply(client, opinion, scan=("回函.pdf", b"not a pdf"))
    db.session.expire_all()
    assert opinion.replied_on is None and opinion.scan_stored_name is None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_art9_no_request_on_a_rejected_application(db, office, client, make_cycle, make_application):
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW), status=ApplicationStatus.REJECTED)
    request_opinion(client, application)
    assert opinions(db) == []


def test_an_expert_not_reviewing_the_applicant_cannot_fetch_the_scan(db, office, client, make_cycle,
                                                                     make_application, make_user, app):
    from reviewapp.models import Role

    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    request_opinion(client, application)
    [opinion] = opinions(db)
    reply(client, opinion, scan=("回函.pdf", PDF))
    make_user("lizj", Role.EXPERT)
    expert = app.test_client()
    expert.post("/auth/login", data={"username": "lizj", "password": "correct-horse-battery"})
    assert expert.get(f"/applications/opinions/{opinion.id}/scan").status_code == 404

"""Issue 16: a new objection (Art. 22) or misconduct report (Art. 34) filed by the public reaches every active
member of the office as a notice with its receipt and a link to the case; who filed it and what it says stay on the
office's page."""
from sqlalchemy import select

from reviewapp.models import Channel, Notification, OutboxMessage, PublicSubmission, Role
from reviewapp.notifications.sender import send_due
from tests.conftest import PASSWORD
from tests.leading.worlds import NAMES
from tests.submissions.worlds import FILER, decide, object_to, receipt_of, report


def test_art22_art34_the_office_hears_of_a_new_objection_and_a_new_report(db, client, app, make_user,
                                                                         proposed_notice):
    notice, apps = proposed_notice.notice, proposed_notice.apps
    first = make_user("office", Role.OFFICE, display_name="刘主任")
    second = make_user("office2", Role.OFFICE, display_name="王科长")
    gone = make_user("office3", Role.OFFICE, display_name="已停用")
    gone.active = False
    expert = make_user("lizj", Role.EXPERT)
    db.session.commit()
    assert object_to(client, notice, apps["A"]).status_code == 302
    receipt = receipt_of(client.get("/submissions/filed"))
    report(app.test_client())
    db.session.expire_all()
    objection = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == receipt))
    for user in (first, second):
        texts = {n.text: n.link for n in db.session.scalars(select(Notification)
                                                             .where(Notification.user_id == user.id))}
        assert texts[f"新的异议：回执号 {receipt}"] == f"/submissions/{objection.id}"
        assert len(texts) == 2 and any(text.startswith("新的举报") for text in texts)
        assert all(FILER["filer_name"] not in text for text in texts)
    for user in (gone, expert):
        assert db.session.scalar(select(Notification.id).where(Notification.user_id == user.id)) is None
    # the office member follows the link to the case
    office = app.test_client()
    office.post("/auth/login", data={"username": "office", "password": PASSWORD})
    assert office.get(f"/submissions/{objection.id}").status_code == 200


def test_art22_the_filer_who_gave_an_address_gets_the_receipt_and_each_status_by_mail(db, client, app, make_user,
                                                                                      proposed_notice, smtp_server):
    notice, apps = proposed_notice.notice, proposed_notice.apps
    make_user("office", Role.OFFICE, display_name="刘主任")
    assert object_to(client, notice, apps["A"]).status_code == 302  # FILER's contact: a mobile and an address
    receipt = receipt_of(client.get("/submissions/filed"))
    assert send_due().sent == 2  # the mail, and a text message to the mobile (the next test)
    [(recipients, mail)] = smtp_server.messages
    assert recipients == ["zhao@example.cn"] and mail["Subject"] == f"您的异议已收到：回执号 {receipt}"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "赵举人，您好" in body and "/submissions/status" in body
    assert "质量事故" not in body  # what the filer wrote stays in the system
    objection = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == receipt))
    office = app.test_client()
    office.post("/auth/login", data={"username": "office", "password": PASSWORD})
    decide(office, objection, ("acknowledged", ""))
    assert send_due().sent == 2
    assert smtp_server.messages[-1][1]["Subject"] == f"您的异议（回执号 {receipt}）当前状态：已受理"


def test_art34_a_filer_with_a_mobile_number_gets_the_receipt_and_each_status_by_text_message(
        db, client, app, make_user, proposed_notice, caplog):
    make_user("office", Role.OFFICE)
    report(client, filer_contact="手机 138-0000-0000")
    receipt = receipt_of(client.get("/submissions/filed"))
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.channel == Channel.EMAIL,
                                                            OutboxMessage.kind == "submission_receipt")) is None
    [text] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "submission_receipt"))
    assert text.channel is Channel.SMS and text.address == "13800000000"
    assert text.body_text == f"【本溪市市长质量奖】您的举报已收到：回执号 {receipt} 详见：http://reviewapp.test/submissions/status"
    with caplog.at_level("INFO", logger="reviewapp.notifications.sms"):
        assert send_due().sent == 1  # the logging adapter, until the city's provider is connected
    assert f"SMS to 13800000000: 【本溪市市长质量奖】您的举报已收到：回执号 {receipt}" in caplog.text
    submission = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == receipt))
    office = app.test_client()
    office.post("/auth/login", data={"username": "office", "password": PASSWORD})
    decide(office, submission, ("acknowledged", ""))
    status = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "submission_status"))
    assert status.channel is Channel.SMS and "当前状态：已受理" in status.body_text
    assert FILER["filer_name"] not in status.body_text and "质量事故" not in status.body_text


def test_art34_a_filer_with_only_a_landline_or_an_address_gets_nothing_sent(db, client, proposed_notice):
    report(client, filer_contact="024-42856120 平山区胜利路19号")
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_art20_the_leading_group_hears_that_the_candidate_list_is_ready(db, evaluated, office, client, make_user):
    cycle, apps = evaluated
    member = make_user("member", Role.LEADING_GROUP, display_name="张组员")
    response = client.post(f"/reviews/cycles/{cycle.id}/ranking",
                           data={f"level-{apps['A'].id}": "award", f"level-{apps['B'].id}": "nomination",
                                 "submit": "y"}, follow_redirects=True)
    assert "alert-success" in response.get_data(as_text=True)
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == member.id))
    assert notice.text == f"{cycle.name}的候选名单已提交领导小组审议" and notice.link == f"/leading/cycles/{cycle.id}"
    assert NAMES["A"] not in notice.text

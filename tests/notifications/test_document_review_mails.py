"""Issue 16, "Done when": a real SMTP server (aiosmtpd) receives the mails of a whole document review, in order:
the assignments when the office seats the experts, a reminder 3 days before the sheets' due date to those who have
not submitted, the mail of a sheet the office reopened, and the overdue notice the day after the due date. Every
mail is sent by `flask notify send`, never inside a request, and says only what happened and where to look."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Cycle, Panel, PanelStage, ScoreSheet, Stage
from tests.conftest import version_in
from tests.notifications.test_panel_notices import seat
from tests.notifications.test_reminders import notify_send
from tests.reviews.worlds import submit_sheet, uniform

APPLICANT = "本溪板材示例有限公司"
CYCLE = "第十届本溪市市长质量奖"


def subjects(smtp_server, start: int = 0) -> list[tuple[str, str]]:
    return sorted((recipients[0], mail["Subject"]) for recipients, mail in smtp_server.messages[start:])


def test_issue16_a_document_review_s_mails_arrive_from_assignment_to_overdue(
        app, db, office, client, smtp_server, make_expert_user, make_cycle, make_application, make_org, today):
    cycle = make_cycle(stage=Stage.PANELS)
    application = make_application(cycle, make_org(APPLICANT), status=ApplicationStatus.ACCEPTED)
    experts = {name: make_expert_user(name, email=f"{name}@example.cn") for name in ("wang", "li", "zhao")}
    client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": "第一评审组"})
    panel = db.session.scalar(select(Panel))
    assert client.post(f"/panels/{panel.id}/applicants",
                       data={"application_id": application.id, "version": panel.version}).status_code == 302
    for user in experts.values():
        assert seat(db, client, panel, user).status_code == 302

    # the assignments: one mail each, sent by the command, not by the requests
    assert smtp_server.messages == []
    notify_send(app)
    assigned = f"您已被选入{CYCLE}的一个评审组（资料评审）"
    assert subjects(smtp_server) == [(f"{name}@example.cn", assigned) for name in ("li", "wang", "zhao")]

    # the office sets the deadlines on the cycle's page; the review begins
    form = client.get(f"/cycles/{cycle.id}/deadlines").get_data(as_text=True)
    assert client.post(f"/cycles/{cycle.id}/deadlines", data={
        "sheets_due_on": "2026-11-29", "report_due_on": "2026-12-03", "version": version_in(form)}).status_code == 302
    db.session.expire_all()
    db.session.get(Cycle, cycle.id).stage = Stage.DOCUMENT_REVIEW  # a shortcut past the stage's own checks
    db.session.commit()
    submit_sheet(db, application, experts_expert(db, experts["li"]), PanelStage.DOCUMENT_REVIEW, uniform(50))

    # 3 days before the due date: a reminder to the two who have not submitted, once however often it runs
    start = len(smtp_server.messages)
    notify_send(app)
    notify_send(app)
    reminder = f"提醒：您的资料评审评分表（{CYCLE}）将于11月29日截止"
    assert subjects(smtp_server, start) == [("wang@example.cn", reminder), ("zhao@example.cn", reminder)]

    # the office reopens li's sheet: li hears of it, and li's sheet being open again, of the due date too
    start = len(smtp_server.messages)
    sheet = db.session.scalar(select(ScoreSheet))
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": "专家申请更正"})
    notify_send(app)
    assert subjects(smtp_server, start) == [("li@example.cn", f"办公室重新打开了您在{CYCLE}的一份评分表（资料评审）"),
                                           ("li@example.cn", reminder)]

    # the day after the due date: the overdue notice to everyone whose sheet is still out, li included now
    today(date(2026, 11, 30))
    start = len(smtp_server.messages)
    notify_send(app)
    assert [address for address, _subject in subjects(smtp_server, start)] == \
        ["li@example.cn", "wang@example.cn", "zhao@example.cn"]
    assert all(subject.startswith("逾期") for _address, subject in subjects(smtp_server, start))
    for _recipients, mail in smtp_server.messages:
        body = mail.get_body(preferencelist=("plain",)).get_content()
        assert APPLICANT not in body and "第一评审组" not in body and "专家申请更正" not in body


def experts_expert(db, user):
    from reviewapp.models import Expert, Person

    return db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))

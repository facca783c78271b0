"""Issue 16: the review's work coming back or complete reaches the people who do it. The leader hears when the
last sheet of the panel for an applicant is in (Art. 18, 组长负责制); an expert whose sheet the office reopens, and
a leader whose report or comprehensive report the office reopens, hear of it. The notices name the stage and the
cycle, never the applicant, a score or the office's reason."""
from sqlalchemy import select

from reviewapp.models import Notification, ScoreSheet, User
from reviewapp.notifications.sender import send_due
from tests.reviews.test_sheets import ITEMS, opened, post
from tests.reviews.worlds import submitted_comprehensive, submitted_report, uniform

APPLICANT = "本溪板材示例有限公司"


def notices_of(db, username: str) -> list[Notification]:
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == username))
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def submit_as(setup, username: str) -> None:
    client = setup.client(username)
    post(client, setup.application, {code: 50 for code in ITEMS}, submit=True, version=opened(client,
                                                                                          setup.application))


def test_art18_the_leader_hears_when_the_last_sheet_is_in(db, doc_panel):
    submit_as(doc_panel, "member1")
    submit_as(doc_panel, "member2")
    assert notices_of(db, "leader") == []  # the leader's own sheet is still out
    submit_as(doc_panel, "leader")
    [notice] = notices_of(db, "leader")
    assert notice.kind == "sheets_all_in" and "资料评审" in notice.text and APPLICANT not in notice.text
    assert notice.link == f"/reviews/{doc_panel.application.id}/document_review/report"
    assert doc_panel.leader().get(notice.link).status_code == 200  # the link opens the consolidation
    assert notices_of(db, "member1") == []


def test_the_expert_hears_that_the_office_reopened_the_sheet(db, doc_panel, office, client, smtp_server):
    submit_as(doc_panel, "member1")
    sheet = db.session.scalar(select(ScoreSheet))
    reason = "专家申请更正4.7.2的评分"
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": reason})
    [notice] = notices_of(db, "member1")
    assert notice.kind == "sheet_reopened" and reason not in notice.text and APPLICANT not in notice.text
    assert notice.link == f"/reviews/{doc_panel.application.id}/document_review"


def test_art18_art20_the_leader_hears_that_the_office_reopened_a_report(db, doc_panel, office, client):
    report = submitted_report(db, doc_panel.application, doc_panel.panel, doc_panel.panel.stage, uniform(60))
    client.post(f"/reviews/reports/{report.id}/reopen", data={"reason": "组长申请修改共识"})
    [notice] = notices_of(db, "leader")
    assert notice.kind == "report_reopened"
    assert notice.link == f"/reviews/{doc_panel.application.id}/document_review/report"


def test_art20_the_on_site_leader_hears_of_a_reopened_comprehensive_report(db, evaluating, office, client):
    setup = evaluating
    report = submitted_comprehensive(db, setup.application, setup.onsite_panel, 600, 700)
    client.post(f"/reviews/comprehensive/{report.id}/reopen", data={"reason": "评审组申请调整"})
    leader = setup.onsite_panel.leader.expert.person.user.username
    [notice] = [n for n in notices_of(db, leader) if n.kind == "comprehensive_reopened"]
    assert notice.link == f"/reviews/{setup.application.id}/comprehensive"


def test_the_mail_of_a_reopened_sheet_reaches_the_expert(db, doc_panel, office, client, smtp_server):
    member = doc_panel.experts[1]
    member.email = "li@example.cn"
    db.session.commit()
    submit_as(doc_panel, "member1")
    sheet = db.session.scalar(select(ScoreSheet))
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": "更正"})
    assert send_due().sent == 1
    [(recipients, mail)] = smtp_server.messages
    assert recipients == ["li@example.cn"] and "重新打开" in mail["Subject"]
    assert APPLICANT not in mail.get_body(preferencelist=("plain",)).get_content()

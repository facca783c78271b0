"""Issue 16: a user may take mails only for the notices a rule requires (a seat on a panel and its declaration, a
conflict: Art. 33); the others then stay in the in-app list. The choice is the user's own, audited."""
from sqlalchemy import select

from reviewapp.models import Notification, OutboxMessage, ScoreSheet, User
from tests.conftest import PASSWORD, audit_actions
from tests.notifications.test_review_notices import submit_as


def test_an_expert_who_chose_essential_mails_gets_a_reopened_sheet_in_the_list_only(db, doc_panel, office, client):
    member = doc_panel.experts[1]
    member.email = "li@example.cn"
    db.session.commit()
    expert = doc_panel.client("member1")
    page = expert.get("/notifications/").get_data(as_text=True)
    radio = page.split('value="all"')[0].rsplit("<input", 1)[1] + page.split('value="all"')[1].split(">")[0]
    assert "checked" in radio  # every mail, until the expert chooses otherwise
    assert expert.post("/notifications/mail-choice", data={"choice": "essential"}).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "member1"))
    assert user.mail_essential_only and "mail_choice_changed" in audit_actions(db)
    submit_as(doc_panel, "member1")
    client.post(f"/reviews/sheets/{db.session.scalar(select(ScoreSheet.id))}/reopen", data={"reason": "更正"})
    db.session.expire_all()
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == user.id)) == "sheet_reopened"
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.user_id == user.id)) is None


def test_the_essential_notices_are_mailed_whatever_the_choice(db, make_expert_user):
    from reviewapp.notifications.operations import notify

    user = make_expert_user("wang", email="wang@example.cn")
    user.mail_essential_only = True
    notify(user, "late_conflict", "/#my-assignments", stage="资料评审", cycle="第十届")
    notify(user, "sheets_all_in", "/#my-assignments", stage="资料评审", cycle="第十届")
    db.session.commit()
    assert list(db.session.scalars(select(OutboxMessage.kind))) == ["late_conflict"]


def test_a_user_without_an_address_is_told_the_notices_stay_here(db, client, make_expert_user):
    make_expert_user("noaddr", email=None)
    client.post("/auth/login", data={"username": "noaddr", "password": PASSWORD})
    page = client.get("/notifications/").get_data(as_text=True)
    assert "系统中没有您的电子邮箱" in page and 'name="choice"' not in page


def test_a_choice_that_is_neither_is_refused_and_changes_nothing(db, doc_panel):
    expert = doc_panel.client("member1")
    page = expert.post("/notifications/mail-choice", data={"choice": "sms"}, follow_redirects=True)
    assert "请选择其中一项" in page.get_data(as_text=True)
    assert not db.session.scalar(select(User.mail_essential_only).where(User.username == "member1"))

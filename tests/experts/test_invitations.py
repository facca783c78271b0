"""Issue 17: the office creates logins for many imported experts at once and mails each an invitation, a link to
set their own password (the reset link's machinery, valid INVITATION_DAYS and once)."""
import re

from sqlalchemy import select

from reviewapp.models import OutboxMessage, User
from tests.conftest import audit_actions


def link_in(message: OutboxMessage) -> str:
    return re.search(r"(/auth/invitation/[\w.-]+)", message.body_text).group(1)


def create(client, *experts, **usernames):
    data = {"chosen": [str(e.id) for e in experts], **usernames}
    return client.post("/experts/invitations", data=data, follow_redirects=True).get_data(as_text=True)


def test_accounts_are_created_under_the_shown_login_names_and_invited_by_mail(db, office, client, make_expert):
    li = make_expert("李明", email="Li.Ming@example.cn")
    wang = make_expert("王芳", email="wf@example.cn", certificate_number="ZJ-2")
    no_mail = make_expert("赵强", certificate_number="ZJ-3")
    page = client.get("/experts/invitations").get_data(as_text=True)
    assert 'value="li.ming"' in page and 'value="wf-2"' not in page
    assert "赵强" in page.split('id="not-invitable"')[1] and f'value="{no_mail.id}"' not in page
    create(client, li, wang, **{f"username-{wang.id}": "Wang.Fang"})
    db.session.expire_all()
    assert li.person.user.username == "li.ming" and wang.person.user.username == "wang.fang"
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()
    assert sorted(m.address for m in mails) == ["Li.Ming@example.cn", "wf@example.cn"]
    assert audit_actions(db).count("invitation_sent") == 2 and no_mail.person.user_id is None
    assert "李明" in client.get("/experts/invitations").get_data(as_text=True).split('id="waiting"')[1]


def test_an_invited_expert_sets_a_password_once_and_logs_in(db, office, client, app, make_expert):
    expert = make_expert("李明", email="li@example.cn", certificate_number="ZJ-77")
    create(client, expert)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
    anonymous = app.test_client()
    link = link_in(mail)
    assert "invitation-welcome" in anonymous.get(link).get_data(as_text=True)
    password = "山川-河流-明月-清风-2026"
    anonymous.post(link, data={"new_password": password, "confirm": password})
    assert anonymous.get(link).status_code == 400  # used once
    assert "invitation_accepted" in audit_actions(db)
    response = anonymous.post("/auth/login", data={"username": "zj-77", "password": password})
    assert response.status_code == 302
    assert anonymous.get(f"/auth/password/reset/{link.rsplit('/', 1)[1]}").status_code == 400  # not a reset link


def test_a_refused_batch_creates_nothing_and_names_the_refused_expert(db, office, client, make_expert, make_user):
    from reviewapp.models import Role

    make_user("taken.name", Role.EXPERT)
    first = make_expert("李明", email="li.ming@example.cn")
    second = make_expert("王芳", email="wf@example.cn")
    page = create(client, first, second, **{f"username-{second.id}": "taken.name"})
    db.session.expire_all()
    assert first.person.user_id is None and second.person.user_id is None
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation")) is None
    row = page.split(f'data-expert="{second.id}"')[1].split("invite-row")[0]
    assert "row-refusal" in row and "taken.name" in row
    assert f'id="chosen-{first.id}" checked' in page  # the choice stays
    create(client, first, second, **{f"username-{first.id}": "x y", f"username-{second.id}": "same"})
    create(client)
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username.in_(["x y", "same"]))) is None


def test_the_office_resends_an_invitation_until_the_expert_logs_in(db, office, client, make_expert):
    expert = make_expert("李明", email="li@example.cn")
    create(client, expert)
    client.post(f"/experts/{expert.id}/invitation")
    assert len(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()) == 2
    other = make_expert("王芳")
    page = client.post(f"/experts/{other.id}/invitation", follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page
    assert client.post("/experts/99999999999999999999/invitation").status_code == 404

"""Issue 18: accounts of applicant organizations and recommenders (Art. 10, 15)."""
import re

from sqlalchemy import func, select

from reviewapp.accounts import operations
from reviewapp.auth import reset
from reviewapp.models import (
    Notification,
    Organization,
    OrganizationAccount,
    OrgKind,
    OutboxMessage,
    RateLimitHit,
    Role,
    User,
)
from tests.conftest import PASSWORD, audit_actions, credit_code
from tests.submissions.worlds import challenge_answer

GOOD_PASSWORD = "Taizihe-river-2026!"


def registration(code=None, username="huagang", **fields):
    data = {"credit_code": code or credit_code("210502", 4242), "organization_name": "本溪华钢特种板材有限公司",
            "contact_name": "李明", "phone": "024-42843576", "email": "liming@example.cn", "username": username,
            "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD}
    return {**data, **fields}


def register(client, data: dict):
    """Send the registration form as the browser does: its proof of work solved (tests use a tiny cost)."""
    return client.post("/accounts/register",
                       data={**data, **challenge_answer(client.get("/accounts/register").get_data(as_text=True))})


def account_named(db, username) -> OrganizationAccount:
    return db.session.scalar(select(OrganizationAccount).join(User, OrganizationAccount.user_id == User.id)
                             .where(User.username == username))


def test_art11_registration_refuses_a_code_outside_benxi_or_with_a_wrong_check_character(client, db):
    outside = credit_code("210102", 7)  # Shenyang
    wrong = credit_code("210502", 7)[:-1] + ("0" if credit_code("210502", 7)[-1] != "0" else "1")
    for code in (outside, wrong):
        response = register(client, registration(code))
        assert response.status_code == 200
        assert 'is-invalid' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OrganizationAccount)) == 0


def test_registration_applies_the_password_policy(client, db):
    response = register(client, registration(password="huagang", confirm="huagang"))
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_registration_links_a_registered_organization_and_creates_an_unknown_one(client, db, make_org):
    org = make_org("本溪华钢特种板材有限公司")
    assert register(client, registration(org.credit_code)).status_code == 302
    linked = account_named(db, "huagang")
    assert linked.organization_id == org.id and not linked.organization_created and linked.awaiting
    assert linked.user.roles == {Role.APPLICANT}

    new_code = credit_code("210521", 99)
    register(client, registration(new_code, username="newco", organization_name="本溪新公司"))
    created = account_named(db, "newco")
    assert created.organization_created and created.organization.credit_code == new_code
    assert created.organization.name == "本溪新公司"
    assert "organization_account_registered" in audit_actions(db)


def test_a_taken_user_name_is_refused_and_nothing_is_written(client, db, make_user):
    make_user("huagang", Role.EXPERT)
    response = register(client, registration())
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_registrations_are_rate_limited_per_network(client, db):
    for _hit in range(operations.RATE_LIMIT):
        db.session.add(RateLimitHit(key=operations._client_key("127.0.0.1")))
    db.session.commit()
    response = register(client, registration())
    assert response.status_code == 429
    assert db.session.scalar(select(func.count()).select_from(OrganizationAccount)) == 0


def test_an_unverified_account_sees_only_its_awaiting_page(client, db, auth, make_user):
    register(client, registration())
    auth.login("huagang", GOOD_PASSWORD)
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/accounts/awaiting")
    assert "本溪华钢特种板材有限公司" in client.get("/accounts/awaiting").get_data(as_text=True)
    for url in ("/organizations/", "/help/office", "/accounts/invite"):
        assert client.get(url).status_code == 403, url
    assert client.get("/auth/password").status_code == 200  # its own session and password stay its own


def test_the_office_verifies_from_its_todo_list_and_the_applicant_is_told(client, db, auth, make_user, make_org):
    org = make_org("本溪华钢特种板材有限公司")
    register(client, registration(org.credit_code))
    account = account_named(db, "huagang")
    make_user("office", Role.OFFICE)
    auth.login("office")
    home = client.get("/").get_data(as_text=True)
    assert "/accounts/pending" in home
    page = client.get("/accounts/pending").get_data(as_text=True)
    assert "本溪华钢特种板材有限公司" in page and org.credit_code in page
    assert client.post(f"/accounts/{account.id}/verify").status_code == 302
    db.session.expire_all()
    assert account.verified and account.verified_by_id is not None
    assert "organization_account_verified" in audit_actions(db)
    assert db.session.scalar(select(Notification).where(Notification.user_id == account.user_id)).kind == \
        "account_verified"
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.address == "liming@example.cn"))
    # decided once: a second decision changes nothing
    client.post(f"/accounts/{account.id}/refuse", data={"reason": "重复"})
    db.session.expire_all()
    assert account.refused_at is None

    auth.logout()
    auth.login("huagang", GOOD_PASSWORD)
    home = client.get("/")
    assert home.status_code == 200
    assert "home-applicant" in home.get_data(as_text=True)
    assert client.get("/organizations/").status_code == 403


def test_a_refusal_needs_a_reason_and_the_organization_reads_it(client, db, auth, make_user):
    register(client, registration())
    account = account_named(db, "huagang")
    make_user("office", Role.OFFICE)
    auth.login("office")
    client.post(f"/accounts/{account.id}/refuse", data={"reason": "  "})
    db.session.expire_all()
    assert account.awaiting
    client.post(f"/accounts/{account.id}/refuse", data={"reason": "信用代码与营业执照不符"})
    db.session.expire_all()
    assert account.refused_at is not None
    auth.logout()
    auth.login("huagang", GOOD_PASSWORD)
    assert "信用代码与营业执照不符" in client.get("/accounts/awaiting").get_data(as_text=True)
    assert client.get("/organizations/").status_code == 403


def test_huge_account_ids_answer_404(client, office):
    assert client.post("/accounts/99999999999999999999/verify").status_code == 404
    assert client.post("/accounts/5/refuse", data={"reason": "x"}).status_code == 404


def _invite(client, org, role="applicant", username="zhang"):
    return client.post("/accounts/invite", data={"role": role, "organization": org.id, "display_name": "张三",
                                                 "email": "zhang@example.cn", "username": username})


def _link_in_mail(db) -> str:
    body = db.session.scalars(select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"(/auth/invitation/[^\s]+)", body).group(1)


def test_art10_the_office_invites_a_recommender_who_sets_a_password_and_sees_the_applications_naming_it(
        app, client, db, auth, office, make_cycle, make_application):
    application = make_application(make_cycle())
    recommender = application.recommender
    assert _invite(client, application.organization, role="recommender").status_code == 200  # not a recommending body
    assert db.session.scalar(select(func.count()).select_from(OrganizationAccount)) == 0
    assert _invite(client, recommender, role="recommender", username="xiehui").status_code == 302
    account = account_named(db, "xiehui")
    assert account.verified and account.invited_by_id == office.id
    assert "organization_account_invited" in audit_actions(db)
    link = _link_in_mail(db)
    auth.logout()
    client.post(link, data={"new_password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    auth.login("xiehui", GOOD_PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert application.number in page and application.organization.name in page
    assert client.get(f"/applications/{application.id}").status_code == 403


def test_art15_a_recommender_invites_only_the_organizations_it_recommends(
        client, db, auth, office, make_cycle, make_application, make_org):
    application = make_application(make_cycle())
    _invite(client, application.recommender, role="recommender", username="xiehui")
    account = account_named(db, "xiehui")
    reset.reset(account.user, GOOD_PASSWORD, invitation=True)
    stranger = make_org("本溪其他公司")
    auth.logout()
    auth.login("xiehui", GOOD_PASSWORD)
    assert _invite(client, stranger, username="other").status_code == 200
    assert account_named(db, "other") is None
    assert _invite(client, application.organization, role="recommender", username="other").status_code == 200
    assert account_named(db, "other") is None
    assert _invite(client, application.organization, username="huagang").status_code == 302
    invited = account_named(db, "huagang")
    assert invited.verified and invited.user.roles == {Role.APPLICANT}


def test_external_accounts_never_reach_office_expert_or_group_pages(client, auth, make_user, db, make_org):
    user = make_user("applicant", Role.APPLICANT, password=PASSWORD)
    org = make_org(kind=OrgKind.ENTERPRISE)
    db.session.add(OrganizationAccount(user_id=user.id, organization_id=org.id, organization_name=org.name,
                                       verified_at=user.created_at))
    db.session.commit()
    auth.login("applicant")
    for url in ("/cycles/", "/experts/", "/leading/", "/admin/users", "/accounts/pending", "/accounts/invite"):
        assert client.get(url).status_code == 403, url


def test_the_organization_page_links_to_an_invitation_for_it(client, office, make_org):
    association = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    page = client.get(f"/organizations/{association.id}").get_data(as_text=True)
    assert f"/accounts/invite?organization={association.id}" in page
    form = client.get(f"/accounts/invite?organization={association.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="recommender">', form)
    assert client.get("/accounts/invite?organization=99999999999999999999").status_code == 200


def test_art10_art15_the_user_form_neither_gives_nor_changes_an_organizations_role(
        client, db, office, make_user, make_org):
    """An applicant's or recommender's login comes from its registration or invitation, linked to its organization:
    the office's user form offers only staff roles, refuses the organizations' roles when posted, and shows an
    organization's login's roles without boxes to change them (a posted change is ignored, nothing else moves)."""
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="applicant"' not in page and 'value="recommender"' not in page and 'value="office"' in page
    response = client.post("/admin/users/new", data={"username": "zhao", "display_name": "赵", "roles": ["applicant"],
                                                     "locale": "zh", "password": GOOD_PASSWORD})
    assert response.status_code == 200 and db.session.scalar(select(User.id).where(User.username == "zhao")) is None
    assert _invite(client, make_org("本溪丰源钢铁有限公司"), username="qian").status_code == 302
    user = account_named(db, "qian").user
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert 'id="organization-roles"' in page and 'name="roles"' not in page
    response = client.post(f"/admin/users/{user.id}", data={"display_name": "钱经理", "roles": ["office"],
                                                            "locale": "zh"})
    assert response.status_code == 302
    db.session.expire_all()
    assert user.roles == {Role.APPLICANT} and user.display_name == "钱经理"
    staff = make_user("sun", Role.EXPERT)
    response = client.post(f"/admin/users/{staff.id}", data={"display_name": "孙", "roles": ["expert", "recommender"],
                                                             "locale": "zh"})
    assert response.status_code == 200
    db.session.expire_all()
    assert staff.roles == {Role.EXPERT}


def test_the_registration_asks_for_the_proof_of_work_and_spends_each_answer_once(client, db):
    """Issue 18 with issue 13's public-form rules: a registration without its check, or with an answer already
    used, is refused with nothing written, and each failure counts against the network address."""
    response = client.post("/accounts/register", data=registration())
    assert response.status_code == 200 and 'id="challenge-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OrganizationAccount)) == 0
    answer = challenge_answer(client.get("/accounts/register").get_data(as_text=True))
    assert client.post("/accounts/register", data={**registration(), **answer}).status_code == 302
    again = client.post("/accounts/register", data={**registration(username="huagang2"), **answer})
    assert again.status_code == 200 and account_named(db, "huagang2") is None
    failures = db.session.scalars(select(RateLimitHit.key).where(RateLimitHit.key.startswith("failed-check:"))).all()
    assert len(failures) == 2
    page = client.get("/accounts/register").get_data(as_text=True)
    assert "<altcha-widget" in page and "vendor/altcha/altcha.min.js" in page

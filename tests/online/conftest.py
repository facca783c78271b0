"""Issue 18: a cycle taking applications under a published call (deadline 2026-12-10, today 2026-11-26), an
applicant organization and its recommender with verified logins, and another of each."""
from datetime import date
from types import SimpleNamespace

import pytest

from reviewapp.models import OrganizationAccount, OrgKind, Role
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD, publish_call
from tests.fuzz.files import PDF

DEADLINE = date(2026, 12, 10)
ITEMS = ("4.1.2", "4.1.3", "4.1.4", "4.2.2", "4.2.3", "4.3.2", "4.3.3", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.4.6",
         "4.4.7", "4.5.2", "4.5.3", "4.6.2", "4.6.3", "4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7")
FORM = {"profile": "本溪华钢，1998年成立", "main_products": "特种钢板", "employees": "1200", "revenue": "85000",
        "profit_tax": "6200", "asset_contribution": "12", "quality_achievements": "卓越绩效模式",
        "innovation": "省名牌"}


def account(db, make_user, username, role, organization):
    user = make_user(username, role, display_name=username)
    db.session.add(OrganizationAccount(user_id=user.id, organization_id=organization.id,
                                       organization_name=organization.name, credit_code=organization.credit_code,
                                       email=f"{username}@example.cn", verified_at=utcnow()))
    db.session.commit()
    return user


def draft_data(recommender_id, version, *, items=ITEMS, form=FORM, award="award"):
    data = {"award": award, "recommender_id": str(recommender_id or 0), "version": str(version)}
    data.update({f"form_data-{name}": value for name, value in form.items()})
    data.update({f"self_assessment-{code.replace('.', '_')}": "60" for code in items})
    return data


@pytest.fixture
def world(app, db, make_user, make_org, make_cycle, today):
    office = make_user("office", Role.OFFICE)
    cycle = make_cycle()
    publish_call(db, cycle, DEADLINE)
    org = make_org("本溪华钢特种板材有限公司")
    other_org = make_org("本溪乙药业有限公司")
    recommender = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    other_recommender = make_org("本溪市工业和信息化局", kind=OrgKind.GOVERNMENT_DEPARTMENT)
    w = SimpleNamespace(app=app, db=db, office=office, cycle=cycle, org=org, other_org=other_org,
                        recommender=recommender, other_recommender=other_recommender, today=today)
    w.applicant = account(db, make_user, "huagang", Role.APPLICANT, org)
    w.other_applicant = account(db, make_user, "yiyao", Role.APPLICANT, other_org)
    w.recommender_user = account(db, make_user, "xiehui", Role.RECOMMENDER, recommender)
    w.other_recommender_user = account(db, make_user, "gongxin", Role.RECOMMENDER, other_recommender)
    make_user("lizj", Role.EXPERT)
    make_user("group", Role.LEADING_GROUP)
    w.clients = {}

    def client(username):
        if username not in w.clients:
            c = app.test_client()
            c.post("/auth/login", data={"username": username, "password": PASSWORD})
            w.clients[username] = c
        return w.clients[username]

    w.client = client
    return w


def start(w, username="huagang"):
    from reviewapp.models import ApplicationDraft

    response = w.client(username).post(f"/online/start/{w.cycle.id}")
    assert response.status_code == 302, response.status_code
    w.db.session.expire_all()
    return w.db.session.query(ApplicationDraft).order_by(ApplicationDraft.id.desc()).first()


def complete(w, draft, username="huagang"):
    """The draft filled, the two required files uploaded, the recommender chosen."""
    c = w.client(username)
    assert c.post(f"/online/drafts/{draft.id}", data=draft_data(w.recommender.id, draft.version)).status_code == 302
    for kind in ("application_form", "self_assessment_report"):
        upload(c, draft, kind)
    w.db.session.expire_all()
    return w.db.session.get(type(draft), draft.id)


def upload(c, draft, kind="supporting", data=PDF, name="材料.pdf"):
    from io import BytesIO

    return c.post(f"/online/drafts/{draft.id}/files", data={"kind": kind, "file": (BytesIO(data), name)},
                  content_type="multipart/form-data")


def submit(w, draft, username="huagang"):
    w.db.session.expire_all()
    version = w.db.session.get(type(draft), draft.id).version
    return w.client(username).post(f"/online/drafts/{draft.id}/submit", data={"version": str(version)},
                                   follow_redirects=True)


def sign(w, draft, username="xiehui", signed_on="2026-11-26", scan=PDF):
    from io import BytesIO

    data = {"opinion": "同意推荐申报市长质量奖。", "signatory": "吴秘书长", "signed_on": signed_on}
    if scan is not None:
        data["scan"] = (BytesIO(scan), "推荐意见.pdf")
    return w.client(username).post(f"/online/opinions/{draft.id}/sign", data=data,
                                   content_type="multipart/form-data", follow_redirects=True)

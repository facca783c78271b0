"""Issue 18, Art. 33: an applicant organization's recusal requests, and the office's decision on them."""
from sqlalchemy import func, select

from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Notification,
    RecusalRequest,
    RecusalStatus,
    Relation,
    RelationType,
    Role,
    Stage,
    User,
)
from tests.conftest import audit_actions

REQUEST = {"application": "", "named_person": "赵工（鞍山竞争钢铁）", "named_organization": "鞍山竞争钢铁",
           "reason": "对方为我公司直接竞争对手"}


def _file(client, world, **fields):
    return client.post("/recusals/mine", data={**REQUEST, "application": str(world.application.id), **fields})


def _request(db) -> RecusalRequest:
    return db.session.scalar(select(RecusalRequest).order_by(RecusalRequest.id.desc()))


def _notices(db, username):
    return db.session.scalars(select(Notification.kind).join(User, Notification.user_id == User.id)
                              .where(User.username == username)).all()


def test_art33_the_organization_files_a_request_and_the_office_is_told(client, auth, db, world):
    auth.login("huagang")
    page = client.get("/recusals/mine").get_data(as_text=True)
    assert "recusal-form" in page and world.cycle.name in page
    assert _file(client, world).status_code == 302
    request = _request(db)
    assert request.status is RecusalStatus.PENDING and request.named_person == "赵工（鞍山竞争钢铁）"
    assert request.submitted_by.username == "huagang"
    assert "recusal_requested" in audit_actions(db)
    assert _notices(db, "office") == ["recusal_requested"]
    page = client.get("/recusals/mine").get_data(as_text=True)
    assert "对方为我公司直接竞争对手" in page and "赵工（鞍山竞争钢铁）" in page

    auth.logout()
    auth.login("office")
    home = client.get("/").get_data(as_text=True)
    assert f"/recusals/{request.id}" in home  # the office's to-do list


def test_art33_a_request_names_someone_and_gives_a_reason(client, auth, db, world):
    auth.login("huagang")
    _file(client, world, named_person=" ", named_organization="")
    _file(client, world, reason="  ")
    assert db.session.scalar(select(func.count()).select_from(RecusalRequest)) == 0


def test_art33_requests_are_taken_from_acceptance_until_the_reviews_end(client, auth, db, world):
    auth.login("huagang")
    for stage in (Stage.APPLICATION, Stage.PROPOSED_NOTICE, Stage.CLOSED):
        world.cycle.stage = stage
        db.session.commit()
        page = client.get("/recusals/mine").get_data(as_text=True)
        assert "no-open-application" in page, stage
        assert _file(client, world).status_code == 200
    world.cycle.stage = Stage.DOCUMENT_REVIEW
    world.application.status = ApplicationStatus.WITHDRAWN
    db.session.commit()
    assert _file(client, world).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(RecusalRequest)) == 0


def test_art33_the_office_avoids_the_matched_expert_and_the_engine_excludes_them(client, auth, db, world):
    auth.login("huagang")
    _file(client, world)
    request = _request(db)
    auth.logout()
    auth.login("office")
    page = client.get(f"/recusals/{request.id}").get_data(as_text=True)
    assert "赵工" in page and "鞍山竞争钢铁有限公司" in page  # matched by employer and by name
    assert f'id="person-{world.zhao.id}"' in page and f'id="person-{world.qian.id}"' not in page
    assert not service.is_conflicted(world.cycle, world.zhao.id, world.huagang.id)
    response = client.post(f"/recusals/{request.id}/handle",
                           data={"handle-persons": [str(world.zhao.id)], "handle-competitor": str(world.angang.id),
                                 "handle-note": "经核实，赵工任职于鞍山竞争钢铁"})
    assert response.status_code == 302
    db.session.expire_all()
    assert request.status is RecusalStatus.HANDLED and request.handled_by.username == "office"
    declaration = db.session.scalar(select(ConflictDeclaration).where(ConflictDeclaration.person_id == world.zhao.id))
    assert declaration.kind is DeclarationKind.APPLICANT_REQUEST and declaration.status is DeclarationStatus.ACCEPTED
    assert declaration.organization_id == world.huagang.id
    assert db.session.scalar(select(Relation).where(Relation.type == RelationType.COMPETITOR_OF))
    service.forget_engines()
    assert service.is_conflicted(world.cycle, world.zhao.id, world.huagang.id)
    assert not service.is_conflicted(world.cycle, world.qian.id, world.huagang.id)
    assert {"recusal_request_handled", "avoidance_request_accepted", "relation_created"} <= set(audit_actions(db))
    assert "recusal_handled" in _notices(db, "huagang")
    assert f"/recusals/{request.id}" not in client.get("/").get_data(as_text=True)  # off the to-do list

    auth.logout()
    auth.login("huagang")
    page = client.get("/recusals/mine").get_data(as_text=True)
    assert "已处理：相关人员将回避" in page
    assert "钱工" not in page and "经核实" not in page  # never who matched, nor the office's note (Art. 33)
    assert client.get(f"/recusals/{request.id}").status_code == 403


def test_art33_the_office_rejects_with_a_reason_the_organization_reads(client, auth, db, world):
    auth.login("huagang")
    _file(client, world, named_person="", named_organization="某某公司")
    request = _request(db)
    auth.logout()
    auth.login("office")
    assert client.post(f"/recusals/{request.id}/reject", data={"reject-reason": " "}).status_code == 400
    assert client.post(f"/recusals/{request.id}/handle", data={"handle-note": "无"}).status_code == 400  # nobody chosen
    db.session.expire_all()
    assert request.status is RecusalStatus.PENDING
    assert client.post(f"/recusals/{request.id}/reject",
                       data={"reject-reason": "所述单位与评审无关"}).status_code == 302
    db.session.expire_all()
    assert request.status is RecusalStatus.REJECTED
    # decided once
    client.post(f"/recusals/{request.id}/reject", data={"reject-reason": "再次"})
    db.session.expire_all()
    assert request.office_note == "所述单位与评审无关"
    assert "recusal_rejected" in _notices(db, "huagang")
    auth.logout()
    auth.login("huagang")
    assert "未采纳：所述单位与评审无关" in client.get("/recusals/mine").get_data(as_text=True)


def test_an_organization_never_sees_another_organizations_requests(client, auth, db, world, make_org, make_account,
                                                                   make_application):
    auth.login("huagang")
    _file(client, world)
    auth.logout()
    other = make_org("本溪其他制造有限公司")
    make_application(world.cycle, other, status=ApplicationStatus.ACCEPTED)
    make_account("other", other)
    auth.login("other")
    page = client.get("/recusals/mine").get_data(as_text=True)
    assert "对方为我公司直接竞争对手" not in page
    # it cannot file for 华钢's application either: not one of its choices
    assert _file(client, world, reason="冒名").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(RecusalRequest)) == 1


def test_the_organizations_pages_refuse_every_other_role(client, auth, make_user, world):
    for role in (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP, Role.RECOMMENDER):
        make_user(f"u-{role.value}", role)
        auth.login(f"u-{role.value}")
        assert client.get("/recusals/mine").status_code == 403, role
        assert client.post("/recusals/mine", data=REQUEST).status_code == 403, role
        auth.logout()
    auth.login("huagang")
    assert client.get("/recusals/").status_code == 403
    assert client.post("/recusals/1/reject", data={"reject-reason": "x"}).status_code == 403


def test_huge_request_ids_answer_404(client, auth, world):
    auth.login("office")
    assert client.get(f"/recusals/{2**40}").status_code == 404
    assert client.post(f"/recusals/{2**40}/reject", data={"reject-reason": "x"}).status_code == 404


def test_art33_a_handling_refused_half_way_writes_nothing(client, auth, db, world, monkeypatch):
    """The avoided persons, the competitor relation and the request's decision are one change: when the relation is
    refused after the person's declaration was written, the declaration goes too and the request stays pending."""
    from reviewapp.errors import Refused
    from reviewapp.graph import operations as graph

    auth.login("huagang")
    _file(client, world)
    request = _request(db)
    auth.logout()
    auth.login("office")
    before = audit_actions(db)

    def refused(*_args, **_kwargs):
        raise Refused("这条关系被拒绝")

    monkeypatch.setattr(graph, "add_relation", refused)
    response = client.post(f"/recusals/{request.id}/handle",
                           data={"handle-persons": [str(world.zhao.id)], "handle-competitor": str(world.angang.id),
                                 "handle-note": "经核实，赵工任职于鞍山竞争钢铁"})
    assert response.status_code == 400 and "这条关系被拒绝" in response.get_data(as_text=True)
    db.session.expire_all()
    assert request.status is RecusalStatus.PENDING
    assert db.session.scalar(select(func.count()).select_from(ConflictDeclaration)) == 0
    assert audit_actions(db) == before
    assert not service.is_conflicted(world.cycle, world.zhao.id, world.huagang.id)

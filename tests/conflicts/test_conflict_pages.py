from datetime import date

from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)


def expert_person(db, make_user, name="李专家", username="lizj"):
    user = make_user(username, Role.EXPERT, display_name=name)
    return db.session.scalar(select(Person).where(Person.user_id == user.id))


def relate(db, rel_type, source, target, **fields):
    ends = {}
    ends["from_person_id" if isinstance(source, Person) else "from_org_id"] = source.id
    ends["to_person_id" if isinstance(target, Person) else "to_org_id"] = target.id
    relation = Relation(type=rel_type, source=RelationSource.OFFICE, **ends, **fields)
    db.session.add(relation)
    db.session.commit()
    return relation


def test_every_expert_login_is_a_person_of_the_graph(db, make_user):
    person = expert_person(db, make_user)
    assert person.name == "李专家"


def test_enforcement_function_explains_a_group_conflict(db, make_user, make_cycle, make_org, make_application):
    expert = expert_person(db, make_user)
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    parent, sub = make_org("本钢集团示例"), make_org("本钢示例子公司")
    application = make_application(cycle, make_org("本钢板材示例"))
    relate(db, RelationType.SUBSIDIARY_OF, sub, parent)
    relate(db, RelationType.SUBSIDIARY_OF, application.organization, parent)
    relate(db, RelationType.EMPLOYED_BY, expert, sub, start_date=date(2021, 3, 1))
    findings = service.conflicts_between(cycle, expert.id, application.organization_id)
    assert [f.rule for f in findings] == ["R1"]
    assert service.is_conflicted(cycle, expert.id, application.organization_id)


def test_office_sees_the_matrix_and_an_explained_pair(db, office, client, make_user, make_cycle, make_org,
                                                     make_application):
    expert = expert_person(db, make_user)
    other = expert_person(db, make_user, "王专家", "wangzj")
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    parent, sub = make_org("本钢集团示例"), make_org("本钢示例子公司")
    application = make_application(cycle, make_org("本钢板材示例"))
    relate(db, RelationType.SUBSIDIARY_OF, sub, parent)
    relate(db, RelationType.SUBSIDIARY_OF, application.organization, parent)
    relate(db, RelationType.EMPLOYED_BY, expert, sub, start_date=date(2021, 3, 1))
    page = client.get(f"/conflicts/cycles/{cycle.id}").get_data(as_text=True)
    assert "共 1 对存在利害关系" in page and "R1" in page and "王专家" in page
    only = client.get(f"/conflicts/cycles/{cycle.id}?only=conflicted").get_data(as_text=True)
    assert "王专家" not in only
    pair = client.get(f"/conflicts/cycles/{cycle.id}/experts/{expert.id}/organizations/"
                      f"{application.organization_id}").get_data(as_text=True)
    assert "李专家 —任职（2021-03-01 至今）→ 本钢示例子公司 —子公司→ 本钢集团示例 ←子公司— 本钢板材示例" in pair
    assert "<svg" in pair and "198号" in pair
    clean = client.get(f"/conflicts/cycles/{cycle.id}/experts/{other.id}/organizations/"
                       f"{application.organization_id}").get_data(as_text=True)
    assert 'id="no-conflict"' in clean


def test_an_accepted_declaration_is_r7_and_a_pending_request_is_not(db, make_user, make_cycle, make_org):
    expert = expert_person(db, make_user)
    cycle = make_cycle()
    org = make_org()
    declaration = ConflictDeclaration(person_id=expert.id, organization_id=org.id,
                                      kind=DeclarationKind.APPLICANT_REQUEST, status=DeclarationStatus.PENDING,
                                      reason="该专家曾与我公司有合同纠纷")
    db.session.add(declaration)
    db.session.commit()
    assert not service.is_conflicted(cycle, expert.id, org.id)
    declaration.status = DeclarationStatus.ACCEPTED
    db.session.commit()
    service.forget_engines()
    assert [f.rule for f in service.conflicts_between(cycle, expert.id, org.id)] == ["R7"]


def test_experts_can_read_the_policy(db, make_user, auth, client):
    make_user("lizj", Role.EXPERT)
    auth.login("lizj")
    page = client.get("/conflicts/policy/2026.1").get_data(as_text=True)
    assert "R3" in page and "第十六条第（二）项" in page
    assert client.get("/conflicts/policy/1999.1").status_code == 404



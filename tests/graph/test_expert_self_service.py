"""Experts declare their own affiliations and conflicts (Art. 33) on /graph/me, and see or change nobody else's."""
import re
from datetime import date

from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from reviewapp.permissions import is_own_relation, may_end_relation
from tests.conftest import audit_actions
from tests.graph.conftest import relation_count


def own_form(**fields) -> dict:
    return {"type": "employed_by", "other": "", "start_date": "", "end_date": "", "share_percent": "", "degree": "",
            "note": "", **fields}


def test_expert_sees_own_relations_only(db, make_expert, relate, make_org, auth, client):
    me, other = make_expert(), make_expert("王专家", "wangzj")
    wife = Person(name="赵敏")
    db.session.add(wife)
    relate(RelationType.EMPLOYED_BY, me, make_org("我的单位示例"))
    relate(RelationType.SPOUSE_OF, wife, me)  # entered the other way round: still mine
    relate(RelationType.EMPLOYED_BY, other, make_org("别人的单位示例"))
    auth.login("lizj")
    page = client.get("/graph/me").get_data(as_text=True)
    table = page.split('id="relations"')[1].split("</table>")[0]
    assert "我的单位示例" in table and "赵敏" in table
    assert "别人的单位示例" not in table and "王专家" not in page.split("<main")[1]
    assert "/graph/organizations/" not in page and "/graph/people/" not in page  # names, not the office's pages


def test_expert_declares_an_employer_and_the_conflict_r1_follows(db, make_expert, make_cycle, make_org,
                                                                 make_application, auth, client):
    me = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例")).organization
    auth.login("lizj")
    response = client.post("/graph/me/relations", data=own_form(other=applicant.entity_id, start_date="2022-07-01"))
    assert response.status_code == 302 and response.headers["Location"] == "/graph/me"
    relation = db.session.scalar(select(Relation))
    assert (relation.from_person_id, relation.to_org_id, relation.source) == (me.id, applicant.id,
                                                                             RelationSource.DECLARED)
    assert relation.recorded_by_id == me.user_id and "relation_created" in audit_actions(db)
    service.forget_engines()
    assert [f.rule for f in service.conflicts_between(cycle, me.id, applicant.id)] == ["R1"]


def test_an_unregistered_employer_is_created_on_the_fly(db, make_expert, auth, client):
    me = make_expert()
    auth.login("lizj")
    client.post("/graph/me/relations",
                data=own_form(other="本溪新东家咨询有限公司", new_organization="y", start_date="2024-01-01"))
    org = db.session.scalar(select(Organization))
    assert (org.name, org.kind, org.credit_code) == ("本溪新东家咨询有限公司", OrgKind.OTHER, None)
    relation = db.session.scalar(select(Relation))
    assert (relation.from_person_id, relation.to_org_id) == (me.id, org.id)
    assert audit_actions(db)[-2:] == ["organization_created", "relation_created"]


def test_ticking_new_organization_for_a_registered_name_uses_the_registered_one(db, make_expert, make_org, auth,
                                                                               client):
    make_expert()
    org = make_org("本溪钢铁示例有限公司")
    auth.login("lizj")
    client.post("/graph/me/relations", data=own_form(other="本溪钢铁示例有限公司", new_organization="y"))
    assert db.session.scalars(select(Organization)).all() == [org]
    assert db.session.scalar(select(Relation)).to_org_id == org.id


def test_expert_types_are_a_closed_list(db, make_expert, make_org, auth, client):
    make_expert()
    org, parent = make_org("甲公司"), make_org("乙集团")
    auth.login("lizj")
    for rel_type in ("subsidiary_of", "competitor_of", "recommended"):
        response = client.post("/graph/me/relations", data=own_form(type=rel_type, other=parent.entity_id))
        assert response.status_code == 422
    assert relation_count(db) == 0 and org.id


def test_expert_spouse_of_an_organization_is_refused_with_the_rule(db, make_expert, make_org, auth, english, client):
    make_expert()
    org = make_org()
    auth.login("lizj")
    english()
    for fields in ({"other": org.entity_id}, {"other": "一家新公司", "new_organization": "y"}):
        response = client.post("/graph/me/relations", data=own_form(type="spouse_of", **fields))
        assert response.status_code == 422
        assert "Spouse (配偶) cannot end at an organization" in response.get_data(as_text=True)
    assert relation_count(db) == 0
    assert db.session.scalars(select(Organization)).all() == [org]  # the new one was not created


def test_expert_names_family_among_legal_representatives_only(db, make_expert, make_org, relate, auth, client):
    me, colleague = make_expert(), make_expert("王专家", "wangzj")
    boss = Person(name="王建国")
    db.session.add(boss)
    org = make_org("本溪钢铁示例有限公司")
    relate(RelationType.LEGAL_REPRESENTATIVE_OF, boss, org, start_date=date(2015, 1, 1))
    auth.login("lizj")
    page = client.get("/graph/me").get_data(as_text=True)
    assert f'<option value="{boss.entity_id}">王建国 · 本溪钢铁示例有限公司</option>' in page
    assert f'value="{colleague.entity_id}"' not in page
    refused = client.post("/graph/me/relations", data=own_form(type="spouse_of", other=colleague.entity_id))
    assert refused.status_code == 422
    client.post("/graph/me/relations", data=own_form(type="blood_relative_of", other=boss.entity_id, degree="2"))
    relation = db.session.scalars(select(Relation).where(Relation.type == RelationType.BLOOD_RELATIVE_OF)).one()
    assert (relation.from_person_id, relation.to_person_id, relation.degree) == (me.id, boss.id, 2)


def test_idor_expert_cannot_open_another_persons_page(db, make_expert, auth, client):
    me, other = make_expert(), make_expert("王专家", "wangzj")
    auth.login("lizj")
    assert client.get(f"/graph/people/{other.id}").status_code == 404
    assert client.get("/graph/people/999999").status_code == 404
    own = client.get(f"/graph/people/{me.id}")
    assert own.status_code == 302 and own.headers["Location"] == "/graph/me"


def end_own(client, relation, token="", end="2026-11-26"):
    return client.post(f"/graph/me/relations/{relation.id}/end", data={"end_date": end, "token": token})


def own_token(client, relation) -> str:
    page = client.get("/graph/me").get_data(as_text=True)
    row = re.search(rf'<tr data-relation="{relation.id}".*?</tr>', page, re.S)[0]
    return re.search(r'name="token" value="([^"]+)"', row)[1]


def test_expert_ends_only_own_declared_relations(db, make_expert, make_org, relate, auth, client):
    me, other = make_expert(), make_expert("王专家", "wangzj")
    declared = relate(RelationType.EMPLOYED_BY, me, make_org("甲公司"), source_kind=RelationSource.DECLARED,
                      start_date=date(2018, 1, 1))
    by_office = relate(RelationType.DIRECTOR_OF, me, make_org("乙公司"))
    theirs = relate(RelationType.EMPLOYED_BY, other, make_org("丙公司"), source_kind=RelationSource.DECLARED)
    # the predicates the views, the operation and the page's end forms ask (reviewapp/permissions.py)
    assert [is_own_relation(me.user, r) for r in (declared, by_office, theirs)] == [True, True, False]
    assert [may_end_relation(me.user, r) for r in (declared, by_office, theirs)] == [True, False, False]
    auth.login("lizj")
    page = client.get("/graph/me").get_data(as_text=True)
    office_row = re.search(rf'<tr data-relation="{by_office.id}".*?</tr>', page, re.S)[0]
    assert "end_date" not in office_row  # no end form for the office's facts
    assert end_own(client, theirs).status_code == 404       # IDOR: someone else's relation does not exist
    assert end_own(client, by_office).status_code == 403     # own, but entered by the office
    assert end_own(client, declared, own_token(client, declared)).status_code == 302
    db.session.expire_all()
    assert declared.end_date == date(2026, 11, 26)
    assert by_office.end_date is None and theirs.end_date is None
    assert audit_actions(db).count("relation_ended") == 1


def test_expert_cannot_use_the_office_forms_on_their_own_relations(db, make_expert, make_org, relate, auth, client):
    me = make_expert()
    relation = relate(RelationType.EMPLOYED_BY, me, make_org(), source_kind=RelationSource.DECLARED)
    auth.login("lizj")
    assert client.get(f"/graph/relations/{relation.id}/edit").status_code == 403
    assert client.post(f"/graph/relations/{relation.id}/end", data={"end_date": "2026-11-26"}).status_code == 403
    assert client.post(f"/graph/people/{me.id}/relations", data=own_form()).status_code == 403


def test_expert_declares_a_conflict_with_an_applicant_r7(db, make_expert, make_cycle, make_org, make_application,
                                                         auth, client):
    me = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例")).organization
    auth.login("lizj")
    page = client.get("/graph/me").get_data(as_text=True)
    assert f'<option value="{applicant.id}">本钢板材示例</option>' in page
    assert client.post("/graph/me/declarations", data={"organization": applicant.id, "reason": " "}).status_code == 422
    response = client.post("/graph/me/declarations", data={"organization": applicant.id, "reason": "曾为其辅导申报"})
    assert response.status_code == 302
    declaration = db.session.scalar(select(ConflictDeclaration))
    assert (declaration.person_id, declaration.kind, declaration.status) == (
        me.id, DeclarationKind.EXPERT, DeclarationStatus.ACCEPTED)
    assert declaration.recorded_by_id == me.user_id and "conflict_declared" in audit_actions(db)
    service.forget_engines()
    assert [f.rule for f in service.conflicts_between(cycle, me.id, applicant.id)] == ["R7"]
    assert "曾为其辅导申报" in client.get("/graph/me").get_data(as_text=True)
    # experts cannot withdraw it
    withdraw = client.post(f"/graph/declarations/{declaration.id}/withdraw", data={"note": "写错了"})
    assert withdraw.status_code == 403
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.ACCEPTED


def test_expert_declares_only_against_applicants(db, make_expert, make_org, auth, client):
    make_expert()
    bystander = make_org("未申报组织")
    auth.login("lizj")
    response = client.post("/graph/me/declarations", data={"organization": bystander.id, "reason": "亲属在此任职"})
    assert response.status_code == 422 and db.session.scalar(select(ConflictDeclaration)) is None


def test_experts_do_not_see_declarations_others_made_about_them(db, office, make_expert, make_org, client, auth):
    me = make_expert()
    org = make_org("本钢板材示例")
    client.post("/graph/declarations/requests", data={"request-person": me.entity_id,
                                                       "request-organization": org.entity_id,
                                                       "request-reason": "该专家曾与我公司有合同纠纷"})
    auth.logout()
    auth.login("lizj")
    assert "合同纠纷" not in client.get("/graph/me").get_data(as_text=True)

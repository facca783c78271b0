"""The office's people and relations pages: people, relations in both directions, and the forms that add, edit and
end relations, refused by the closed vocabulary of issue #4 (relation_problem) with the rule's message."""
import re
from datetime import date
from decimal import Decimal

from sqlalchemy import event, select

from reviewapp.conflicts import service
from reviewapp.models import AuditEntry, OrgKind, Person, Relation, RelationSource, RelationType, Stage
from tests.conftest import audit_actions
from tests.graph.conftest import relation_count


def person(db, name="张三", **fields) -> Person:
    created = Person(name=name, **fields)
    db.session.add(created)
    db.session.commit()
    return created


def last_audit(db, action) -> AuditEntry:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.seq.desc())).first()


# --- people -----------------------------------------------------------------------------------------------------------

def test_office_lists_people_paginated_and_searches_by_name(db, office, client):
    db.session.add_all([Person(name=f"测试人员{n:02d}") for n in range(35)] + [Person(name="王建国")])
    db.session.commit()
    first = client.get("/graph/people").get_data(as_text=True)
    assert len(re.findall(r'href="/graph/people/\d+"', first)) == 30 and "page=2" in first
    found = client.get("/graph/people?q=建国").get_data(as_text=True)
    assert "王建国" in found and "测试人员" not in found


def test_office_adds_a_person_and_it_is_audited(db, office, client):
    response = client.post("/graph/people/new", data={"name": " 赵敏 ", "note": "本溪某公司董事长之妻"})
    created = db.session.scalar(select(Person).where(Person.name == "赵敏"))
    assert response.status_code == 302 and response.headers["Location"] == f"/graph/people/{created.id}"
    assert created.note == "本溪某公司董事长之妻"
    assert last_audit(db, "person_created").details == {"name": "赵敏"}


def test_a_person_needs_a_name(db, office, client):
    response = client.post("/graph/people/new", data={"name": "  "})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(Person)) is None


def test_person_page_shows_relations_in_both_directions_and_declarations(db, office, client, make_org, relate,
                                                                        make_expert):
    expert = make_expert()
    wife = person(db, "赵敏")
    org = make_org("本溪钢铁示例有限公司")
    relate(RelationType.EMPLOYED_BY, expert, org, start_date=date(2019, 3, 1), recorded_by_id=office.id)
    relate(RelationType.SPOUSE_OF, wife, expert, source_kind=RelationSource.DECLARED)
    relate(RelationType.SHAREHOLDER_OF, expert, make_org("本溪咨询示例"), share=Decimal("0.125"))
    client.post("/graph/declarations/office", data={"office-person": expert.entity_id,
                                                      "office-organization": org.entity_id,
                                                      "office-reason": "曾任该公司顾问"})
    page = client.get(f"/graph/people/{expert.id}").get_data(as_text=True)
    employed = re.search(r'<tr data-relation="\d+" data-type="employed_by".*?</tr>', page, re.S)[0]
    assert f'href="/graph/organizations/{org.id}"' in employed and "→" in employed
    assert "2019-03-01" in employed and "Office" in employed  # recorded by the office user's display name
    spouse = re.search(r'<tr data-relation="\d+" data-type="spouse_of".*?</tr>', page, re.S)[0]
    assert f'href="/graph/people/{wife.id}"' in spouse and "←" in spouse
    assert "12.5%" in page
    assert 'id="declarations"' in page and "曾任该公司顾问" in page


def test_office_sees_an_organizations_relations_page(db, office, client, make_org, make_expert, relate):
    org = make_org("本溪钢铁示例有限公司")
    relate(RelationType.EMPLOYED_BY, make_expert(), org)
    page = client.get(f"/graph/organizations/{org.id}").get_data(as_text=True)
    assert "李专家" in page and 'data-type="employed_by"' in page
    assert f'href="/graph/organizations/{org.id}"' in client.get(f"/organizations/{org.id}").get_data(as_text=True)


def test_person_page_queries_do_not_grow_with_its_relations(db, office, client, make_org, make_expert, relate):
    expert = make_expert()

    def selects() -> int:
        count = 0

        def counter(*args):
            nonlocal count
            if args[2].lstrip().upper().startswith("SELECT"):
                count += 1
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            assert client.get(f"/graph/people/{expert.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        return count

    relate(RelationType.EMPLOYED_BY, expert, make_org("甲公司"), recorded_by_id=office.id)
    relate(RelationType.SPOUSE_OF, person(db, "赵敏"), expert)
    few = selects()
    for n in range(8):
        relate(RelationType.MEMBER_OF, expert, make_org(f"协会{n}"), recorded_by_id=office.id)
        relate(RelationType.SPOUSE_OF, person(db, f"亲属{n}"), expert)
    assert selects() == few


# --- adding relations -------------------------------------------------------------------------------------------------

def relation_form(**fields) -> dict:
    return {"direction": "out", "type": "employed_by", "start_date": "", "end_date": "", "share_percent": "",
            "degree": "", "note": "", **fields}


def test_office_adds_a_relation_from_a_person_page(db, office, client, make_org, make_expert):
    expert, org = make_expert(), make_org("本溪钢铁示例有限公司")
    response = client.post(f"/graph/people/{expert.id}/relations",
                           data=relation_form(other=org.entity_id, start_date="2021-03-01", note="质量部部长"))
    assert response.status_code == 302 and response.headers["Location"] == f"/graph/people/{expert.id}"
    relation = db.session.scalar(select(Relation))
    assert (relation.type, relation.from_person_id, relation.to_org_id) == (RelationType.EMPLOYED_BY, expert.id, org.id)
    assert relation.source is RelationSource.OFFICE and relation.recorded_by_id == office.id
    assert relation.start_date == date(2021, 3, 1) and relation.note == "质量部部长"
    details = last_audit(db, "relation_created").details
    assert details["type"] == "employed_by" and details["from"] == expert.entity_id and details["to"] == org.entity_id
    assert details["source"] == "office" and details["start_date"] == "2021-03-01"


def test_on_an_organization_page_the_other_end_comes_first(db, office, client, make_org, make_expert):
    expert, org = make_expert(), make_org()
    form = client.get(f"/graph/organizations/{org.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="in">|<option value="in" selected>', form)
    client.post(f"/graph/organizations/{org.id}/relations",
                data=relation_form(direction="in", type="legal_representative_of", other=expert.entity_id))
    relation = db.session.scalar(select(Relation))
    assert (relation.from_person_id, relation.to_org_id) == (expert.id, org.id)


def test_subsidiary_entered_on_the_parents_page(db, office, client, make_org):
    parent, child = make_org("本钢集团示例"), make_org("本钢示例子公司")
    client.post(f"/graph/organizations/{parent.id}/relations",
                data=relation_form(direction="in", type="subsidiary_of", other=child.entity_id))
    relation = db.session.scalar(select(Relation))
    assert (relation.from_org_id, relation.to_org_id) == (child.id, parent.id)


def test_the_other_end_may_be_typed_as_its_exact_name(db, office, client, make_org, make_expert):
    expert = make_expert()
    org = make_org("本溪钢铁示例有限公司")
    client.post(f"/graph/people/{expert.id}/relations", data=relation_form(other="本溪钢铁示例有限公司"))
    assert db.session.scalar(select(Relation)).to_org_id == org.id


def test_shareholder_share_is_entered_in_percent(db, office, client, make_org, make_expert):
    expert = make_expert()
    client.post(f"/graph/people/{expert.id}/relations",
                data=relation_form(type="shareholder_of", other=make_org().entity_id, share_percent="12.5"))
    assert db.session.scalar(select(Relation)).share == Decimal("0.1250")


def test_blood_relative_with_its_degree(db, office, client, make_expert):
    expert, brother = make_expert(), person(db, "李二")
    client.post(f"/graph/people/{expert.id}/relations",
                data=relation_form(type="blood_relative_of", other=brother.entity_id, degree="2"))
    relation = db.session.scalar(select(Relation))
    assert (relation.to_person_id, relation.degree) == (brother.id, 2)


def refused(client, url, data) -> str:
    response = client.post(url, data=data)
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_spouse_of_an_organization_is_refused_with_the_rule_and_nothing_is_written(db, office, english, client,
                                                                                  make_org, make_expert):
    english()
    expert = make_expert()
    page = refused(client, f"/graph/people/{expert.id}/relations",
                   relation_form(type="spouse_of", other=make_org().entity_id))
    assert "Spouse (配偶) cannot end at an organization: its &#39;to&#39; end must be a person." in page
    assert relation_count(db) == 0 and "relation_created" not in audit_actions(db)


def test_a_relation_starting_at_the_wrong_kind_is_refused(db, office, english, client, make_org, make_expert):
    english()
    org = make_org()
    page = refused(client, f"/graph/organizations/{org.id}/relations",
                   relation_form(direction="out", type="employed_by", other=make_expert().entity_id))
    assert "Employed by (任职) cannot start at an organization: its &#39;from&#39; end must be a person." in page
    assert relation_count(db) == 0


def test_an_end_before_the_start_is_refused(db, office, english, client, make_org, make_expert):
    english()
    expert = make_expert()
    page = refused(client, f"/graph/people/{expert.id}/relations",
                   relation_form(other=make_org().entity_id, start_date="2022-01-01", end_date="2021-12-31"))
    assert "The end date is before the start date." in page and relation_count(db) == 0


def test_a_share_of_150_percent_or_on_the_wrong_type_is_refused(db, office, english, client, make_org, make_expert):
    english()
    expert, org = make_expert(), make_org()
    for fields in ({"type": "shareholder_of", "share_percent": "150"}, {"type": "shareholder_of", "share_percent": "0"},
                   {"type": "employed_by", "share_percent": "10"}):
        page = refused(client, f"/graph/people/{expert.id}/relations", relation_form(other=org.entity_id, **fields))
        assert "A share is more than 0 and at most 100 percent, and only a shareholder has one." in page
    assert relation_count(db) == 0


def test_a_degree_only_on_blood_relatives(db, office, english, client, make_expert):
    english()
    expert, other = make_expert(), person(db, "赵敏")
    for fields in ({"type": "spouse_of", "degree": "1"}, {"type": "blood_relative_of", "degree": "9"}):
        page = refused(client, f"/graph/people/{expert.id}/relations", relation_form(other=other.entity_id, **fields))
        assert "is given only for a blood relative" in page
    assert relation_count(db) == 0


def test_both_ends_must_exist_and_differ(db, office, english, client, make_expert):
    english()
    expert = make_expert()
    for other in ("o999999", "p999999", "没有这个组织", ""):
        page = refused(client, f"/graph/people/{expert.id}/relations",
                       relation_form(type="spouse_of", other=other))
        assert "Choose the other end from the list." in page
    page = refused(client, f"/graph/people/{expert.id}/relations",
                   relation_form(type="spouse_of", other=expert.entity_id))
    assert "A relation needs two different ends." in page
    assert relation_count(db) == 0


def test_only_the_closed_vocabulary(db, office, client, make_org, make_expert):
    expert = make_expert()
    refused(client, f"/graph/people/{expert.id}/relations", relation_form(type="friend_of", other=make_org().entity_id))
    assert relation_count(db) == 0


def test_a_relation_added_by_the_office_changes_the_conflicts_r1(db, office, client, make_cycle, make_org,
                                                                 make_application, make_expert):
    expert = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例")).organization
    assert service.conflicts_between(cycle, expert.id, applicant.id) == []
    client.post(f"/graph/organizations/{applicant.id}/relations",
                data=relation_form(direction="in", other=expert.entity_id, start_date="2020-05-01"))
    service.forget_engines()
    assert [f.rule for f in service.conflicts_between(cycle, expert.id, applicant.id)] == ["R1"]


# --- editing and ending -----------------------------------------------------------------------------------------------

def edit_form(client, relation, anchor) -> dict:
    page = client.get(f"/graph/relations/{relation.id}/edit?anchor={anchor}").get_data(as_text=True)
    page = page[page.index("<main"):]
    fields = dict(re.findall(r'<input[^>]*?name="(\w+)"[^>]*?value="([^"]*)"', page))
    fields.update({name: value for value, name in re.findall(r'value="([^"]*)"[^>]*?name="(\w+)"', page)})
    selected = dict(re.findall(r'<select[^>]*name="(\w+)".*?<option selected value="([^"]*)"', page, re.S))
    note = re.search(r'<textarea[^>]*name="note"[^>]*>\s*(.*?)</textarea>', page, re.S)[1]
    return {**fields, **selected, "note": note}


def test_office_edits_a_relation_with_the_same_form(db, office, client, make_org, make_expert, relate):
    expert, org, other_org = make_expert(), make_org("甲公司"), make_org("乙公司")
    relation = relate(RelationType.EMPLOYED_BY, expert, org, start_date=date(2020, 1, 1), note="工程师")
    form = edit_form(client, relation, org.entity_id)
    assert form["direction"] == "in" and form["other"] == expert.entity_id and form["start_date"] == "2020-01-01"
    assert form["note"] == "工程师" and form["token"]
    response = client.post(f"/graph/relations/{relation.id}/edit?anchor={org.entity_id}",
                           data={**form, "type": "director_of", "start_date": "2020-02-01"})
    assert response.status_code == 302 and response.headers["Location"] == f"/graph/organizations/{org.id}"
    db.session.refresh(relation)
    assert relation.type is RelationType.DIRECTOR_OF and relation.start_date == date(2020, 2, 1)
    assert last_audit(db, "relation_updated").details == {"type": ["employed_by", "director_of"],
                                                          "start_date": ["2020-01-01", "2020-02-01"]}
    # the other end can change too, from the person's side
    form = edit_form(client, relation, expert.entity_id)
    client.post(f"/graph/relations/{relation.id}/edit?anchor={expert.entity_id}",
                data={**form, "other": other_org.entity_id})
    db.session.refresh(relation)
    assert (relation.from_person_id, relation.to_org_id) == (expert.id, other_org.id)


def test_an_edit_is_refused_by_the_vocabulary_too(db, office, english, client, make_org, make_expert, relate):
    english()
    expert, org = make_expert(), make_org()
    relation = relate(RelationType.EMPLOYED_BY, expert, org)
    form = edit_form(client, relation, expert.entity_id)
    response = client.post(f"/graph/relations/{relation.id}/edit", data={**form, "type": "spouse_of"})
    assert response.status_code == 422 and "cannot end at an organization" in response.get_data(as_text=True)
    db.session.refresh(relation)
    assert relation.type is RelationType.EMPLOYED_BY and "relation_updated" not in audit_actions(db)


def test_a_stale_edit_is_refused(db, office, english, client, make_org, make_expert, relate):
    english()
    expert, org = make_expert(), make_org()
    relation = relate(RelationType.EMPLOYED_BY, expert, org, start_date=date(2020, 1, 1))
    mine = edit_form(client, relation, expert.entity_id)
    theirs = edit_form(client, relation, expert.entity_id)
    client.post(f"/graph/relations/{relation.id}/edit", data={**theirs, "start_date": "2019-01-01"})
    response = client.post(f"/graph/relations/{relation.id}/edit", data={**mine, "start_date": "2021-01-01"})
    assert response.status_code == 409 and "Someone else changed this relation" in response.get_data(as_text=True)
    db.session.refresh(relation)
    assert relation.start_date == date(2019, 1, 1)


def end_token(client, relation, anchor_url) -> str:
    page = client.get(anchor_url).get_data(as_text=True)
    row = re.search(rf'<tr data-relation="{relation.id}".*?</tr>', page, re.S)[0]
    assert 'name="end_date" value="2026-11-26"' in row  # today in Benxi, by default
    return re.search(r'name="token" value="([^"]+)"', row)[1]


def test_office_ends_a_relation(db, office, client, make_org, make_expert, relate):
    expert, org = make_expert(), make_org()
    relation = relate(RelationType.EMPLOYED_BY, expert, org, start_date=date(2020, 1, 1))
    token = end_token(client, relation, f"/graph/people/{expert.id}")
    response = client.post(f"/graph/relations/{relation.id}/end",
                           data={"end_date": "2026-11-26", "token": token, "anchor": expert.entity_id})
    assert response.headers["Location"] == f"/graph/people/{expert.id}"
    db.session.refresh(relation)
    assert relation.end_date == date(2026, 11, 26)
    details = last_audit(db, "relation_ended").details
    assert details["end_date"] == "2026-11-26" and details["previous_end"] is None
    # ended: no second ending
    assert f'<tr data-relation="{relation.id}"' in client.get(f"/graph/people/{expert.id}").get_data(as_text=True)
    client.post(f"/graph/relations/{relation.id}/end", data={"end_date": "2026-11-26", "token": token})
    assert audit_actions(db).count("relation_ended") == 1


def test_ending_before_the_start_or_on_a_stale_page_is_refused(db, office, english, client, make_org, make_expert,
                                                              relate):
    english()
    expert, org = make_expert(), make_org()
    relation = relate(RelationType.EMPLOYED_BY, expert, org, start_date=date(2020, 1, 1))
    token = end_token(client, relation, f"/graph/organizations/{org.id}")
    response = client.post(f"/graph/relations/{relation.id}/end",
                           data={"end_date": "2019-12-31", "token": token, "anchor": org.entity_id},
                           follow_redirects=True)
    assert "The end date is before the start date." in response.get_data(as_text=True)
    response = client.post(f"/graph/relations/{relation.id}/end",
                           data={"end_date": "2026-11-26", "token": "stale", "anchor": org.entity_id},
                           follow_redirects=True)
    assert "Someone else changed this relation" in response.get_data(as_text=True)
    db.session.refresh(relation)
    assert relation.end_date is None and "relation_ended" not in audit_actions(db)


def test_other_roles_cannot_use_the_office_pages(db, make_user, make_expert, auth, client, make_org):
    someone = make_expert("王专家", "wangzj")
    make_expert()
    auth.login("lizj")
    org = make_org(kind=OrgKind.ENTERPRISE)
    for url in ("/graph/people", "/graph/people/new", f"/graph/organizations/{org.id}", "/graph/declarations"):
        assert client.get(url).status_code == 403, url
    for url in (f"/graph/people/{someone.id}/relations", f"/graph/organizations/{org.id}/relations",
                "/graph/declarations/office", "/graph/declarations/requests"):
        assert client.post(url, data={}).status_code == 403, url
    assert relation_count(db) == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/graph/people", "/graph/me", "/graph/declarations"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login"), url

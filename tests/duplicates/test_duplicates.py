from datetime import date

from sqlalchemy import func, select

from reviewapp.conflicts import service
from reviewapp.models import (
    EntityMerge,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from tests.conftest import audit_actions


def relate(db, rel_type, **ends):
    relation = Relation(type=rel_type, source=RelationSource.OFFICE, **ends)
    db.session.add(relation)
    db.session.commit()
    return relation


def test_full_and_short_names_are_suggested_and_merged_reversibly(db, office, client, make_org):
    full = make_org("本钢板材股份有限公司")
    short = Organization(name="本钢板材", kind=OrgKind.OTHER)
    db.session.add(short)
    person = Person(name="赵工")
    db.session.add(person)
    db.session.commit()
    relation = relate(db, RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=short.id)
    page = client.get("/duplicates/").get_data(as_text=True)
    assert f"duplicate:organization:{full.id}:{short.id}" in page
    client.post("/duplicates/merge", data={"kind": "organization", "survivor_id": full.id, "merged_id": short.id})
    db.session.expire_all()
    assert relation.to_org_id == full.id and short.merged_into_id == full.id
    assert f"duplicate:organization:{full.id}:{short.id}" not in client.get("/duplicates/").get_data(as_text=True)
    record = db.session.scalar(select(EntityMerge))
    client.post(f"/duplicates/merges/{record.id}/undo")
    db.session.expire_all()
    assert relation.to_org_id == short.id and short.merged_into_id is None
    assert {"entity_merged", "entity_merge_undone"} <= set(audit_actions(db))


def test_the_organization_without_a_credit_code_is_the_one_merged(db, office, client, make_org):
    full = make_org("本钢板材股份有限公司")
    short = Organization(name="本钢板材", kind=OrgKind.OTHER)
    db.session.add(short)
    db.session.commit()
    client.post("/duplicates/merge", data={"kind": "organization", "survivor_id": short.id, "merged_id": full.id})
    db.session.expire_all()
    assert full.merged_into_id is None
    assert db.session.scalar(select(func.count()).select_from(EntityMerge)) == 0


def test_related_entities_are_never_merged(db, office, client, make_org):
    parent = make_org("华康乳业集团有限公司")
    child = Organization(name="华康乳业", kind=OrgKind.OTHER)
    db.session.add(child)
    db.session.commit()
    relate(db, RelationType.SUBSIDIARY_OF, from_org_id=child.id, to_org_id=parent.id)
    client.post("/duplicates/merge", data={"kind": "organization", "survivor_id": parent.id, "merged_id": child.id})
    db.session.expire_all()
    assert child.merged_into_id is None


def test_a_dismissed_suggestion_stays_dismissed_until_a_name_changes(db, office, client):
    a, b = Person(name="王建国"), Person(name="王 建国")
    db.session.add_all([a, b])
    db.session.commit()
    key = f"duplicate:person:{a.id}:{b.id}"
    page = client.get("/duplicates/").get_data(as_text=True)
    fingerprint = page.split(f'name="key" value="{key}"><input type="hidden" name="fingerprint" value="')[1][:64]
    client.post("/duplicates/dismiss", data={"key": key, "fingerprint": fingerprint,
                                             "reason": "两人同名，身份证号不同"})
    assert key not in client.get("/duplicates/").get_data(as_text=True)
    b.name = "王建国"
    db.session.commit()
    assert key in client.get("/duplicates/").get_data(as_text=True)


def test_dismissing_needs_a_reason(db, office, client):
    client.post("/duplicates/dismiss", data={"key": "duplicate:person:1:2", "fingerprint": "x" * 64, "reason": ""})
    assert "suggestion_dismissed" not in audit_actions(db)


def test_a_possible_conflict_is_suggested_and_confirming_makes_it_count(db, office, client, make_user, make_cycle,
                                                                       make_org, make_application):
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = db.session.scalar(select(Person).where(Person.user_id == user.id))
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    group_parent = make_org("本钢集团有限公司")
    application = make_application(cycle, make_org("本钢板材股份有限公司"))
    relate(db, RelationType.SUBSIDIARY_OF, from_org_id=application.organization_id, to_org_id=group_parent.id)
    typed_employer = Organization(name="本钢集团", kind=OrgKind.OTHER)  # what the expert typed
    db.session.add(typed_employer)
    db.session.commit()
    relate(db, RelationType.EMPLOYED_BY, from_person_id=expert.id, to_org_id=typed_employer.id,
           start_date=date(2019, 5, 1))
    assert not service.is_conflicted(cycle, expert.id, application.organization_id)
    page = client.get("/duplicates/").get_data(as_text=True)
    key = f"possible:{cycle.id}:{expert.id}:{typed_employer.id}:{group_parent.id}"
    assert key in page
    client.post("/duplicates/confirm", data={"key": key})
    service.forget_engines()
    findings = service.conflicts_between(cycle, expert.id, application.organization_id)
    assert [f.rule for f in findings] == ["R1"]
    assert "possible_conflict_confirmed" in audit_actions(db)
    service.forget_engines()
    assert key not in client.get("/duplicates/").get_data(as_text=True)  # proven now: no longer a suggestion


def test_art33_a_proven_conflict_is_not_suggested_and_a_possible_one_names_the_closest_member(
        db, office, client, make_user, make_cycle, make_org, make_application):
    """An expert employed in the applicant's group is already in conflict (R1): no suggestion. An employer typed
    as 本钢集团 is suggested once against 本钢集团有限公司, not also against every member carrying the group's name."""
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    parent = make_org("本钢集团有限公司")
    application = make_application(cycle, make_org("本钢板材股份有限公司"))
    testing = make_org("本钢检测技术有限公司")
    for member in (application.organization_id, testing.id):
        relate(db, RelationType.SUBSIDIARY_OF, from_org_id=member, to_org_id=parent.id)
    typed = Organization(name="本钢集团", kind=OrgKind.OTHER)
    db.session.add(typed)
    db.session.commit()
    people = {}
    for username, name, employer in (("lizj", "李专家", testing), ("qianzj", "钱专家", typed)):
        person = db.session.scalar(select(Person).where(
            Person.user_id == make_user(username, Role.EXPERT, display_name=name).id))
        relate(db, RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=employer.id,
               start_date=date(2019, 5, 1))
        people[username] = person
    page = client.get("/duplicates/").get_data(as_text=True)
    assert f"possible:{cycle.id}:{people['lizj'].id}:" not in page
    assert page.count(f"possible:{cycle.id}:{people['qianzj'].id}:") == page.count(
        f"possible:{cycle.id}:{people['qianzj'].id}:{typed.id}:{parent.id}") > 0


import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reviewapp.models import (
    ApplicationStatus,
    Expert,
    ExpertAvailability,
    ExpertStatus,
    Panel,
    PanelMember,
    PanelStage,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from tests.conftest import audit_actions


@pytest.fixture
def world(make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.PANELS)
    steel = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    pharma = make_application(cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    return cycle, steel, pharma


def new_panel(client, cycle, name="第一评审组"):
    client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": name})


def panel_named(db, name="第一评审组"):
    db.session.expire_all()
    return db.session.scalar(select(Panel).where(Panel.name == name))


def add(client, panel, expert, leader=False):
    data = {"expert_id": expert.id, "version": panel.version}
    if leader:
        data["as_leader"] = "y"
    return client.post(f"/panels/{panel.id}/members", data=data, follow_redirects=True).get_data(as_text=True)


def test_art17_office_forms_a_panel_with_one_leader(db, office, client, world, make_expert):
    cycle, steel, _ = world
    new_panel(client, cycle)
    panel = panel_named(db)
    leader = make_expert("王组长", can_lead=True)
    member = make_expert("李委员")
    add(client, panel, leader, leader=True)
    add(client, panel_named(db), member)
    client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id,
                                                       "version": panel_named(db).version})
    panel = panel_named(db)
    assert panel.leader.expert_id == leader.id and len(panel.members) == 2
    assert [a.application_id for a in panel.applicants] == [steel.id]
    page = client.get(f"/panels/cycles/{cycle.id}/document_review").get_data(as_text=True)
    assert "王组长" in page and "本溪板材示例有限公司" in page and "panel-warnings" in page  # 2 of 5 experts
    assert {"panel_created", "panel_member_added", "panel_applicant_added"} <= set(audit_actions(db))


def test_art33_a_conflicted_expert_is_refused_with_the_explanation(db, office, client, world, make_expert):
    cycle, steel, _ = world
    new_panel(client, cycle)
    panel = panel_named(db)
    client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id, "version": panel.version})
    insider = make_expert("赵工", employer=steel.organization)
    page = add(client, panel_named(db), insider)
    assert "R1" in page and "赵工" in page and "本溪板材示例有限公司" in page
    assert panel_named(db).members == []


def test_an_applicant_conflicting_with_a_member_is_refused(db, office, client, world, make_expert):
    cycle, steel, _ = world
    new_panel(client, cycle)
    add(client, panel_named(db), make_expert("赵工", employer=steel.organization))
    panel = panel_named(db)
    page = client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id, "version": panel.version},
                       follow_redirects=True).get_data(as_text=True)
    assert "R1" in page
    assert panel_named(db).applicants == []


@pytest.mark.parametrize("status", [ExpertStatus.SUSPENDED, ExpertStatus.DISQUALIFIED])
def test_suspended_or_disqualified_experts_are_refused(db, office, client, world, make_expert, status):
    cycle, _, _ = world
    new_panel(client, cycle)
    expert = make_expert("钱工", status=status, status_reason="违反保密规定")
    page = add(client, panel_named(db), expert)
    assert "违反保密规定" in page and panel_named(db).members == []


def test_an_expert_who_declined_the_cycle_is_refused(db, office, client, world, make_expert):
    cycle, _, _ = world
    new_panel(client, cycle)
    expert = make_expert("孙工")
    db.session.add(ExpertAvailability(expert_id=expert.id, cycle_id=cycle.id, available=False, reason="出国访学"))
    db.session.commit()
    assert "出国访学" in add(client, panel_named(db), expert)


def test_a_leader_must_be_eligible(db, office, client, world, make_expert):
    cycle, _, _ = world
    new_panel(client, cycle)
    add(client, panel_named(db), make_expert("周工", can_lead=False), leader=True)
    assert panel_named(db).members == []


def test_two_experts_of_one_employer_group_are_refused(db, office, client, world, make_expert, make_org):
    cycle, _, _ = world
    university = make_org("辽宁科技学院示例")
    new_panel(client, cycle)
    add(client, panel_named(db), make_expert("吴工", employer=university))
    page = add(client, panel_named(db), make_expert("郑工", employer=university))
    assert len(panel_named(db).members) == 1 and "郑工" in page


def test_the_load_limit_per_cycle_is_kept(db, office, client, world, make_expert, make_application, make_org):
    cycle, steel, pharma = world
    cycle.settings = {**cycle.settings, "member_load_limit": 1}
    db.session.commit()
    expert = make_expert("冯工")
    for name, application in (("第一评审组", steel), ("第二评审组", pharma)):
        new_panel(client, cycle, name)
        panel = panel_named(db, name)
        client.post(f"/panels/{panel.id}/applicants", data={"application_id": application.id,
                                                           "version": panel.version})
    add(client, panel_named(db, "第一评审组"), expert)
    page = add(client, panel_named(db, "第二评审组"), expert)
    assert panel_named(db, "第二评审组").members == [] and "冯工" in page


def test_the_database_refuses_a_second_leader(db, world, make_expert):
    cycle, _, _ = world
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="测试组")
    db.session.add(panel)
    db.session.flush()
    db.session.add_all([PanelMember(panel_id=panel.id, expert_id=make_expert("甲", can_lead=True).id, is_leader=True),
                        PanelMember(panel_id=panel.id, expert_id=make_expert("乙", can_lead=True).id, is_leader=True)])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_changing_the_leader_keeps_one(db, office, client, world, make_expert):
    cycle, _, _ = world
    new_panel(client, cycle)
    add(client, panel_named(db), make_expert("甲组长", can_lead=True), leader=True)
    add(client, panel_named(db), make_expert("乙组长", can_lead=True))
    panel = panel_named(db)
    second = next(m for m in panel.members if not m.is_leader)
    client.post(f"/panels/{panel.id}/members/{second.id}/lead", data={"version": panel.version})
    panel = panel_named(db)
    assert [m.expert.person.name for m in panel.members if m.is_leader] == ["乙组长"]


def test_a_stale_panel_edit_is_refused(db, office, client, world, make_expert):
    cycle, _, _ = world
    new_panel(client, cycle)
    panel = panel_named(db)
    stale = panel.version
    add(client, panel, make_expert("甲"))
    page = client.post(f"/panels/{panel.id}/members", data={"expert_id": make_expert("乙").id, "version": stale},
                       follow_redirects=True).get_data(as_text=True)
    assert len(panel_named(db).members) == 1 and "alert-danger" in page


def test_art17_a_dissolved_panel_takes_no_more_changes(db, office, client, world, make_expert):
    cycle, _, _ = world
    new_panel(client, cycle)
    panel = panel_named(db)
    client.post(f"/panels/{panel.id}/dissolve", data={"version": panel.version})
    assert panel_named(db).dissolved_at is not None
    add(client, panel_named(db), make_expert("甲"))
    assert panel_named(db).members == []
    assert "panel_dissolved" in audit_actions(db)


def test_document_panels_are_not_formed_during_the_application_stage(db, office, client, make_cycle):
    cycle = make_cycle(stage=Stage.APPLICATION)
    new_panel(client, cycle)
    assert panel_named(db) is None


def test_experts_cannot_form_panels(db, make_user, auth, client, world):
    from reviewapp.models import Role

    cycle, _, _ = world
    make_user("lizj", Role.EXPERT)
    auth.login("lizj")
    assert client.get(f"/panels/cycles/{cycle.id}/document_review").status_code == 403


def test_an_unknown_stage_is_404(office, client, world):
    cycle, _, _ = world
    assert client.get(f"/panels/cycles/{cycle.id}/nonsense").status_code == 404


def test_the_expert_sees_their_assignment_on_the_home_page(db, make_user, auth, client, world):
    from reviewapp.models import Role

    cycle, steel, _ = world
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    expert.can_lead = True
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="第三评审组")
    db.session.add(panel)
    db.session.flush()
    db.session.add(PanelMember(panel_id=panel.id, expert_id=expert.id, is_leader=True))
    db.session.commit()
    auth.login("lizj")
    page = client.get("/").get_data(as_text=True)
    assert "资料评审" in page and "unsigned-cycle" in page
    assert "第三评审组" not in page  # its name waits for the declaration, like everything of the cycle


def test_art33_a_late_conflict_cuts_access_and_alerts_the_office(db, office, client, app, world, make_user):
    from reviewapp.models import ImpartialityDeclaration, Role
    from reviewapp.permissions import can_view_application

    cycle, steel, _ = world
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="第一评审组")
    db.session.add(panel)
    db.session.flush()
    db.session.add(PanelMember(panel_id=panel.id, expert_id=expert.id))
    from reviewapp.models import PanelApplicant
    db.session.add(PanelApplicant(panel_id=panel.id, application_id=steel.id, stage=PanelStage.DOCUMENT_REVIEW))
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    db.session.commit()
    assert can_view_application(user, steel)
    expert_client = app.test_client()
    expert_client.post("/auth/login", data={"username": "lizj", "password": "correct-horse-battery"})
    assert "本溪板材示例有限公司" in expert_client.get("/").get_data(as_text=True)
    # a relation recorded after the assignment: the expert turns out to work for the applicant
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=steel.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    from reviewapp.conflicts import service
    service.forget_engines()
    assert not can_view_application(user, steel)
    assert "本溪板材示例有限公司" not in expert_client.get("/").get_data(as_text=True)
    assert f'id="todo-late-conflicts-{cycle.id}"' in client.get("/").get_data(as_text=True)
    page = client.get(f"/panels/cycles/{cycle.id}/document_review").get_data(as_text=True)
    assert 'id="late-conflicts"' in page and "李专家" in page


def test_a_dissolved_panel_or_a_missing_signature_gives_no_access(db, world, make_user):
    from reviewapp.models import ImpartialityDeclaration, PanelApplicant, Role
    from reviewapp.models.base import utcnow
    from reviewapp.permissions import can_view_application

    cycle, steel, _ = world
    user = make_user("lizj", Role.EXPERT)
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="组")
    db.session.add(panel)
    db.session.flush()
    db.session.add_all([PanelMember(panel_id=panel.id, expert_id=expert.id),
                        PanelApplicant(panel_id=panel.id, application_id=steel.id, stage=PanelStage.DOCUMENT_REVIEW)])
    db.session.commit()
    assert not can_view_application(user, steel)  # not signed yet
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    db.session.commit()
    assert can_view_application(user, steel)
    panel.dissolved_at = utcnow()
    db.session.commit()
    assert not can_view_application(user, steel)  # Art. 17


def test_art17_the_panel_leader_and_member_predicates(db, world, make_user):
    from reviewapp.models import Role
    from reviewapp.models.base import utcnow
    from reviewapp.permissions import is_panel_leader, is_panel_member

    cycle, _, _ = world
    users = {name: make_user(name, Role.EXPERT) for name in ("lead", "member", "outsider")}
    experts = {name: db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
               for name, user in users.items()}
    experts["lead"].can_lead = True
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="组")
    db.session.add(panel)
    db.session.flush()
    db.session.add_all([PanelMember(panel_id=panel.id, expert_id=experts["lead"].id, is_leader=True),
                        PanelMember(panel_id=panel.id, expert_id=experts["member"].id)])
    db.session.commit()
    assert [is_panel_member(users[n], panel) for n in ("lead", "member", "outsider")] == [True, True, False]
    assert [is_panel_leader(users[n], panel) for n in ("lead", "member", "outsider")] == [True, False, False]
    experts["member"].status = ExpertStatus.SUSPENDED
    db.session.commit()
    assert not is_panel_member(users["member"], panel)
    panel.dissolved_at = utcnow()
    db.session.commit()
    assert not is_panel_member(users["lead"], panel) and not is_panel_leader(users["lead"], panel)  # Art. 17

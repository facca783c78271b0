from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import ConflictDeclaration, ImpartialityDeclaration, Person, Role, Stage
from reviewapp.panels.declaration import DECLARATION_VERSION, declaration_sha256
from tests.conftest import audit_actions


def test_art33_an_expert_signs_the_declaration_and_declares_a_conflict(db, make_user, auth, client, make_cycle,
                                                                       make_application, make_org):
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    cycle = make_cycle(stage=Stage.PANELS)
    first = make_application(cycle, make_org("本溪甲公司"))
    second = make_application(cycle, make_org("本溪乙公司"))
    auth.login("lizj")
    home = client.get("/").get_data(as_text=True)
    assert "unsigned-cycle" in home
    page = client.get(f"/panels/declaration/{cycle.id}").get_data(as_text=True)
    assert "本溪甲公司" in page and "本溪乙公司" in page and "商业秘密" in page
    # a ticked applicant needs a reason; nothing is signed without it
    client.post(f"/panels/declaration/{cycle.id}", data={"agree": "y", f"conflict-{first.id}": "1"})
    assert db.session.scalar(select(ImpartialityDeclaration)) is None
    client.post(f"/panels/declaration/{cycle.id}", data={"agree": "y", f"conflict-{first.id}": "1",
                                                        f"reason-{first.id}": "曾为该公司提供咨询"})
    record = db.session.scalar(select(ImpartialityDeclaration))
    assert (record.text_version, record.text_sha256) == (DECLARATION_VERSION, declaration_sha256())
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    assert service.is_conflicted(cycle, person.id, first.organization_id)
    assert not service.is_conflicted(cycle, person.id, second.organization_id)
    assert {"impartiality_declaration_signed", "conflict_declared"} <= set(audit_actions(db))
    assert "unsigned-cycle" not in client.get("/").get_data(as_text=True)


def test_signing_needs_the_box_ticked(db, make_user, auth, client, make_cycle):
    make_user("lizj", Role.EXPERT)
    cycle = make_cycle(stage=Stage.PANELS)
    auth.login("lizj")
    client.post(f"/panels/declaration/{cycle.id}", data={})
    assert db.session.scalar(select(ImpartialityDeclaration)) is None


def test_a_declaration_is_signed_once(db, make_user, auth, client, make_cycle):
    make_user("lizj", Role.EXPERT)
    cycle = make_cycle(stage=Stage.PANELS)
    auth.login("lizj")
    client.post(f"/panels/declaration/{cycle.id}", data={"agree": "y"})
    client.post(f"/panels/declaration/{cycle.id}", data={"agree": "y"})
    assert len(db.session.scalars(select(ImpartialityDeclaration)).all()) == 1
    assert db.session.scalar(select(ConflictDeclaration)) is None

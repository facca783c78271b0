"""The expert's home page: a seat on a panel whose applicant the expert turned out to be conflicted with says why
the applicant is gone, instead of an empty line with no way forward (Art. 33)."""
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    Expert,
    PanelStage,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from tests.conftest import PASSWORD
from tests.reviews.worlds import seat_panel


def test_art33_a_withheld_applicant_is_explained_on_the_experts_home(db, seated):
    application, expert, _panel, client = seated
    home = client.get("/").get_data(as_text=True)
    assert "本溪板材示例有限公司" in home and "recused-note" not in home
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    home = client.get("/").get_data(as_text=True)
    assert "本溪板材示例有限公司" not in home and "recused-note" in home and "第三十三条" in home


def test_art33_before_signing_the_home_page_names_no_panel(db, app, make_user, make_cycle, make_application,
                                                           make_org):
    """Automatic panels are named after their applicant: the name waits for the declaration, like the rest."""
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    seat_panel(db, cycle, PanelStage.DOCUMENT_REVIEW, "2026-001 本溪板材示例有限公司", [expert], [application])
    client = app.test_client()
    client.post("/auth/login", data={"username": "lizj", "password": PASSWORD})
    home = client.get("/").get_data(as_text=True)
    assert "unsigned-cycle" in home and "本溪板材示例有限公司" not in home

"""The object-level access matrix (issue #8, Art. 17, 33): the same URLs with the ids of objects a user may and may
not reach. The role matrix (test_access_matrix.py) proves who may call an endpoint at all; this one proves that
an expert reaches an applicant only from a seat on an active panel reviewing it, after signing, and never when
conflicted or after the panel is dissolved; that a leader's pages are their own panel's only; that changing an id
in a URL or a form (IDOR) finds nothing (404), never someone else's data."""
import pytest
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    Expert,
    ImpartialityDeclaration,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD
from tests.reviews.worlds import seat_panel, submitted_report, uniform

DOC = "document_review"


@pytest.fixture
def world(db, app, make_user, make_cycle, make_application, make_org):
    """Applicant A reviewed by panel P1 (leader "lead1", member "mem1", member "late" conflicted after the
    assignment); applicant B by P2 (leader "lead2"); "gone" sat on a dissolved panel that reviewed A; "unsigned" sits
    on P1 without having signed; "outsider" sits nowhere; "group" is a leading-group member."""
    from reviewapp.models import PanelStage

    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    a = make_application(cycle, make_org("本溪甲钢铁有限公司"), status=ApplicationStatus.ACCEPTED)
    b = make_application(cycle, make_org("本溪乙药业有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = {}
    for name in ("lead1", "mem1", "late", "unsigned", "lead2", "gone", "outsider"):
        user = make_user(name, Role.EXPERT)
        experts[name] = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
        if name != "unsigned":
            db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=experts[name].id,
                                                   text_version="2026.1", text_sha256="x" * 64))
    make_user("group", Role.LEADING_GROUP)
    stage = PanelStage.DOCUMENT_REVIEW
    p1 = seat_panel(db, cycle, stage, "第一评审组", [experts[n] for n in ("lead1", "mem1", "late", "unsigned")], [a])
    p2 = seat_panel(db, cycle, stage, "第二评审组", [experts["lead2"]], [b])
    old = seat_panel(db, cycle, PanelStage.ONSITE_REVIEW, "已解散组", [experts["gone"]], [])
    old.dissolved_at = utcnow()
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=experts["late"].person_id,
                            to_org_id=a.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    report_a = submitted_report(db, a, p1, stage, uniform(60))
    report_b = submitted_report(db, b, p2, stage, uniform(60))
    return {"a": a, "b": b, "p1": p1, "p2": p2, "report_a": report_a, "report_b": report_b, "app": app}


def client_of(world, username):
    client = world["app"].test_client()
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    return client


def urls(world):
    a, report_a = world["a"], world["report_a"]
    return {"application": f"/applications/{a.id}", "sheet": f"/reviews/{a.id}/{DOC}",
            "consolidation": f"/reviews/{a.id}/{DOC}/report", "report": f"/reviews/reports/{report_a.id}"}


# user -> the status of each of applicant A's pages: 200 reachable, 404 does not exist for them, 403 wrong role
EXPECTED = {
    "lead1": {"application": 200, "sheet": 200, "consolidation": 200, "report": 200},
    "mem1": {"application": 200, "sheet": 200, "consolidation": 404, "report": 404},
    "late": {"application": 404, "sheet": 404, "consolidation": 404, "report": 404},      # conflicted (Art. 33)
    "unsigned": {"application": 404, "sheet": 404, "consolidation": 404, "report": 404},  # no declaration yet
    "lead2": {"application": 404, "sheet": 404, "consolidation": 404, "report": 404},     # another panel's leader
    "gone": {"application": 404, "sheet": 404, "consolidation": 404, "report": 404},      # panel dissolved (Art. 17)
    "outsider": {"application": 404, "sheet": 404, "consolidation": 404, "report": 404},
    "group": {"application": 403, "sheet": 403, "consolidation": 403, "report": 404},     # blinded: no reports yet
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_art17_art33_who_reaches_applicant_as_pages(db, world, username):
    client = client_of(world, username)
    got = {page: client.get(url).status_code for page, url in urls(world).items()}
    assert got == EXPECTED[username]


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_art17_art33_the_permission_predicates_answer_as_the_pages_do(db, world, username):
    """Views, templates and tests ask the same named predicates (reviewapp/permissions.py)."""
    from reviewapp.models import User
    from reviewapp.permissions import can_view_application, is_panel_leader, is_panel_member, may_read_report

    user = db.session.scalar(select(User).where(User.username == username))
    assert can_view_application(user, world["a"]) == (EXPECTED[username]["application"] == 200)
    assert may_read_report(user, world["report_a"]) == (EXPECTED[username]["report"] == 200)
    assert is_panel_leader(user, world["p1"]) == (username == "lead1")
    assert is_panel_member(user, world["p1"]) == (username in ("lead1", "mem1", "late", "unsigned"))


def test_idor_a_leader_changing_the_id_in_a_url_finds_nothing(db, world):
    lead1, b = client_of(world, "lead1"), world["b"]
    for url in (f"/applications/{b.id}", f"/reviews/{b.id}/{DOC}", f"/reviews/{b.id}/{DOC}/report",
                f"/reviews/reports/{world['report_b'].id}", f"/reviews/{b.id}/onsite_review/visit"):
        assert lead1.get(url).status_code == 404, url


def test_idor_a_post_to_another_panels_applicant_changes_nothing(db, world):
    from reviewapp.models import PanelReport, ScoreSheet

    lead1, b = client_of(world, "lead1"), world["b"]
    before = (db.session.scalars(select(ScoreSheet)).all(), world["report_b"].version)
    assert lead1.post(f"/reviews/{b.id}/{DOC}", data={"pct-4.1.2": "60", "version": "1", "save_draft": "y"}
                      ).status_code == 404
    assert lead1.post(f"/reviews/{b.id}/{DOC}/report", data={"cons-4.1.2": "60", "version": "1",
                                                            "save_draft": "y"}).status_code == 404
    db.session.expire_all()
    assert db.session.scalars(select(ScoreSheet)).all() == before[0]
    assert db.session.get(PanelReport, world["report_b"].id).version == before[1]


def test_office_only_actions_on_objects_are_refused_to_experts_whatever_the_id(db, world):
    lead1 = client_of(world, "lead1")
    report = world["report_a"]
    assert lead1.post(f"/reviews/reports/{report.id}/reopen", data={"reason": "x"}).status_code == 403
    assert lead1.post(f"/reviews/{world['a'].id}/document_review/waive", data={"reason": "x"}).status_code == 403
    assert lead1.get(f"/reviews/applications/{world['a'].id}/sheets").status_code == 403

"""A cycle in the comprehensive evaluation with the office's candidate list proposed to the leading group, as
tests/reviews/test_ranking.py's `evaluated`: A 800 / 900 -> 870; B 700 / 600 -> 630; C 500 / 550 -> 535; D 650 on
paper only. The office proposes A for the award and B for the nomination."""
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from reviewapp.models import (
    ApplicationStatus,
    AuditEntry,
    AwardKind,
    Candidate,
    GroupDecision,
    ListChange,
    ListEntry,
    PanelStage,
    Role,
    Stage,
)
from tests.conftest import PASSWORD
from tests.reviews.worlds import seat_panel, submitted_comprehensive, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW
NAMES = {"A": "甲钢铁有限公司", "B": "乙药业有限公司", "C": "丙机械有限公司", "D": "丁食品有限公司"}
MEETING = "市质量强市领导小组2026年第3次会议"


@pytest.fixture
def evaluated(db, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.COMPREHENSIVE_EVALUATION)
    doc_panel = seat_panel(db, cycle, DOC, "资料评审组", [], [])
    onsite_panel = seat_panel(db, cycle, ONSITE, "现场评审组", [], [])
    apps = {}
    for key, doc, onsite in (("A", 80, 90), ("B", 70, 60), ("C", 50, 55), ("D", 65, None)):
        application = make_application(cycle, make_org(NAMES[key]), status=ApplicationStatus.ACCEPTED)
        application.goes_onsite = onsite is not None
        submitted_report(db, application, doc_panel, DOC, uniform(doc), recommend=onsite is not None)
        if onsite is not None:
            submitted_report(db, application, onsite_panel, ONSITE, uniform(onsite))
            submitted_comprehensive(db, application, onsite_panel, doc * 10, onsite * 10)  # confirmed (Art. 20)
        apps[key] = application
    db.session.commit()
    return cycle, apps


@pytest.fixture
def proposed(db, evaluated):
    """The office's candidate list: A for the award, B for the nomination, proposed on 2026-11-20."""
    cycle, apps = evaluated
    for key, level, combined in (("A", AwardKind.AWARD, "870.00"), ("B", AwardKind.NOMINATION, "630.00")):
        db.session.add(Candidate(cycle_id=cycle.id, application_id=apps[key].id, level=level,
                                 combined_score=Decimal(combined)))
    cycle.candidates_proposed_at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    db.session.commit()
    return cycle, apps


@pytest.fixture
def login(app, make_user):
    """login("member", Role.LEADING_GROUP) -> a test client of a new user, logged in."""
    def make(username: str, *roles: Role, display_name=None):
        make_user(username, *roles, display_name=display_name)
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": PASSWORD})
        return client
    return make


@pytest.fixture
def member(login):
    return login("member", Role.LEADING_GROUP, display_name="张组员")


def decide(client, cycle, levels: dict, reasons: dict | None = None, decided_on="2026-11-25", meeting=MEETING,
           note=""):
    """POST the group's decision: levels / reasons keyed by application."""
    data = {"decided_on": decided_on, "meeting_reference": meeting, "note": note, "submit": "y"}
    data.update({f"level-{application.id}": level for application, level in levels.items()})
    data.update({f"reason-{application.id}": reason for application, reason in (reasons or {}).items()})
    return client.post(f"/leading/cycles/{cycle.id}/decision", data=data, follow_redirects=True)


def nothing_written(db) -> bool:
    db.session.expire_all()
    counts = [db.session.scalar(select(func.count()).select_from(model))
              for model in (GroupDecision, ListEntry, ListChange)]
    actions = set(db.session.scalars(select(AuditEntry.action)))
    return counts == [0, 0, 0] and not actions & {"group_decision_recorded", "ranking_unblinded"}

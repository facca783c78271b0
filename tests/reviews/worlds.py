"""A document-review panel of three signed experts (the first leads) reviewing one accepted applicant, with helpers
to submit sheets and log each person in."""
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.domain.comprehensive import combined_score
from reviewapp.domain.standard import load_standard
from reviewapp.models import (
    Application,
    ApplicationStatus,
    ComprehensiveReport,
    Cycle,
    Expert,
    ImpartialityDeclaration,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelReport,
    PanelStage,
    Person,
    ReportStatus,
    Role,
    ScoreSheet,
    SheetStatus,
    Stage,
)
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD

ITEMS = [item.code for item in load_standard().items]


@dataclass
class Setup:
    cycle: Cycle
    application: Application
    panel: Panel
    experts: list[Expert]  # experts[0] leads
    app: object

    def client(self, username: str):
        client = self.app.test_client()
        client.post("/auth/login", data={"username": username, "password": PASSWORD})
        return client

    def leader(self):
        return self.client("leader")


def seat_panel(db, cycle, stage, name, experts, applications):
    panel = Panel(cycle_id=cycle.id, stage=stage, name=name)
    db.session.add(panel)
    db.session.flush()
    for index, expert in enumerate(experts):
        db.session.add(PanelMember(panel_id=panel.id, expert_id=expert.id, is_leader=index == 0))
    for application in applications:
        db.session.add(PanelApplicant(panel_id=panel.id, application_id=application.id, stage=stage))
    db.session.commit()
    return panel


def submit_sheet(db, application, expert, stage, percents, **texts):
    db.session.add(ScoreSheet(application_id=application.id, expert_id=expert.id, stage=stage, percents=percents,
                              status=SheetStatus.SUBMITTED, submitted_at=utcnow(), **texts))
    db.session.commit()


def uniform(value: int) -> dict[str, int]:
    return {code: value for code in ITEMS}


@pytest.fixture
def doc_panel(db, app, make_user, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for username, name in (("leader", "王组长"), ("member1", "李专家"), ("member2", "赵专家")):
        user = make_user(username, Role.EXPERT, display_name=name)
        expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
        db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                               text_sha256="x" * 64))
        experts.append(expert)
    panel = seat_panel(db, cycle, PanelStage.DOCUMENT_REVIEW, "第一评审组", experts, [application])
    return Setup(cycle, application, panel, experts, app)


def submitted_report(db, application, panel, stage, consensus, recommend=True, **texts):
    report = PanelReport(application_id=application.id, panel_id=panel.id, stage=stage, consensus=consensus,
                         recommend=recommend, status=ReportStatus.SUBMITTED, submitted_at=utcnow(), **texts)
    db.session.add(report)
    db.session.commit()
    return report


def submitted_comprehensive(db, application, panel, document_total, onsite_total, weight=30, score=None,
                            justification=None, status=ReportStatus.SUBMITTED):
    """The on-site panel's comprehensive evaluation report (Art. 20): the proposal from the two totals and the
    weight, and the panel's score (the proposal unless given)."""
    proposed = combined_score(Decimal(document_total), Decimal(onsite_total), weight)
    report = ComprehensiveReport(
        application_id=application.id, panel_id=panel.id, document_total=document_total, onsite_total=onsite_total,
        weight_percent=weight, proposed_score=proposed, score=proposed if score is None else Decimal(score),
        justification=justification, strengths={}, opportunities={}, status=status,
        submitted_at=utcnow() if status is ReportStatus.SUBMITTED else None)
    db.session.add(report)
    db.session.commit()
    return report


def signed_expert_on(db, make_user, cycle, application, username="lizj", name="李专家"):
    """An expert account that signed the cycle's declaration, alone on a document-review panel of `application`:
    (expert, panel)."""
    user = make_user(username, Role.EXPERT, display_name=name)
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    return expert, seat_panel(db, cycle, PanelStage.DOCUMENT_REVIEW, "第一评审组", [expert], [application])


@pytest.fixture
def seated(db, app, make_user, make_cycle, make_application, make_org):
    """One signed expert on a document-review panel of one accepted applicant, logged in: (application, expert,
    panel, client)."""
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    expert, panel = signed_expert_on(db, make_user, cycle, application)
    client = app.test_client()
    client.post("/auth/login", data={"username": "lizj", "password": PASSWORD})
    return application, expert, panel, client


@pytest.fixture
def evaluating(db, doc_panel):
    """doc_panel's applicant through both reviews (600 on paper, 700 on site: 670 with the default 30% weight), the
    same three experts on the on-site panel, the cycle in the comprehensive evaluation."""
    setup = doc_panel
    setup.application.goes_onsite = True
    setup.cycle.stage = Stage.COMPREHENSIVE_EVALUATION
    document, onsite = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW
    submitted_report(db, setup.application, setup.panel, document, uniform(60), strengths={"4.1": "领导作用突出"},
                     opportunities={"4.7": "缺少对标数据"}, summary="资料评审总体良好")
    onsite_panel = seat_panel(db, setup.cycle, onsite, "现场评审一组", setup.experts, [setup.application])
    submitted_report(db, setup.application, onsite_panel, onsite, uniform(70), strengths={"4.1": "现场验证属实"},
                     opportunities={"4.7": "对标数据仍不完整"})
    setup.onsite_panel = onsite_panel
    return setup

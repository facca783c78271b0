"""Small worlds in which every form of the app can be reached and submitted with success, so that a payload can get
all the way into the database and onto the pages. Each is a fixture, built once per test function (the examples of
a test share it, and the harness compares the database before and after each one instead of resetting it)."""
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from reviewapp.duplicates import operations as duplicate_ops
from reviewapp.models import (
    ApplicationStatus,
    AssignmentProposal,
    AwardKind,
    AwardRecord,
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Expert,
    GroupDecision,
    ImpartialityDeclaration,
    ListEntry,
    Notice,
    NoticeKind,
    Organization,
    OrgKind,
    PanelReport,
    PanelStage,
    Person,
    PublicSubmission,
    Relation,
    RelationSource,
    RelationType,
    Role,
    ScoreSheet,
    SiteIssue,
    SiteIssueKind,
    SiteVisit,
    Stage,
    TitleMisuseKind,
    TitleMisuseReport,
)
from tests.awards.worlds import approve
from tests.conftest import PASSWORD, publish_call
from tests.reviews.worlds import ITEMS, seat_panel, submit_sheet, submitted_comprehensive, submitted_report, uniform
from tests.submissions.worlds import FILER, challenge_answer, decide

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


class World(SimpleNamespace):
    """The objects of a world, and one logged-in test client per role that acts in it."""

    def client(self, who: str):
        return self.clients[who]

    def latest(self, model):
        from reviewapp.extensions import db

        return db.session.scalar(select(model).order_by(model.id.desc()).limit(1))


def logged_in(app, username: str | None):
    client = app.test_client()
    if username is not None:
        response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"{username} could not log in"
    return client


def expert_of(db, user) -> Expert:
    return db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))


def _clients(app, **usernames) -> dict:
    clients = {role: logged_in(app, username) for role, username in usernames.items()}
    return clients | {"anonymous": logged_in(app, None)}


def _org_without_code(db, name: str) -> Organization:
    """Typed in by hand, without its credit code: what the duplicate finder is for."""
    org = Organization(name=name, kind=OrgKind.ENTERPRISE, founded_on=date(2010, 1, 1))
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def base_world(app, db, make_user, make_org, make_cycle, make_application):
    """The office's everyday objects: users, organizations (two of them look alike, for the duplicate finder), a
    cycle open for applications with one registered application, people and relations, an expert login with its own
    declared affiliation and an employer that looks like the applicant, an applicant's pending avoidance request, a
    notice, a past award and a merge to undo."""
    office = make_user("office", Role.OFFICE)
    expert_user = make_user("lizj", Role.EXPERT, display_name="李专家")
    other = make_user("bob", Role.EXPERT, display_name="Bob")
    org = make_org("本溪示例制造有限公司")
    twin = _org_without_code(db, "本溪示例制造有限责任公司")
    cycle = make_cycle()
    application = make_application(cycle, org)
    person = Person(name="王五")
    db.session.add(person)
    db.session.flush()
    expert = expert_of(db, expert_user)
    relation = Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=org.id,
                        source=RelationSource.OFFICE, start_date=date(2020, 1, 1))
    own = Relation(type=RelationType.CONSULTED_FOR, from_person_id=expert.person_id, to_org_id=twin.id,
                   source=RelationSource.DECLARED, start_date=date(2021, 1, 1))
    # the expert works at the look-alike of the applicant: a possible conflict for the office to confirm
    works = Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id, to_org_id=twin.id,
                     source=RelationSource.OFFICE, start_date=date(2021, 1, 1))
    request = ConflictDeclaration(person_id=expert.person_id, organization_id=org.id,
                                  kind=DeclarationKind.APPLICANT_REQUEST, status=DeclarationStatus.PENDING,
                                  reason="申请人请求回避")
    notice = Notice(cycle_id=cycle.id, kind=NoticeKind.ACCEPTANCE, title="受理公示", body="名单如下。",
                    start_date=date(2026, 11, 20), end_date=date(2026, 11, 27), working_days=6, entries=[])
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2024, 12, 1),
                        cycle_name="第八届本溪市市长质量奖")
    db.session.add_all([relation, own, works, request, notice, award])
    db.session.commit()
    call = publish_call(db, cycle, deadline=date(2026, 11, 26))  # Art. 14, 15: the call; its deadline is today
    doomed = _org_without_code(db, "本溪示例制造有限责任公司")
    merge = duplicate_ops.merge("organization", twin.id, doomed.id, office)
    return World(app=app, office=office, expert_user=expert_user, other=other, org=org, twin=twin, cycle=cycle,
                 application=application, person=person, expert=expert, relation=relation, own=own, request=request,
                 notice=notice, award=award, merge=merge, call=call,
                 clients=_clients(app, office="office", expert="lizj"))


@pytest.fixture
def acceptance_world(app, db, make_user, make_cycle, make_application):
    """A cycle in the acceptance review with every application decided: the acceptance notice may be published."""
    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    return World(cycle=cycle, clients=_clients(app, office="office"))


@pytest.fixture
def decision_world(app, db, make_user, make_cycle, make_application):
    """A cycle in the acceptance review with one application still to decide (Art. 16)."""
    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    application = make_application(cycle)
    return World(cycle=cycle, application=application, clients=_clients(app, office="office"))


@pytest.fixture
def opinion_world(app, db, decision_world):
    """The acceptance review with an opinion requested from a department and its reply awaited (Art. 8(4), 9)."""
    from reviewapp.models import OpinionRequest

    opinion = OpinionRequest(application_id=decision_world.application.id, department="本溪市应急管理局",
                             subject="请提供近三年安全生产情况。", sent_on=date(2026, 11, 20),
                             reply_due=date(2026, 12, 4))
    db.session.add(opinion)
    db.session.commit()
    decision_world.opinion = opinion
    return decision_world


@pytest.fixture
def investigation_world(app, db, make_application, decision_world):
    """The acceptance review with an open investigation of the application (Art. 8(4)), and another applicant
    excluded by a concluded one (Art. 30), whose exclusion the office may reverse."""
    from reviewapp.investigations import operations as investigation_ops
    from reviewapp.models import User

    office = db.session.scalar(select(User).where(User.username == "office"))
    office.display_name = "办公室王"  # shown beside the investigation as who opened it: a name, not English words
    decision_world.investigation = investigation_ops.open_investigation(
        decision_world.application, "office", None, None, "核实申报材料的真实性", office)
    excluded = make_application(decision_world.cycle)
    decision_world.exclusion = investigation_ops.open_investigation(excluded, "office", None, None, "核实", office)
    investigation_ops.conclude(decision_world.exclusion, "false_information", "检测报告系伪造",
                               decision_world.exclusion.version, office)
    return decision_world


@pytest.fixture
def onsite_list_world(app, db, make_user, make_cycle, make_application, make_org):
    """The document review with every panel's report in: the office may confirm the on-site list (Art. 18)."""
    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    panel = seat_panel(db, cycle, DOC, "资料评审组", [], [])
    for name, recommend in (("本溪板材示例有限公司", True), ("本溪药业示例有限公司", False)):
        application = make_application(cycle, make_org(name), status=ApplicationStatus.ACCEPTED)
        submitted_report(db, application, panel, DOC, uniform(60), recommend=recommend)
    return World(cycle=cycle, clients=_clients(app, office="office"))


@pytest.fixture
def decided_world(app, db, make_user, make_cycle, make_application, make_org):
    """A cycle in the proposed-winner notice stage with the leading group's decision on record."""
    office = make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.PROPOSED_NOTICE)
    application = make_application(cycle, make_org("甲钢铁有限公司"), status=ApplicationStatus.ACCEPTED)
    db.session.add_all([
        GroupDecision(cycle_id=cycle.id, decided_on=date(2026, 11, 20), meeting_reference="第3次会议",
                      recorded_by_id=office.id),
        ListEntry(cycle_id=cycle.id, application_id=application.id, level=AwardKind.AWARD,
                  combined_score=Decimal("870.00"))])
    db.session.commit()
    return World(cycle=cycle, clients=_clients(app, office="office"))


@pytest.fixture
def review_world(app, db, make_user, make_cycle, make_application, make_org):
    """A document-review panel of three signed experts (leader, member1, member2) on one applicant, with member2's
    submitted sheet and the leader's draft report; a second accepted applicant without a panel, a spare expert, an
    expert who has not signed the declaration, a second panel's submitted report, and an assignment proposal."""
    office = make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    spare_application = make_application(cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    reported = make_application(cycle, make_org("本溪机械示例有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for username, name in (("leader", "王组长"), ("member1", "李专家"), ("member2", "赵专家"), ("spare", "钱专家")):
        expert = expert_of(db, make_user(username, Role.EXPERT, display_name=name))
        expert.can_lead = True
        db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                               text_sha256="x" * 64))
        experts.append(expert)
    make_user("unsigned", Role.EXPERT, display_name="孙专家")
    db.session.commit()
    panel = seat_panel(db, cycle, DOC, "第一评审组", experts[:3], [application])
    other_panel = seat_panel(db, cycle, DOC, "第二评审组", experts[:3], [reported])
    submit_sheet(db, application, experts[2], DOC, uniform(60), strengths={ITEMS[0]: "扎实"})
    report = submitted_report(db, reported, other_panel, DOC, uniform(60))
    draft = PanelReport(application_id=application.id, panel_id=panel.id, stage=DOC)  # sheets still missing
    db.session.add(draft)
    db.session.commit()
    world = World(app=app, office=office, cycle=cycle, application=application, spare_application=spare_application,
                  panel=panel, experts=experts, report=report, draft=draft,
                  clients=_clients(app, office="office", leader="leader", member1="member1", unsigned="unsigned"))
    response = world.client("office").post(f"/panels/cycles/{cycle.id}/document_review/propose")
    assert response.status_code == 302, response.status_code
    world.proposal = db.session.scalar(select(AssignmentProposal))
    reserve = expert_of(db, make_user("reserve", Role.EXPERT, display_name="周专家"))  # free for the draft's seats
    reserve.can_lead = True
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=reserve.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    db.session.commit()
    world.reserve = reserve
    world.sheet = db.session.scalar(select(ScoreSheet))
    world.member = panel.members[1]
    world.entry = panel.applicants[0]
    return world


@pytest.fixture
def onsite_world(app, db, make_user, make_cycle, make_application, make_org):
    """An applicant on site: the on-site panel's leader has planned the visit, with one open issue."""
    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.ONSITE_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    application.goes_onsite = True
    experts = []
    for username in ("leader", "member1", "member2"):
        expert = expert_of(db, make_user(username, Role.EXPERT))
        db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                               text_sha256="x" * 64))
        experts.append(expert)
    db.session.commit()
    doc_panel = seat_panel(db, cycle, DOC, "资料评审组", experts, [application])
    submitted_report(db, application, doc_panel, DOC, uniform(60), strengths={"4.1": "领导作用突出"})
    panel = seat_panel(db, cycle, ONSITE, "现场评审组", experts, [application])
    visit = SiteVisit(application_id=application.id, panel_id=panel.id, visit_date=date(2026, 12, 3),
                      place="本溪市平山区示例路 1 号", agenda="座谈", members_present=[experts[0].id])
    issue = SiteIssue(visit=visit, kind=SiteIssueKind.VERIFY_STRENGTH, category_code="4.1",
                      text="领导作用突出")
    db.session.add_all([visit, issue])
    db.session.commit()
    return World(app=app, cycle=cycle, application=application, visit=visit, issue=issue,
                 clients=_clients(app, office="office", leader="leader"))


@pytest.fixture
def ranking_world(app, db, make_user, evaluated):
    """The comprehensive evaluation (tests/leading/worlds.py's `evaluated`): the office proposes candidates from the
    panels' submitted comprehensive reports (Art. 20); while one is missing, every list is refused."""
    make_user("office", Role.OFFICE)
    cycle, apps = evaluated
    return World(cycle=cycle, apps=apps, clients=_clients(app, office="office"))


@pytest.fixture
def leading_world(app, db, make_user, proposed):
    """The office's candidate list before the leading group (tests/leading/worlds.py's `proposed`)."""
    make_user("office", Role.OFFICE)
    make_user("member", Role.LEADING_GROUP)  # issue 17: a member's own opinions (Art. 6)
    cycle, apps = proposed
    return World(cycle=cycle, apps=apps, clients=_clients(app, office="office", group="member"))


@pytest.fixture
def approval_world(app, db, make_user, approval_cycle):
    make_user("office", Role.OFFICE)
    return World(cycle=approval_cycle.cycle, orgs=approval_cycle.orgs, clients=_clients(app, office="office"))


@pytest.fixture
def awarded_world(app, db, make_user, approval_cycle):
    """The approval world after the city government's approval (Art. 23), recorded through the office's form: the
    commendation decision may be recorded (Art. 24), and 甲's award is in the register of winners (Art. 26-29), with
    its recommender that may promote it (Art. 10), an open report of title misuse to handle and another, with its
    finding and action saved, to close (Art. 28)."""
    make_user("office", Role.OFFICE)
    world = World(app=app, cycle=approval_cycle.cycle, orgs=approval_cycle.orgs, clients=_clients(app, office="office"))
    response = approve(world.client("office"), world.cycle)
    assert response.status_code == 302, response.status_code
    world.award = db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == world.orgs["甲"].id))
    world.misuse = TitleMisuseReport(award_record_id=world.award.id, kind=TitleMisuseKind.ON_PRODUCT,
                                     received_on=date(2026, 11, 25), source="消费者来电",
                                     description="产品包装印有奖项标志")
    world.handled = TitleMisuseReport(award_record_id=world.award.id, kind=TitleMisuseKind.NO_AWARD_YEAR,
                                      received_on=date(2026, 11, 25), source="市场巡查",
                                      description="宣传册未注明年份", finding="属实", action="责令改正")
    db.session.add_all([world.misuse, world.handled])
    db.session.commit()
    return world


@pytest.fixture
def comprehensive_world(app, db, make_user, make_cycle, make_application, make_org):
    """The comprehensive evaluation (Art. 17, 20): two applicants through both reviews, the same three signed experts
    on both panels (the first leads). The on-site panel's leader writes the first applicant's comprehensive report
    (none yet: the proposal is 670); the second's is submitted, for the office to reopen."""
    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.COMPREHENSIVE_EVALUATION)
    applications = [make_application(cycle, make_org(name), status=ApplicationStatus.ACCEPTED)
                    for name in ("本溪板材示例有限公司", "本溪药业示例有限公司")]
    experts = []
    for username, name in (("leader", "王组长"), ("member1", "李专家"), ("member2", "赵专家")):
        expert = expert_of(db, make_user(username, Role.EXPERT, display_name=name))
        db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                               text_sha256="x" * 64))
        experts.append(expert)
    for application in applications:
        application.goes_onsite = True
    db.session.commit()
    doc_panel = seat_panel(db, cycle, DOC, "资料评审组", experts, applications)
    onsite_panel = seat_panel(db, cycle, ONSITE, "现场评审组", experts, applications)
    for application in applications:
        submitted_report(db, application, doc_panel, DOC, uniform(60), strengths={"4.1": "领导作用突出"},
                         opportunities={"4.7": "缺少对标数据"})
        submitted_report(db, application, onsite_panel, ONSITE, uniform(70), strengths={"4.1": "现场验证属实"})
    submitted = submitted_comprehensive(db, applications[1], onsite_panel, 600, 700)
    return World(app=app, cycle=cycle, application=applications[0], submitted=submitted,
                 clients=_clients(app, office="office", leader="leader"))


def _file(client, url: str, **fields) -> None:
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={**FILER, "facts": "事实", "reasons": "理由", **fields, **challenge_answer(page)})
    assert response.status_code == 302, response.status_code


@pytest.fixture
def submissions_world(app, db, make_user, proposed_notice, monkeypatch):
    """The proposed-winner notice running (tests/submissions/worlds.py), an expert of the pool, and submissions
    filed through the public forms, one for each of the office's forms: an objection just received, an upheld
    objection (the list may change), a report on an applicant (to link) and an upheld report on a reviewer (a
    finding). The hourly limits per address (filings, failed checks) are lifted: the fuzzing files far more than a
    person would, and the limits themselves are tested in tests/submissions."""
    monkeypatch.setitem(app.config, "SUBMISSION_RATE_LIMIT", 10**6)
    monkeypatch.setitem(app.config, "SUBMISSION_FAILED_CHECK_LIMIT", 10**6)
    make_user("office", Role.OFFICE)
    expert = expert_of(db, make_user("lizj", Role.EXPERT, display_name="李专家"))
    world = World(app=app, cycle=proposed_notice.cycle, apps=proposed_notice.apps, notice=proposed_notice.notice,
                  expert=expert, clients=_clients(app, office="office"))
    public, office = world.client("anonymous"), world.client("office")
    objection = f"/submissions/objection/{world.notice.id}"
    _file(public, objection, application_id=str(world.apps["A"].id))
    _file(public, objection, application_id=str(world.apps["B"].id))
    _file(public, "/submissions/report", subject="applicant", subject_name="甲钢铁有限公司")
    _file(public, "/submissions/report", subject="reviewer", subject_name="李专家")
    world.submission, world.upheld, world.report, world.reviewer_report = db.session.scalars(
        select(PublicSubmission).order_by(PublicSubmission.id)).all()
    for submission in (world.upheld, world.reviewer_report):
        decide(office, submission, ("investigating", "核查"), ("upheld", "成立"))
    return world


class SecondFactorWorld(World):
    def pending_login(self) -> str:
        """The "pending" client gives tfa's password again (after a success or too many wrong codes), so that each
        example reaches the code's form; the URL it posts to."""
        client = self.client("pending")
        client.post("/auth/logout")
        client.post("/auth/login", data={"username": "tfa", "password": PASSWORD})
        return "/auth/login/code"


@pytest.fixture
def second_factor_world(app, db, make_user, monkeypatch):
    """Issue 13 item 5: lizj half-way through enrolment (the page shows the key), tfa with a second factor and
    recovery codes, logged in ("enrolled"), and a client that gave tfa's password and waits for the code
    ("pending"). The throttle's free failures are raised: the fuzzing fails far more than a person would, and the
    throttle itself is tested in tests/auth."""
    from tests.auth.conftest import enrol

    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FREE_FAILURES", 10**6)
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_FREE_FAILURES", 10**6)
    make_user("lizj", Role.EXPERT, display_name="李专家")
    make_user("tfa", Role.EXPERT, display_name="双因素")
    clients = {"expert": logged_in(app, "lizj"), "enrolled": logged_in(app, "tfa"), "pending": app.test_client()}
    clients["expert"].post("/auth/two-factor/start")
    secret, codes = enrol(clients["enrolled"])
    return SecondFactorWorld(app=app, secret=secret, codes=codes, clients=clients)


@pytest.fixture
def invitation_world(app, db, base_world):
    """Issue 17: an imported expert with an e-mail address and no login yet, and one the office invited who has not
    set a password yet (the invitation's link works)."""
    from reviewapp.auth.reset import invite, token_for
    from reviewapp.experts.operations import create_invited_accounts

    invitee = Expert(person=Person(name="王芳"), email="wf@example.cn", specialties=[], strengths=[])
    invited = Expert(person=Person(name="赵强"), email="zq@example.cn", specialties=[], strengths=[])
    db.session.add_all([invitee, invited])
    db.session.commit()
    office = db.session.get(type(base_world.office), base_world.office.id)
    (user,) = create_invited_accounts([(invited, "zhao.qiang")], office)
    invite(user, office)
    db.session.commit()
    base_world.invitee, base_world.invited = invitee, invited
    base_world.invitation_token = token_for(user, invitation=True)
    return base_world


@pytest.fixture
def registration_world(app, db, base_world):
    """Issue 18: an organization that registered online and awaits the office's verification."""
    from reviewapp.admin.operations import create_user
    from reviewapp.models import OrganizationAccount

    user = create_user("huagang", "李明", PASSWORD, [Role.APPLICANT], "zh")
    account = OrganizationAccount(user_id=user.id, organization_id=base_world.org.id, organization_name="本溪华钢",
                                  credit_code=base_world.org.credit_code, email="liming@example.cn")
    db.session.add(account)
    db.session.commit()
    base_world.registration = account
    return base_world


@pytest.fixture
def online_world(app, db, base_world):
    """Issue 18: applying online in the base world's open cycle: an organization with a complete draft (its files
    uploaded), another whose draft awaits its recommender, and both organizations' and the recommender's logins."""
    from reviewapp.admin.operations import create_user
    from reviewapp.models import OrganizationAccount
    from reviewapp.models.base import utcnow
    from reviewapp.online import operations as online_ops
    from tests.conftest import credit_code
    from tests.fuzz.files import PDF
    from tests.online.conftest import draft_data

    def org(name, serial, kind=OrgKind.ENTERPRISE):
        organization = Organization(name=name, credit_code=credit_code("210502", serial), kind=kind,
                                    founded_on=date(2005, 3, 1))
        db.session.add(organization)
        db.session.commit()
        return organization

    def login(username, role, organization):
        user = create_user(username, username, PASSWORD, [role], "zh")
        db.session.add(OrganizationAccount(user_id=user.id, organization_id=organization.id,
                                           organization_name=organization.name, verified_at=utcnow()))
        db.session.commit()
        return user

    huagang, yiyao = org("本溪华钢特种板材有限公司", 8101), org("本溪乙药业有限公司", 8102)
    recommender = org("本溪市质量协会（推荐）", 8103, OrgKind.INDUSTRY_ASSOCIATION)
    users = {"applicant": login("huagang", Role.APPLICANT, huagang), "second": login("yiyao", Role.APPLICANT, yiyao),
             "recommender": login("xiehui", Role.RECOMMENDER, recommender)}
    drafts = []
    for organization, user in ((huagang, users["applicant"]), (yiyao, users["second"])):
        draft = online_ops.start_draft(base_world.cycle, organization, user)
        data = draft_data(recommender.id, draft.version)
        form = {"award": "award", "recommender_id": recommender.id,
                "form_data": {k.split("-", 1)[1]: v for k, v in data.items() if k.startswith("form_data-")},
                "self_assessment": {k.split("-", 1)[1]: v for k, v in data.items() if k.startswith("self_assessment-")}}
        online_ops.save_draft(draft, form, draft.version, user)
        for kind in ("application_form", "self_assessment_report"):
            online_ops.add_file(draft, kind, "材料.pdf", PDF, user)
        drafts.append(draft)
    online_ops.submit(drafts[1], drafts[1].version, users["second"])
    base_world.draft, base_world.awaiting, base_world.recommender = drafts[0], drafts[1], recommender
    base_world.clients |= {"applicant": logged_in(app, "huagang"), "second": logged_in(app, "yiyao"),
                           "recommender": logged_in(app, "xiehui")}
    return base_world


@pytest.fixture
def correction_world(app, db, make_user, decision_world):
    """Issue 18, Art. 16: the application to decide is sent back for correction; its organization has a verified
    applicant login (huagang) that corrects it."""
    from reviewapp.models import CorrectionRequest, OrganizationAccount

    application = decision_world.application
    user = make_user("huagang", Role.APPLICANT)
    db.session.add(OrganizationAccount(user_id=user.id, organization_id=application.organization_id,
                                       organization_name="本溪示例", verified_at=user.created_at))
    request = CorrectionRequest(application_id=application.id, missing="缺少自我评价报告",
                                due_on=date.today() + timedelta(days=14))
    db.session.add(request)
    db.session.commit()
    decision_world.correction = request
    decision_world.clients |= {"applicant": logged_in(app, "huagang")}
    return decision_world


@pytest.fixture
def recusal_world(app, db, make_user, make_org, make_cycle, make_application):
    """Issue 18, Art. 33: 华钢's accepted application in the document review, its verified login `huagang` that may
    file a recusal request, a pending request naming a competitor's employee who is in the pool."""
    from reviewapp.models import OrganizationAccount, RecusalRequest
    from reviewapp.models.base import utcnow

    make_user("office", Role.OFFICE)
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    org = make_org("本溪华钢特种板材有限公司")
    rival = make_org("鞍山竞争钢铁有限公司", division="210504")
    application = make_application(cycle, org, status=ApplicationStatus.ACCEPTED)
    user = make_user("huagang", Role.APPLICANT)
    person = Person(name="赵工")
    db.session.add_all([OrganizationAccount(user=user, organization=org, organization_name=org.name,
                                            verified_at=utcnow()),
                        Expert(person=person, specialties=[], strengths=[]),
                        Relation(type=RelationType.EMPLOYED_BY, from_person=person, to_org=rival,
                                 source=RelationSource.OFFICE)])
    db.session.flush()
    request = RecusalRequest(application_id=application.id, named_person="赵工", named_organization="鞍山竞争钢铁",
                             reason="直接竞争对手", submitted_by_id=user.id)
    db.session.add(request)
    db.session.commit()
    return World(app=app, cycle=cycle, org=org, rival=rival, application=application, person=person, request=request,
                 clients=_clients(app, office="office", applicant="huagang"))


@pytest.fixture
def winner_account_world(app, db, make_user, awarded_world):
    """Issue 18, Art. 27, 29: 甲's award of the awarded world, moved back to 2024-06-01 so that its first years are
    over (their use-of-funds reports can be submitted), and 甲's verified login `jiagang`."""
    from reviewapp.models import OrganizationAccount
    from reviewapp.models.base import utcnow

    award = db.session.get(AwardRecord, awarded_world.award.id)
    award.awarded_on = date(2024, 6, 1)
    user = make_user("jiagang", Role.APPLICANT)
    db.session.add(OrganizationAccount(user=user, organization_id=award.organization_id, organization_name="甲",
                                       verified_at=utcnow()))
    db.session.commit()
    awarded_world.clients["applicant"] = logged_in(app, "jiagang")
    return awarded_world

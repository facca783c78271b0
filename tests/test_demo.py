"""`flask demo`: demo cycles, organizations and applications that show every eligibility outcome (Art. 11, 12,
30-32), loaded through the audited operations, idempotent."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from reviewapp.applications.eligibility import eligibility_report
from reviewapp.city_calendar import city_today
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.demo.applications import CURRENT_CYCLE_NAME, PREVIOUS_CYCLE_NAME
from reviewapp.demo.conflicts import EXPERTS, OTHER_ORGS
from reviewapp.demo.data import months_before
from reviewapp.demo.documents import minimal_pdf
from reviewapp.demo.online import ONLINE
from reviewapp.demo.pool import FIELDS
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.dates import years_before
from reviewapp.domain.files import detect_file
from reviewapp.models import (
    Application,
    AuditEntry,
    AwardRecord,
    CreditRecord,
    Cycle,
    Material,
    MisconductFinding,
    Organization,
    OrgKind,
    Relation,
    Stage,
    User,
)
from tests.demo_data import load_demo

POOL_EMPLOYERS = {employer for _, employer in FIELDS}
LOGIN_NAMES = {name for name, _ in EXPERTS.values()}

# Each demo applicant and the automatic checks it is meant to fail (empty: passes them all).
EXPECTED_FAILURES = {
    "本溪华钢特种板材有限公司": set(),
    "辽宁盛京药业有限公司": {"registered_in_benxi"},
    "本溪云启软件科技有限公司": {"operating_three_years"},
    "本溪恒泰热电有限公司": {"no_major_accident"},
    "本溪满乡食品有限公司": {"not_abnormal_operations"},
    "本溪鑫源建材有限公司": {"not_serious_dishonesty"},
    "本溪辽东化工有限公司": {"no_administrative_penalty"},
    "桓仁雪岭冰酒庄园有限公司": {"no_failed_spot_check"},
    "本溪药都制药股份有限公司": {"award_wait_five_years"},
    "本溪太子河机械制造有限公司": {"nomination_not_again"},
    "本溪辽铸精密铸造有限公司": set(),
    "本溪宏达矿业有限公司": {"false_materials_ban"},
    "本溪金桥建筑工程有限公司": {"fraud_ban"},
    "本溪华康乳业有限公司": {"revoked_next_cycle"},
    "本溪市太子河医院": set(),
}
RECOMMENDERS = {"本溪市工业和信息化局": OrgKind.GOVERNMENT_DEPARTMENT, "本溪市质量协会": OrgKind.INDUSTRY_ASSOCIATION,
                "平山区市场监督管理局": OrgKind.MARKET_SUPERVISION}
ONLINE_FILES = sum(len(files) for *_, files, _base in ONLINE)
COUNTED = (Cycle, Organization, Application, Material, CreditRecord, AwardRecord, MisconductFinding, Relation,
           AuditEntry, User)


def _counts(db):
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}


def _run_demo(app) -> str:
    return load_demo(app)


@pytest.fixture
def loaded(app, db):
    return _run_demo(app)


def _applications(db) -> dict[str, Application]:
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    applications = db.session.scalars(select(Application).where(Application.cycle_id == cycle.id))
    return {a.organization.name: a for a in applications}


def test_running_the_demo_twice_creates_nothing_the_second_time(app, db, loaded):
    first = _counts(db)
    second = _run_demo(app)
    assert _counts(db) == first  # no new organization, application, record or audit entry
    assert "nothing new created" in second
    assert first["Organization"] == (len(EXPECTED_FAILURES) + len(RECOMMENDERS) + len(OTHER_ORGS)
                                     + len(POOL_EMPLOYERS) + len(ONLINE))
    assert first["Application"] == len(EXPECTED_FAILURES)
    # Art. 15: demo/acceptance.py; issue 18: the online drafts' files (demo/online.py) and the two files of the
    # application sent back (Art. 16, demo/corrections.py)
    assert first["Cycle"] == 2 and first["Material"] == 2 + 3 + 4 * 4 + ONLINE_FILES + 2


def test_the_current_cycle_is_open_for_applications_and_the_previous_one_is_closed(db, loaded):
    current = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    previous = db.session.scalar(select(Cycle).where(Cycle.name == PREVIOUS_CYCLE_NAME))
    today = city_today()
    assert current.stage is Stage.APPLICATION and current.open_for_applications
    assert current.year == today.year and current.reference_date == today - timedelta(days=10)
    assert current.application_deadline == current.reference_date + timedelta(days=60)
    assert "第十四条" in current.announcement
    assert (current.award_quota, current.nomination_quota) == (2, 5)
    assert previous.stage is Stage.CLOSED and not previous.open_for_applications
    assert previous.year == current.year - 2
    assert previous.reference_date == years_before(current.reference_date, 2)


def test_art14_both_demo_cycles_have_their_call_published_in_the_media(app, db, loaded):
    from reviewapp.cycles.queries import current_call

    current = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    previous = db.session.scalar(select(Cycle).where(Cycle.name == PREVIOUS_CYCLE_NAME))
    for cycle in (current, previous):
        call = current_call(cycle)
        assert call.end_date == cycle.application_deadline and call.details["contact_phone"]
        assert {m.outlet for m in call.media} == {"本溪日报", "本溪市人民政府网站"}
    front = app.test_client().get("/auth/login").get_data(as_text=True)
    assert f"open-call-{current_call(current).id}" in front  # the current call is open: on the front page
    assert f"open-call-{current_call(previous).id}" not in front


def test_each_demo_applicant_shows_its_eligibility_outcome(db, loaded):
    from reviewapp.demo.panels import ACCEPTED

    applications = _applications(db)
    for name, expected in EXPECTED_FAILURES.items():
        report = eligibility_report(applications[name])
        assert {check.rule for check in report.failed_automatic} == expected, name
        # The office's four judgements (Art. 11(1), (3)-(5)) are recorded for the applicants the demo accepts
        # (demo/acceptance.py, Art. 16) and left for the walk-through on the others.
        pending = set() if name in ACCEPTED else {"art11_1", "art11_3", "art11_4", "art11_5"}
        assert {check.rule for check in report.pending_judgements} == pending, name


def test_art9_16_the_demo_shows_a_complete_checklist_an_answered_and_an_awaited_opinion(db, loaded):
    from reviewapp.applications.acceptance import checklist_for

    applications = _applications(db)
    complete = checklist_for(applications["本溪华钢特种板材有限公司"])
    assert complete.complete and any(code.startswith("opinion:") for code in (i.code for i in complete.items))
    awaited = checklist_for(applications["本溪辽东化工有限公司"])
    assert any(code.startswith("opinion:") for code in awaited.open_codes)


def test_the_past_nominee_applying_for_the_award_passes_with_a_note(db, loaded):
    """Art. 12: a nomination winner may apply for the award; the check says so and cites the record."""
    check = eligibility_report(_applications(db)["本溪辽铸精密铸造有限公司"]).check("nomination_not_again")
    assert check.outcome.value == "pass" and check.evidence


def test_the_demo_organizations_are_complete_and_their_codes_valid(db, loaded):
    applications = _applications(db)
    assert len(applications) == len(EXPECTED_FAILURES)
    for org in (application.organization for application in applications.values()):
        assert check_credit_code(org.credit_code).valid, org.name
        assert org.address and org.contact_name and org.contact_phone
    # the affiliation graph's other organizations: valid codes where they have one (an expert typed 本钢集团)
    for org in db.session.scalars(select(Organization).where(Organization.credit_code.is_not(None))):
        assert check_credit_code(org.credit_code).valid, org.name
    for name, kind in RECOMMENDERS.items():
        assert db.session.scalar(select(Organization.kind).where(Organization.name == name)) is kind
    hospital = applications["本溪市太子河医院"].organization
    assert hospital.kind is OrgKind.INSTITUTION and not hospital.for_profit
    assert len({a.recommender_id for a in applications.values()}) == len(RECOMMENDERS)
    for application in applications.values():
        assert application.recommendation_date < application.cycle.reference_date
        assert len(application.self_assessment) == 23 and application.form_data["profile"]
    materials = db.session.scalars(select(Material)).all()
    # Art. 15, 16: every applicant the demo accepts has the four required materials (demo/acceptance.py)
    assert {m.original_name for m in materials} == {"申报表.pdf", "自我评价报告.pdf", "证明材料.pdf", "推荐意见.pdf"}


def test_everything_is_in_the_audit_trail_and_the_chain_verifies(app, db, loaded):
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("organization_created") == (len(EXPECTED_FAILURES) + len(RECOMMENDERS) + len(OTHER_ORGS)
                                                     + len(POOL_EMPLOYERS) + len(ONLINE))
    assert actions.count("application_registered") == len(EXPECTED_FAILURES)
    # 申报表 of a and b; the rest of a; four others; the two files of the application sent back (issue 18)
    assert actions.count("material_uploaded") == 2 + 3 + 4 * 4 + 2
    assert actions.count("cycle_created") == 2
    office = db.session.scalar(select(User).where(User.username == "office"))
    # issue 18: an organization writes its online application through its own login (demo/online.py)
    online = set(db.session.scalars(select(User.id).where(User.username.in_([u for u, *_ in ONLINE]))))
    assert set(db.session.scalars(select(AuditEntry.user_id).where(AuditEntry.action != "user_created"))) == \
        {office.id} | online
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "OK" in result.output, result.output


def test_the_summary_names_each_outcome(loaded):
    for name, rules in EXPECTED_FAILURES.items():
        line = next(line for line in loaded.splitlines() if name in line)
        assert all(rule in line for rule in rules), line
    assert "WARNING" not in loaded


def test_the_demo_pdf_is_recognized_as_a_pdf():
    data = minimal_pdf(["hello (world)"])
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert detect_file(data).kind == "pdf"


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 11, 16), 6, date(2026, 5, 16)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2026, 1, 15), 14, date(2024, 11, 15)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize("today", [date(2028, 3, 10), date(2027, 1, 5)])  # D on 29 February; D in the year before
def test_the_outcomes_hold_whatever_the_day_of_loading(app, db, monkeypatch, today):
    monkeypatch.setattr("reviewapp.demo.applications.city_today", lambda: today)
    result = app.test_cli_runner().invoke(args=["demo"])  # the command itself: a kept load would not see the patch
    assert result.exit_code == 0, result.output
    current = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    assert current.reference_date == today - timedelta(days=10) and current.year == today.year
    for name, application in _applications(db).items():
        assert {check.rule for check in eligibility_report(application).failed_automatic} == EXPECTED_FAILURES[name]


def test_demo_conflicts_show_every_rule_of_the_recusal_policy(app, db):
    from reviewapp.conflicts import service
    from reviewapp.demo.applications import CURRENT_CYCLE_NAME
    from reviewapp.duplicates.queries import duplicate_pairs, possible_conflicts
    from reviewapp.models import Cycle

    load_demo(app)
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    matrix = service.cycle_matrix(cycle)
    by_expert = {}
    for (person_id, _), findings in matrix.findings.items():
        by_expert.setdefault(person_id, set()).update(f.rule for f in findings)
    names = {p.id: p.name for p in matrix.experts}
    rules = {names[p]: r for p, r in by_expert.items()}
    # two experts of the pool work at the testing company of the 本钢 group: R1 too (assignment must avoid them)
    assert sum(1 for name, found in rules.items() if name not in LOGIN_NAMES and found == {"R1"}) == 2
    rules = {name: found for name, found in rules.items() if name in LOGIN_NAMES}
    assert rules == {"李专家": {"R1"}, "孙专家": {"R2"}, "张专家": {"R3"}, "周专家": {"R4"}, "吴专家": {"R5"},
                     "郑专家": {"R6"}, "赵组长（专家）": {"R7"}}
    # everyone is a member of the association, and that conflicts nobody; the pending request is not R7
    assert "冯专家" not in rules and "钱专家" not in rules
    assert any(s.employer.name == "本钢集团" and s.member.name == "本钢集团有限公司" for s in possible_conflicts(cycle))
    assert any({p.a.name, p.b.name} == {"本钢集团", "本钢集团有限公司"} for p in duplicate_pairs())


def test_demo_pool_holds_forty_experts_across_industries_ready_for_assignment(app, db):
    from reviewapp.demo.pool import POOL_SIZE
    from reviewapp.models import Expert

    load_demo(app)
    experts = db.session.scalars(select(Expert)).all()
    assert len(experts) >= POOL_SIZE
    assert len({code[:1] for e in experts for code in e.specialties}) >= 6  # sections of GB/T 4754
    assert sum(e.can_lead for e in experts) >= 10 and sum(bool(e.certificate_number) for e in experts) >= 10


def test_demo_at_the_panels_stage_is_ready_for_automatic_assignment(app, db):
    from reviewapp.demo.applications import CURRENT_CYCLE_NAME
    from reviewapp.demo.panels import ACCEPTED
    from reviewapp.models import AssignmentProposal, Cycle, PanelStage, Stage, User
    from reviewapp.panels.proposals import propose

    load_demo(app, "--stage", "panels")
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    assert cycle.stage is Stage.PANELS
    accepted = {a.organization.name for a in _applications(db).values() if a.status.value == "accepted"}
    assert accepted == ACCEPTED
    office = db.session.scalar(select(User).where(User.username == "office"))
    with app.test_request_context():
        proposal = propose(cycle, PanelStage.DOCUMENT_REVIEW, office)
    assert isinstance(proposal, AssignmentProposal) and not proposal.data["unfilled"]
    assert len(proposal.data["panels"]) == len(ACCEPTED)


def test_demo_at_the_review_stage_lets_the_demo_leader_consolidate(app, db):
    """`demo --stage review`: every accepted applicant on a document panel, the cycle in the document review, pool
    experts' sheets submitted, the demo leader's panel with a flagged item; running it again changes nothing."""
    from reviewapp.demo.applications import CURRENT_CYCLE_NAME
    from reviewapp.demo.panels import ACCEPTED
    from reviewapp.demo.review import DEMO_PANEL, FLAGGED_ITEM
    from reviewapp.models import Cycle, Panel, PanelApplicant, ScoreSheet, Stage

    load_demo(app, "--stage", "review")
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    assert cycle.stage is Stage.DOCUMENT_REVIEW
    assert len(db.session.scalars(select(PanelApplicant)).all()) == len(ACCEPTED)
    sheets = db.session.scalars(select(ScoreSheet)).all()
    demo_panel = db.session.scalar(select(Panel).where(Panel.name == DEMO_PANEL))
    assert demo_panel.leader.expert.person.user.username == "leader"
    on_demo = [s for s in sheets if s.application_id == demo_panel.applicants[0].application_id]
    assert {s.percents[FLAGGED_ITEM] for s in on_demo} == {30, 80}
    load_demo(app, "--stage", "review")
    assert len(db.session.scalars(select(ScoreSheet)).all()) == len(sheets)

    client = app.test_client()
    client.post("/auth/login", data={"username": "leader", "password": DEMO_PASSWORD})
    page = client.get(f"/reviews/{demo_panel.applicants[0].application_id}/document_review/report")
    assert page.status_code == 404  # not before the leader signs the cycle's declaration (Art. 33)


def test_demo_shows_a_finished_past_cycle_with_awards_and_money(app, db, client):
    """The 9th cycle is approved and its results public (Art. 23); every demo award has its incentive money, a
    revoked one its recovery (Art. 25, 31, 32); a second load books nothing twice."""
    from reviewapp.models import Cycle, MoneyEntry, MoneyKind

    load_demo(app)
    ninth = db.session.scalar(select(Cycle).where(Cycle.name == PREVIOUS_CYCLE_NAME))
    assert ninth.approved_on is not None and ninth.approval_document
    page = client.get(f"/awards/results/{ninth.id}").get_data(as_text=True)
    assert "本溪太子河机械制造有限公司" in page
    lines = db.session.scalars(select(MoneyEntry)).all()
    assert {line.kind for line in lines} >= {MoneyKind.AWARD, MoneyKind.NOMINATION, MoneyKind.RECOVERY}
    load_demo(app)
    assert len(db.session.scalars(select(MoneyEntry)).all()) == len(lines)


def test_art31_32_the_demo_revocations_carry_decision_clause_and_event_and_art31_its_credit_record(
        db, loaded, client, make_user, auth):
    """Art. 31, 32: each revoked demo award names the city government's decision, the clause and the event (Art. 32:
    within five years after the award); the Art. 31 revocation is in the organization's credit record (Art. 11(6)),
    dated the decision, and the organization's page shows it."""
    from reviewapp.domain.revocation import event_window
    from reviewapp.models import CreditRecordKind, Role

    revoked = db.session.scalars(select(AwardRecord).where(AwardRecord.revoked_on.is_not(None))).all()
    assert {award.revocation_article for award in revoked} == {31, 32}
    for award in revoked:
        assert award.revocation_document.endswith("号") and str(award.revoked_on.year) in award.revocation_document
        assert award.revocation_clause.article == award.revocation_article
        assert award.revocation_event_on <= award.revoked_on
        if award.revocation_article == 32:
            assert event_window(award.awarded_on)[0] <= award.revocation_event_on <= event_window(award.awarded_on)[1]
    fraud = next(award for award in revoked if award.revocation_article == 31)
    (record,) = [r for r in fraud.organization.credit_records if r.kind is CreditRecordKind.AWARD_FRAUD]
    assert record.start_date == fraud.revoked_on and fraud.revocation_document in record.source
    make_user("office-h7", Role.OFFICE)
    auth.login("office-h7")
    page = client.get(f"/organizations/{fraud.organization_id}").get_data(as_text=True)
    assert fraud.revocation_document in page and "art31" not in page


def test_demo_shows_the_commendation_decision_and_a_supplement_past_the_validity(app, db, client):
    """Art. 24: the 9th cycle's commendation decision is on record and its results cite it. Art. 25: 本钢集团's award
    of the 6th cycle, older than its five-year validity, earned the supplement for a China Quality Award nomination,
    with its basis on the ledger line."""
    from reviewapp.models import CommendationDecision, Cycle, MoneyEntry, MoneyKind

    load_demo(app)
    ninth = db.session.scalar(select(Cycle).where(Cycle.name == PREVIOUS_CYCLE_NAME))
    decision = db.session.scalar(select(CommendationDecision).where(CommendationDecision.cycle_id == ninth.id))
    assert decision.decided_on >= ninth.approved_on and decision.document_number.endswith("21号")
    assert decision.document_number in client.get(f"/awards/results/{ninth.id}").get_data(as_text=True)
    line = db.session.scalar(select(MoneyEntry).where(MoneyEntry.kind == MoneyKind.CHINA_QUALITY_NOMINATION))
    assert line.organization.name == "本钢集团有限公司" and line.amount == 100000
    assert line.basis.startswith("第二十五条：获中国质量奖提名奖") and "年市长质量奖）" in line.basis
    assert (line.entered_on - line.award_record.awarded_on).days > 5 * 365


def test_art17_art20_demo_at_the_evaluation_stage_shows_the_panels_comprehensive_evaluation(app, db):
    """`demo --stage evaluation`: the cycle in the comprehensive evaluation, its on-site panels still active, the
    demo leader's panel's report submitted for one applicant (adjusted with a justification) and awaited for the
    other; running it again changes nothing."""
    from reviewapp.demo.applications import CURRENT_CYCLE_NAME
    from reviewapp.demo.evaluation import DEMO_ONSITE_PANEL
    from reviewapp.models import ComprehensiveReport, Cycle, Panel, PanelStage, ReportStatus, Stage

    load_demo(app, "--stage", "evaluation")
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    assert cycle.stage is Stage.COMPREHENSIVE_EVALUATION
    onsite_panels = db.session.scalars(select(Panel).where(Panel.stage == PanelStage.ONSITE_REVIEW)).all()
    assert onsite_panels and all(panel.active for panel in onsite_panels)
    demo_panel = next(panel for panel in onsite_panels if panel.name == DEMO_ONSITE_PANEL)
    assert demo_panel.leader.expert.person.user.username == "leader" and len(demo_panel.applicants) == 2
    first, second = (entry.application_id for entry in demo_panel.applicants)
    reports = {r.application_id: r for r in db.session.scalars(select(ComprehensiveReport))}
    assert reports[first].status is ReportStatus.SUBMITTED and reports[first].adjusted
    assert reports[first].justification and second not in reports
    load_demo(app, "--stage", "evaluation")
    assert len(db.session.scalars(select(ComprehensiveReport)).all()) == len(reports)

    client = app.test_client()
    client.post("/auth/login", data={"username": "leader", "password": DEMO_PASSWORD})
    assert "comprehensive-link" in client.get("/").get_data(as_text=True)
    page = client.get(f"/reviews/{second}/comprehensive").get_data(as_text=True)
    assert 'id="proposed-score"' in page and "comprehensive-form" in page
    # issue 17: a site photo on the demo panel's visit, and the document-review sheets in the expert's history
    from reviewapp.models.site_evidence import SiteIssueEvidence
    assert len(db.session.scalars(select(SiteIssueEvidence)).all()) == 1
    visit = client.get(f"/reviews/{first}/onsite_review/visit").get_data(as_text=True)
    assert "issue-evidence" in visit and "/reviews/site-evidence/" in visit
    assert 'id="my-history"' in client.get("/").get_data(as_text=True)


def test_art6_demo_at_the_deliberation_stage_shows_the_group_deliberating(app, db):
    """`demo --stage deliberation` (issue 17): the candidate list before the leading group; two members have
    submitted their opinions (one disagrees, with its reason), the demo account `group` has a draft, one member
    has not started; running it again changes nothing."""
    from reviewapp.demo.applications import CURRENT_CYCLE_NAME
    from reviewapp.leading.queries import group_tally, member_home
    from reviewapp.models import AuditEntry, Cycle, GroupOpinion, User

    load_demo(app, "--stage", "deliberation")
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    tally, members = group_tally(cycle, None)
    by_name = {m.id: m.username for m in members}
    assert {by_name[m] for m in tally.not_submitted} == {"group", "group4"} and tally.submitted == 2
    assert any(row.disagreed for row in tally.rows)
    group = db.session.scalar(select(User).where(User.username == "group"))
    assert [state for _cycle, state in member_home(group)["waiting"]] == ["draft"]
    counts = (len(db.session.scalars(select(GroupOpinion)).all()), len(db.session.scalars(select(AuditEntry)).all()))
    load_demo(app, "--stage", "deliberation")
    assert (len(db.session.scalars(select(GroupOpinion)).all()),
            len(db.session.scalars(select(AuditEntry)).all())) == counts

"""`flask demo --stage evaluation`: the current demo cycle carried on from the document review (review.py) through
the on-site review into the comprehensive evaluation (Art. 18-20), so that a newcomer sees the panel's comprehensive
evaluation at once.

The demo leader (赵组长) leads 第一现场评审组 with the two demo experts and pool experts on two applicants none of
them is in conflict with; automatic assignment forms the other on-site panels. What the panels did before (every
sheet, the document and on-site reports, the site visits) is a demo shortcut through the model, recorded as such in
the audit log, as in review.py. In the comprehensive evaluation the demo leader has submitted the comprehensive
evaluation report of the first applicant, adjusting the proposed score with a justification (through the same
operation as the page), and the second awaits him; the other panels have confirmed their proposals."""
import random
from decimal import Decimal

from sqlalchemy import select

from reviewapp import audit
from reviewapp.city_calendar import city_date, city_today
from reviewapp.conflicts import service
from reviewapp.cycles import operations as cycle_ops
from reviewapp.demo.review import _demo_experts, _percents, _sign_for_pool_experts
from reviewapp.demo.site_photos import attach_demo_photo
from reviewapp.domain.standard import load_standard
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Cycle,
    Expert,
    Panel,
    PanelReport,
    PanelStage,
    Person,
    ReportStatus,
    ScoreSheet,
    SheetStatus,
    SiteIssueResolution,
    Stage,
    User,
)
from reviewapp.models.base import utcnow
from reviewapp.panels import operations, proposals
from reviewapp.panels.queries import expert_of, signed, unpaneled
from reviewapp.reviews.panel_sheets import consolidate
from reviewapp.reviews.reports import operations as report_ops
from reviewapp.reviews.reports import queries as report_queries
from reviewapp.reviews.standing import review_rows

DEMO_ONSITE_PANEL = "第一现场评审组"
ADJUSTMENT = Decimal("12.50")
JUSTIFICATION = ("现场评审核实：顾客满意度测评与质量追溯系统运行情况优于资料所述，结果类条目（4.7）证据充分，"
                 "评审组一致同意在建议综合评分基础上上调（演示）。")


def _active_panels(cycle: Cycle, stage: PanelStage) -> list[Panel]:
    return list(db.session.scalars(select(Panel).where(Panel.cycle_id == cycle.id, Panel.stage == stage,
                                                       Panel.dissolved_at.is_(None)).order_by(Panel.id)))


def _sign_for_demo_accounts(cycle: Cycle, acting) -> None:
    """The demo accounts have signed the cycle's declaration (Art. 33): a demo shortcut, so that the leader finds
    his applicants at once."""
    for expert in _demo_experts():
        if signed(cycle, expert) is None:
            operations.sign_declaration(cycle, expert, {}, acting)


def _submit_missing_sheets(cycle: Cycle, panels: list[Panel], stage: PanelStage, acting) -> None:
    standard = load_standard(cycle.standard_version)
    codes, step = [item.code for item in standard.items], standard.percent_step
    rng = random.Random(f"{cycle.name}-{stage.value}")  # the same demo every time
    done = {(s.application_id, s.expert_id) for s in db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.stage == stage, ScoreSheet.status == SheetStatus.SUBMITTED))}
    for panel in panels:
        for entry in panel.applicants:
            base = step * rng.randint(11, 16)
            for member in panel.members:
                if (entry.application_id, member.expert_id) in done:
                    continue
                sheet = ScoreSheet(application_id=entry.application_id, expert_id=member.expert_id, stage=stage,
                                   percents=_percents(rng, codes, base, step),
                                   strengths={codes[0]: "质量战略清晰，领导率先垂范（演示）"},
                                   opportunities={codes[-1]: "结果指标的对比分析仍需加强（演示）"},
                                   status=SheetStatus.SUBMITTED, submitted_at=utcnow())
                db.session.add(sheet)
                audit.record("score_sheet_submitted", sheet, user=acting,
                             details={"application_id": entry.application_id, "demo": True})
    db.session.commit()


def _category_texts(view, attribute: str) -> dict[str, str]:
    texts: dict[str, set[str]] = {}
    for sheet in view.counted_sheets().values():
        for code, text in getattr(sheet, attribute).items():
            texts.setdefault(view.standard.item(code).category_code, set()).add(text)
    return {category: "\n".join(sorted(lines)) for category, lines in texts.items()}


def _submit_reports(panels: list[Panel], stage: PanelStage, recommend, acting) -> None:
    """Each applicant's report with the medians of the sheets as the consensus."""
    for panel in panels:
        for entry in panel.applicants:
            if report_queries.report_of(entry.application, stage) is not None:
                continue
            view = consolidate(entry.application, stage, panel)
            consensus = {row.code: row.suggested for row in view.rows if row.suggested is not None}
            report = PanelReport(application_id=entry.application_id, panel_id=panel.id, stage=stage,
                                 consensus=consensus, justifications={},
                                 strengths=_category_texts(view, "strengths"),
                                 opportunities=_category_texts(view, "opportunities"),
                                 recommend=recommend(entry.application), summary="评审组意见一致（演示）。",
                                 status=ReportStatus.SUBMITTED, submitted_at=utcnow(), version=1)
            db.session.add(report)
            db.session.flush()
            audit.record("panel_report_submitted", report, user=acting,
                         details={"application_id": entry.application_id, "stage": stage.value, "demo": True})
    db.session.commit()


def _free_applications(cycle: Cycle, experts: list[Expert], applications) -> list[Application]:
    return [a for a in applications
            if not any(service.is_conflicted(cycle, e.person_id, a.organization_id) for e in experts)]


def _finish_document_review(cycle: Cycle, acting) -> None:
    """Every sheet and report in; all but the lowest-scoring applicant go on site (the other shows the ranking's
    document-only line)."""
    panels = _active_panels(cycle, PanelStage.DOCUMENT_REVIEW)
    _submit_missing_sheets(cycle, panels, PanelStage.DOCUMENT_REVIEW, acting)
    rows = review_rows(cycle)
    standard = load_standard(cycle.standard_version)
    totals = {}
    for row in rows:
        view = consolidate(row.application, PanelStage.DOCUMENT_REVIEW)
        medians = {r.code: r.suggested for r in view.rows if r.suggested is not None} if view else {}
        totals[row.application.id] = sum(standard.item(code).points * percent for code, percent in medians.items())
    lowest = min(totals, key=totals.get) if len(totals) > 2 else None
    _submit_reports(panels, PanelStage.DOCUMENT_REVIEW, lambda application: application.id != lowest, acting)
    rows = review_rows(cycle)
    choices = {row.application.id: row.application.id != lowest for row in rows}
    report_ops.confirm_onsite_list(cycle, rows, choices, {}, acting)
    cycle_ops.advance(cycle, acting)


def _form_onsite_panels(cycle: Cycle, acting) -> None:
    """Formed once the document panels are dissolved, so that the experts' loads count the on-site review only."""
    if not _active_panels(cycle, PanelStage.ONSITE_REVIEW):
        _demo_onsite_panel(cycle, acting)
    if unpaneled(cycle, PanelStage.ONSITE_REVIEW):
        proposals.confirm(proposals.propose(cycle, PanelStage.ONSITE_REVIEW, acting), acting)
    _sign_for_pool_experts(cycle, _active_panels(cycle, PanelStage.ONSITE_REVIEW), acting)


def _demo_onsite_panel(cycle: Cycle, acting) -> None:
    experts = _demo_experts()
    onsite = [a for a in unpaneled(cycle, PanelStage.ONSITE_REVIEW)]
    chosen = _free_applications(cycle, experts, onsite)[:2]
    if not chosen:
        return
    panel = operations.create_panel(cycle, PanelStage.ONSITE_REVIEW, DEMO_ONSITE_PANEL, acting)
    for index, expert in enumerate(experts):
        operations.add_member(panel, expert, index == 0, None, acting)
    for application in chosen:
        operations.add_applicant(panel, application, None, acting)
    size = proposals.panel_size(cycle, PanelStage.ONSITE_REVIEW)
    pool = db.session.scalars(select(Expert).join(Person, Expert.person_id == Person.id)
                              .where(Person.user_id.is_(None)).order_by(Expert.id.desc()))
    for expert in pool:
        if len(panel.members) >= size:
            break
        try:
            operations.add_member(panel, expert, False, None, acting)
        except Refused:  # conflicted, same employer, unavailable, at its load: the next one
            db.session.rollback()


def _finish_onsite_review(cycle: Cycle, acting) -> None:
    """The on-site panels formed; every on-site sheet in, each visit planned and its issues settled, every on-site
    report submitted."""
    _form_onsite_panels(cycle, acting)
    panels = _active_panels(cycle, PanelStage.ONSITE_REVIEW)
    _submit_missing_sheets(cycle, panels, PanelStage.ONSITE_REVIEW, acting)
    visit_day = max(city_today(), city_date(cycle.onsite_list_confirmed_at))  # not before the list (Art. 18, 19)
    for panel in panels:
        for entry in panel.applicants:
            visit = report_queries.visit_of(entry.application) or report_ops.plan_visit(
                entry.application, panel, visit_day, f"{entry.application.organization.name}（演示）",
                "上午：首次会议、听取汇报；下午：现场查看、座谈（演示）", [m.expert_id for m in panel.members], None,
                acting)
            for issue in visit.issues:
                if issue.resolution is SiteIssueResolution.OPEN:
                    resolution = SiteIssueResolution.VERIFIED if issue.kind.value == "verify_strength" \
                        else SiteIssueResolution.CLARIFIED
                    report_ops.resolve_issue(issue, resolution, "现场查看与座谈予以确认（演示）。", acting)
    attach_demo_photo({panel.id for panel in panels if panel.name == DEMO_ONSITE_PANEL}, acting)  # issue 17
    _submit_reports(panels, PanelStage.ONSITE_REVIEW, lambda application: True, acting)
    cycle_ops.advance(cycle, acting)


def _comprehensive(application: Application, panel: Panel, adjust: Decimal, justification: str, acting) -> None:
    basis = report_queries.comprehensive_basis(application)
    report = report_queries.comprehensive_for(application, panel, basis)
    score = basis.proposed + adjust
    report_ops.save_comprehensive(report, basis, report_ops.ComprehensiveInput(
        score=str(score), justification=justification, strengths=report.strengths,
        opportunities=report.opportunities, summary="评审组综合评价：质量管理成熟度较高，建议列入候选（演示）。"),
        report.version, True, acting)


def _comprehensive_reports(cycle: Cycle, acting) -> None:
    """Art. 20: the demo leader has submitted one report, adjusted with a justification, and the other awaits him;
    the other panels have confirmed their proposals."""
    leader = db.session.scalar(select(User).where(User.username == "leader"))
    for panel in _active_panels(cycle, PanelStage.ONSITE_REVIEW):
        demo = panel.name == DEMO_ONSITE_PANEL
        for index, entry in enumerate(panel.applicants):
            if report_queries.comprehensive_of(entry.application) is not None or (demo and index > 0):
                continue
            if demo:
                _comprehensive(entry.application, panel, ADJUSTMENT, JUSTIFICATION, leader)
            else:
                _comprehensive(entry.application, panel, Decimal(0), "", acting)


def advance_to_comprehensive_evaluation(cycle: Cycle, acting) -> None:
    """From the document review (see review.py) into the comprehensive evaluation, once; later runs change
    nothing."""
    if cycle.stage is Stage.DOCUMENT_REVIEW:
        _sign_for_demo_accounts(cycle, acting)
        _finish_document_review(cycle, acting)
    if cycle.stage is Stage.ONSITE_REVIEW:
        _finish_onsite_review(cycle, acting)
    if cycle.stage is Stage.COMPREHENSIVE_EVALUATION and expert_of(
            db.session.scalar(select(User).where(User.username == "leader"))) is not None:
        _comprehensive_reports(cycle, acting)

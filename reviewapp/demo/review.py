"""`flask demo --stage review`: the current demo cycle carried on from its panels into the document review, so
that a newcomer can score, consolidate and report at once.

The demo leader (赵组长) leads 第一资料评审组 with the two demo experts (李专家, 张专家) and pool experts; the other
applicants get their panels by automatic assignment. Pool experts (who have no login) have signed their
declarations and submitted their sheets: a demo shortcut, recorded as such in the audit log. The demo accounts
sign and score for themselves in the browser, so the leader's consolidation shows their sheets as missing until
they do. Scores are pseudo-random but fixed (seeded), with one item far apart on the demo panel to show the flag.
The cycle gets its deadlines (issue 16), the sheets' already passed: the overdue notices wait in the outbox."""
import random
from datetime import timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.conflicts import service
from reviewapp.cycles import operations as cycle_ops
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.standard import load_standard
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    Cycle,
    Expert,
    Panel,
    PanelStage,
    Person,
    ScoreSheet,
    SheetStatus,
    Stage,
    User,
)
from reviewapp.models.base import utcnow
from reviewapp.panels import operations, proposals
from reviewapp.panels.queries import expert_of, signed, unpaneled

DEMO_PANEL = "第一资料评审组"
DEMO_ACCOUNTS = ("leader", "expert", "expert2")  # the leader first
FLAGGED_ITEM = "4.2.2"


def _demo_experts() -> list[Expert]:
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(DEMO_ACCOUNTS)))}
    return [expert_of(users[name]) for name in DEMO_ACCOUNTS]


def _free_application(cycle: Cycle, experts: list[Expert]) -> Application | None:
    """The first accepted applicant none of the demo experts is in conflict with."""
    accepted = db.session.scalars(select(Application).where(
        Application.cycle_id == cycle.id, Application.status == ApplicationStatus.ACCEPTED
    ).order_by(Application.number))
    for application in accepted:
        if not any(service.is_conflicted(cycle, e.person_id, application.organization_id) for e in experts):
            return application
    return None


def _demo_panel(cycle: Cycle, acting) -> None:
    experts = _demo_experts()
    application = _free_application(cycle, experts)
    if application is None:
        return
    panel = operations.create_panel(cycle, PanelStage.DOCUMENT_REVIEW, DEMO_PANEL, acting)
    for index, expert in enumerate(experts):
        operations.add_member(panel, expert, index == 0, None, acting)
    operations.add_applicant(panel, application, None, acting)
    size = with_defaults(cycle.settings)["document_panel_size"]
    pool = db.session.scalars(select(Expert).join(Person, Expert.person_id == Person.id)
                              .where(Person.user_id.is_(None)).order_by(Expert.id))
    for expert in pool:
        if len(panel.members) >= size:
            break
        try:
            operations.add_member(panel, expert, False, None, acting)
        except Refused:  # conflicted, same employer, unavailable: the next one
            db.session.rollback()


def _sign_for_pool_experts(cycle: Cycle, panels: list[Panel], acting) -> None:
    for panel in panels:
        for member in panel.members:
            expert = member.expert
            if expert.person.user_id is None and signed(cycle, expert) is None:
                operations.sign_declaration(cycle, expert, {}, acting)


def _percents(rng: random.Random, codes, base: int, step: int) -> dict[str, int]:
    return {code: max(0, min(100, base + step * rng.randint(-2, 2))) for code in codes}


def _submit_pool_sheets(cycle: Cycle, panels: list[Panel], acting) -> None:
    standard = load_standard(cycle.standard_version)
    codes, step = [item.code for item in standard.items], standard.percent_step
    rng = random.Random(f"{cycle.name}-document-review")  # the same demo every time
    for panel in panels:
        for entry in panel.applicants:
            base = step * rng.randint(10, 15)  # 50%-75%: a typical applicant
            for index, member in enumerate(m for m in panel.members if m.expert.person.user_id is None):
                percents = _percents(rng, codes, base, step)
                if panel.name == DEMO_PANEL and FLAGGED_ITEM in percents:
                    percents[FLAGGED_ITEM] = 30 if index % 2 else 80  # far apart: flagged for discussion
                sheet = ScoreSheet(application_id=entry.application_id, expert_id=member.expert_id,
                                   stage=PanelStage.DOCUMENT_REVIEW, percents=percents,
                                   strengths={codes[0]: "高层领导亲自推动卓越绩效模式导入（演示）"},
                                   opportunities={codes[-1]: "缺少与标杆企业的对比数据（演示）"},
                                   status=SheetStatus.SUBMITTED, submitted_at=utcnow())
                db.session.add(sheet)
                audit.record("score_sheet_submitted", sheet, user=acting,
                             details={"application_id": entry.application_id, "demo": True})
    db.session.commit()


def advance_to_document_review(cycle: Cycle, acting) -> None:
    """From the panels stage (see panels.py) into the document review, once; later runs change nothing."""
    if cycle.stage is not Stage.PANELS:
        return
    _demo_panel(cycle, acting)
    if unpaneled(cycle, PanelStage.DOCUMENT_REVIEW):
        proposals.confirm(proposals.propose(cycle, PanelStage.DOCUMENT_REVIEW, acting), acting)
    panels = list(db.session.scalars(select(Panel).where(Panel.cycle_id == cycle.id,
                                                         Panel.stage == PanelStage.DOCUMENT_REVIEW,
                                                         Panel.dissolved_at.is_(None))))
    _sign_for_pool_experts(cycle, panels, acting)
    cycle_ops.advance(cycle, acting)
    if cycle.stage is Stage.DOCUMENT_REVIEW:
        _submit_pool_sheets(cycle, panels, acting)
        _set_deadlines(cycle, acting)


# Days from today (in Benxi) of the demo's deadlines (issue 16): the sheets' date has passed, so the demo accounts
# that have not scored see the overdue highlight and get the overdue notice; the report is due soon.
DEADLINE_DAYS = {"sheets_due_on": -2, "report_due_on": 3, "visit_from": 14, "visit_to": 18,
                 "comprehensive_due_on": 28, "group_meeting_on": 35}


def _set_deadlines(cycle: Cycle, acting) -> None:
    """Once, on entering the document review (later runs do not come here): the dates, audited as the office's, and
    the reminders they call for queued in the outbox."""
    from reviewapp.notifications.reminders import queue_reminders

    today = city_today()
    cycle_ops.set_deadlines(cycle, {name: today + timedelta(days=days) for name, days in DEADLINE_DAYS.items()},
                            cycle.version, acting)
    queue_reminders()


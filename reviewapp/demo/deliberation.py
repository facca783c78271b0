"""`flask demo --stage deliberation`: the comprehensive evaluation of the demo cycle finished (the demo leader's
second report submitted for him), the office's candidate list proposed to the leading group (Art. 20), and the
group's deliberation in progress (Art. 6): two members have submitted their opinions (one disagrees, with a
reason), the demo account `group` has a draft and one member has not started. Everything goes through the same
operations as the pages; a second run changes nothing."""
from decimal import Decimal

from sqlalchemy import select

from reviewapp.demo.accounts import OFFICE_USERNAME
from reviewapp.demo.evaluation import DEMO_ONSITE_PANEL, _active_panels, _comprehensive, _comprehensive_reports
from reviewapp.domain import comprehensive as ranking_rules
from reviewapp.extensions import db
from reviewapp.leading import operations as leading_ops
from reviewapp.leading import queries as leading_queries
from reviewapp.models import Cycle, PanelStage, Stage, User
from reviewapp.reviews.evaluation.operations import propose_candidates
from reviewapp.reviews.evaluation.queries import evaluate
from reviewapp.reviews.reports import queries as report_queries

PASSED_OVER = "已获提名奖，不再重复授予提名奖（第十二条）（演示）。"
# username -> (opinions on the list in its order, submitted?); the demo account `group` keeps a draft, `group4`
# has not started
OPINIONS = {
    "group2": ([("agree", ""), ("agree", ""), ("abstain", "")], True),
    "group3": ([("agree", "现场评审报告结论充分（演示）。"),
                ("disagree", "结果类指标的行业对比不足，建议暂缓（演示）。"), ("agree", "")], True),
    "group": ([("agree", "")], False),
}


def _finish_comprehensive_reports(cycle: Cycle, acting) -> None:
    """The report still awaited from the demo leader, submitted for him as proposed (a demo shortcut)."""
    _comprehensive_reports(cycle, acting)
    leader = db.session.scalar(select(User).where(User.username == "leader"))
    for panel in _active_panels(cycle, PanelStage.ONSITE_REVIEW):
        for entry in panel.applicants:
            if report_queries.comprehensive_of(entry.application) is None:
                _comprehensive(entry.application, panel, Decimal(0), "",
                               leader if panel.name == DEMO_ONSITE_PANEL else acting)


def _propose(cycle: Cycle, acting) -> None:
    """The best-ranked for the award, the next ones for the nomination (a past nominee passed over, Art. 12)."""
    evaluation = evaluate(cycle)
    levels, nominations = {}, 0
    for index, row in enumerate(evaluation.onsite_line):
        if index == 0:
            levels[row.entry.key] = ranking_rules.AWARD
        elif not row.past_nominee and nominations < min(3, cycle.nomination_quota):
            levels[row.entry.key], nominations = ranking_rules.NOMINATION, nominations + 1
    reasons = {row.entry.key: PASSED_OVER for row in evaluation.onsite_line}
    propose_candidates(evaluation, levels, acting, reasons)


def _deliberate(cycle: Cycle) -> int:
    names = {r.entry.key: r.application.number or str(r.entry.key) for r in evaluate(cycle).ranked}
    keys, saved = list(leading_queries.candidate_levels(cycle)), 0
    for username, (given, submit) in OPINIONS.items():
        member = db.session.scalar(select(User).where(User.username == username))
        if member is None or leading_queries.opinions_of(cycle, member):
            continue
        typed = {key: opinion for key, opinion in zip(keys, given, strict=False)}
        saved += leading_ops.save_opinions(cycle, member, typed, submit and len(given) >= len(keys), names)
    return saved


def advance_to_deliberation(cycle: Cycle, acting) -> int:
    """On from the comprehensive evaluation (evaluation.py) to the group's deliberation, once; returns how many
    opinions it gave."""
    if cycle.stage is not Stage.COMPREHENSIVE_EVALUATION or leading_queries.decision_of(cycle) is not None:
        return 0
    if cycle.candidates_proposed_at is None:
        _finish_comprehensive_reports(cycle, acting)
        _propose(cycle, db.session.scalar(select(User).where(User.username == OFFICE_USERNAME)) or acting)
    return _deliberate(cycle)

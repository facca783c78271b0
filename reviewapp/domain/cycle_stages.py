"""The procedure of Art. 13 as a guarded sequence of stages. The office moves a cycle one stage forward at a
time; a move that is not yet allowed returns the blockers that say what is missing."""
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.call import closing_refusal
from reviewapp.domain.cycle_settings import FIXED_FROM
from reviewapp.domain.i18n import N_

STAGES = (
    "announcement",              # 发布通告, Art. 14
    "application",               # 组织申报, Art. 15
    "acceptance_review",         # 受理审查, Art. 16
    "panels",                    # 组建评审组, Art. 17
    "document_review",           # 资料评审, Art. 18
    "onsite_review",             # 现场评审, Art. 19
    "comprehensive_evaluation",  # 综合评价, Art. 20
    "proposed_notice",           # 拟奖公示, Art. 21
    "objections",                # 异议处理, Art. 22
    "approval",                  # 审定报批, Art. 23
    "closed",
)

ARTICLES = {
    "announcement": 14, "application": 15, "acceptance_review": 16, "panels": 17, "document_review": 18,
    "onsite_review": 19, "comprehensive_evaluation": 20, "proposed_notice": 21, "objections": 22, "approval": 23,
}


def next_stage(stage: str) -> str | None:
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


@dataclass(frozen=True)
class NoticeFacts:
    start_date: date
    end_date: date


@dataclass(frozen=True)
class CycleFacts:
    """What the guards need to know about a cycle, gathered by the caller."""

    stage: str
    today: date
    other_open_cycle: str | None = None      # name of another cycle open for applications
    call_published: bool = False      # a call for applications (Art. 14) published and not withdrawn
    call_media: int = 0               # outlets recorded as having published the current call (Art. 14)
    application_deadline: date | None = None  # the deadline of the current call (Art. 15)
    applications: int = 0
    drafts_awaiting_recommender: int = 0  # online applications submitted, the recommender not signed (issue 18)
    undecided: int = 0
    accepted: int = 0
    acceptance_notice: NoticeFacts | None = None  # the current (published, not withdrawn) acceptance notice
    without_document_panel: int = 0   # accepted applications not on an active document-review panel
    panels_without_leader: int = 0    # active document-review panels
    panels_off_size: int = 0          # active document-review panels outside the cycle's panel size
    document_reports_missing: int = 0  # accepted applications without a submitted document-review report
    onsite_list_confirmed: bool = False
    onsite_reports_missing: int = 0    # applications on the on-site list without a submitted on-site report
    comprehensive_reports_missing: int = 0  # of those, without the panel's submitted comprehensive report (Art. 20)
    candidates_proposed: bool = False
    group_decision_recorded: bool = False
    proposed_winner_notice: NoticeFacts | None = None  # the current proposed-winner notice
    open_objections: int = 0           # objections of the cycle not yet upheld or rejected
    approval_recorded: bool = False


@dataclass(frozen=True)
class Blocker:
    message: str
    params: dict = field(default_factory=dict)


def _to_application(facts: CycleFacts) -> list[Blocker]:
    """Art. 14: applications open only once the call is published, through the city's main media and the
    government website."""
    blockers = []
    if facts.other_open_cycle:
        blockers.append(Blocker(N_("%(name)s is still open for applications; only one cycle may be open at a time."),
                                {"name": facts.other_open_cycle}))
    if not facts.call_published:
        blockers.append(Blocker(N_("The call for applications has not been published as a public notice "
                                   "(Art. 14).")))
    elif facts.call_media == 0:
        blockers.append(Blocker(N_("The call's publication in the city's main media and on the government website "
                                   "has not been recorded (Art. 14).")))
    return blockers


def _to_acceptance_review(facts: CycleFacts) -> list[Blocker]:
    """Art. 14, 15: applications close on the deadline the current call published, not before, and not while an
    online application submitted in time awaits its recommender's opinion."""
    blockers = []
    refusal = closing_refusal(facts.application_deadline, facts.today)
    if refusal is not None:
        blockers.append(Blocker(*refusal))
    if facts.applications == 0:
        blockers.append(Blocker(N_("No application has been registered yet.")))
    if facts.drafts_awaiting_recommender:  # Art. 15: submitted in time, they still await the recommender's opinion
        blockers.append(Blocker(N_("%(n)s online application(s) submitted in time still await their recommender's "
                                   "signed opinion (Art. 15); the recommender signs or declines first."),
                                {"n": facts.drafts_awaiting_recommender}))
    return blockers


def _to_panels(facts: CycleFacts) -> list[Blocker]:
    """Art. 16: every application decided, and the acceptance list publicly noticed for its full period."""
    blockers = []
    if facts.undecided:
        blockers.append(Blocker(N_("%(n)s application(s) still await the acceptance decision."),
                                {"n": facts.undecided}))
    if facts.accepted == 0:
        blockers.append(Blocker(N_("No application has been accepted.")))
    notice = facts.acceptance_notice
    if notice is None:
        blockers.append(Blocker(N_("The acceptance list has not been published as a public notice (Art. 16).")))
    elif facts.today <= notice.end_date:
        blockers.append(Blocker(N_("The acceptance notice runs until %(end)s; the next stage can start after it."),
                                {"end": notice.end_date.isoformat()}))
    return blockers


def _to_document_review(facts: CycleFacts) -> list[Blocker]:
    """Art. 17, 18: every accepted applicant has a complete document-review panel with its leader."""
    blockers = []
    if facts.without_document_panel:
        blockers.append(Blocker(N_("%(n)s accepted application(s) have no document-review panel yet."),
                                {"n": facts.without_document_panel}))
    if facts.panels_without_leader:
        blockers.append(Blocker(N_("%(n)s panel(s) have no leader (组长负责制)."), {"n": facts.panels_without_leader}))
    if facts.panels_off_size:
        blockers.append(Blocker(N_("%(n)s panel(s) do not have the number of experts the cycle sets."),
                                {"n": facts.panels_off_size}))
    return blockers


def _to_onsite_review(facts: CycleFacts) -> list[Blocker]:
    """Art. 18: the document review ends with every panel's report and the office's on-site list."""
    blockers = []
    if facts.document_reports_missing:
        blockers.append(Blocker(N_("%(n)s document-review report(s) are not submitted yet."),
                                {"n": facts.document_reports_missing}))
    if not facts.onsite_list_confirmed:
        blockers.append(Blocker(N_("The office has not confirmed the on-site list (Art. 18).")))
    return blockers


def _to_comprehensive_evaluation(facts: CycleFacts) -> list[Blocker]:
    """Art. 19: every applicant sent on site has its on-site review report."""
    if facts.onsite_reports_missing:
        return [Blocker(N_("%(n)s on-site review report(s) are not submitted yet."),
                        {"n": facts.onsite_reports_missing})]
    return []


def _to_proposed_notice(facts: CycleFacts) -> list[Blocker]:
    """Art. 20: the candidate list (possibly empty: awards may stay vacant) goes to the leading group, whose
    decision is recorded before anything is made public. The panels give the comprehensive score first: every
    applicant reviewed on site has its panel's comprehensive evaluation report (Art. 17, 20)."""
    if facts.comprehensive_reports_missing:
        return [Blocker(N_("%(n)s comprehensive evaluation report(s) of the panels are not submitted yet (Art. 20)."),
                        {"n": facts.comprehensive_reports_missing})]
    if not facts.candidates_proposed:
        return [Blocker(N_("The office has not proposed the candidate list from the comprehensive evaluation "
                           "(Art. 20)."))]
    if not facts.group_decision_recorded:
        return [Blocker(N_("The leading group's decision on the candidate list has not been recorded (Art. 20)."))]
    return []


def _to_objections(facts: CycleFacts) -> list[Blocker]:
    """Art. 21: the proposed winners are publicly noticed for the full period before the objections are settled."""
    notice = facts.proposed_winner_notice
    if notice is None:
        return [Blocker(N_("The proposed winners have not been published as a public notice (Art. 21)."))]
    if facts.today <= notice.end_date:
        return [Blocker(N_("The proposed-winner notice runs until %(end)s; the next stage can start after it."),
                        {"end": notice.end_date.isoformat()})]
    return []


def _to_approval(facts: CycleFacts) -> list[Blocker]:
    """Art. 22: every objection is settled, upheld or rejected with a written decision."""
    if facts.open_objections:
        return [Blocker(N_("%(n)s objection(s) still await a decision (Art. 22)."), {"n": facts.open_objections})]
    return []


def _to_closed(facts: CycleFacts) -> list[Blocker]:
    """Art. 23: the city government's approval is recorded before the cycle closes."""
    if not facts.approval_recorded:
        return [Blocker(N_("The city government's approval has not been recorded (Art. 23)."))]
    return []


GUARDS = {
    "application": _to_application,
    "acceptance_review": _to_acceptance_review,
    "panels": _to_panels,
    "document_review": _to_document_review,
    "onsite_review": _to_onsite_review,
    "comprehensive_evaluation": _to_comprehensive_evaluation,
    "proposed_notice": _to_proposed_notice,
    "objections": _to_objections,
    "approval": _to_approval,
    "closed": _to_closed,
}


def blockers_for_next(facts: CycleFacts) -> list[Blocker]:
    """Why the cycle cannot move to the next stage yet (empty: it can)."""
    target = next_stage(facts.stage)
    if target is None:
        return [Blocker(N_("The cycle is closed."))]
    guard = GUARDS.get(target)
    return guard(facts) if guard else []


def fixed_settings(stage: str) -> dict[str, str]:
    """The settings fixed at `stage` (cycle_settings.FIXED_FROM), each with why."""
    return {name: message for name, (from_stage, message) in FIXED_FROM.items()
            if STAGES.index(stage) >= STAGES.index(from_stage)}


def fixed_setting_refusals(stage: str, old: dict, new: dict) -> list[str]:
    """The refusals of the changes from `old` to `new` (settings completed with their defaults) that touch a
    setting fixed at `stage`."""
    return [message for name, message in fixed_settings(stage).items() if old[name] != new[name]]

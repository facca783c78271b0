"""The office records the leading group's decision on the candidate list (Art. 20, 21): once per cycle, during the
comprehensive evaluation, after the list was proposed. The approved list must meet the same rules as the
office's proposal (quotas, Art. 4 and 12); every departure from the proposal carries its reason, and so does every
applicant approved below the cycle's optional minimum score (a warning, never a refusal: Art. 20 sets none).
Recording the decision lifts the blinding of the group's view, and the audit trail says so."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.domain import comprehensive as ranking_rules
from reviewapp.domain import group_decision as rules
from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.leading import queries
from reviewapp.models import AwardKind, Candidate, GroupDecision, ListChange, ListChangeSource, ListEntry, Stage
from reviewapp.models.base import utcnow
from reviewapp.reviews.evaluation.operations import proposals_from
from reviewapp.reviews.evaluation.queries import Evaluation


@dataclass
class DecisionInput:
    decided_on: date
    meeting_reference: str
    note: str
    levels: dict[int, str]   # application id -> "award" / "nomination"; absent or "": not on the list
    reasons: dict[int, str]  # application id -> why the group departed from the proposal


def _check_state(evaluation: Evaluation) -> None:
    cycle = evaluation.cycle
    if cycle.stage is not Stage.COMPREHENSIVE_EVALUATION:
        raise Refused(N_("The group's decision is recorded during the comprehensive evaluation (Art. 20)."))
    if cycle.candidates_proposed_at is None:
        raise Refused(N_("The office has not proposed the candidate list yet (Art. 20)."))
    if queries.decision_of(cycle) is not None:
        raise Refused(N_("The group's decision on this cycle is already recorded; it is a fact and is not "
                         "recorded again."))


def _proposed_levels(evaluation: Evaluation) -> dict[int, str]:
    candidates = db.session.scalars(select(Candidate).where(Candidate.cycle_id == evaluation.cycle.id))
    return {c.application_id: c.level.value for c in candidates}


def below_minimum(evaluation: Evaluation, proposals) -> list[tuple[int, tuple[str, dict]]]:
    settings = evaluation.settings
    return ranking_rules.below_minimum(proposals, settings["award_min_score"], settings["nomination_min_score"])


def _problems(evaluation: Evaluation, decision: DecisionInput, proposals, changes, below, today: date):
    cycle = evaluation.cycle
    names = {r.entry.key: r.application.organization.name for r in evaluation.ranked}
    return (rules.date_problems(decision.decided_on, queries.proposed_on(cycle), today)
            + rules.reason_problems(changes, decision.reasons, names)
            + ranking_rules.proposal_problems(proposals, cycle.award_quota, cycle.nomination_quota)
            + ranking_rules.unexplained(below, decision.reasons, (N_(
                "The group may approve an applicant below the cycle's minimum score: write the group's reason in "
                "its row (Art. 20 sets no minimum; the minimum is this cycle's setting)."), {})))


def record_decision(evaluation: Evaluation, decision: DecisionInput, acting, today: date) -> GroupDecision:
    """Store the decision, the approved list and the departures, or refuse with every reason and write nothing."""
    _check_state(evaluation)
    cycle = evaluation.cycle
    was_blinded = bool(queries.blind_setting(cycle))
    ranked = {r.entry.key for r in evaluation.ranked}
    numbers = {r.entry.key: r.application.number for r in evaluation.ranked}
    over = limits.too_long(decision.reasons, limits.NOTE)
    if over:  # issue 13 item 6: written by name in the page, limited like a form's field
        raise Refused(N_("Too long: %(where)s. A text here may have at most %(n)s characters; shorten it and save "
                         "again."), {"where": "、".join(numbers.get(key) or str(key) for key in over),
                                     "n": limits.NOTE})
    approved = {key: level for key, level in decision.levels.items()
                if key in ranked and level in ranking_rules.LEVELS}
    proposals = proposals_from(evaluation, approved)
    changes = rules.departures(_proposed_levels(evaluation), approved)
    below = dict(below_minimum(evaluation, proposals))
    problems = _problems(evaluation, decision, proposals, changes, list(below.items()), today)
    if problems:
        raise Refused.because_of(problems)
    record = _store(cycle, decision, proposals, changes, below, acting)
    _audit(cycle, record, proposals, changes, decision.reasons, below, was_blinded, acting)
    db.session.commit()
    return record


def _store(cycle, decision: DecisionInput, proposals, changes, below, acting) -> GroupDecision:
    record = GroupDecision(cycle_id=cycle.id, decided_on=decision.decided_on,
                           meeting_reference=decision.meeting_reference.strip(),
                           note=decision.note.strip() or None, recorded_by_id=acting.id)
    db.session.add(record)
    for proposal in proposals:
        db.session.add(ListEntry(cycle_id=cycle.id, application_id=proposal.key, level=AwardKind(proposal.level),
                                 combined_score=proposal.combined, repeat_winner=proposal.repeat_winner,
                                 minimum_override_reason=decision.reasons[proposal.key].strip()
                                 if proposal.key in below else None))
    for change in changes:
        db.session.add(ListChange(cycle_id=cycle.id, application_id=change.key, source=ListChangeSource.GROUP,
                                  from_level=AwardKind(change.from_level) if change.from_level else None,
                                  to_level=AwardKind(change.to_level) if change.to_level else None,
                                  reason=decision.reasons[change.key].strip(), recorded_by_id=acting.id))
    try:
        db.session.flush()  # the unique cycle_id refuses a decision recorded meanwhile from another tab
    except IntegrityError:
        db.session.rollback()
        raise Refused(N_("The group's decision on this cycle is already recorded; it is a fact and is not "
                         "recorded again.")) from None
    return record


def _audit(cycle, record: GroupDecision, proposals, changes, reasons, below, was_blinded: bool, acting) -> None:
    audit.record("group_decision_recorded", record, user=acting, details={
        "cycle_id": record.cycle_id, "decided_on": record.decided_on.isoformat(),
        "meeting_reference": record.meeting_reference,
        "approved": [{"application_id": p.key, "level": p.level, "combined": str(p.combined),
                      "repeat_winner": p.repeat_winner} for p in proposals],
        "changes": [{"application_id": c.key, "from": c.from_level, "to": c.to_level,
                     "reason": reasons[c.key].strip()} for c in changes],
        "below_minimum": {str(key): reasons[key].strip() for key in below}})
    if was_blinded:  # Art. 20: from now on the group sees names; the trail says when and why
        audit.record("ranking_unblinded", cycle, user=acting, details={"decision_id": record.id})


def show_award_history(cycle, reason: str, acting) -> None:
    """Issue 13 item 7 (Art. 12, 20): while blinded, the group sees how many candidates won before, not which.
    The office may decide that the group should see it per candidate; the choice is recorded on the cycle with its
    reason and audited, and cannot be taken back (the group has seen it)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(N_("Give the reason for showing the group each candidate's award history."))
    if cycle.award_history_shown_at is not None:
        raise Refused(N_("The group already sees each candidate's award history."))
    if queries.decision_of(cycle) is not None:
        raise Refused(N_("The group's decision is recorded: it sees the applicants' names and their award history "
                         "already."))
    cycle.award_history_shown_at, cycle.award_history_shown_by_id = utcnow(), acting.id
    cycle.award_history_shown_reason = reason
    audit.record("award_history_shown_to_group", cycle, user=acting, details={"reason": reason})
    db.session.commit()

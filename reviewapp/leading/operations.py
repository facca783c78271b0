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
from reviewapp.domain import deliberation, limits
from reviewapp.domain import group_decision as rules
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.leading import queries
from reviewapp.models import (
    AwardKind,
    Candidate,
    GroupDecision,
    GroupOpinion,
    GroupVote,
    ListChange,
    ListChangeSource,
    ListEntry,
    Stage,
)
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
        "below_minimum": {str(key): reasons[key].strip() for key in below},
        "deliberation": _tally_details(cycle, record)})
    if was_blinded:  # Art. 20: from now on the group sees names; the trail says when and why
        audit.record("ranking_unblinded", cycle, user=acting, details={"decision_id": record.id})


def _tally_details(cycle, record: GroupDecision) -> dict:
    """Art. 6, 21: the members' submitted opinions the decision was taken on, per candidate."""
    tally, _members = queries.group_tally(cycle, record)
    return {"members": list(tally.members), "not_submitted": list(tally.not_submitted),
            "candidates": {str(row.key): {"agreed": list(row.agreed), "disagreed": list(row.disagreed),
                                          "abstained": list(row.abstained)} for row in tally.rows}}


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


# --- the group's deliberation (Art. 6, 20, 21) ---------------------------------------------------------------------

def _check_deliberation_open(cycle) -> None:
    if queries.decision_of(cycle) is not None:
        raise Refused(N_("The group's decision is recorded: the members' opinions can no longer be given or changed "
                         "(Art. 21)."))
    if cycle.stage is not Stage.COMPREHENSIVE_EVALUATION or cycle.candidates_proposed_at is None:
        raise Refused(N_("The group deliberates on the candidate list during the comprehensive evaluation, once "
                         "the office has proposed it (Art. 20)."))


def save_opinions(cycle, member, typed: dict[int, tuple[str, str]], submit: bool, names: dict[int, str]) -> int:
    """A member's opinions on the candidates not yet submitted (typed: application id -> (vote, comment)), kept as
    drafts, or submitted together (then no longer changed). `names`: how the member's page names each candidate
    (a code while blinded). Refuses with every reason and writes nothing; returns how many opinions were saved."""
    _check_deliberation_open(cycle)
    candidates = queries.candidate_levels(cycle)
    own = {o.application_id: o for o in queries.opinions_of(cycle, member)}
    locked = deliberation.locked_keys(queries.as_rules(own.values()), candidates)
    open_keys = [key for key in candidates if key not in locked]
    if not open_keys:
        raise Refused(N_("You have submitted your opinions on this candidate list; they can no longer be changed."))
    entries = {key: ((typed.get(key) or ("", ""))[0], (typed.get(key) or ("", ""))[1].strip()) for key in open_keys}
    problems = [p for key, (vote, comment) in entries.items()
                for p in deliberation.opinion_problems(vote, comment, names.get(key, str(key)))]
    over = limits.too_long({key: comment for key, (_vote, comment) in entries.items()}, limits.NOTE)
    if over:
        problems.append((N_("Too long: %(where)s. A comment may have at most %(n)s characters."),
                         {"where": "、".join(names.get(key, str(key)) for key in over), "n": limits.NOTE}))
    if submit:
        open_levels = {key: candidates[key] for key in open_keys}
        problems += deliberation.submit_problems({k: v for k, (v, _c) in entries.items()}, open_levels, names)
    if problems:
        raise Refused.because_of(problems)
    saved = _store_opinions(cycle, member, entries, candidates, own, submit)
    details = {"opinions": [{"application_id": key, "level": candidates[key], "vote": vote, "comment": comment}
                            for key, (vote, comment) in entries.items() if vote]}
    if submit:
        audit.record("group_opinions_submitted", cycle, user=member, details=details)
    else:
        audit.record("group_opinions_saved", cycle, user=member, details=details)
    db.session.commit()
    return saved


def _store_opinions(cycle, member, entries, candidates, own, submit: bool) -> int:
    now, saved = utcnow(), 0
    for key, (vote, comment) in entries.items():
        row = own.get(key)
        if not vote:
            if row is not None:  # a draft taken back, or an opinion on the candidate's former level
                db.session.delete(row)
            continue
        if row is None:
            row = GroupOpinion(cycle_id=cycle.id, application_id=key, member_id=member.id)
            db.session.add(row)
        row.level, row.vote, row.comment = AwardKind(candidates[key]), GroupVote(vote), comment or None
        row.submitted_at = now if submit else None
        saved += 1
    try:
        db.session.flush()  # the unique (cycle, application, member) refuses the same opinions sent from two tabs
    except IntegrityError:
        db.session.rollback()
        raise Refused(N_("Your opinions were saved meanwhile from another window; reload the page.")) from None
    return saved

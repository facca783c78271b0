"""The office's candidate list for the leading group (Art. 20), checked as a whole against the quotas and Art. 4
and 12 before anything is stored; below the cycle's optional minimum score a candidate needs the office's reason."""
from sqlalchemy import delete, select

from reviewapp import audit
from reviewapp.domain import comprehensive as rules
from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import AwardKind, Candidate, GroupDecision, Role, Stage
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify_role
from reviewapp.notifications.rendering import app_path
from reviewapp.reviews.evaluation.queries import Evaluation
from reviewapp.reviews.saving import refuse_long_texts

NOT_SAVED = N_("The candidate list was not saved:")


def proposals_from(evaluation: Evaluation, levels: dict[int, str]) -> list[rules.Proposal]:
    """The office's choice per applicant (application id -> "award" / "nomination"; others not proposed)."""
    by_key = {r.entry.key: r for r in evaluation.ranked}
    return [rules.Proposal(key=key, name=by_key[key].application.organization.name, level=level,
                           combined=by_key[key].entry.combined, went_onsite=bool(by_key[key].application.goes_onsite),
                           repeat_winner=by_key[key].repeat_winner and level == rules.AWARD,
                           past_nominee=by_key[key].past_nominee)
            for key, level in levels.items() if key in by_key and level in rules.LEVELS]


def propose_candidates(evaluation: Evaluation, levels: dict[int, str], acting,
                       reasons: dict[int, str] | None = None) -> list[tuple[str, dict]]:
    """Replace the cycle's candidate list as a whole, or refuse it with every reason. An applicant the list passes
    over needs the office's written reason, kept for the leading group (Art. 20); returns what was passed over."""
    cycle = evaluation.cycle
    if cycle.stage is not Stage.COMPREHENSIVE_EVALUATION:
        raise Refused(N_("Candidates are proposed during the comprehensive evaluation (Art. 20)."))
    if db.session.scalar(select(GroupDecision.id).where(GroupDecision.cycle_id == cycle.id)) is not None:
        raise Refused(N_("The leading group has decided on the candidate list; it is no longer changed (Art. 20)."))
    if evaluation.awaiting_panel:  # Art. 20: the office proposes from the panels' comprehensive evaluation reports
        raise Refused(N_("%(n)s comprehensive evaluation report(s) of the panels are not submitted yet (%(names)s); "
                         "the candidate list is proposed from them (Art. 20)."),
                      {"n": len(evaluation.awaiting_panel),
                       "names": "、".join(r.application.organization.name for r in evaluation.awaiting_panel)})
    numbers = {r.entry.key: r.application.number for r in evaluation.ranked}
    refuse_long_texts((reasons or {}, limits.NOTE, lambda key: numbers.get(key) or str(key)))
    proposals = proposals_from(evaluation, levels)
    problems = rules.proposal_problems(proposals, cycle.award_quota, cycle.nomination_quota)
    passed = rules.passed_over(proposals, [r.entry for r in evaluation.ranked])
    below = rules.below_minimum(proposals, evaluation.settings["award_min_score"],
                                evaluation.settings["nomination_min_score"])
    reasons = {key: text.strip() for key, text in (reasons or {}).items() if text and text.strip()}
    problems += rules.unexplained(passed, reasons, (N_(
        "For each applicant passed over, write in its row why the list departs from the ranking: the leading group "
        "reads it (Art. 20)."), {}))
    problems += rules.unexplained(below, reasons, (N_(
        "For each candidate below the cycle's minimum score, write in its row why you propose it: the leading "
        "group reads it (Art. 20 sets no minimum; the minimum is this cycle's setting)."), {}))
    if problems:  # every reason at once, under one heading
        raise Refused.because_of([(NOT_SAVED, {}), *problems])
    cycle.passed_over = {str(key): reasons[key] for key, _warning in passed}
    db.session.execute(delete(Candidate).where(Candidate.cycle_id == cycle.id))
    for proposal in proposals:
        db.session.add(Candidate(cycle_id=cycle.id, application_id=proposal.key, level=AwardKind(proposal.level),
                                 combined_score=proposal.combined, repeat_winner=proposal.repeat_winner,
                                 minimum_override_reason=reasons.get(proposal.key) if proposal.key in dict(below)
                                 else None, proposed_by_id=acting.id))
    cycle.candidates_proposed_at, cycle.candidates_proposed_by_id = utcnow(), acting.id
    audit.record("candidates_proposed", cycle, user=acting, details={
        "candidates": [{"application_id": p.key, "level": p.level, "combined": str(p.combined),
                        "repeat_winner": p.repeat_winner} for p in proposals],
        "passed_over": cycle.passed_over,
        "below_minimum": {str(key): reasons[key] for key, _warning in below}})
    # issue 16: the leading group's meeting papers are ready (Art. 20); the list itself is read on the page
    notify_role(Role.LEADING_GROUP, "candidates_ready", app_path("leading.cycle", cycle_id=cycle.id), cycle=cycle.name)
    db.session.commit()
    return [warning for _key, warning in passed + below]

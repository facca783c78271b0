"""The comprehensive evaluation (综合评价, Art. 20) for a cycle: each applicant's combined score from the panels'
submitted reports, the ranking, the category profile, and the office's candidate list for the leading group,
checked as a whole against the quotas, the minimum scores and Art. 4 and 12 before anything is stored."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select

from reviewapp import audit
from reviewapp.award_history import awards_held
from reviewapp.domain import comprehensive as rules
from reviewapp.domain import limits
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import Standard, load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import AwardKind, Candidate, Cycle, GroupDecision, Stage
from reviewapp.models.base import utcnow
from reviewapp.reviews.operations import Refused, refuse_long_texts
from reviewapp.reviews.queries import ReviewRow, review_rows


@dataclass
class RankedRow:
    entry: rules.RankedEntry
    row: ReviewRow
    document_profile: dict[str, Decimal | None]  # category code -> percentage of its points
    onsite_profile: dict[str, Decimal | None]
    repeat_winner: bool
    past_nominee: bool
    candidate: Candidate | None

    @property
    def application(self):
        return self.row.application


@dataclass
class Evaluation:
    cycle: Cycle
    standard: Standard
    settings: dict
    ranked: list[RankedRow]

    @property
    def onsite_line(self) -> list[RankedRow]:
        return [r for r in self.ranked if r.entry.line == rules.ONSITE]

    @property
    def document_line(self) -> list[RankedRow]:
        """Those not sent on site, ranked on their own line by the document review."""
        return [r for r in self.ranked if r.entry.line == rules.DOCUMENT_ONLY and not r.application.goes_onsite]

    @property
    def awaiting_onsite(self) -> list[RankedRow]:
        """Sent on site, but their on-site report is not in yet: no combined score can be made up for them."""
        return [r for r in self.ranked if r.entry.line == rules.DOCUMENT_ONLY and r.application.goes_onsite]


def category_profile(standard: Standard, report) -> dict[str, Decimal | None]:
    """Each category's consensus score as a percentage of its points: the shape of the applicant's maturity."""
    if report is None:
        return {category.code: None for category in standard.categories}
    scores = summarize(standard, report.consensus).category_scores
    return {c.code: (scores[c.code] * 100 / c.points).quantize(Decimal("0.1")) for c in standard.categories}


def _standing(row: ReviewRow) -> rules.Standing:
    return rules.Standing(key=row.application.id, document_total=row.document.total,
                          onsite_total=row.onsite.total, went_onsite=bool(row.application.goes_onsite),
                          name=row.application.organization.name)


def evaluate(cycle: Cycle) -> Evaluation:
    standard, settings = load_standard(cycle.standard_version), with_defaults(cycle.settings)
    rows = {row.application.id: row for row in review_rows(cycle)}
    history = awards_held({row.application.organization_id for row in rows.values()}, excluding_cycle_id=cycle.id)
    candidates = {c.application_id: c for c in db.session.scalars(select(Candidate).where(
        Candidate.cycle_id == cycle.id))}
    ranked = []
    for entry in rules.rank([_standing(row) for row in rows.values()], settings["document_weight_percent"]):
        row = rows[entry.key]
        held = history.get(row.application.organization_id, set())
        ranked.append(RankedRow(entry, row, category_profile(standard, row.document.report if row.document.submitted
                                                             else None),
                                category_profile(standard, row.onsite.report if row.onsite.submitted else None),
                                AwardKind.AWARD in held, AwardKind.NOMINATION in held, candidates.get(entry.key)))
    return Evaluation(cycle, standard, settings, ranked)


class ProposalProblems(Exception):
    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__(problems[0][0])
        self.problems = problems


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
    numbers = {r.entry.key: r.application.number for r in evaluation.ranked}
    refuse_long_texts((reasons or {}, limits.NOTE, lambda key: numbers.get(key) or str(key)))
    proposals = proposals_from(evaluation, levels)
    problems = rules.proposal_problems(proposals, cycle.award_quota, cycle.nomination_quota,
                                       evaluation.settings["award_min_score"],
                                       evaluation.settings["nomination_min_score"])
    passed = rules.passed_over(proposals, [r.entry for r in evaluation.ranked])
    reasons = {key: text.strip() for key, text in (reasons or {}).items() if text and text.strip()}
    unexplained = [warning for key, warning in passed if key not in reasons]
    if unexplained:
        problems += unexplained + [(N_("For each applicant passed over, write in its row why the list departs from "
                                       "the ranking: the leading group reads it (Art. 20)."), {})]
    if problems:
        raise ProposalProblems(problems)
    cycle.passed_over = {str(key): reasons[key] for key, _warning in passed}
    db.session.execute(delete(Candidate).where(Candidate.cycle_id == cycle.id))
    for proposal in proposals:
        db.session.add(Candidate(cycle_id=cycle.id, application_id=proposal.key, level=AwardKind(proposal.level),
                                 combined_score=proposal.combined, repeat_winner=proposal.repeat_winner,
                                 proposed_by_id=acting.id))
    cycle.candidates_proposed_at, cycle.candidates_proposed_by_id = utcnow(), acting.id
    audit.record("candidates_proposed", cycle, user=acting, details={
        "candidates": [{"application_id": p.key, "level": p.level, "combined": str(p.combined),
                        "repeat_winner": p.repeat_winner} for p in proposals],
        "passed_over": cycle.passed_over})
    db.session.commit()
    return [warning for _key, warning in passed]

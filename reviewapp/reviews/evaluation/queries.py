"""What the evaluation pages read.

The comprehensive evaluation (综合评价, Art. 20) for a cycle: each applicant's combined score from the panels'
submitted reports, the ranking and the category profile (the candidate list is written in operations.py).

Reviewer calibration for the office (Art. 8(3), 8(5), 17): per expert and cycle, how far their item percentages
lie from the consensus their panel agreed on, so that lenient or severe reviewers are visible when the next panels
are formed. The figures come from reviewapp/domain/calibration.py; which sheets count is decided by
panel_sheets.exclusion_of, as for every other aggregate (Art. 33)."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from reviewapp.award_history import awards_held
from reviewapp.domain import comprehensive as rules
from reviewapp.domain.calibration import ReviewerStats, reviewer_stats
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.money import MoneyDecision, award_money
from reviewapp.domain.standard import Standard, load_standard, summarize
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardKind,
    Candidate,
    Cycle,
    Expert,
    Panel,
    PanelMember,
    PanelReport,
    ReportStatus,
    ScoreSheet,
    SheetStatus,
)
from reviewapp.reviews.panel_sheets import exclusion_of
from reviewapp.reviews.standing import ReviewRow, review_rows


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

    def money(self, level: str) -> MoneyDecision:
        """Art. 25, 12: what the level would pay it, from the one rule the approval and the ledger use."""
        return award_money(level, holds_award=self.repeat_winner, holds_nomination=self.past_nominee)


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
    def awaiting_panel(self) -> list[RankedRow]:
        """Sent on site, but the panel's comprehensive evaluation report is not submitted (Art. 20)."""
        return [r for r in self.ranked if r.application.goes_onsite and not r.row.comprehensive_submitted]

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
    """Art. 20: ranked by the panel's comprehensive score once its report is submitted, else by the proposal."""
    return rules.Standing(key=row.application.id, document_total=row.document.total,
                          onsite_total=row.onsite.total, went_onsite=bool(row.application.goes_onsite),
                          name=row.application.organization.name, panel_score=row.panel_score)


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


# Reviewer calibration

@dataclass(frozen=True)
class CycleFigures:
    cycle: Cycle
    stats: ReviewerStats


@dataclass(frozen=True)
class CalibrationRow:
    expert: Expert
    overall: ReviewerStats          # over every selected cycle's pairs together, not an average of averages
    cycles: list[CycleFigures]      # oldest cycle first


def _submitted_reports(cycle_ids) -> list[PanelReport]:
    query = (select(PanelReport).join(Application).where(PanelReport.status == ReportStatus.SUBMITTED)
             .options(selectinload(PanelReport.application).selectinload(Application.cycle),
                      selectinload(PanelReport.panel).selectinload(Panel.members)
                      .selectinload(PanelMember.expert).selectinload(Expert.person)))
    if cycle_ids is not None:
        query = query.where(Application.cycle_id.in_(list(cycle_ids)))
    return list(db.session.scalars(query))


def _submitted_sheets(cycle_ids) -> list[ScoreSheet]:
    """Submitted sheets whose applicant and stage have a submitted report: the only ones with a consensus."""
    query = (select(ScoreSheet)
             .join(PanelReport, and_(PanelReport.application_id == ScoreSheet.application_id,
                                     PanelReport.stage == ScoreSheet.stage))
             .where(ScoreSheet.status == SheetStatus.SUBMITTED, PanelReport.status == ReportStatus.SUBMITTED))
    if cycle_ids is not None:
        query = query.join(Application, Application.id == ScoreSheet.application_id) \
            .where(Application.cycle_id.in_(list(cycle_ids)))
    return list(db.session.scalars(query))


@dataclass
class _Pairs:
    """(sheet percentages, consensus) pairs per (expert id, cycle id), with the experts and cycles they name."""
    pairs: dict[tuple[int, int], list[tuple[dict, dict]]]
    experts: dict[int, Expert]
    cycles: dict[int, Cycle]


def _counted_pairs(cycle_ids) -> _Pairs:
    """A sheet counts only while its expert sits on the report's panel and is not excluded there (late conflict
    or disqualification, Art. 33)."""
    reports = {(r.application_id, r.stage): r for r in _submitted_reports(cycle_ids)}
    found = _Pairs(defaultdict(list), {}, {})
    for sheet in _submitted_sheets(cycle_ids):
        report = reports.get((sheet.application_id, sheet.stage))
        if report is None:
            continue
        member = next((m for m in report.panel.members if m.expert_id == sheet.expert_id), None)
        if member is None or exclusion_of(member, report.application) is not None:
            continue
        cycle = report.application.cycle
        found.pairs[(member.expert_id, cycle.id)].append((sheet.percents, report.consensus))
        found.experts[member.expert_id], found.cycles[cycle.id] = member.expert, cycle
    return found


def _cycle_order(cycle: Cycle):
    return cycle.year, cycle.reference_date, cycle.id


def calibration(cycle_ids=None) -> list[CalibrationRow]:
    """Every expert with at least one comparable item in the selected cycles (all when None)."""
    found = _counted_pairs(cycle_ids)
    by_expert = defaultdict(dict)
    for (expert_id, cycle_id), pairs in found.pairs.items():
        by_expert[expert_id][cycle_id] = pairs
    rows = []
    for expert_id, per_cycle in by_expert.items():
        overall = reviewer_stats([pair for pairs in per_cycle.values() for pair in pairs])
        if overall is None:
            continue
        figures = [CycleFigures(found.cycles[cycle_id], stats) for cycle_id, pairs in per_cycle.items()
                   if (stats := reviewer_stats(pairs)) is not None]
        figures.sort(key=lambda figure: _cycle_order(figure.cycle))
        rows.append(CalibrationRow(found.experts[expert_id], overall, figures))
    return rows


def leanings_by_expert() -> dict[int, ReviewerStats]:
    """Expert id -> their calibration over every cycle, for a badge wherever panels are formed."""
    return {row.expert.id: row.overall for row in calibration()}


def cycles_newest_first() -> list[Cycle]:
    return sorted(db.session.scalars(select(Cycle)), key=_cycle_order, reverse=True)

"""Reviewer calibration for the office (Art. 8(3), 8(5), 17): per expert and cycle, how far their item percentages
lie from the consensus their panel agreed on, so that lenient or severe reviewers are visible when the next panels
are formed. The figures come from reviewapp/domain/calibration.py; which sheets count is decided by
consolidation.exclusion_of, as for every other aggregate (Art. 33)."""
from collections import defaultdict
from dataclasses import dataclass

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from reviewapp.domain.calibration import (DEFAULT_LEAN_THRESHOLD, IN_LINE, LENIENT, SEVERE, ReviewerStats,
                                          reviewer_stats)
from reviewapp.extensions import db
from reviewapp.listing import id_arg
from reviewapp.models import (Application, Cycle, Expert, Panel, PanelMember, PanelReport, ReportStatus, Role,
                              ScoreSheet, SheetStatus)
from reviewapp.permissions import require_role
from reviewapp.reviews import bp
from reviewapp.reviews.consolidation import exclusion_of

LEANING_LABELS = {LENIENT: _l("lenient"), SEVERE: _l("severe"), IN_LINE: _l("in line")}
SORTS = ("-mean", "mean")  # most lenient first, most severe first


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


def _sorted(rows: list[CalibrationRow], sort: str) -> list[CalibrationRow]:
    descending = sort.startswith("-")
    return sorted(rows, key=lambda row: (-row.overall.mean if descending else row.overall.mean,
                                         row.expert.person.name))


@bp.route("/calibration")
@require_role(Role.OFFICE)
def calibration_page():
    cycle_id = id_arg("cycle")
    cycle = db.get_or_404(Cycle, cycle_id) if cycle_id else None
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else SORTS[0]
    rows = _sorted(calibration([cycle.id] if cycle else None), sort)
    cycles = sorted(db.session.scalars(select(Cycle)), key=_cycle_order, reverse=True)
    return render_template("reviews/calibration.html", rows=rows, cycle=cycle, cycles=cycles, sort=sort,
                           leaning_labels=LEANING_LABELS, threshold=DEFAULT_LEAN_THRESHOLD)

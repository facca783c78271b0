"""The comprehensive evaluation (综合评价, Art. 20) and the rules the candidate list must meet before the office
submits it to the leading group (Art. 4, 12, 20).

Art. 20 asks the panel for a combined score "from the document-review and on-site results"; the seed gives no
formula, so the cycle sets the weight of the document review (`document_weight_percent`). Only applicants that
passed the document review go on site (Art. 18, 19), so only they have a combined score; the others are ranked on
their own line by the document review alone, for the report, and cannot be proposed.

All arithmetic is in Decimal, rounded to 2 places half up, so the score in the report, the page and the audit
trail is the same number. Messages are English templates marked with N_() plus a params dict (scores as strings).
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from reviewapp.domain.eligibility import AWARD, NOMINATION
from reviewapp.domain.i18n import N_

__all__ = [
    "AWARD", "NOMINATION", "LEVELS", "ONSITE", "DOCUMENT_ONLY", "Standing", "RankedEntry", "Proposal",
    "combined_score", "rank", "proposal_problems", "proposal_warnings", "passed_over", "minimum_for",
    "below_minimum", "unexplained", "PanelScore", "panel_score",
]

LEVELS = (AWARD, NOMINATION)  # highest first
ONSITE = "onsite"                # went on site: ranked by the combined score
DOCUMENT_ONLY = "document_only"  # not sent on site: ranked on its own line by the document review
CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def combined_score(document_total: Decimal, onsite_total: Decimal, weight_percent: int) -> Decimal:
    """Art. 20: document x w + on-site x (1 - w), with w = weight_percent / 100 from the cycle's settings."""
    if not 0 <= weight_percent <= 100:
        raise ValueError(f"weight_percent must lie in 0..100, not {weight_percent}")
    weight = Decimal(weight_percent) / 100
    return _cents(document_total * weight + onsite_total * (1 - weight))


# --- the panel's comprehensive score (Art. 17, 20) ---
SCORE_MAX = Decimal(1000)  # GB/T 19580's points


@dataclass(frozen=True)
class PanelScore:
    """The score the panel gives, or None when what was typed cannot stand, with every reason."""

    score: Decimal | None
    proposed: Decimal
    problems: tuple[tuple[str, dict], ...] = ()

    @property
    def adjusted(self) -> bool:
        return self.score is not None and self.score != self.proposed


def _typed_score(typed: str) -> Decimal | None:
    try:
        value = Decimal(typed.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        return None
    return value


def panel_score(proposed: Decimal, typed: str, justification: str) -> PanelScore:
    """Art. 20: the panel gives the comprehensive score (综合评分), its leader answering for it (组长负责制, Art. 17).
    The system proposes `combined_score`; the panel confirms it or gives its own, from 0 to 1000 with at most two
    decimals, and writes why when its score departs from the proposal."""
    value = _typed_score(typed or "")
    if value is None or not 0 <= value <= SCORE_MAX:
        return PanelScore(None, proposed, ((N_("The comprehensive score must be a number from 0 to 1000 with at "
                                               "most two decimals (Art. 20)."), {"typed": (typed or "").strip()}),))
    value = _cents(value)
    if value != proposed and not (justification or "").strip():
        return PanelScore(None, proposed, ((N_("The panel's score %(score)s departs from the proposed %(proposed)s: "
                                               "write the justification (Art. 20)."),
                                            {"score": str(value), "proposed": str(proposed)}),))
    return PanelScore(value, proposed)


# --- ranking ---
@dataclass(frozen=True)
class Standing:
    """One applicant's results. `key` is opaque (e.g. the application id); keys must be mutually comparable,
    they break the last ties. `name` is only for messages."""

    key: object
    document_total: Decimal | None
    onsite_total: Decimal | None
    went_onsite: bool
    name: str = ""
    panel_score: Decimal | None = None  # the panel's submitted comprehensive score (Art. 20), if any


@dataclass(frozen=True)
class RankedEntry:
    key: object
    document_total: Decimal | None
    onsite_total: Decimal | None
    combined: Decimal | None  # None on the document-only line
    rank: int | None          # standard competition ranking within the line; None: no score to rank by
    line: str                 # ONSITE or DOCUMENT_ONLY
    name: str = ""
    proposed: Decimal | None = None  # the system's proposal, where `combined` is the panel's score (Art. 20)

    @property
    def adjusted(self) -> bool:
        return self.proposed is not None and self.combined != self.proposed


def _has_combined(standing: Standing) -> bool:
    return standing.went_onsite and standing.document_total is not None and standing.onsite_total is not None


def _competition_ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """1, 1, 3 for scores already sorted best first: a tie shares the rank, the next rank skips the tied places."""
    ranks: list[int | None] = []
    for position, score in enumerate(scores):
        if score is None:
            ranks.append(None)
        elif position and score == scores[position - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(position + 1)
    return ranks


def _onsite_line(standings: list[Standing], weight_percent: int) -> list[RankedEntry]:
    """Art. 20: ranked by the panel's comprehensive score where it has given one, else by the system's proposal."""
    proposals = {id(s): combined_score(s.document_total, s.onsite_total, weight_percent) for s in standings}
    scored = [(s, s.panel_score if s.panel_score is not None else proposals[id(s)]) for s in standings]
    # Ties keep the same rank; within a tie the better document review, then the key, comes first (stable order).
    scored.sort(key=lambda pair: pair[0].key)
    scored.sort(key=lambda pair: (pair[1], pair[0].document_total), reverse=True)
    ranks = _competition_ranks([combined for _, combined in scored])
    return [RankedEntry(s.key, s.document_total, s.onsite_total, combined, position_rank, ONSITE, s.name,
                        proposals[id(s)] if s.panel_score is not None else None)
            for (s, combined), position_rank in zip(scored, ranks)]


def _document_only_line(standings: list[Standing]) -> list[RankedEntry]:
    ordered = sorted(standings, key=lambda s: s.key)
    ordered.sort(key=lambda s: (s.document_total is not None, s.document_total or 0), reverse=True)
    ranks = _competition_ranks([s.document_total for s in ordered])
    return [RankedEntry(s.key, s.document_total, s.onsite_total, None, position_rank, DOCUMENT_ONLY, s.name)
            for s, position_rank in zip(ordered, ranks)]


def rank(standings: Iterable[Standing], weight_percent: int) -> list[RankedEntry]:
    """Art. 18-20: applicants with both totals are ranked by the combined score; those not sent on site (or still
    without an on-site total) follow on their own line, ranked by the document total — a combined score cannot
    be made up for them. An applicant without any document total is listed last with rank None."""
    standings = list(standings)
    onsite = [s for s in standings if _has_combined(s)]
    document_only = [s for s in standings if not _has_combined(s)]
    return _onsite_line(onsite, weight_percent) + _document_only_line(document_only)


# --- the candidate list (Art. 4, 12, 20) ---
@dataclass(frozen=True)
class Proposal:
    """One applicant on the candidate list. `repeat_winner`: won the award before and may win it again after five
    years (Art. 12); `past_nominee`: has won the nomination award before (Art. 12)."""

    key: object
    name: str
    level: str  # AWARD or NOMINATION
    combined: Decimal | None
    went_onsite: bool
    repeat_winner: bool = False
    past_nominee: bool = False


def _unique(proposals: Sequence[Proposal]) -> tuple[list[Proposal], list[tuple[str, dict]]]:
    """The first proposal of each key (the others would count twice against the quota), and one problem per key
    proposed more than once."""
    first: dict[object, Proposal] = {}
    repeated: dict[object, str] = {}
    for proposal in proposals:
        if proposal.level not in LEVELS:
            raise ValueError(f"unknown award level {proposal.level!r}")
        if proposal.key in first:
            repeated.setdefault(proposal.key, proposal.name)
        first.setdefault(proposal.key, proposal)
    problems = [(N_("%(name)s is on the candidate list more than once."), {"name": name})
                for name in repeated.values()]
    return list(first.values()), problems


def _score_problems(proposal: Proposal) -> list[tuple[str, dict]]:
    """Art. 18-20: a candidate needs a combined score. Art. 20 sets no minimum: see `below_minimum`."""
    name = {"name": proposal.name}
    if not proposal.went_onsite:
        return [(N_("%(name)s was not sent to the on-site review and cannot be proposed (Art. 19, 20)."), name)]
    if proposal.combined is None:
        return [(N_("%(name)s has no combined score yet and cannot be proposed (Art. 20)."), name)]
    return []


def _nomination_again(proposal: Proposal) -> list[tuple[str, dict]]:
    """Art. 12: a past nomination winner may go for the award, but is not given the nomination award again."""
    if proposal.level == NOMINATION and proposal.past_nominee:
        return [(N_("%(name)s has already won the nomination award and cannot be given it again (Art. 12)."),
                 {"name": proposal.name})]
    return []


def _quota_problems(proposals: list[Proposal], award_quota: int, nomination_quota: int) -> list[tuple[str, dict]]:
    """Art. 4: at most the cycle's quota of awards and nomination awards. Art. 12: a repeat winner of the award
    does not take an award place (the exemption speaks of winning the award again, so not of the nomination)."""
    awards = [p.name for p in proposals if p.level == AWARD and not p.repeat_winner]
    nominations = [p.name for p in proposals if p.level == NOMINATION]
    problems = []
    if len(awards) > award_quota:
        problems.append((N_("%(n)s applicants take an award place but the cycle has %(quota)s: %(names)s "
                            "(Art. 4; repeat winners take no place, Art. 12)."),
                         {"n": len(awards), "quota": award_quota, "names": ", ".join(awards)}))
    if len(nominations) > nomination_quota:
        problems.append((N_("%(n)s applicants are proposed for the nomination award but the cycle has "
                            "%(quota)s places: %(names)s (Art. 4)."),
                         {"n": len(nominations), "quota": nomination_quota, "names": ", ".join(nominations)}))
    return problems


def proposal_problems(proposals: Iterable[Proposal], award_quota: int,
                      nomination_quota: int) -> list[tuple[str, dict]]:
    """Every reason the candidate list cannot go to the leading group (empty: it can). An empty list is valid:
    either award may stay vacant when nobody meets the conditions (Art. 4). A cycle's minimum score is no such
    reason (Art. 20 sets none): it is a warning, `below_minimum`."""
    unique, problems = _unique(list(proposals))
    for proposal in unique:
        problems += _score_problems(proposal)
        problems += _nomination_again(proposal)
    return problems + _quota_problems(unique, award_quota, nomination_quota)


# --- the cycle's optional minimum scores (Art. 20 sets none): a warning, overridden with a written reason ---
def minimum_for(level: str, award_min_score: int, nomination_min_score: int) -> int:
    """The cycle's minimum for the level; 0 is none (the default)."""
    return award_min_score if level == AWARD else nomination_min_score


def below_minimum(proposals: Iterable[Proposal], award_min_score: int,
                  nomination_min_score: int) -> list[tuple[object, tuple[str, dict]]]:
    """Art. 4, 20: the seed sets no minimum score; a cycle may set one (`award_min_score`, `nomination_min_score`,
    0 for none). A candidate whose combined score is below its level's minimum is a warning, one per key: the
    office (candidate list) or the leading group (its decision) may keep it there with a written reason."""
    found = {}
    for proposal in proposals:
        minimum = minimum_for(proposal.level, award_min_score, nomination_min_score)
        if not minimum or proposal.combined is None or proposal.combined >= minimum or proposal.key in found:
            continue
        params = {"name": proposal.name, "score": str(proposal.combined), "minimum": str(minimum)}
        if proposal.level == AWARD:
            message = N_("%(name)s: the combined score %(score)s is below %(minimum)s, this cycle's minimum for "
                         "the award (a setting; Art. 20 sets none).")
        else:
            message = N_("%(name)s: the combined score %(score)s is below %(minimum)s, this cycle's minimum for "
                         "the nomination award (a setting; Art. 20 sets none).")
        found[proposal.key] = (message, params)
    return list(found.items())


def unexplained(warnings: Sequence[tuple[object, tuple[str, dict]]], reasons: dict[object, str],
                instruction: tuple[str, dict]) -> list[tuple[str, dict]]:
    """Art. 20: a warning stands only with its written reason. The warnings without one, then `instruction`
    (what to do); empty when every warning has its reason."""
    missing = [warning for key, warning in warnings if not (reasons.get(key) or "").strip()]
    return missing + [instruction] if missing else []


# --- hints that do not block ---
def _level_value(level: str | None) -> int:
    """AWARD 2, NOMINATION 1, not proposed 0."""
    return len(LEVELS) - LEVELS.index(level) if level in LEVELS else 0


def _passed_over_warning(entry: RankedEntry, level: str | None, other: RankedEntry, other_level: str,
                         names: dict) -> tuple[str, dict]:
    params = {"name": names.get(entry.key) or entry.name or str(entry.key), "rank": entry.rank,
              "other": names.get(other.key) or other.name or str(other.key), "other_rank": other.rank}
    if level == NOMINATION:
        return (N_("%(name)s ranks %(rank)s but is proposed only for the nomination award, while %(other)s, "
                   "ranked %(other_rank)s, is proposed for the award."), params)
    if other_level == AWARD:
        return (N_("%(name)s ranks %(rank)s but is not proposed, while %(other)s, ranked %(other_rank)s, is "
                   "proposed for the award."), params)
    return (N_("%(name)s ranks %(rank)s but is not proposed, while %(other)s, ranked %(other_rank)s, is "
               "proposed for the nomination award."), params)


def passed_over(proposals: Iterable[Proposal], ranked: Iterable[RankedEntry]) -> list[tuple[object, tuple[str, dict]]]:
    """The applicants the candidate list passes over, each with why it looks so: ranked above a candidate but
    left out, or proposed at a lower level (Art. 20: the list follows the comprehensive evaluation). One entry per
    passed-over applicant (its key), naming the lowest-ranked candidate proposed above it. Only the on-site line is
    compared: the others have no combined score. Such a list may stand (a repeat winner, a past nominee, a score
    below the minimum), but the office writes why, for the leading group to read."""
    proposals = list(proposals)
    levels = {p.key: p.level for p in reversed(proposals)}  # the first proposal of a key wins, as in the checks
    names = {p.key: p.name for p in proposals}
    onsite = [e for e in ranked if e.line == ONSITE and e.rank is not None]
    found = []
    for entry in onsite:
        level = levels.get(entry.key)
        above = [other for other in onsite if other.rank > entry.rank
                 and _level_value(levels.get(other.key)) > _level_value(level)]
        if above:
            other = max(above, key=lambda e: e.rank)
            found.append((entry.key, _passed_over_warning(entry, level, other, levels[other.key], names)))
    return found


def proposal_warnings(proposals: Iterable[Proposal], ranked: Iterable[RankedEntry]) -> list[tuple[str, dict]]:
    """What `passed_over` finds, as messages for the office."""
    return [warning for _key, warning in passed_over(proposals, ranked)]

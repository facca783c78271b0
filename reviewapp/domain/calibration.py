"""Reviewer calibration: how one expert's item percentages deviate from the consensus their panels agreed on
(组长负责制, Art. 17-19). It serves the office, which keeps the expert pool and supervises how reviewers do
their duty (Art. 8(3), 8(5), 17): an expert who scores consistently above the panel is lenient, one consistently
below is severe. It describes, it does not judge: a single deviating sheet may be the one that was right.

The consensus is the panel's, so an expert's deviation is only measured on items the panel agreed on. Figures
are Decimal, rounded to one place half up; the leaning is judged on the mean as shown, so the page never shows
a mean of 5.0 labelled "in line".
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LENIENT = "lenient"  # scores above the consensus on average
SEVERE = "severe"    # scores below the consensus on average
IN_LINE = "in_line"
LEANINGS = (LENIENT, SEVERE, IN_LINE)
DEFAULT_LEAN_THRESHOLD = 5  # percentage points: one step of GB/Z 19579's scale
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ReviewerStats:
    n_sheets: int            # sheets with at least one item the panel agreed on
    n_items: int             # items compared, over all those sheets
    mean: Decimal            # mean of expert - consensus, percentage points
    spread: Decimal          # population standard deviation of the deviations
    mean_absolute: Decimal   # mean of |expert - consensus|
    leaning: str             # LENIENT, SEVERE or IN_LINE


def _tenths(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def deviations(percents: Mapping[str, int | None], consensus: Mapping[str, int | None]) -> list[int]:
    """Expert minus consensus for every item both have a value for, in the expert's item order."""
    return [value - consensus[code] for code, value in percents.items()
            if value is not None and consensus.get(code) is not None]


def _spread(values: list[int]) -> Decimal:
    """Population standard deviation, from integer sums so that only the final square root is inexact."""
    n = len(values)
    variance = Decimal(n * sum(v * v for v in values) - sum(values) ** 2) / Decimal(n * n)
    return _tenths(variance.sqrt())


def leaning(mean: Decimal, threshold: int = DEFAULT_LEAN_THRESHOLD) -> str:
    if mean >= threshold:
        return LENIENT
    if mean <= -threshold:
        return SEVERE
    return IN_LINE


def reviewer_stats(pairs: Iterable[tuple[Mapping[str, int], Mapping[str, int]]],
                   lean_threshold: int = DEFAULT_LEAN_THRESHOLD) -> ReviewerStats | None:
    """One expert's calibration over (their sheet's percentages, the panel's consensus) pairs; None when no item
    can be compared (nothing to say yet)."""
    if lean_threshold <= 0:
        raise ValueError("lean_threshold must be positive: at 0 an expert would be lenient and severe at once")
    per_sheet = [deviations(percents, consensus) for percents, consensus in pairs]
    values = [d for sheet in per_sheet for d in sheet]
    if not values:
        return None
    n = len(values)
    mean = _tenths(Decimal(sum(values)) / n)
    mean_absolute = _tenths(Decimal(sum(abs(v) for v in values)) / n)
    return ReviewerStats(sum(1 for sheet in per_sheet if sheet), n, mean, _spread(values), mean_absolute,
                         leaning(mean, lean_threshold))

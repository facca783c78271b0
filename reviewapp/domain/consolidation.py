"""The panel leader's consolidation (组长负责制, Art. 18, 19): the members' percentages per item side by side, the
spread, items flagged for discussion, the consensus pre-filled with the median, and the rule that a consensus
outside the members' range needs a written justification. Scores of members excluded for a late conflict never
enter (Art. 33). The on-site review report is not dated before its site visit (Art. 19)."""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median

from reviewapp.domain.i18n import N_


@dataclass(frozen=True)
class ItemRow:
    code: str
    values: dict[str, int | None]  # member id -> percentage (None: not scored)
    spread: int | None             # max - min of the counted values
    flagged: bool                  # spread above the cycle's threshold: discuss before agreeing
    suggested: int | None          # the median, on the standard's step


def on_step(value: float, step: int) -> int:
    """Round half up to the nearest step (a median of 62.5 with step 5 becomes 65)."""
    return int((value + step / 2) // step * step)


def rows(item_codes, sheets: Mapping[str, Mapping[str, int]], excluded: set[str], threshold: int,
         step: int) -> list[ItemRow]:
    """One row per item over the members' sheets; `excluded` members are shown but never counted."""
    result = []
    for code in item_codes:
        values = {member: percents.get(code) for member, percents in sheets.items()}
        counted = [v for member, v in values.items() if v is not None and member not in excluded]
        spread = max(counted) - min(counted) if counted else None
        result.append(ItemRow(code, values, spread, spread is not None and spread > threshold,
                              on_step(median(counted), step) if counted else None))
    return result


def consensus_problems(row: ItemRow, consensus: int | None, justification: str, excluded: set[str]
                       ) -> list[tuple[str, dict]]:
    """Why the leader's consensus for an item cannot stand yet."""
    if consensus is None:
        return [(N_("%(item)s: record the consensus percentage."), {"item": row.code})]
    counted = [v for member, v in row.values.items() if v is not None and member not in excluded]
    if counted and not min(counted) <= consensus <= max(counted) and not justification.strip():
        return [(N_("%(item)s: %(value)s%% lies outside the members' range %(low)s%%-%(high)s%%; write why."),
                 {"item": row.code, "value": consensus, "low": min(counted), "high": max(counted)})]
    return []


def onsite_report_date_problems(report_day: date, visit_day: date | None) -> list[tuple[str, dict]]:
    """Art. 19: the on-site review report records what the panel found on site, so it cannot bear a date before
    the site visit (neither submitted before the visit day, nor left behind by a visit moved to a later day)."""
    if visit_day is not None and report_day < visit_day:
        return [(N_("The on-site review report cannot be dated %(date)s, before its site visit on %(visit)s "
                    "(Art. 19)."), {"date": report_day.isoformat(), "visit": visit_day.isoformat()})]
    return []

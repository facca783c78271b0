"""The leading group's decision on the office's candidate list (Art. 20, 21).

Art. 20: the office proposes the candidate list from the comprehensive evaluation report and submits it to the
leading group (市领导小组) for deliberation; Art. 21: the office draws up the list of proposed winners "according to
the result of the deliberation" (根据审议结果). The group may therefore depart from the office's proposal, but the list
it approves must still meet the award's rules (quotas, minimum scores, Art. 4 and 12: domain.comprehensive), and
every departure is written down with its reason, since the list is published and may be objected to (Art. 22).

Blinding: as Baldrige judges work, the group may first see the ranking with the applicants by code, not by name,
so that the scores and the panels' findings speak before reputations do. Codes go by rank, so they are stable
while the scores are, and carry nothing of the applicant's name or number.

Messages are English templates marked with N_() plus a params dict.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.comprehensive import AWARD, LEVELS
from reviewapp.domain.i18n import N_

__all__ = ["Departure", "HistoryCounts", "blind_code", "blind_codes", "is_blinded", "history_counts",
           "shows_award_history", "departures", "reason_problems", "date_problems"]

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def blind_code(position: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB" … (as spreadsheet columns): enough codes for any cycle."""
    if position < 0:
        raise ValueError(f"position must not be negative, not {position}")
    code = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, len(LETTERS))
        code = LETTERS[remainder] + code
    return code


def blind_codes(keys_in_rank_order: Iterable[object]) -> dict[object, str]:
    """Each applicant's code by its place in the ranking (the best-ranked is "A")."""
    return {key: blind_code(position) for position, key in enumerate(keys_in_rank_order)}


def is_blinded(blind_setting: int, decision_recorded: bool, sees_names: bool) -> bool:
    """The group sees codes while the cycle blinds its review and it has not decided; once the decision is
    recorded the list is a fact that will be published (Art. 21), and names are shown. The office, which keeps
    the applications, always sees names."""
    return bool(blind_setting) and not decision_recorded and not sees_names


def shows_award_history(blinded: bool, shown_by_office: bool) -> bool:
    """Issue 13 item 7: whether the page marks each applicant's past awards (Art. 12). The acceptance notice and
    the public results name every applicant and every past winner, so a code marked "past winner" names the
    applicant as surely as a name would: while the review is blinded the group sees only counts
    (history_counts), unless the office has recorded its choice, with a reason, to show that fact."""
    return not blinded or shown_by_office


@dataclass(frozen=True)
class HistoryCounts:
    """What the quota rules need of the applicants' past awards (Art. 4, 12), without saying whose: how many
    candidates for the award won it before (they take no quota place and get no money) and how many of the
    ranked applicants cannot be given the nomination again."""

    award_candidates: int
    repeat_winners_proposed: int
    award_quota: int
    past_winners: int
    past_nominees: int

    @property
    def quota_places_used(self) -> int:
        return self.award_candidates - self.repeat_winners_proposed


def history_counts(ranked: Iterable[tuple[str | None, bool, bool]], award_quota: int) -> HistoryCounts:
    """ranked: (proposed level or None, past winner, past nominee) for each ranked applicant, in any order."""
    rows = list(ranked)
    award = [past_winner for level, past_winner, _nominee in rows if level == AWARD]
    return HistoryCounts(award_candidates=len(award), repeat_winners_proposed=sum(award), award_quota=award_quota,
                         past_winners=sum(1 for _level, past_winner, _nominee in rows if past_winner),
                         past_nominees=sum(1 for _level, _winner, past_nominee in rows if past_nominee))


@dataclass(frozen=True)
class Departure:
    """The group approved `to_level` where the office proposed `from_level` (None: not on the list)."""

    key: object
    from_level: str | None
    to_level: str | None


def departures(proposed: dict[object, str], approved: dict[object, str]) -> list[Departure]:
    """Every applicant whose level the group changed, in the order of `proposed` then `approved`'s new keys.
    Levels outside LEVELS are read as "not on the list"."""
    def level(levels, key):
        return levels.get(key) if levels.get(key) in LEVELS else None

    keys = list(dict.fromkeys([*proposed, *approved]))
    return [Departure(key, level(proposed, key), level(approved, key)) for key in keys
            if level(proposed, key) != level(approved, key)]


def reason_problems(changes: Sequence[Departure], reasons: dict[object, str],
                    names: dict[object, str]) -> list[tuple[str, dict]]:
    """Art. 20-22: where the group departs from the office's proposal, the record says why, per applicant."""
    return [(N_("%(name)s: the group's decision departs from the office's proposal; give the reason (Art. 20, 21)."),
             {"name": names.get(change.key, str(change.key))})
            for change in changes if not (reasons.get(change.key) or "").strip()]


def date_problems(decided_on: date, proposed_on: date, today: date) -> list[tuple[str, dict]]:
    """The decision is a recorded fact: it was taken on a day that has come, and not before the office submitted
    the candidate list it decides on (Art. 20)."""
    if decided_on > today:
        return [(N_("The decision date %(day)s lies in the future: record the decision once it is taken."),
                 {"day": decided_on.isoformat()})]
    if decided_on < proposed_on:
        return [(N_("The decision date %(day)s is before the candidate list was proposed (%(proposed)s)."),
                 {"day": decided_on.isoformat(), "proposed": proposed_on.isoformat()})]
    return []

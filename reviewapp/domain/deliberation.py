"""The leading group's deliberation (审议) on the office's candidate list (Art. 6, 20, 21).

Art. 6: the leading group (市质量强市工作领导小组) deliberates on the candidate list; Art. 20: the office submits
the list to it; Art. 21: the list of proposed winners follows "the result of the deliberation" (审议结果). Each
member gives an opinion on each candidate: agree, disagree or abstain (同意 / 不同意 / 弃权), a disagreement with its
reason. A member's opinions are drafts until the member submits them; then, and once the group's decision is
recorded, they are a fact.

The seed sets no quorum and no majority: the tally is information for the group and the office (how many agreed,
whether more than half of the members did, who has not submitted), never a condition of recording the decision.

An opinion is given on a candidate at a level (award or nomination). If the office re-proposes the list and the
candidate's level changes, or it leaves the list, the opinion no longer applies: the member gives a new one.

Messages are English templates marked with N_() plus a params dict.
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reviewapp.domain.i18n import N_

__all__ = ["AGREE", "DISAGREE", "ABSTAIN", "VOTES", "Opinion", "CandidateTally", "Tally", "applying",
           "locked_keys", "member_state", "opinion_problems", "submit_problems", "tally", "summary"]

AGREE, DISAGREE, ABSTAIN = "agree", "disagree", "abstain"
VOTES = (AGREE, DISAGREE, ABSTAIN)
NOT_STARTED, DRAFT, SUBMITTED = "not_started", "draft", "submitted"


@dataclass(frozen=True)
class Opinion:
    """One member's opinion on one candidate, given at the level the office proposed it."""

    member: object
    key: object
    level: str
    vote: str
    comment: str = ""
    submitted: bool = False


def applying(opinions: Iterable[Opinion], candidates: Mapping[object, str]) -> list[Opinion]:
    """The opinions on the list as it stands: on a candidate still proposed, at the level it is proposed at."""
    return [o for o in opinions if candidates.get(o.key) == o.level]


def locked_keys(own: Iterable[Opinion], candidates: Mapping[object, str]) -> set:
    """The candidates on which the member's opinion is submitted: no longer changed."""
    return {o.key for o in applying(own, candidates) if o.submitted}


def member_state(own: Iterable[Opinion], candidates: Mapping[object, str]) -> str:
    """not_started, draft (something given, not everything submitted) or submitted (every candidate)."""
    current = applying(own, candidates)
    if candidates and len(locked_keys(current, candidates)) == len(candidates):
        return SUBMITTED
    return DRAFT if current else NOT_STARTED


def opinion_problems(vote: str, comment: str, name: str) -> list[tuple[str, dict]]:
    """One opinion as typed: a known vote; a disagreement says why (the office and the group read it)."""
    comment = (comment or "").strip()
    if not vote:
        return [(N_("%(name)s: choose agree, disagree or abstain before writing a comment."), {"name": name})] \
            if comment else []
    if vote not in VOTES:
        return [(N_("%(name)s: choose agree, disagree or abstain."), {"name": name})]
    if vote == DISAGREE and not comment:
        return [(N_("%(name)s: say why you disagree (a comment is required for \"disagree\")."), {"name": name})]
    return []


def submit_problems(votes: Mapping[object, str], candidates: Mapping[object, str],
                    names: Mapping[object, str]) -> list[tuple[str, dict]]:
    """Submitting gives the member's opinion on every candidate not yet submitted (Art. 6: the group deliberates
    on the whole list)."""
    missing = [key for key in candidates if not votes.get(key)]
    if not missing:
        return []
    return [(N_("Give your opinion on every candidate before submitting: %(names)s."),
             {"names": "、".join(names.get(key, str(key)) for key in missing)})]


@dataclass(frozen=True)
class CandidateTally:
    """The submitted opinions on one candidate, by member."""

    key: object
    agreed: tuple
    disagreed: tuple
    abstained: tuple
    missing: tuple
    members: int

    @property
    def majority_agreed(self) -> bool:
        """More than half of the group's members agreed: information, not a rule of the seed."""
        return len(self.agreed) * 2 > self.members


@dataclass(frozen=True)
class Tally:
    members: tuple
    rows: tuple[CandidateTally, ...]
    not_submitted: tuple  # members who have not submitted on every candidate

    @property
    def submitted(self) -> int:
        return len(self.members) - len(self.not_submitted)


def tally(members: Sequence, candidates: Mapping[object, str], opinions: Iterable[Opinion]) -> Tally:
    """Counts only submitted opinions that apply to the list as it stands; a draft is the member's own."""
    given = {(o.member, o.key): o.vote for o in applying(opinions, candidates) if o.submitted}
    rows = []
    for key in candidates:
        votes = {member: given.get((member, key)) for member in members}
        rows.append(CandidateTally(
            key=key, members=len(members),
            agreed=tuple(m for m, v in votes.items() if v == AGREE),
            disagreed=tuple(m for m, v in votes.items() if v == DISAGREE),
            abstained=tuple(m for m, v in votes.items() if v == ABSTAIN),
            missing=tuple(m for m, v in votes.items() if v is None)))
    not_submitted = tuple(m for m in members if any(m in row.missing for row in rows))
    return Tally(members=tuple(members), rows=tuple(rows), not_submitted=not_submitted)


def summary(row: CandidateTally) -> tuple[str, dict]:
    """The line the decision cites, e.g. "7 members: 6 agreed, 0 disagreed, 1 abstained, 0 not submitted"."""
    return (N_("%(members)s members: %(agreed)s agreed, %(disagreed)s disagreed, %(abstained)s abstained, "
               "%(missing)s not submitted"),
            {"members": row.members, "agreed": len(row.agreed), "disagreed": len(row.disagreed),
             "abstained": len(row.abstained), "missing": len(row.missing)})

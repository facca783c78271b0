"""Art. 23: when the city government's approval of the list (审定报批) may be recorded.

The office settles the list "according to how the notice went" (根据公示情况): the proposed winners are noticed for
the full period (Art. 21), objections may be filed until its last day inclusive (Art. 22), and every objection
gets its decision. So the approval, and with it the final list, comes only after the notice has ended, dated after
its last day and not before today passes it, with every objection decided; and not before the leading group's
decision on the candidate list (Art. 20)."""
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.i18n import N_

Problem = tuple[str, dict]


@dataclass(frozen=True)
class ApprovalFacts:
    today: date
    notice_end: date | None           # the last day of the current proposed-winner notice (Art. 21)
    open_objections: int = 0          # objections of the cycle not yet upheld or rejected (Art. 22)
    group_decided_on: date | None = None  # the leading group's decision on the candidate list (Art. 20)


def approval_blockers(facts: ApprovalFacts) -> list[Problem]:
    """Art. 23: what keeps the approval from being recorded today, whatever its date."""
    if facts.notice_end is None:
        return [(N_("The proposed winners have not been published as a public notice (Art. 21)."), {})]
    problems = []
    if facts.today <= facts.notice_end:
        problems.append((N_("The proposed-winner notice runs until %(end)s and objections may be filed until then; "
                            "the approval can be recorded from the day after (Art. 22, 23)."),
                         {"end": facts.notice_end.isoformat()}))
    if facts.open_objections:
        problems.append((N_("%(n)s objection(s) still await a decision; the approval comes after every objection "
                            "is decided (Art. 22, 23)."), {"n": facts.open_objections}))
    return problems


def approval_refusals(facts: ApprovalFacts, approved_on: date) -> list[Problem]:
    """Art. 23: every reason an approval dated `approved_on` cannot be recorded; empty when it can."""
    problems = approval_blockers(facts)
    if facts.notice_end is not None and approved_on <= facts.notice_end:
        problems.append((N_("The approval must be dated after the last day of the proposed-winner notice (%(end)s, "
                            "Art. 21, 23)."), {"end": facts.notice_end.isoformat()}))
    if facts.group_decided_on is not None and approved_on < facts.group_decided_on:
        problems.append((N_("The approval cannot be dated before the leading group's decision on the candidate list "
                            "(%(date)s, Art. 20, 23)."), {"date": facts.group_decided_on.isoformat()}))
    return problems

"""Art. 15-16: what the office's acceptance review (受理审查) checks before an application is accepted.

Art. 15 lists what an applicant hands in: the application form (申报表), a self-assessment against the standard
with its report, the supporting materials, and the recommender's signed opinion (推荐意见). Art. 16 has the office
review the conditions, the recommendation and the materials. So acceptance requires:

- a material of each kind: the application form, the self-assessment report, supporting evidence, and the
  recommendation letter. The letter is the scanned paper the recommender signed and sealed: the opinion typed into
  the application is only its transcription, and the signature and seal exist only on paper;
- the recommendation recorded: the recommending body, its opinion, who signed it and when;
- every condition of Art. 11 the office must judge ((1), (3), (4), (5)) judged, and judged met;
- no automatic eligibility check (Art. 11, 12, 30-32) failed;
- every opinion solicited from a department (Art. 8(4), 9) answered, and none raising a problem.

Each missing or failed item may be accepted over, but only with a written reason, kept with the decision and the
items it answered for. Rejection always needs its reason, whatever the checklist says.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from reviewapp.domain.eligibility import JUDGEMENT_ITEMS, EligibilityReport, Outcome
from reviewapp.domain.i18n import N_

# The kinds of material Art. 15 requires, in the order the checklist shows them (MaterialKind values).
REQUIRED_MATERIALS = (
    ("application_form", N_("Application form (申报表)")),
    ("self_assessment_report", N_("Self-assessment report (自我评价报告)")),
    ("supporting", N_("Supporting material")),
    ("recommendation_letter", N_("Recommendation letter, signed and sealed")),
)


class State(str, Enum):
    OK = "ok"
    MISSING = "missing"
    FAILED = "failed"


@dataclass(frozen=True)
class OpinionFact:
    """A request for an opinion (征求意见, Art. 8(4), 9) and, once it came, the department's reply."""

    id: int
    department: str
    reply_due: date
    replied_on: date | None = None
    raises_problem: bool | None = None


@dataclass(frozen=True)
class AcceptanceFacts:
    material_kinds: frozenset[str]
    recommender: str | None
    recommendation_opinion: str | None
    recommendation_signatory: str | None
    recommendation_date: date | None
    eligibility: EligibilityReport
    opinions: tuple[OpinionFact, ...] = ()


@dataclass(frozen=True)
class Item:
    """One line of the checklist. `title % title_params` names it, `message % params` says what was found."""

    code: str
    article: str
    title: str
    state: State
    message: str
    params: dict = field(default_factory=dict)
    title_params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]

    @property
    def open_items(self) -> tuple[Item, ...]:
        """The missing or failed items: accepting over them needs a written reason (Art. 16)."""
        return tuple(item for item in self.items if item.state is not State.OK)

    @property
    def complete(self) -> bool:
        return not self.open_items

    @property
    def open_codes(self) -> list[str]:
        return [item.code for item in self.open_items]


def _materials(kinds: frozenset[str]) -> Iterable[Item]:
    for kind, title in REQUIRED_MATERIALS:
        if kind in kinds:
            yield Item(f"material:{kind}", "Art. 15", title, State.OK, N_("Uploaded."))
        else:
            yield Item(f"material:{kind}", "Art. 15", title, State.MISSING, N_("Not uploaded yet."))


def _recommendation(facts: AcceptanceFacts) -> Item:
    title = N_("Recommender's signed opinion")
    recorded = (facts.recommender, facts.recommendation_opinion, facts.recommendation_signatory,
                facts.recommendation_date)
    if not all(value.strip() if isinstance(value, str) else value for value in recorded):
        return Item("recommendation", "Art. 15", title, State.MISSING,
                    N_("Not recorded in full: the recommending body, its opinion, who signed it and when."))
    return Item("recommendation", "Art. 15", title, State.OK, N_("%(recommender)s, signed by %(signatory)s on "
                                                                  "%(date)s."),
                {"recommender": facts.recommender, "signatory": facts.recommendation_signatory,
                 "date": facts.recommendation_date.isoformat()})


def _eligibility(report: EligibilityReport) -> Iterable[Item]:
    for rule in JUDGEMENT_ITEMS:
        check = report.check(rule)
        state = {Outcome.PASS: State.OK, Outcome.FAIL: State.FAILED}.get(check.outcome, State.MISSING)
        yield Item(rule, check.article, check.title, state, check.message, check.params)
    failed = report.failed_automatic
    if not failed:
        yield Item("automatic_checks", "Art. 11", N_("Automatic eligibility checks (Art. 11, 12, 30-32)"), State.OK,
                   N_("Every automatic check passed."))
    for check in failed:
        yield Item(check.rule, check.article, check.title, State.FAILED, check.message, check.params)


def _opinion(opinion: OpinionFact, today: date) -> Item:
    code, title = f"opinion:{opinion.id}", N_("Opinion of %(department)s")
    params = {"department": opinion.department, "due": opinion.reply_due.isoformat(),
              "replied_on": opinion.replied_on.isoformat() if opinion.replied_on else None}
    if opinion.replied_on is None:
        message = N_("No reply yet; it was due on %(due)s.") if today > opinion.reply_due else \
            N_("No reply yet; it is due on %(due)s.")
        return Item(code, "Art. 9", title, State.MISSING, message, params, {"department": opinion.department})
    if opinion.raises_problem:
        return Item(code, "Art. 9", title, State.FAILED, N_("The reply of %(replied_on)s raises a problem."), params,
                    {"department": opinion.department})
    return Item(code, "Art. 9", title, State.OK, N_("The reply of %(replied_on)s raises no problem."), params,
                {"department": opinion.department})


def acceptance_checklist(facts: AcceptanceFacts, today: date) -> Checklist:
    """Art. 15-16: every item the acceptance review checks, each present, missing or failed, with what was found."""
    return Checklist((*_materials(facts.material_kinds), _recommendation(facts), *_eligibility(facts.eligibility),
                      *(_opinion(opinion, today) for opinion in facts.opinions)))


def acceptance_refusal(checklist: Checklist, override_reason: str | None) -> tuple[str, dict] | None:
    """Art. 16: why accepting is refused (a message and its params), or None when it may go ahead. Missing or failed
    items need a written reason; with one, acceptance goes ahead over them."""
    if checklist.complete or (override_reason or "").strip():
        return None
    return (N_("Accepting needs a written reason while %(count)s items of the acceptance checklist are missing or "
               "failed (Art. 16)."), {"count": len(checklist.open_items)})

"""The values the assignment speaks in: experts and applicants in, panels, shortfalls and a proposal out.

Ids are the caller's own strings (the app passes "e12" for expert 12, "a7" for application 7)."""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


# --- inputs ---
@dataclass(frozen=True)
class Expert:
    """An assignable expert. Unavailable, suspended or disqualified experts are simply not passed in."""
    id: str
    capacity: int  # applicants they may still take in this cycle (load limit minus current load)
    can_lead: bool = False
    employer_group: str | None = None  # the current employer's corporate group: at most one per panel
    industries: frozenset[str] = frozenset()  # GB/T 4754 codes: "C", "C31", "C3110"
    strengths: frozenset[str] = frozenset()  # GB/T 19580 categories: "4.1" .. "4.7"
    certified: bool = False  # 卓越绩效评审员


@dataclass(frozen=True)
class Applicant:
    id: str
    panel_size: int
    industry: str | None = None  # GB/T 4754 code, e.g. "C31"
    weak_categories: frozenset[str] = frozenset()  # GB/T 19580 categories
    name: str | None = None  # shown in explanations instead of the id

    @property
    def label(self) -> str:
        """How texts name the applicant: its name, or its id when it has none."""
        return self.name or self.id


# --- outputs ---
@dataclass(frozen=True)
class Panel:
    leader: str | None
    members: tuple[str, ...]
    reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)  # expert id -> why chosen
    match: int = 0

    @property
    def experts(self) -> tuple[str, ...]:
        return ((self.leader,) if self.leader is not None else ()) + self.members


@dataclass(frozen=True)
class Shortfall:
    """Why a panel stays short: `message`/`params` first, then any further explanations in `extra`."""
    missing: int  # empty places, the leader's included
    no_leader: bool
    message: str
    params: dict
    extra: tuple[tuple[str, dict], ...] = ()

    def explanations(self) -> list[tuple[str, dict]]:
        return [(self.message, self.params), *self.extra]


@dataclass(frozen=True)
class Proposal:
    panels: dict[str, Panel]  # every applicant, in input order
    unfilled: dict[str, Shortfall]  # only the applicants whose panel is short or has no leader
    objective: int
    solver: str
    filled: int = 0
    leaders: int = 0
    match: int = 0
    spread: int = 0
    # Proven: no valid proposal at all (every admissible pair, not only the candidates) is better. False when the
    # search stopped at `effort` or its time limit; greedy never claims it.
    exact: bool = True
    bound: int | None = None  # upper bound on the objective of every valid proposal (all admissible pairs)
    solves: int = 0  # flow solves the group-rule search took
    # (bound - objective) in % of the proposal's match part (W x match - spread, see the package's docstring): how
    # far below the best possible proposal this one may be, at most. None without a bound (greedy).
    gap: float | None = None
    candidate_bound: int | None = None  # the bound over the proposals drawn from the candidates only
    relaxed: int | None = None  # the root's relaxed optimum over the candidates (bench/assign.py compares them)



Conflicts = Iterable[tuple[str, str]] | Mapping[str, Iterable[str]]


def conflict_map(conflicts: Conflicts) -> Mapping[str, Iterable[str]]:
    """applicant id -> expert ids, from (expert id, applicant id) pairs or from such a mapping already."""
    if isinstance(conflicts, Mapping):
        return conflicts
    by_applicant = defaultdict(set)
    for expert_id, applicant_id in conflicts:
        by_applicant[applicant_id].add(expert_id)
    return by_applicant


"""How well an expert fits an applicant (the match score), and the objective's weights.

Match score of an expert for an applicant (integer, higher is better; constants below):
    DIVISION_MATCH   the expert's specialties include the applicant's GB/T 4754 division (C31 for C31 or C3110)
    SECTION_MATCH    otherwise, its section only ("C", or another C division, for C31)
    STRENGTH_MATCH   per GB/T 19580 category the applicant is weak in (self-assessment) and the expert is strong in
    CERTIFIED_MATCH  the expert holds the 卓越绩效评审员 certificate
"""
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reviewapp.domain.assignment.model import Applicant, Expert

# --- match score, in points ---
DIVISION_MATCH = 12  # GB/T 4754 大类: the applicant's own industry
SECTION_MATCH = 4  # GB/T 4754 门类 only
STRENGTH_MATCH = 3  # per weak GB/T 19580 category of the applicant covered by the expert's strengths
CERTIFIED_MATCH = 2  # 卓越绩效评审员 certificate
# --- the flow's costs ---
SPREAD = 1  # the k-th applicant of one expert costs k x SPREAD


@dataclass(frozen=True)
class Weights:
    """The instance's objective weights (see the package's docstring): COVER outweighs every leader, match and spread
    term together; LEADER outweighs any one expert's match and spread; W (`match`) = largest load x SPREAD."""
    match: int
    leader: int
    cover: int

    @classmethod
    def of(cls, experts: Iterable[Expert], applicants: Iterable[Applicant]) -> "Weights":
        applicants = list(applicants)
        demand = sum(a.panel_size for a in applicants)
        max_load = max([min(e.capacity, len(applicants)) for e in experts] + [1])
        max_weak = max([len(categories_of(frozenset(a.weak_categories))) for a in applicants] + [0])
        max_match = DIVISION_MATCH + STRENGTH_MATCH * max_weak + CERTIFIED_MATCH
        match = max_load * SPREAD
        leader = match * max_match + max_load * SPREAD + 1  # beats any one expert's match and spread
        rest = demand * (match * max_match + max_load * SPREAD)  # the range of W x match - spread
        return cls(match, leader, len(applicants) * leader + rest + 1)


# --- the match score ---
def division_of(code: str) -> str | None:
    return code[:3] if len(code) >= 3 else None


def _category(code: str) -> str:
    return ".".join(code.split(".")[:2])  # "4.7.2" (an item) -> "4.7"


@lru_cache(maxsize=4096)
def categories_of(codes: frozenset[str]) -> frozenset[str]:
    return frozenset(_category(c.strip()) for c in codes)


def normalized_codes(codes: Iterable[str]) -> set[str]:
    return {c.strip().upper() for c in codes}


def industry_reason(expert: Expert, applicant: Applicant) -> str | None:
    """'industry C31' (the applicant's division), 'section C', or None."""
    if not applicant.industry:
        return None
    wanted = applicant.industry.strip().upper()
    divisions, sections = _industry_codes(frozenset(expert.industries))
    division = division_of(wanted)
    if division and division in divisions:
        return f"industry {division}"
    if wanted[:1] in sections:
        return f"section {wanted[:1]}"
    return None


@lru_cache(maxsize=4096)
def _industry_codes(industries: frozenset[str]) -> tuple[frozenset, frozenset]:
    """An expert's GB/T 4754 divisions and sections (one proposal explains ~35,000 pairs at national scale)."""
    codes = normalized_codes(industries)
    return frozenset(division_of(c) for c in codes) - {None}, frozenset(c[:1] for c in codes)


def _match_parts(expert: Expert, applicant: Applicant) -> list[tuple[str, int]]:
    """(reason, points) pairs: "industry C31" or "section C", "strength 4.7" per category, "certified"."""
    parts = []
    industry = industry_reason(expert, applicant)
    if industry:
        parts.append((industry, DIVISION_MATCH if industry.startswith("industry") else SECTION_MATCH))
    strong = categories_of(frozenset(expert.strengths))
    weak = categories_of(frozenset(applicant.weak_categories))
    parts += [(f"strength {c}", STRENGTH_MATCH) for c in sorted(weak & strong)]
    if expert.certified:
        parts.append(("certified", CERTIFIED_MATCH))
    return parts


def match_reasons(expert: Expert, applicant: Applicant) -> tuple[str, ...]:
    return tuple(reason for reason, _ in _match_parts(expert, applicant))


def match_score(expert: Expert, applicant: Applicant) -> int:
    return sum(points for _, points in _match_parts(expert, applicant))


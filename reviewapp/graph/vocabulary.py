"""The closed vocabulary of relations (issue #4) as the forms present it. Whether a relation is allowed is decided
by the domain's `relation_problem`, the one check every way relations come in uses (these forms, the import,
`flask coi check`); this module only says which field the problem belongs to and words it for the user."""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reviewapp.domain.coi import ORGANIZATION, PERSON, RELATION_TYPES, relation_problem
from reviewapp.models import Organization, Person, RelationType

# What an expert may declare about themselves: their posts, holdings, coaching, family and memberships. Corporate
# facts between organizations (subsidiary_of, competitor_of, recommended) are the office's to enter.
EXPERT_TYPES = (RelationType.EMPLOYED_BY, RelationType.DIRECTOR_OF, RelationType.SUPERVISOR_OF,
                RelationType.SENIOR_MANAGER_OF, RelationType.LEGAL_REPRESENTATIVE_OF,
                RelationType.PERSON_IN_CHARGE_OF, RelationType.SHAREHOLDER_OF, RelationType.ACTUAL_CONTROLLER_OF,
                RelationType.CONSULTED_FOR, RelationType.SPOUSE_OF, RelationType.IN_LAW_OF,
                RelationType.BLOOD_RELATIVE_OF, RelationType.MEMBER_OF)

KIND_WORDS = {PERSON: _l("a person"), ORGANIZATION: _l("an organization")}


def kind_of(entity) -> str:
    return PERSON if isinstance(entity, Person) else ORGANIZATION


def is_symmetric(rel_type: RelationType) -> bool:
    return RELATION_TYPES[rel_type.value].symmetric


def _allowed(kinds) -> str:
    if len(kinds) > 1:
        return _("a person or an organization")
    return str(KIND_WORDS[next(iter(kinds))])


def _wrong_end(problem: str, end: str):
    match = re.fullmatch(rf"(\w+) cannot {end} at a (\w+)", problem)
    if not match or match[1] not in RELATION_TYPES:
        return None
    spec = RELATION_TYPES[match[1]]
    words = {"type": RelationType(match[1]).label, "kind": str(KIND_WORDS.get(match[2], match[2]))}
    if end == "start":
        return _("%(type)s cannot start at %(kind)s: its 'from' end must be %(allowed)s.",
                 allowed=_allowed(spec.from_kinds), **words)
    return _("%(type)s cannot end at %(kind)s: its 'to' end must be %(allowed)s.",
             allowed=_allowed(spec.to_kinds), **words)


def explain_problem(problem: str) -> tuple[str, str]:
    """(form field, message in the user's language) for a problem reported by `relation_problem`."""
    for end in ("start", "end"):
        message = _wrong_end(problem, end)
        if message:
            return "type", message
    if problem.startswith("share "):
        return "share_percent", _("A share is more than 0 and at most 100 percent, and only a shareholder has one.")
    if problem.startswith("degree "):
        return "degree", _("A degree (1 = direct line, 2-3 = collateral within three generations, at most 6) "
                           "is given only for a blood relative.")
    if problem == "end is before start":
        return "end_date", _("The end date is before the start date.")
    return "type", problem


def relation_refusal(rel_type: RelationType, source, target, *, share=None, degree=None, start=None,
                     end=None) -> tuple[str, str] | None:
    """Why a relation from `source` to `target` is refused, as (field, message), or None. A `source` or `target`
    given as a kind ("organization") stands for an entity about to be created."""
    if source is not None and target is not None and source is target:
        return "other", _("A relation needs two different ends.")
    from_kind = source if isinstance(source, str) else kind_of(source)
    to_kind = target if isinstance(target, str) else kind_of(target)
    problem = relation_problem(rel_type.value, from_kind, to_kind, share, degree, start, end)
    return explain_problem(problem) if problem else None


def entity_token(entity) -> str:
    """The value the entity pickers use: p12 for a person, o5 for an organization."""
    return entity.entity_id


def parse_token(text: str | None) -> tuple[type, int] | None:
    # ASCII digits, at most 9: a longer number is no id of ours (and would overflow the database's integer)
    match = re.match(r"\s*([po])([0-9]{1,9})\b", text or "")
    if not match:
        return None
    return (Person if match[1] == "p" else Organization), int(match[2])

"""Turns an engine finding into what a person reads: a sentence along the path, with each relation's dates and
direction, and the shapes of a small left-to-right drawing."""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reviewapp.domain.coi import Declared, Finding, RelationFact

RELATION_WORDS = {
    "employed_by": _l("works at"),
    "director_of": _l("director of"),
    "supervisor_of": _l("supervisor of"),
    "senior_manager_of": _l("senior manager of"),
    "legal_representative_of": _l("legal representative of"),
    "person_in_charge_of": _l("person in charge of"),
    "shareholder_of": _l("shareholder of"),
    "actual_controller_of": _l("actual controller of"),
    "subsidiary_of": _l("subsidiary of"),
    "spouse_of": _l("spouse of"),
    "in_law_of": _l("in-law of"),
    "blood_relative_of": _l("blood relative of"),
    "consulted_for": _l("coached or consulted for"),
    "competitor_of": _l("competitor of"),
    "recommended": _l("recommended"),
    "member_of": _l("member of"),
    "declared": _l("declared a conflict with"),
}


@dataclass(frozen=True)
class Hop:
    left: str           # entity id on the left of the drawing (toward the expert)
    right: str
    words: str          # "works at (2021 to date)"
    forward: bool       # the relation points from left to right


def relation_words(rel_type: str) -> str:
    return str(RELATION_WORDS.get(rel_type, rel_type))


def _period(fact: RelationFact) -> str:
    if fact.start and fact.end:
        return _("%(start)s to %(end)s", start=fact.start.isoformat(), end=fact.end.isoformat())
    if fact.start:
        return _("%(start)s to date", start=fact.start.isoformat())
    if fact.end:
        return _("until %(end)s", end=fact.end.isoformat())
    return ""


def _details(fact: RelationFact) -> str:
    parts = []
    if fact.share is not None:
        parts.append(f"{fact.share * 100:g}%")
    if fact.degree is not None:
        parts.append(_("degree %(n)s", n=fact.degree))
    period = _period(fact)
    if period:
        parts.append(period)
    return "，".join(parts)


def hops(finding: Finding) -> list[Hop]:
    result = []
    for left, right, fact in zip(finding.path, finding.path[1:], finding.facts):
        if isinstance(fact, Declared):
            words = relation_words("declared") + (f"：{fact.reason}" if fact.reason else "")
            result.append(Hop(left, right, words, True))
            continue
        details = _details(fact)
        words = relation_words(fact.type) + (f"（{details}）" if details else "")
        result.append(Hop(left, right, words, fact.source == left))
    return result


def sentence(finding: Finding, names: dict[str, str]) -> str:
    """张三 —works at (2021 to date)→ 某子公司 —subsidiary of→ 某集团 ←subsidiary of— 申报组织"""
    text = names.get(finding.path[0], finding.path[0])
    for hop in hops(finding):
        arrow = f" —{hop.words}→ " if hop.forward else f" ←{hop.words}— "
        text += arrow + names.get(hop.right, hop.right)
    return text

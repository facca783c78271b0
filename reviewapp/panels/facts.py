"""The facts the panel rules decide on, gathered from the database into the domain's values
(reviewapp/domain/assignment), and the domain's answers translated back for people (names for ids).

The automatic draft and the office's changes to formed panels both build their experts here, so that the two ask
the domain the same question about the same facts (Art. 17, 33)."""
import re

from sqlalchemy import func, select

from reviewapp.conflicts import service
from reviewapp.domain import assignment
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Cycle,
    Expert,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    Relation,
    RelationType,
)


def expert_key(expert: Expert) -> str:
    return f"e{expert.id}"


def application_key(application: Application) -> str:
    return f"a{application.id}"


def load_limit(cycle: Cycle) -> int:
    return with_defaults(cycle.settings)["member_load_limit"]


def panel_size_range(cycle: Cycle, stage: PanelStage) -> tuple[int, int]:
    settings = with_defaults(cycle.settings)
    if stage is PanelStage.DOCUMENT_REVIEW:
        return settings["document_panel_size"], settings["document_panel_size"]
    return settings["onsite_panel_min"], settings["onsite_panel_max"]


def cycle_load(cycle: Cycle, expert: Expert, exclude_panel: Panel | None = None) -> int:
    """Applicants the expert reviews in the cycle on active panels (each application counted once)."""
    stmt = (select(func.count(func.distinct(PanelApplicant.application_id)))
            .join(Panel, Panel.id == PanelApplicant.panel_id)
            .join(PanelMember, PanelMember.panel_id == Panel.id)
            .where(Panel.cycle_id == cycle.id, Panel.dissolved_at.is_(None), PanelMember.expert_id == expert.id))
    if exclude_panel is not None:
        stmt = stmt.where(Panel.id != exclude_panel.id)
    return db.session.scalar(stmt) or 0


def cycle_loads(cycle: Cycle) -> dict[int, int]:
    """cycle_load for every expert of the pool at once: expert id -> applicants on active panels."""
    rows = db.session.execute(
        select(PanelMember.expert_id, func.count(func.distinct(PanelApplicant.application_id)))
        .join(Panel, Panel.id == PanelMember.panel_id).join(PanelApplicant, PanelApplicant.panel_id == Panel.id)
        .where(Panel.cycle_id == cycle.id, Panel.dissolved_at.is_(None)).group_by(PanelMember.expert_id))
    return {expert_id: count for expert_id, count in rows}


def employer_groups_of(cycle: Cycle, person_ids) -> dict[int, frozenset[str]]:
    """person id -> the corporate groups of their employers active at the cycle's reference date (one query)."""
    engine = service.cycle_engine(cycle)
    groups: dict[int, set[str]] = {}
    for relation in db.session.scalars(select(Relation).where(Relation.from_person_id.in_(list(person_ids)),
                                                              Relation.type == RelationType.EMPLOYED_BY,
                                                              Relation.to_org_id.is_not(None))):
        if engine.active(service.relation_fact(relation)):
            groups.setdefault(relation.from_person_id, set()).update(
                engine.group_members(f"o{relation.to_org_id}"))
    return {person_id: frozenset(found) for person_id, found in groups.items()}


def as_domain_expert(cycle: Cycle, expert: Expert, capacity: int = 0,
                     groups: frozenset[str] = frozenset()) -> assignment.Expert:
    """The expert as the panel rules see them. `capacity`: what is left of their load limit for the panel in
    question; `groups`: their employers' corporate groups (employer_groups_of), the smallest of which names the
    group (the solver's network keeps one group per expert); the certificate counts at the cycle's reference
    date, like every other fact of the cycle."""
    return assignment.Expert(expert_key(expert), capacity, expert.can_lead, min(groups) if groups else None,
                             frozenset(expert.specialties or ()), frozenset(expert.strengths or ()),
                             expert.certified_on(cycle.reference_date))


def as_domain_applicant(application: Application, size: int = 1,
                        weak_categories: frozenset[str] = frozenset()) -> assignment.Applicant:
    organization = application.organization
    return assignment.Applicant(application_key(application), size, organization.industry_code, weak_categories,
                                organization.name)


KEY = re.compile(r"\b([eo])(\d+)\b")  # an expert's key ("e12") or an organization's entity id ("o3")
NAMED_PARAMS = ("expert", "experts", "group")  # the params that carry such ids


def with_names(problems: list[tuple[str, dict]], cycle: Cycle) -> list[tuple[str, dict]]:
    """The domain speaks of experts by key and of employer groups by an organization's entity id; people read
    names."""
    engine = service.cycle_engine(cycle)

    def name(match: re.Match) -> str:
        if match.group(1) == "e":
            expert = db.session.get(Expert, int(match.group(2)))
            return expert.person.name if expert else match.group(0)
        entity = engine.entities.get(match.group(0))
        return entity.name if entity else match.group(0)

    return [(message, {key: KEY.sub(name, value) if key in NAMED_PARAMS and isinstance(value, str) else value
                       for key, value in params.items()}) for message, params in problems]

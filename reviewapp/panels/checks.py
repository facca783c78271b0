"""Whether a panel may take a member or an applicant (Art. 17, 33): the checks every change passes, manual or
automatic. Refusals (conflicts with their explanation, status, availability, load, leader, one per employer
group) stop the change; warnings (size, no certified examiner, no industry expert) are shown and kept."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from reviewapp.city_calendar import city_today
from reviewapp.conflicts import service
from reviewapp.conflicts.explain import sentence
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (Application, Cycle, Expert, ExpertAvailability, ExpertStatus, Panel, PanelApplicant,
                              PanelMember, PanelStage, Relation, RelationType)


@dataclass
class Verdict:
    refusals: list[tuple[str, dict]] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals


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


def _declined(cycle: Cycle, expert: Expert) -> ExpertAvailability | None:
    return db.session.scalar(select(ExpertAvailability).where(
        ExpertAvailability.cycle_id == cycle.id, ExpertAvailability.expert_id == expert.id,
        ExpertAvailability.available.is_(False)))


def expert_refusals(cycle: Cycle, expert: Expert) -> list[tuple[str, dict]]:
    name = expert.person.name
    if expert.status is ExpertStatus.DISQUALIFIED:
        return [(N_("%(expert)s is disqualified (Art. 33): %(reason)s"), {"expert": name,
                                                                          "reason": expert.status_reason or ""})]
    if expert.status is ExpertStatus.SUSPENDED:
        return [(N_("%(expert)s is suspended: %(reason)s"), {"expert": name, "reason": expert.status_reason or ""})]
    declined = _declined(cycle, expert)
    if declined is not None:
        return [(N_("%(expert)s declined this cycle: %(reason)s"), {"expert": name, "reason": declined.reason or ""})]
    return []


def conflict_refusals(cycle: Cycle, expert: Expert, applications) -> list[tuple[str, dict]]:
    """One refusal per conflicted applicant, with the rule and the explaining path as a sentence."""
    engine = service.cycle_engine(cycle)
    names = {entity_id: entity.name for entity_id, entity in engine.entities.items()}
    refusals = []
    for application in applications:
        for finding in service.conflicts_between(cycle, expert.person_id, application.organization_id):
            refusals.append((N_("%(expert)s has a conflict of interest with %(applicant)s (%(rule)s): %(path)s"),
                             {"expert": expert.person.name, "applicant": application.organization.name,
                              "rule": finding.rule, "path": sentence(finding, names)}))
    return refusals


def check_member(panel: Panel, expert: Expert, as_leader: bool = False) -> Verdict:
    cycle = db.session.get(Cycle, panel.cycle_id)
    verdict = Verdict(expert_refusals(cycle, expert))
    applications = [entry.application for entry in panel.applicants]
    verdict.refusals += conflict_refusals(cycle, expert, applications)
    limit = with_defaults(cycle.settings)["member_load_limit"]
    load = cycle_load(cycle, expert, exclude_panel=panel) + len(applications)
    if load > limit:
        verdict.refusals.append((N_("%(expert)s would review %(load)s applicants in this cycle, above the limit "
                                    "of %(limit)s."), {"expert": expert.person.name, "load": load, "limit": limit}))
    if as_leader and not expert.can_lead:
        verdict.refusals.append((N_("%(expert)s is not eligible to lead a panel."), {"expert": expert.person.name}))
    others = [member.expert for member in panel.members if member.expert_id != expert.id]
    groups_of = employer_groups_of(cycle, [expert.person_id] + [other.person_id for other in others])
    groups = groups_of.get(expert.person_id, frozenset())
    for other in others:
        if groups & groups_of.get(other.person_id, frozenset()):
            verdict.refusals.append((N_("%(expert)s and %(other)s work in the same organization or corporate "
                                        "group; a panel takes at most one of them."),
                                     {"expert": expert.person.name, "other": other.person.name}))
    return verdict


def check_applicant(panel: Panel, application: Application) -> Verdict:
    cycle = db.session.get(Cycle, panel.cycle_id)
    verdict = Verdict()
    if application.cycle_id != cycle.id or application.status.value != "accepted":
        verdict.refusals.append((N_("%(applicant)s is not an accepted application of this cycle."),
                                 {"applicant": application.organization.name}))
        return verdict
    if panel.stage is PanelStage.ONSITE_REVIEW and not application.goes_onsite:
        verdict.refusals.append((N_("%(applicant)s is not on the confirmed on-site list (Art. 18)."),
                                 {"applicant": application.organization.name}))
        return verdict
    taken = db.session.scalar(select(Panel.name).join(PanelApplicant).where(
        PanelApplicant.application_id == application.id, PanelApplicant.stage == panel.stage,
        Panel.dissolved_at.is_(None)))
    if taken:
        verdict.refusals.append((N_("%(applicant)s is already reviewed by %(panel)s at this stage."),
                                 {"applicant": application.organization.name, "panel": taken}))
    limit = with_defaults(cycle.settings)["member_load_limit"]
    for member in panel.members:
        verdict.refusals += conflict_refusals(cycle, member.expert, [application])
        load = cycle_load(cycle, member.expert) + 1
        if load > limit:
            verdict.refusals.append((N_("%(expert)s would review %(load)s applicants in this cycle, above the "
                                        "limit of %(limit)s."),
                                     {"expert": member.expert.person.name, "load": load, "limit": limit}))
    return verdict


def _covers(expert: Expert, industry: str | None) -> bool:
    if not industry:
        return True
    return any(code == industry[:len(code)] or industry == code[:len(industry)] for code in expert.specialties)


def panel_warnings(panel: Panel) -> list[tuple[str, dict]]:
    """Composition gaps the office should see (not refusals): size, leader, examiner, industry coverage."""
    cycle = db.session.get(Cycle, panel.cycle_id)
    low, high = panel_size_range(cycle, panel.stage)
    warnings = []
    size = len(panel.members)
    if low == high and size != low:
        warnings.append((N_("%(panel)s has %(size)s experts; this stage needs %(n)s."),
                         {"panel": panel.name, "size": size, "n": low}))
    elif not low <= size <= high:
        warnings.append((N_("%(panel)s has %(size)s experts; this stage needs %(low)s to %(high)s."),
                         {"panel": panel.name, "size": size, "low": low, "high": high}))
    if panel.leader is None:
        warnings.append((N_("%(panel)s has no leader yet (组长负责制)."), {"panel": panel.name}))
    experts = [member.expert for member in panel.members]
    if experts and not any(e.certified_on(city_today()) for e in experts):
        warnings.append((N_("%(panel)s has no certified examiner (卓越绩效评审员)."), {"panel": panel.name}))
    for entry in panel.applicants:
        industry = entry.application.organization.industry_code
        if experts and not any(_covers(e, industry) for e in experts):
            warnings.append((N_("No expert of %(panel)s covers the industry %(industry)s of %(applicant)s."),
                             {"panel": panel.name, "industry": industry,
                              "applicant": entry.application.organization.name}))
    return warnings

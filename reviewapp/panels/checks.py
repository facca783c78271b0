"""Whether a panel may take a member or an applicant (Art. 17, 33): the checks every change passes, manual or
automatic. Refusals (conflicts with their explanation, status, availability, load, leader, one per employer
group) stop the change; warnings (size, leader, no certified examiner, no industry expert) are shown and kept.

The panel rules themselves live in reviewapp/domain/assignment/rules.py; here the facts are gathered (facts.py) and
the answers put in people's words. Availability and conflicts carry their reasons: the expert's status, the
declined cycle, the conflict's rule and explaining path."""
from dataclasses import dataclass, field

from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.conflicts.explain import sentence
from reviewapp.domain import assignment
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Cycle,
    Expert,
    ExpertAvailability,
    ExpertStatus,
    Panel,
    PanelApplicant,
    PanelStage,
)
from reviewapp.panels.facts import (
    as_domain_applicant,
    as_domain_expert,
    cycle_load,
    employer_groups_of,
    load_limit,
    panel_size_range,
    with_names,
)


@dataclass
class Verdict:
    """Whether a change may be made: every refusal, with its reason (warnings are the panel's: panel_warnings)."""
    refusals: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals


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


def leader_refusals(cycle: Cycle, expert: Expert) -> list[tuple[str, dict]]:
    return with_names(assignment.leader_problems(as_domain_expert(cycle, expert)), cycle)


def check_member(panel: Panel, expert: Expert, as_leader: bool = False) -> Verdict:
    cycle = db.session.get(Cycle, panel.cycle_id)
    verdict = Verdict(expert_refusals(cycle, expert))
    applications = [entry.application for entry in panel.applicants]
    verdict.refusals += conflict_refusals(cycle, expert, applications)
    others = [member.expert for member in panel.members if member.expert_id != expert.id]
    groups = employer_groups_of(cycle, [expert.person_id] + [other.person_id for other in others])
    capacity = load_limit(cycle) - cycle_load(cycle, expert, exclude_panel=panel)
    joining = as_domain_expert(cycle, expert, capacity, groups.get(expert.person_id, frozenset()))
    seated = [as_domain_expert(cycle, other, groups=groups.get(other.person_id, frozenset())) for other in others]
    problems = assignment.load_problems(joining, len(applications))
    if as_leader:
        problems += assignment.leader_problems(joining)
    problems += assignment.employer_group_problems(seated + [joining], joining=joining)
    verdict.refusals += with_names(problems, cycle)
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
    limit = load_limit(cycle)
    for member in panel.members:
        verdict.refusals += conflict_refusals(cycle, member.expert, [application])
        seated = as_domain_expert(cycle, member.expert, limit - cycle_load(cycle, member.expert))
        verdict.refusals += with_names(assignment.load_problems(seated, 1), cycle)
    return verdict


def panel_warnings(panel: Panel) -> list[tuple[str, dict]]:
    """Composition gaps the office should see (not refusals): size, leader, examiner, industry coverage."""
    cycle = db.session.get(Cycle, panel.cycle_id)
    low, high = panel_size_range(cycle, panel.stage)
    warnings = assignment.staffing_warnings(panel.name, len(panel.members), low, high, panel.leader is not None)
    experts = {expert.id: expert for expert in (as_domain_expert(cycle, member.expert) for member in panel.members)}
    applicants = [as_domain_applicant(entry.application) for entry in panel.applicants]
    warnings += assignment.panel_warnings(assignment.Panel(None, tuple(experts)), experts, *applicants,
                                          name=panel.name)
    return with_names(warnings, cycle)

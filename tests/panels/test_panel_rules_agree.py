"""Art. 17, 33: the automatic draft and the office's changes to formed panels ask the same panel rules
(reviewapp/domain/assignment/rules.py) about the same facts (reviewapp/panels/facts.py), so they give the same
verdicts."""
import pytest

from reviewapp.domain import assignment
from reviewapp.errors import Refused
from reviewapp.models import (
    ApplicationStatus,
    AssignmentProposal,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from reviewapp.panels import checks, proposals
from reviewapp.panels.facts import as_domain_applicant

RULE = assignment.RULE
COMPOSITION = {"no_certified", "no_industry"}  # the warnings a draft's panel and a formed panel share


@pytest.fixture
def varied_world(db, make_cycle, make_application, make_org, make_expert):
    """Applicants of four industries, one (Q84) without an expert; experts of neighbouring ones (C35 beside C31),
    one certified examiner for two panels at most, 专家0, 专家2 and 专家3 working in one corporate group, 专家5 at
    the steel applicant."""
    cycle = make_cycle(stage=Stage.PANELS)
    cycle.settings = {**cycle.settings, "document_panel_size": 3, "member_load_limit": 2}
    industries = {"本溪板材示例有限公司": "C31", "本溪药业示例有限公司": "C27", "本溪矿业示例有限公司": "B08",
                  "本溪康复示例医院": "Q84"}
    applications = []
    for name, industry in industries.items():
        org = make_org(name)
        org.industry_code = industry
        applications.append(make_application(cycle, org, status=ApplicationStatus.ACCEPTED))
    group = make_org("本溪示例集团有限公司")
    subsidiaries = [make_org(f"本溪示例集团第{index}分公司") for index in (1, 2)]
    for subsidiary in subsidiaries:
        db.session.add(Relation(type=RelationType.SUBSIDIARY_OF, from_org_id=subsidiary.id, to_org_id=group.id,
                                source=RelationSource.OFFICE))
    specialties = (["C35"], ["C27"], ["C3110"], ["B08"], ["C"], ["E48"], ["C35"], ["C27"], ["F52"], ["C31"])
    employers = {0: subsidiaries[0], 2: subsidiaries[1], 3: subsidiaries[0], 5: applications[0].organization}
    experts = [make_expert(f"专家{index}", can_lead=index % 3 == 0, specialties=codes,
                           certificate="PJ-1" if index == 1 else None, employer=employers.get(index))
               for index, codes in enumerate(specialties)]
    return cycle, applications, experts


def formed_panel(db, cycle, application, *seats):
    panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="第一评审组")
    db.session.add(panel)
    db.session.flush()
    panel.applicants.append(PanelApplicant(application_id=application.id, stage=panel.stage))
    for index, expert in enumerate(seats):
        panel.members.append(PanelMember(expert_id=expert.id, is_leader=index == 0 and expert.can_lead))
    db.session.commit()
    return panel


def composition(warnings) -> set[str]:
    return {params[RULE] for _, params in warnings} & COMPOSITION


def test_art17_the_drafts_panels_pass_the_hand_editing_checks_with_the_same_warnings(db, office, varied_world):
    cycle, applications, _ = varied_world
    proposal = proposals.propose(cycle, PanelStage.DOCUMENT_REVIEW, office)
    assert not proposal.data["unfilled"]
    experts = {domain.id: domain for _, domain in proposals.assignable_experts(cycle)}
    drafted = {}
    for application in applications:
        spec = proposal.data["panels"][f"a{application.id}"]
        panel = assignment.Panel(spec["leader"], tuple(spec["members"]))
        applicant = as_domain_applicant(application, proposal.data["size"])
        drafted[application.id] = composition(assignment.panel_warnings(panel, experts, applicant))

    formed = proposals.confirm(proposal, office)  # every seat passes checks.check_member, or nothing is formed

    assert len(formed) == len(applications)
    assert set().union(*drafted.values()) == COMPOSITION  # some panels lack what the warnings ask for
    for panel in formed:
        for member in panel.members:
            assert checks.check_member(panel, member.expert, member.is_leader).refusals == []
        assert composition(checks.panel_warnings(panel)) == drafted[panel.applicants[0].application_id]


def test_a_section_expert_covers_the_applicant_on_a_formed_panel_as_in_the_draft(db, varied_world):
    # GB/T 4754 section C: a C35 expert covers a C31 applicant. The panels' own prefix match used to warn here
    # while the draft's match score counted the section.
    cycle, applications, experts = varied_world
    steel = applications[0]
    panel = formed_panel(db, cycle, steel, experts[0])  # C35, not certified
    assert composition(checks.panel_warnings(panel)) == {"no_certified"}
    steel.organization.industry_code = "B08"
    db.session.commit()
    assert composition(checks.panel_warnings(panel)) == {"no_certified", "no_industry"}


def test_art33_one_expert_per_corporate_group_is_refused_alike_in_the_draft_and_on_a_formed_panel(
        db, office, varied_world):
    cycle, applications, experts = varied_world
    cycle.settings = {**cycle.settings, "member_load_limit": 5}  # no load refusal muddles the comparison
    pharma = applications[1]
    proposal = proposals.propose(cycle, PanelStage.DOCUMENT_REVIEW, office)
    key = f"a{pharma.id}"
    leader, first, other, second = (f"e{experts[i].id}" for i in (6, 0, 1, 3))  # 专家0, 专家3: one group
    proposal.data = {**proposal.data, "panels": {**proposal.data["panels"],
                                                 key: {"leader": leader, "members": [first, other],
                                                       "reasons": {}, "match": 0}}}
    db.session.commit()
    with pytest.raises(Refused) as in_the_draft:
        proposals.replace_expert(proposal, key, other, experts[3], office)
    db.session.rollback()

    panel = formed_panel(db, cycle, pharma, experts[6], experts[0])
    on_a_formed_panel = checks.check_member(panel, experts[3])

    assert [params[RULE] for _, params in in_the_draft.value.problems] == ["employer_group"]
    assert in_the_draft.value.problems == on_a_formed_panel.refusals  # the same message, with the same names
    assert "专家0, 专家3" in in_the_draft.value.problems[0][1]["experts"]
    assert db.session.get(AssignmentProposal, proposal.id).data["panels"][key]["members"] == [first, other]
    assert second not in proposal.data["panels"][key]["members"]

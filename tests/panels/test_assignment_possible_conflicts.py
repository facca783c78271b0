"""Automatic assignment keeps an expert off an applicant's panel while a possible conflict between them waits for
the office's decision (Art. 33): the draft does not seat a doubt."""
from sqlalchemy import select

from reviewapp.models import AssignmentProposal, Organization, OrgKind, Relation, RelationSource, RelationType


def test_art33_a_pending_possible_conflict_keeps_the_expert_off_that_panel(db, office, client, make_org, pool_world):
    cycle, steel, pharma, experts = pool_world
    group = make_org("本溪示例集团有限公司")
    typed = Organization(name="本溪示例集团", kind=OrgKind.OTHER)  # as the expert typed the employer
    db.session.add(typed)
    db.session.flush()
    db.session.add_all([
        Relation(type=RelationType.SUBSIDIARY_OF, from_org_id=steel.organization_id, to_org_id=group.id,
                 source=RelationSource.OFFICE),
        Relation(type=RelationType.EMPLOYED_BY, from_person_id=experts[1].person_id, to_org_id=typed.id,
                 source=RelationSource.DECLARED)])
    db.session.commit()
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    assert proposal.data["possible_conflicts"] == [[f"e{experts[1].id}", f"a{steel.id}"]]
    steel_panel = proposal.data["panels"][f"a{steel.id}"]
    assert f"e{experts[1].id}" not in [steel_panel["leader"], *steel_panel["members"]]


def test_art33_the_draft_offers_no_conflicted_expert_as_a_replacement(db, office, client, pool_world):
    cycle, steel, pharma, experts = pool_world  # 专家0 works at the steel applicant (R1)
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    page = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    steel_panel = page.split(f'data-applicant="a{steel.id}"')[1].split("</section>")[0]
    pharma_panel = page.split(f'data-applicant="a{pharma.id}"')[1].split("</section>")[0]
    assert f'<option value="{experts[0].id}">' not in steel_panel
    seated = proposal.data["panels"][f"a{pharma.id}"]["members"]
    if f"e{experts[0].id}" not in seated and proposal.data["panels"][f"a{pharma.id}"]["leader"] != f"e{experts[0].id}":
        assert f'<option value="{experts[0].id}">' in pharma_panel
    assert client.post(f"/panels/proposals/{proposal.id}/replace",
                       data={"applicant": f"a{steel.id}", "seat": "x", "expert_id": ""},
                       follow_redirects=True).get_data(as_text=True).count("alert-danger") == 1

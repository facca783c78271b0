import pytest
from sqlalchemy import select

from reviewapp.models import AssignmentProposal, Panel
from tests.conftest import audit_actions


def test_automatic_assignment_proposes_checked_panels_and_confirming_forms_them(db, office, client, pool_world):
    cycle, steel, pharma, experts = pool_world
    response = client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    assert response.headers["Location"].endswith(f"/panels/proposals/{proposal.id}")
    panels = proposal.data["panels"]
    steel_seats = [panels[f"a{steel.id}"]["leader"], *panels[f"a{steel.id}"]["members"]]
    assert f"e{experts[0].id}" not in steel_seats and len(steel_seats) == 3
    for spec in panels.values():
        assert spec["leader"] in {f"e{e.id}" for e in experts[:3]}
    page = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    assert "本溪板材示例有限公司" in page and "proposed-panel" in page
    client.post(f"/panels/proposals/{proposal.id}/confirm")
    formed = db.session.scalars(select(Panel).where(Panel.cycle_id == cycle.id)).all()
    assert len(formed) == 2 and all(p.leader is not None and len(p.members) == 3 for p in formed)
    assert {"assignment_proposed", "assignment_confirmed"} <= set(audit_actions(db))


def test_replacing_a_seat_with_a_conflicted_expert_is_refused_with_the_reason(db, office, client, pool_world):
    cycle, steel, _, experts = pool_world
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    spec = proposal.data["panels"][f"a{steel.id}"]
    page = client.post(f"/panels/proposals/{proposal.id}/replace",
                       data={"applicant": f"a{steel.id}", "seat": spec["members"][0], "expert_id": experts[0].id},
                       follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page
    db.session.expire_all()
    assert f"e{experts[0].id}" not in db.session.get(AssignmentProposal, proposal.id).data["panels"][
        f"a{steel.id}"]["members"]


def test_too_small_a_pool_is_explained_and_the_rest_proposed(db, office, client, pool_world):
    cycle, _, _, _ = pool_world
    cycle.settings = {**cycle.settings, "document_panel_size": 5, "member_load_limit": 1}  # 8 seats for 10
    db.session.commit()
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    assert proposal.data["unfilled"]
    page = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="shortfalls"' in page


def test_the_proposal_page_says_how_far_from_the_optimum_it_may_be(db, office, client, pool_world):
    cycle, _, _, _ = pool_world
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    assert proposal.data["bound"] >= proposal.data["objective"]
    page = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="proposal-gap"' in page
    if proposal.data["exact"]:  # a small pool: the search proves it
        assert "text-bg-success" in page.split('id="proposal-gap"')[1].split("</div>")[0]
    proposal.data = {**proposal.data, "exact": False, "gap": 0.0712}  # as a large pool's draft would say
    db.session.commit()
    gap = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True).split('id="proposal-gap"')[1]
    assert "0.08%" in gap.split("</span>")[0] and 'id="search-longer"' in gap and 'name="seconds"' in gap
    proposal.data = {**proposal.data, "gap": 250.0}  # a bound that does not even prove the places filled
    db.session.commit()
    gap = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True).split('id="proposal-gap"')[1]
    assert "text-bg-warning" in gap.split("</span>")[0] and "250" not in gap.split("</span>")[0]


def test_the_office_may_ask_for_a_longer_search(db, office, client, pool_world):
    cycle, _, _, _ = pool_world
    response = client.post(f"/panels/cycles/{cycle.id}/document_review/propose", data={"seconds": "2"})
    proposal = db.session.scalar(select(AssignmentProposal))
    assert response.headers["Location"].endswith(f"/panels/proposals/{proposal.id}")
    assert proposal.data["time_limit"] == 2 and proposal.data["bound"] >= proposal.data["objective"]
    assert "Searched for up to" in client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True) or \
        "已搜索至多" in client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)


def test_a_draft_without_a_gap_still_shows(db, office, client, pool_world):
    """A draft saved before the gap was recorded (issue 19), or by a solver without a bound, shows without a badge."""
    cycle, _, _, _ = pool_world
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose", data={"seconds": "1"})
    proposal = db.session.scalar(select(AssignmentProposal))
    for gap in (None, "missing"):
        data = {k: v for k, v in proposal.data.items() if k not in ("exact", "gap", "bound", "time_limit")}
        if gap is None:
            data.update(exact=False, gap=None)
        proposal.data = data
        db.session.commit()
        page = client.get(f"/panels/proposals/{proposal.id}")
        assert page.status_code == 200 and 'id="proposal-gap"' not in page.get_data(as_text=True)


@pytest.mark.parametrize("seconds", ["0", "21", "120", "-5", "abc", "1e9", "9" * 40])
def test_a_longer_search_outside_1_to_20_seconds_is_refused(db, office, client, pool_world, seconds):
    cycle, _, _, _ = pool_world
    response = client.post(f"/panels/cycles/{cycle.id}/document_review/propose", data={"seconds": seconds},
                           follow_redirects=True)
    assert response.status_code == 200 and "alert-danger" in response.get_data(as_text=True)
    assert db.session.scalar(select(AssignmentProposal)) is None

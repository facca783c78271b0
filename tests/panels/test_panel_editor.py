"""The panel editor's "add expert" menu: the cycle's pool at once, experts in conflict with the panel's applicants
not choosable with the engine's explanation (Art. 33), removals asked first, the page in a bounded number of
queries."""
import re

from reviewapp.models import Person
from tests.conftest import counting_queries
from tests.panels.test_panels import add, new_panel, panel_named


def _editor(client, cycle):
    return client.get(f"/panels/cycles/{cycle.id}/document_review").get_data(as_text=True)


def _option(page, name):
    return re.search(r"<option[^>]*>" + name + r"[^<]*</option>", page).group(0)


def test_art33_the_menu_lists_the_pool_and_disables_conflicted_experts_with_the_reason(db, office, client,
                                                                                      pool_world):
    cycle, steel, _, experts = pool_world
    new_panel(client, cycle)
    panel = panel_named(db)
    client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id, "version": panel.version})
    page = _editor(client, cycle)
    for index in range(1, 8):
        assert "disabled" not in _option(page, f"专家{index}")
    insider = _option(page, "专家0")
    assert "disabled" in insider and "R1" in insider and "本溪板材示例有限公司" in insider
    below = re.search(r'<li class="conflicted-expert"[^>]*>.*?</li>', page, re.S).group(0)
    assert "专家0" in below and "R1" in below and "本溪板材示例有限公司" in below
    # the server keeps refusing them, with the explanation
    refused = add(client, panel_named(db), experts[0])
    assert "R1" in refused and panel_named(db).members == []


def test_a_member_is_not_offered_again_and_removals_ask_first(db, office, client, pool_world):
    cycle, steel, _, experts = pool_world
    new_panel(client, cycle)
    add(client, panel_named(db), experts[1])
    panel = panel_named(db)
    client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id, "version": panel.version})
    page = _editor(client, cycle)
    assert not re.search(r"<option[^>]*>专家1", page)
    assert 'data-confirm="从第一评审组中移除专家1？"' in page
    assert 'data-confirm="从第一评审组中移除本溪板材示例有限公司？"' in page


def test_adding_without_choosing_an_expert_says_so(db, office, client, pool_world):
    cycle, *_ = pool_world
    new_panel(client, cycle)
    panel = panel_named(db)
    response = client.post(f"/panels/{panel.id}/members", data={"expert_id": "", "version": panel.version},
                           follow_redirects=True)
    assert response.status_code == 200 and "请选择专家库中的一位专家" in response.get_data(as_text=True)


def test_the_editor_takes_the_same_number_of_queries_for_8_or_28_experts(db, office, client, pool_world):
    cycle, steel, pharma, _ = pool_world
    new_panel(client, cycle)
    panel = panel_named(db)
    client.post(f"/panels/{panel.id}/applicants", data={"application_id": steel.id, "version": panel.version})
    _editor(client, cycle)  # the conflict engine is built once per graph version: not what is counted here
    with counting_queries(db) as few:
        _editor(client, cycle)
    from reviewapp.models import Expert
    for index in range(20):
        person = Person(name=f"新专家{index}")
        db.session.add(person)
        db.session.flush()
        db.session.add(Expert(person_id=person.id, specialties=["C31"], certificate_number=f"N-{index}"))
    db.session.commit()
    _editor(client, cycle)
    with counting_queries(db) as many:
        _editor(client, cycle)
    assert len(many) == len(few)

"""Issue 17: the office's one search box finds applications, organizations, experts and the graph's other people
across all cycles, by a part of a name, a credit code, an application number, a phone (however it is written) or an
expert's certificate number, grouped by kind. Bad input is refused with a message; a search finds no more than a
page's worth of each kind and says so."""
import re
from datetime import date

import pytest

from reviewapp.models import Expert, Person, Role, Stage
from reviewapp.search.queries import LIMIT
from tests.conftest import counting_queries


def found(client, q: str) -> dict[str, list[str]]:
    page = client.get("/search/", query_string={"q": q})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    groups = {}
    for kind in ("applications", "organizations", "experts", "people"):
        section = re.search(rf'id="found-{kind}".*?</section>', html, re.S)
        groups[kind] = re.findall(r'<a href="([^"]+)">', section.group(0)) if section else []
    return groups


@pytest.fixture
def world(db, make_cycle, make_org, make_application, make_user):
    previous = make_cycle(name="第九届本溪市市长质量奖", stage=Stage.CLOSED, reference_date=date(2024, 11, 27))
    current = make_cycle()
    steel = make_org("本溪钢铁示例有限公司")
    steel.contact_phone = "024-4285 6120"
    old = make_application(previous, steel)
    new = make_application(current, steel)
    pharma = make_org("本溪制药示例有限公司")
    expert = Expert(person=Person(name="王钢"), phone="138-0000-0001", certificate_number="ZJ-2024-017",
                    specialties=[], strengths=[])
    db.session.add_all([expert, Person(name="王钢铁", note="本溪钢铁示例有限公司 法定代表人")])
    db.session.commit()
    return {"steel": steel, "old": old, "new": new, "pharma": pharma, "expert": expert}


def test_a_name_finds_every_kind_across_cycles(db, office, client, world):
    groups = found(client, "钢")
    assert groups["applications"] == [f"/applications/{world['new'].id}", f"/applications/{world['old'].id}"]
    assert groups["organizations"] == [f"/organizations/{world['steel'].id}"]
    assert groups["experts"] == [f"/experts/{world['expert'].id}"]
    assert len(groups["people"]) == 1  # 王钢铁; 王钢 is listed once, as an expert


@pytest.mark.parametrize("q, kind", [
    ("2026-001", "applications"),  # the number
    ("02442856120", "organizations"), ("4285-6120", "organizations"),  # the phone, however it is written
    ("13800000001", "experts"), ("ZJ-2024-017", "experts"), ("zj-2024", "experts"),
])
def test_numbers_and_codes_find_their_record(db, office, client, world, q, kind):
    groups = found(client, q)
    assert groups[kind], (q, groups)
    assert sum(len(links) for links in groups.values()) >= 1


def test_a_part_of_the_credit_code_finds_the_organization_and_its_applications(db, office, client, world):
    groups = found(client, world["steel"].credit_code[9:].lower())
    assert groups["organizations"] == [f"/organizations/{world['steel'].id}"] and len(groups["applications"]) == 2
    assert found(client, "2026-001")["applications"] == [f"/applications/{world['new'].id}"]


def test_wildcards_are_taken_literally_and_nothing_found_says_so(db, office, client, world):
    assert found(client, "%") == {"applications": [], "organizations": [], "experts": [], "people": []}
    assert "未找到结果" in client.get("/search/?q=_").get_data(as_text=True)


@pytest.mark.parametrize("q", ["", "   ", "钢" * 101])
def test_an_empty_or_overlong_search_is_refused_with_a_message(db, office, client, world, q):
    response = client.get("/search/", query_string={"q": q})
    assert response.status_code == 200 and 'id="search-refused"' in response.get_data(as_text=True)
    assert 'id="found-' not in response.get_data(as_text=True)


def test_the_page_without_a_search_explains_what_it_finds(db, office, client):
    page = client.get("/search/").get_data(as_text=True)
    assert 'id="search-refused"' not in page and "申报编号" in page


def test_a_search_shows_a_page_of_each_kind_and_says_there_are_more(db, office, client, make_org):
    for serial in range(LIMIT + 3):
        make_org(f"本溪示例{serial:02d}有限公司")
    html = client.get("/search/?q=本溪示例").get_data(as_text=True)
    assert len(found(client, "本溪示例")["organizations"]) == LIMIT
    assert f"仅显示前 {LIMIT} 条" in html and "的结果超过" in html


def test_the_search_asks_few_queries_however_much_it_finds(db, office, client, world, make_org, make_cycle,
                                                          make_application):
    with counting_queries(db) as few:
        client.get("/search/?q=钢")
    for serial in range(5):
        org = make_org(f"本溪钢材{serial}有限公司")
        make_application(world["new"].cycle, org)
    with counting_queries(db) as many:
        client.get("/search/?q=钢")
    assert len(many) == len(few)


def test_the_office_home_has_the_search_box(db, office, client, make_user):
    assert 'id="search-form"' in client.get("/").get_data(as_text=True)
    make_user("lizj", Role.EXPERT)
    expert = client.application.test_client()
    expert.post("/auth/login", data={"username": "lizj", "password": "correct-horse-battery"})
    assert 'id="search-form"' not in expert.get("/").get_data(as_text=True)
    assert expert.get("/search/?q=钢").status_code == 403

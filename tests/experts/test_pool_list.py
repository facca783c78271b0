"""Issue #5, the expert pool for the office: search, filters (industry, status, qualification, availability, load),
sorting, pagination, the current employer from the graph, and a page loaded in a fixed number of queries."""
from datetime import date

import pytest

from reviewapp.models import ExpertAvailability, ExpertStatus, Relation, RelationSource, RelationType, Role, Stage
from tests.conftest import counting_queries
from tests.experts.conftest import names_in_list, page_text


@pytest.fixture
def pool(db, make_org, make_cycle, make_expert, make_panel):
    steel, pharma = make_org("本溪钢铁集团有限公司"), make_org("本溪制药有限公司")
    cycle = make_cycle(stage=Stage.PANELS)
    experts = {
        "王刚": make_expert("王刚", employer=steel, title="教授级高级工程师", specialties=["C31", "B08"],
                          certificate_number="ZJ-001", certificate_expires=date(2027, 6, 30), can_lead=True),
        "李芳": make_expert("李芳", employer=pharma, title="主任药师", specialties=["C27"],
                          certificate_number="ZJ-002", certificate_expires=date(2026, 1, 31)),
        "赵明": make_expert("赵明", title="高级经济师", specialties=["C"], status=ExpertStatus.SUSPENDED,
                          status_reason="体检"),
        "陈静": make_expert("陈静", specialties=["H61"], certificate_number="ZJ-004"),
    }
    db.session.add_all([ExpertAvailability(expert_id=experts["王刚"].id, cycle_id=cycle.id, available=True),
                        ExpertAvailability(expert_id=experts["李芳"].id, cycle_id=cycle.id, available=False,
                                           reason="出国")])
    db.session.commit()
    make_panel(cycle, experts["王刚"], experts["陈静"], name="一组")
    make_panel(cycle, experts["王刚"], name="二组")
    make_panel(cycle, experts["陈静"], name="旧组", dissolved=True)
    return {"cycle": cycle, "experts": experts, "steel": steel}


def listed(client, **args):
    response = client.get("/experts/", query_string=args)
    assert response.status_code == 200
    return names_in_list(response)


def test_the_office_sees_the_pool_with_employer_status_availability_and_load(pool, office, client, english):
    english()
    page = page_text(client.get("/experts/"))
    assert names_in_list(client.get("/experts/")) == ["李芳", "王刚", "赵明", "陈静"]  # by name (pinyin order in C)
    row = page.split(f'data-expert="{pool["experts"]["王刚"].id}"')[1].split("</tr>")[0]
    assert "本溪钢铁集团有限公司" in row and "ZJ-001" in row and 'data-availability="available"' in row
    assert 'class="text-end load">2<' in row  # two active panels; the dissolved one does not count
    chen = page.split(f'data-expert="{pool["experts"]["陈静"].id}"')[1].split("</tr>")[0]
    assert 'class="text-end load">1<' in chen and 'data-availability="unanswered"' in chen
    assert 'data-status="suspended"' in page


def test_the_employer_shown_is_the_relation_in_force(db, pool, office, client, make_org):
    wang = pool["experts"]["王刚"]
    relation = db.session.query(Relation).filter_by(from_person_id=wang.person_id).one()
    relation.end_date = date(2026, 1, 1)
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=wang.person_id,
                            to_org_id=make_org("本溪新单位").id, start_date=date(2026, 1, 2),
                            source=RelationSource.DECLARED))
    db.session.commit()
    page = page_text(client.get("/experts/"))
    row = page.split(f'data-expert="{wang.id}"')[1].split("</tr>")[0]
    assert "本溪新单位" in row and "本溪钢铁集团有限公司" not in row


def test_search_by_name_or_certificate_number(pool, office, client):
    assert listed(client, q="王") == ["王刚"]
    assert listed(client, q="zj-002") == ["李芳"]


@pytest.mark.parametrize("code, expected", [
    ("C", ["李芳", "王刚", "赵明"]),     # every manufacturing code, and the whole section
    ("C31", ["王刚", "赵明"]),           # the division, or the whole section C
    ("b08", ["王刚"]),
    ("H", ["陈静"]),
    ("A01", []),
])
def test_filter_by_industry_section_or_division(pool, office, client, code, expected):
    assert listed(client, industry=code) == expected


def test_a_bad_industry_code_is_shown_and_filters_nothing(pool, office, client, english):
    english()
    response = client.get("/experts/", query_string={"industry": "C99"})
    assert "Division 99 does not belong to section C" in page_text(response)
    assert len(names_in_list(response)) == 4


def test_filter_by_status(pool, office, client):
    assert listed(client, status="suspended") == ["赵明"]
    assert listed(client, status="active") == ["李芳", "王刚", "陈静"]


def test_filter_by_qualification_certified_and_not_expired_today(pool, office, client, today):
    assert listed(client, certified="yes") == ["王刚", "陈静"]  # 李芳's certificate expired on 2026-01-31
    assert listed(client, certified="no") == ["李芳", "赵明"]
    today(date(2027, 7, 1))
    assert listed(client, certified="yes") == ["陈静"]


def test_filter_by_availability_in_the_chosen_cycle(pool, office, client, make_cycle):
    cycle = pool["cycle"]
    assert listed(client, cycle=cycle.id, availability="available") == ["王刚"]
    assert listed(client, cycle=cycle.id, availability="declined") == ["李芳"]
    assert listed(client, cycle=cycle.id, availability="unanswered") == ["赵明", "陈静"]
    other = make_cycle("第十一届", stage=Stage.ANNOUNCEMENT)
    assert listed(client, cycle=other.id, availability="unanswered") == ["李芳", "王刚", "赵明", "陈静"]


def test_filter_by_current_load(pool, office, client):
    assert listed(client, max_load=0) == ["李芳", "赵明"]
    assert listed(client, max_load=1) == ["李芳", "赵明", "陈静"]


@pytest.mark.parametrize("sort, expected", [
    ("name", ["李芳", "王刚", "赵明", "陈静"]),
    ("-name", ["陈静", "赵明", "王刚", "李芳"]),
    ("title", ["李芳", "王刚", "赵明", "陈静"]),     # 主任药师, 教授级…, 高级经济师, then no title
    ("-load", ["王刚", "陈静", "李芳", "赵明"]),
    ("load", ["李芳", "赵明", "陈静", "王刚"]),
    ("expiry", ["李芳", "王刚", "赵明", "陈静"]),    # 2026-01-31, 2027-06-30, then no expiry (by name)
    ("-expiry", ["王刚", "李芳", "赵明", "陈静"]),
    ("nonsense", ["李芳", "王刚", "赵明", "陈静"]),
])
def test_sortable_columns(pool, office, client, sort, expected):
    assert listed(client, sort=sort) == expected


def test_sort_links_keep_the_filters_and_flip_the_direction(pool, office, client):
    page = client.get("/experts/", query_string={"status": "active", "sort": "load"}).get_data(as_text=True)
    assert 'href="/experts/?status=active&amp;sort=-load&amp;page=1"' in page


def test_pagination(db, office, client, make_expert):
    for i in range(30):
        make_expert(f"专家{i:02d}")
    first, second = listed(client), listed(client, page=2)
    assert len(first) == 25 and len(second) == 5
    assert first[0] == "专家00" and second[-1] == "专家29"
    assert listed(client, page=9) == []


def _crowd(db, n, make_org, make_expert, make_panel, cycle):
    org = make_org(f"单位{n}")
    experts = [make_expert(f"专家{n}-{i:02d}", employer=org, certificate_number=f"N{n}-{i}") for i in range(n)]
    db.session.add_all([ExpertAvailability(expert_id=e.id, cycle_id=cycle.id, available=i % 2 == 0,
                                           reason=None if i % 2 == 0 else "忙") for i, e in enumerate(experts)])
    db.session.commit()
    make_panel(cycle, *experts[:3], name=f"组{n}")


def test_the_list_page_takes_the_same_number_of_queries_for_5_or_30_experts(db, office, client, make_org,
                                                                             make_expert, make_panel, make_cycle):
    cycle = make_cycle(stage=Stage.PANELS)
    _crowd(db, 5, make_org, make_expert, make_panel, cycle)
    client.get("/experts/")  # warm up (the first request of a session loads things once)
    with counting_queries(db) as few:
        assert len(names_in_list(client.get("/experts/"))) == 5
    _crowd(db, 30, make_org, make_expert, make_panel, cycle)
    with counting_queries(db) as many:
        assert len(names_in_list(client.get("/experts/"))) == 25
    assert len(few) == len(many), (few, many)
    assert len(many) <= 12, many


def test_expert_and_anonymous_are_kept_out_of_the_office_pages(make_user, auth, client, app):
    assert client.get("/experts/").status_code == 302
    assert client.get("/experts/").headers["Location"].startswith("/auth/login")
    make_user("lizj", Role.EXPERT)
    auth.login("lizj")
    for url in ("/experts/", "/experts/new", "/experts/export.xlsx", "/experts/import", "/experts/1"):
        assert client.get(url).status_code == 403, url
    assert client.post("/experts/1/status", data={"action": "suspend", "reason": "x"}).status_code == 403

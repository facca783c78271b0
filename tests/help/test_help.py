"""Issue 17: a help page per role, linked from every page's header, in Chinese and in English: what to do at each
stage. A role's guide is for that role (the office reads them all); the public's guide is everyone's."""
import re

import pytest

from reviewapp.models import Role
from tests.conftest import PASSWORD


def logged_in(app, make_user, username, *roles):
    make_user(username, *roles)
    client = app.test_client()
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    return client


def tabs(html: str) -> list[str]:
    return re.findall(r'href="/help/(\w+)"', html.split('id="help-guides"', 1)[1].split("</ul>", 1)[0]) \
        if 'id="help-guides"' in html else []


def test_every_page_links_to_help(db, client):
    for url in ("/auth/login", "/notices/"):
        assert 'id="help-link" href="/help/"' in client.get(url).get_data(as_text=True)


def test_a_visitor_reads_the_public_guide(db, client):
    response = client.get("/help/")
    assert response.headers["Location"] == "/help/public"
    page = client.get("/help/public").get_data(as_text=True)
    assert 'id="guide-public"' in page and "第二十二条" in page and "回执查询" in page
    assert client.get("/help/office").status_code == 302  # to the login page


@pytest.mark.parametrize("role, first, readable, refused", [
    (Role.EXPERT, "expert", ["expert", "leader", "public"], ["office", "leading_group"]),
    (Role.LEADING_GROUP, "leading_group", ["leading_group", "public"], ["office", "expert", "leader"]),
    (Role.OFFICE, "office", ["office", "expert", "leader", "leading_group", "public"], []),
])
def test_each_role_lands_on_its_own_guide_and_reads_only_its_own(db, app, make_user, role, first, readable, refused):
    client = logged_in(app, make_user, "someone", role)
    assert client.get("/help/").headers["Location"] == f"/help/{first}"
    page = client.get(f"/help/{first}").get_data(as_text=True)
    assert tabs(page) == readable and f'id="guide-{first}"' in page
    for guide in refused:
        assert client.get(f"/help/{guide}").status_code == 403
    assert client.get("/help/nonsense").status_code == 404


def test_the_guides_say_what_to_do_at_each_stage_with_the_articles(db, app, make_user):
    office = logged_in(app, make_user, "office", Role.OFFICE)
    page = office.get("/help/office").get_data(as_text=True)
    for article in ("第十四条", "第十五条", "第十六条", "第十七条", "第十八条", "第十九条", "第二十条", "第二十二条",
                    "第二十三条", "第三十三条"):
        assert article in page, article
    assert "待办事项" in page and 'href="/cycles/"' in page
    leader = office.get("/help/leader").get_data(as_text=True)
    assert "综合评价报告" in leader and "第二十条" in leader


def test_the_guides_are_in_english_too(db, app, make_user):
    office = logged_in(app, make_user, "office", Role.OFFICE)
    office.post("/auth/language", data={"locale": "en", "next": "/"})
    page = office.get("/help/office").get_data(as_text=True)
    assert "What to do at each stage (Art. 13)" in page and "第十四条" not in page
    assert "Confidentiality (Art. 33)" in office.get("/help/expert").get_data(as_text=True)

"""Issue 17 in the browser: the office starts its day from the to-do list on its home page. A citizen's report
(Art. 34) and an applicant's avoidance request (Art. 33) wait there; each line opens the page where it is handled,
and once handled the line is gone."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Person, Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.graph.test_declarations import request_form
from tests.submissions.worlds import receipt_of, report


def test_the_office_works_through_its_to_do_list(db, app, page, live_server, make_user, make_cycle, make_org,
                                                 make_application, screenshot):
    make_user("office", Role.OFFICE, display_name="刘主任")
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例"), status=ApplicationStatus.ACCEPTED).organization
    expert = make_user("lizj", Role.EXPERT, display_name="李专家")
    person = db.session.scalar(select(Person).where(Person.user_id == expert.id))
    citizen = app.test_client()
    report(citizen)
    receipt = receipt_of(citizen.get("/submissions/filed"))
    office_client = app.test_client()
    office_client.post("/auth/login", data={"username": "office", "password": PASSWORD})
    office_client.post("/graph/declarations/requests", data=request_form(person, applicant))

    log_in(page, "office", PASSWORD)
    todo = page.locator("#todo")
    expect(todo.locator('.todo-item[data-tone="decide"]')).to_have_count(2)
    expect(todo).to_contain_text(f"新的举报，回执号{receipt}")
    expect(todo).to_contain_text("1项回避申请待决定（第三十三条）")
    screenshot("home")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot("home-phone")
    page.set_viewport_size({"width": 1366, "height": 800})

    # the report: open it from the list and take it up
    todo.get_by_role("link", name=f"新的举报，回执号{receipt}").click()
    expect(page.locator("#current-status")).to_have_attribute("data-status", "received")
    page.locator("#status").select_option("acknowledged")
    page.locator("#change-status").click()
    expect(page.locator("#current-status")).to_have_attribute("data-status", "acknowledged")

    # the avoidance request: decide it where the list leads
    page.goto("/")
    expect(todo.locator('.todo-item[data-tone="decide"]')).to_have_count(1)
    todo.get_by_role("link", name="1项回避申请待决定（第三十三条）").click()
    expect(page).to_have_url(f"{live_server}/graph/declarations?status=pending")
    page.get_by_text("作出决定", exact=True).click()
    page.get_by_role("button", name="同意申请").click()
    expect(page.get_by_role("alert").first).to_be_visible()

    page.goto("/")
    expect(todo.locator('.todo-item[data-tone="decide"]')).to_have_count(0)
    expect(todo).not_to_contain_text(receipt)


def test_the_office_finds_an_organization_from_the_home_page_search_box(db, page, live_server, make_user, make_cycle,
                                                                       make_org, make_application, screenshot):
    make_user("office", Role.OFFICE, display_name="刘主任")
    cycle = make_cycle()
    steel = make_org("本溪钢铁示例有限公司", contact_phone="024-42856120")
    make_application(cycle, steel)
    log_in(page, "office", PASSWORD)
    page.get_by_role("searchbox", name="查询").fill("4285 6120")  # the phone, written as people say it
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#found-organizations")).to_contain_text("本溪钢铁示例有限公司")
    expect(page.locator("#found-applications")).to_contain_text(f"{cycle.year}-001 本溪钢铁示例有限公司")
    screenshot("search")
    page.locator("#found-organizations").get_by_role("link", name="本溪钢铁示例有限公司").click()
    expect(page).to_have_url(f"{live_server}/organizations/{steel.id}")
    page.get_by_role("link", name="查询", exact=True).click()  # the navbar's way back to the search
    page.get_by_role("searchbox", name="查询").fill("")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert").first).to_be_visible()


def test_an_expert_opens_the_help_from_the_header(db, page, live_server, make_user, screenshot):
    make_user("lizj", Role.EXPERT, display_name="李专家")
    log_in(page, "lizj", PASSWORD)
    page.locator("#help-link").click()
    expect(page).to_have_url(f"{live_server}/help/expert")
    expect(page.locator("#guide-expert")).to_contain_text("阅读并签署")
    page.get_by_role("link", name="评审组组长").click()
    expect(page.locator("#guide-leader")).to_contain_text("综合评价报告")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot("help-phone")

"""The affiliation graph in the browser: an expert declares an employer that is not registered yet and a conflict
with an applicant; the office records an applicant's request that another expert be avoided, accepts it, and the
cycle's conflict matrix shows R7 for that pair. New strings are located by id or name, so the test holds whether
or not they are translated yet."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import Organization, OrgKind, Person, Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_declared_affiliations_and_an_accepted_avoidance_request_reach_the_matrix(
        page, db, make_user, make_cycle, make_org, make_application, screenshot):
    make_user("office", Role.OFFICE, display_name="王主任")
    make_user("lizj", Role.EXPERT, display_name="李专家")
    other_user = make_user("wangzj", Role.EXPERT, display_name="王专家")
    other = db.session.scalar(select(Person).where(Person.user_id == other_user.id))
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, make_org("本钢板材示例股份有限公司"))
    make_application(cycle, make_org("本溪示例药业有限公司", division="210504"))

    # the expert: an employer that is not registered yet, then a conflict with an applicant
    log_in(page, "lizj", PASSWORD)
    page.locator("nav a[href='/graph/me']").click()
    page.locator("#add-affiliation > summary").click()
    page.locator("#type").select_option("employed_by")
    page.locator("#other").fill("本溪新东家质量咨询中心")
    page.locator("#new_organization").check()
    page.locator("#start_date").fill("2023-04-01")
    screenshot("expert-form")
    page.locator("#declare-affiliation").click()
    expect(page.locator("#relations")).to_contain_text("本溪新东家质量咨询中心")
    expect(page.locator("#relations")).to_contain_text("2023-04-01")
    page.locator("#declare-conflict > summary").click()
    page.locator("#organization").select_option(label="本钢板材示例股份有限公司")
    page.locator("#reason").fill("本人曾为该公司辅导市长质量奖申报材料")
    page.locator("#declare-conflict-submit").click()
    expect(page.locator("#declarations")).to_contain_text("本钢板材示例股份有限公司")
    screenshot("expert-affiliations")
    created = db.session.scalar(select(Organization).where(Organization.name == "本溪新东家质量咨询中心"))
    assert created.kind is OrgKind.OTHER

    # the office: an applicant's avoidance request for the other expert, accepted
    page.context.clear_cookies()
    log_in(page, "office", PASSWORD)
    # the menu opens by Bootstrap's deferred script: on the home page, once it has run
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_load_state("load")
    page.get_by_role("button", name="关联关系").click()
    page.locator("nav a[href='/graph/people']").click()
    expect(page.locator("#people")).to_contain_text("王专家")
    screenshot("people")
    page.goto("/graph/declarations")
    page.locator("#request-person").fill(other.entity_id)
    page.locator("#request-organization").fill("本溪示例药业有限公司")
    page.locator("#request-reason").fill("该专家与我公司存在未决合同纠纷，申请回避")
    page.locator("#request-submit").click()
    row = page.locator("#declarations tr[data-status='pending']")
    expect(row).to_contain_text("王专家")
    screenshot("declarations-pending")
    row.locator("summary").first.click()
    row.locator("textarea[name='note']").first.fill("经核实，纠纷属实")
    row.locator("button[name='accept']").click()
    expect(page.locator("#declarations tr[data-status='accepted']")).to_have_count(2)
    screenshot("declarations-accepted")

    # the cycle's conflict matrix: R7 for both pairs, nothing else
    page.goto(f"/conflicts/cycles/{cycle.id}")
    cells = page.locator("#coi-matrix a.conflict-cell")
    expect(cells).to_have_count(2)
    expect(page.locator("#coi-matrix tr", has_text="王专家").locator("a.conflict-cell")).to_have_text("R7")
    expect(page.locator("#coi-matrix tr", has_text="李专家").locator("a.conflict-cell")).to_have_text("R7")
    screenshot("matrix")

    # the person page, as the office sees it: a relation refused by the vocabulary, then recorded
    page.goto(f"/graph/people/{other.id}")
    expect(page.locator("#declarations")).to_contain_text("本溪示例药业有限公司")
    page.locator("#add-relation > summary").click()
    page.locator("#type").select_option("spouse_of")
    page.locator("#other").fill("本溪新东家质量咨询中心")
    page.locator("#add-relation input[type=submit]").click()
    expect(page.locator("#add-relation .invalid-feedback")).to_contain_text("配偶")
    screenshot("person-refused")
    page.locator("#type").select_option("employed_by")
    page.locator("#add-relation input[type=submit]").click()
    expect(page.locator("#relations tr[data-type='employed_by']")).to_contain_text("本溪新东家质量咨询中心")
    screenshot("person")
    page.locator("#relations tr[data-type='employed_by'] a[href*='/edit']").click()
    expect(page.locator("#other")).to_have_value(created.entity_id)
    screenshot("edit")

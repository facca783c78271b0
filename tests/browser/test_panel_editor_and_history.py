"""The office's panel editor, the expert's history after a cycle closes, and the site-visit photos, in the browser
(issue 17): the office adds an expert from the whole pool and sees a conflicted one disabled with the reason,
removes a member after confirming."""
import re

from playwright.sync_api import expect

from reviewapp.models import (
    ApplicationStatus,
    Expert,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from tests.browser.conftest import accept_dialog, log_in
from tests.conftest import PASSWORD


def test_office_edits_a_panel_from_the_pool(db, page, make_user, make_cycle, make_application, make_org,
                                            screenshot):
    cycle = make_cycle(stage=Stage.PANELS)
    steel = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    make_application(cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    for index in range(8):  # 专家0 works at the steel applicant (R1)
        person = Person(name=f"专家{index}")
        db.session.add(person)
        db.session.flush()
        db.session.add(Expert(person_id=person.id, can_lead=index < 3, specialties=["C31"],
                              certificate_number=f"PJ-{index}"))
        if index == 0:
            db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id,
                                    to_org_id=steel.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    make_user("office", Role.OFFICE)
    log_in(page, "office", PASSWORD)
    page.goto(f"/panels/cycles/{cycle.id}/document_review")
    page.get_by_placeholder("评审组名称").fill("第一评审组")
    page.get_by_role("button", name="新建评审组").click()
    panel = page.locator("section[id^=panel-]").first
    panel.locator(".panel-applicants + form select").select_option(label=f"{steel.number} 本溪板材示例有限公司")
    panel.get_by_role("button", name="添加申报组织").click()
    # the whole pool at once; the steel company's employee is listed apart, disabled, with the reason
    menu = panel.locator("form.add-member select")
    expect(menu.locator("option:not([disabled])")).to_have_count(7)
    insider = menu.locator("option[disabled]", has_text="专家0")
    expect(insider).to_have_attribute("title", re.compile("R1.*本溪板材示例有限公司"))
    expect(panel.locator(".conflicted-expert")).to_contain_text("专家0")
    menu.select_option(label="专家1 · 可任组长")
    panel.get_by_label("任组长").check()
    panel.get_by_role("button", name="添加评审专家").click()
    expect(page.locator(".alert-success")).to_contain_text("专家1")
    menu.select_option(label="专家3")
    panel.get_by_role("button", name="添加评审专家").click()
    expect(panel.locator(".panel-members li")).to_have_count(2)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"editor-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    # removing asks first: "no" keeps the member, "yes" removes them
    page.remove_listener("dialog", accept_dialog)
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    member = panel.locator(".panel-members li", has_text="专家3")
    member.get_by_role("button", name="移除").click()
    expect(panel.locator(".panel-members li")).to_have_count(2)
    assert questions and "专家3" in questions[0]
    page.on("dialog", accept_dialog)
    member.get_by_role("button", name="移除").click()
    expect(page.locator(".alert-success")).to_contain_text("专家3")
    expect(page.locator("section[id^=panel-] .panel-members li")).to_have_count(1)


def test_the_pool_table_uses_the_page_width(db, page, make_user, make_cycle, make_org, screenshot):
    """The office's expert pool at 1366 px: headers on one line; at 390 px the table scrolls with the names kept."""
    make_cycle(stage=Stage.PANELS)
    employer = make_org("本溪钢铁集团示例有限责任公司")
    for index in range(6):
        person = Person(name=f"欧阳专家{index}")
        db.session.add(person)
        db.session.flush()
        db.session.add(Expert(person_id=person.id, can_lead=index < 2, specialties=["C31", "C27"],
                              title="教授级高级工程师", certificate_number=f"PJ-{index}"))
        db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=employer.id,
                                source=RelationSource.OFFICE))
    db.session.commit()
    make_user("office", Role.OFFICE)
    log_in(page, "office", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/experts/")
    screenshot("pool-1366")
    heights = page.locator("#experts thead th").evaluate_all("th => th.map(c => c.getBoundingClientRect().height)")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/experts/")
    screenshot("pool-390")
    assert max(heights) < 50, heights  # one line each, not a character per line
    # on a phone the table scrolls sideways and the name column stays in view
    page.locator("#experts").evaluate("table => table.parentElement.scrollLeft = 400")
    expect(page.locator("#experts .expert-name").first).to_be_in_viewport()

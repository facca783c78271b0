"""The office's panel editor, the expert pool, the expert's history after a cycle closes, and the site-visit photos,
in the browser (issue 17): the office adds an expert from the whole pool and sees a conflicted one disabled with the
reason, removes a member after confirming; an expert of a closed cycle opens their past sheet read-only; on the visit
page an expert attaches a photo to an issue and the leader cannot close a to-be-clarified issue without a note."""
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
from reviewapp.models.base import utcnow
from tests.browser.conftest import accept_dialog, log_in
from tests.conftest import PASSWORD
from tests.domain.test_site_visit import JPEG
from tests.reviews.test_onsite import onsite_setup, plan
from tests.reviews.worlds import submit_sheet, uniform


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
    # on a phone the table scrolls sideways and the name column stays in view (the page scrolled down to the table:
    # the pool's actions above it take more than a phone's screen)
    page.locator("#experts").evaluate("table => window.scrollTo(0, table.getBoundingClientRect().top + scrollY)")
    page.locator("#experts").evaluate("table => table.parentElement.scrollLeft = 400")
    expect(page.locator("#experts .expert-name").first).to_be_in_viewport()


def test_an_expert_reads_a_past_sheet_after_the_cycle_closed(db, page, doc_panel, make_user, screenshot):
    submit_sheet(db, doc_panel.application, doc_panel.experts[1], doc_panel.panel.stage, uniform(65),
                 strengths={"4.1.2": "高层领导亲自推动质量文化建设"}, comment="总体良好")
    doc_panel.panel.dissolved_at = utcnow()
    doc_panel.cycle.stage = Stage.CLOSED
    db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "member1", PASSWORD)
    history = page.locator("#my-history + p + .past-cycle")
    expect(history).to_contain_text(doc_panel.cycle.name)
    expect(history).to_contain_text(f"{doc_panel.application.number} 本溪板材示例有限公司")
    screenshot("home-1366")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot("home-390")
    history.get_by_role("link", name=re.compile("本溪板材示例有限公司")).click()
    expect(page.locator("#read-only")).to_have_text("只读")
    expect(page.locator("#past-total")).to_contain_text("650.00")
    expect(page.locator("tr[data-item='4.1.2']")).to_contain_text("高层领导亲自推动质量文化建设")
    expect(page.locator("textarea, select[name^=pct-], button[type=submit]:has-text('提交')")).to_have_count(0)
    screenshot("sheet-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot("sheet-1366")
    # the office's page of the expert keeps the seat and the sheet after the cycle closed
    make_user("office", Role.OFFICE)
    page.context.clear_cookies()
    log_in(page, "office", PASSWORD)
    page.goto(f"/experts/{doc_panel.experts[1].id}")
    row = page.locator("#review-history tr", has_text="第一评审组")
    expect(row).to_contain_text(doc_panel.cycle.name)
    expect(row).to_contain_text("组员")
    expect(row.locator(".past-submitted")).to_have_text("1 / 1")
    screenshot("office-expert-1366")


def test_on_site_an_expert_attaches_a_photo_and_the_leader_needs_a_note(db, page, browser, live_server, doc_panel,
                                                                         screenshot):
    onsite_setup(db, doc_panel)
    plan(doc_panel.leader(), doc_panel)
    visit_url = f"/reviews/{doc_panel.application.id}/onsite_review/visit"
    # a member, on a tablet: the photo from the camera (here a file), attached to the issue to clarify
    tablet = browser.new_context(locale="zh-CN", base_url=live_server, viewport={"width": 820, "height": 1180})
    member = tablet.new_page()
    log_in(member, "member1", PASSWORD)
    member.locator(".visit-link").first.click()
    issue = member.locator("#issues li[data-resolution]", has_text="缺少对标数据")
    field = issue.locator("input[type=file]")
    expect(field).to_have_attribute("accept", "image/*,.pdf")
    expect(field).to_have_attribute("capture", "environment")
    field.set_input_files({"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": JPEG})
    issue.get_by_role("button", name="附上").click()
    expect(member.locator(".alert-success")).to_contain_text("已附到该事项")
    expect(member.locator("#issues li", has_text="缺少对标数据").locator(".issue-evidence")).to_contain_text(
        "IMG_0001.jpg")
    tablet.close()
    # the leader cannot close the issue to clarify as confirmed without a note
    log_in(page, "leader", PASSWORD)
    page.goto(visit_url)
    issue = page.locator("#issues li[data-resolution]", has_text="缺少对标数据")
    issue.locator("select[name$=resolution]").select_option("clarified")
    issue.get_by_role("button", name="记录").click()
    expect(page.locator(".alert-danger")).to_contain_text("待澄清事项只有写明现场如何澄清")
    issue = page.locator("#issues li[data-resolution]", has_text="缺少对标数据")
    expect(issue).to_have_attribute("data-resolution", "open")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"visit-{width}")
    with page.expect_download() as download:
        issue.locator(".issue-evidence a").click()
    assert download.value.suggested_filename == "IMG_0001.jpg"
    issue.locator("select[name$=resolution]").select_option("clarified")
    issue.locator("textarea[name$=note]").fill("总经理现场出示了行业对标数据台账")
    issue.get_by_role("button", name="记录").click()
    expect(page.locator("#issues li[data-resolution]", has_text="缺少对标数据")).to_have_attribute(
        "data-resolution", "clarified")

"""Issue 18 in the browser (Art. 15): an organization fills in its application online, uploads its files and submits
it to its recommender; the recommender reads it and signs its opinion with the scan of its stamped letter; the office
finds the application registered with its files."""
from datetime import timedelta

from playwright.sync_api import expect

from reviewapp.city_calendar import city_today
from reviewapp.domain.standard import DEFAULT_VERSION, load_standard
from reviewapp.models import OrgKind, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, publish_call
from tests.fuzz.files import PDF
from tests.online.conftest import FORM, account


def _both_widths(page, screenshot, name):
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(name)


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_art15_an_organization_applies_online_and_its_recommender_signs(
        db, page, live_server, make_user, make_org, make_cycle, screenshot):
    make_user("office", Role.OFFICE, display_name="王主任")
    cycle = make_cycle()
    publish_call(db, cycle, city_today() + timedelta(days=30))
    org = make_org("本溪华钢特种板材有限公司")
    recommender = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    account(db, make_user, "huagang", Role.APPLICANT, org)
    account(db, make_user, "xiehui", Role.RECOMMENDER, recommender)

    # the organization starts its application from its home and saves a first, incomplete draft
    log_in(page, "huagang", PASSWORD)
    page.locator("#start-draft").click()
    expect(page.locator("#draft-form")).to_be_visible()
    page.locator("#form_data-profile").fill(FORM["profile"])
    page.locator("#save-draft").click()
    expect(page.locator("#submission-problems")).to_be_visible()

    # it fills in the rest, the 23 items of its self-assessment and its recommender
    page.locator("#recommender_id").select_option(str(recommender.id))
    for name, value in FORM.items():
        page.locator(f"#form_data-{name}").fill(value)
    for item in load_standard(DEFAULT_VERSION).items:
        page.locator(f"#self_assessment-{item.code.replace('.', '_')}").select_option("60")
    page.locator("#save-draft").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")

    # its files, checked by their content
    for kind, name in (("application_form", "申报表.pdf"), ("self_assessment_report", "自我评价报告.pdf")):
        page.locator("#kind").select_option(kind)
        page.locator("#file").set_input_files(_pdf(name))
        page.locator("#upload-file").click()
        expect(page.locator("#files")).to_contain_text(name)
    expect(page.locator("#submission-ready")).to_be_visible()
    _both_widths(page, screenshot, "draft")

    # it submits (a confirmation first) and can no longer change it
    page.locator("#submit-draft").click()
    expect(page.locator("#draft-status")).to_contain_text("待推荐单位出具意见")
    expect(page.locator("#draft-form")).to_have_count(0)
    page.goto("/")
    expect(page.locator("#home-draft-status")).to_contain_text("待推荐单位出具意见")
    _both_widths(page, screenshot, "applicant-home")
    page.context.clear_cookies()

    # the recommender finds it on its home, reads it and signs with its stamped letter
    log_in(page, "xiehui", PASSWORD)
    _both_widths(page, screenshot, "recommender-home")
    page.locator("#pending-opinions a").first.click()
    expect(page.locator("#self-assessment")).to_contain_text("4.7.7")
    expect(page.locator("#files")).to_contain_text("自我评价报告.pdf")
    page.locator("#opinion").fill("该单位质量管理成效显著，同意推荐申报市长质量奖。")
    page.locator("#signatory").fill("吴秘书长")
    page.locator("#signed_on").fill(city_today().isoformat())
    page.locator("#scan").set_input_files(_pdf("推荐意见.pdf"))
    _both_widths(page, screenshot, "opinion")
    page.locator("#sign-opinion").click()
    expect(page.get_by_role("alert").first).to_contain_text("已在办公室登记")
    page.context.clear_cookies()

    # the office sees the application, with its files and the letter
    log_in(page, "office", PASSWORD)
    page.goto(f"/cycles/{cycle.id}")
    page.locator("#applications").get_by_role("link", name=f"{cycle.year}-001").click()
    expect(page.locator("#materials")).to_contain_text("推荐意见.pdf")
    expect(page.locator("#materials")).to_contain_text("申报表.pdf")

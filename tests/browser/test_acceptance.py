"""The office's acceptance review in the browser (Art. 8(4), 9, 15, 16): it asks a department for its opinion and
records the reply with its scan, reads the acceptance checklist, is refused acceptance while materials and
judgements are missing without a written reason, and accepts with one, which the record then shows."""
import re

from playwright.sync_api import expect

from reviewapp.models import Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_office_solicits_an_opinion_and_accepts_over_missing_items_with_a_reason(page, make_user, make_cycle,
                                                                                 make_application, screenshot,
                                                                                 tmp_path):
    make_user("office", Role.OFFICE, display_name="王主任")
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    log_in(page, "office", PASSWORD)
    page.get_by_role("link", name="评选届次").first.click()
    page.get_by_role("link", name="第十届本溪市市长质量奖").click()
    page.locator("#applications a").first.click()
    expect(page.locator("#checklist-outcome")).to_contain_text("缺少或不符合")
    expect(page.locator("tr[data-item='material:supporting']")).to_contain_text("缺少")

    # Art. 8(4), 9: the office asks the emergency management bureau, then records its reply with the scan
    page.get_by_label("征求意见部门").fill("本溪市应急管理局")
    page.get_by_label("发出日期").fill("2026-11-20")
    page.get_by_label("回复期限").fill("2026-12-04")
    page.get_by_label("征求意见事项").fill("请提供该企业近三年安全生产情况。")
    page.get_by_role("button", name="登记征求意见").click()
    expect(page.locator("#opinion-list")).to_contain_text("等待回复")
    expect(page.locator("#checklist tr[data-item^='opinion:']")).to_contain_text("尚未回复")
    page.get_by_text("登记回复意见", exact=True).first.click()
    reply = page.locator("#opinion-list form")
    reply.get_by_label("回复日期").fill("2026-11-25")
    reply.get_by_label("回复内容").fill("该企业近三年未发生生产安全事故。")
    reply.get_by_label("未反映问题").check()
    scan = tmp_path / "应急管理局回函.pdf"
    scan.write_bytes(PDF)
    reply.get_by_label(re.compile("回复意见扫描件")).set_input_files(str(scan))
    reply.get_by_role("button", name="登记回复意见").click()
    expect(page.locator("#opinion-list")).to_contain_text("未反映问题")
    expect(page.locator("#opinion-list")).to_contain_text("应急管理局回函.pdf")
    expect(page.locator("#checklist tr[data-item^='opinion:']")).to_contain_text("已具备")
    screenshot("checklist")

    # Art. 16: accepting without the missing materials and judgements is refused without a written reason
    decision = page.locator("#decision")
    decision.get_by_label("予以受理").check()
    decision.get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_contain_text("书面理由")
    expect(page.locator("#status")).to_contain_text("待受理审查")
    decision.get_by_label("予以受理").check()
    decision.get_by_label("存在缺项或不符合项仍予受理的理由").fill(
        "自我评价报告、证明材料已现场核验原件，扫描件随后补交；第十一条各项经会议研究确认。")
    decision.get_by_role("button").click()
    expect(page.locator("#status")).to_contain_text("已受理")
    expect(page.locator("#override-record")).to_contain_text("现场核验原件")
    expect(page.locator("#override-record")).to_contain_text("证明材料")
    screenshot("accepted")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/applications/{application.id}")
        screenshot(f"page-{width}")

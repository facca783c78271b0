"""Investigations, exclusion and withdrawal in the browser (Art. 5, 8(4), 30): the office opens an investigation from
a report of misconduct, adds evidence, concludes false information, confirms the exclusion on the page that lists
what it does, and sees the applicant leave its panel; then records another applicant's withdrawal with its letter."""
from playwright.sync_api import expect

from reviewapp.models import (
    ApplicationStatus,
    PublicSubmission,
    Role,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.submissions.worlds import PDF


def test_art30_art5_the_office_excludes_an_applicant_from_a_report_and_records_a_withdrawal(
        db, page, make_user, make_application, make_org, doc_panel, screenshot):
    application = doc_panel.application
    other = make_application(doc_panel.cycle, make_org("本溪溪湖示例机械有限公司"), status=ApplicationStatus.ACCEPTED)
    report = PublicSubmission(receipt="26-ABCDEFGHJK", kind=SubmissionKind.MISCONDUCT,
                              subject=SubmissionSubject.APPLICANT, organization_id=application.organization_id,
                              subject_name=application.organization.name, filer_name="赵举人",
                              filer_contact="13800000000", facts="申报材料中的第三方检测报告系伪造。",
                              reasons="检测机构已书面否认出具该报告。", status=SubmissionStatus.ACKNOWLEDGED)
    db.session.add(report)
    db.session.commit()
    make_user("office", Role.OFFICE, display_name="办公室王")
    log_in(page, "office", PASSWORD)

    page.goto(f"/submissions/{report.id}")
    page.locator("#investigate").click()
    page.locator("#applications a").first.click()
    expect(page.locator("#source-0")).to_be_checked()  # from the report: its source and the report are chosen
    page.locator("#scope").fill("核实自我评价报告所附第三方检测报告的真实性。")
    page.get_by_role("button", name="启动核查").click()
    expect(page.locator(".alert-success")).to_contain_text("核查已启动")

    page.locator("#note").fill("检测机构复函：未出具编号为 2025-118 的报告。")
    page.locator("#file").set_input_files([{"name": "检测机构复函.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="添加证据").click()
    expect(page.locator("#evidence-list")).to_contain_text("检测机构复函.pdf")

    page.get_by_label("查实：隐瞒有关情况或提供虚假材料（第三十条）").check()
    page.locator("#conclusion_text").fill("经核查，申报材料所附检测报告系伪造，属于提供虚假材料。")
    page.get_by_role("button", name="记录结论").click()
    confirm = page.locator("#confirm-exclusion")
    expect(confirm).to_contain_text(doc_panel.panel.name)
    expect(confirm).to_contain_text("2031-11-26")
    screenshot("1-confirm-exclusion")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("1-confirm-exclusion-390")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.locator("#confirm-exclusion-button").click()

    expect(page.locator("#application-status")).to_have_text("已取消资格（第三十条）")
    expect(page.locator("#ban")).to_contain_text("2031-11-26")
    screenshot("2-investigation")
    page.goto(f"/applications/{application.id}")
    expect(page.locator("#excluded-alert")).to_be_visible()
    expect(page.locator("#status")).to_have_text("已取消资格（第三十条）")
    screenshot("3-application")
    page.goto(f"/panels/cycles/{doc_panel.cycle.id}/document_review")
    expect(page.locator("main")).to_contain_text(doc_panel.panel.name)
    expect(page.locator("main")).not_to_contain_text(application.organization.name)

    page.goto(f"/applications/{other.id}")
    page.locator("#record-withdrawal").click()
    page.locator("#received_on").fill("2026-11-25")
    page.locator("#letter").set_input_files([{"name": "撤回申报函.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("#note").fill("企业因经营调整主动撤回申报。")
    page.locator("#confirm").check()
    screenshot("4-withdrawal-form")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("4-withdrawal-form-390")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.get_by_role("button", name="登记撤回").click()  # the page asks first; the fixture answers yes
    expect(page.locator("#withdrawn-alert")).to_contain_text("撤回申报函.pdf")
    expect(page.locator("#status")).to_have_text("已撤回（第五条）")
    screenshot("5-withdrawn")

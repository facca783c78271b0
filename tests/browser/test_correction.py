"""Issue 18, Art. 16 in the browser: the office sends an application back for correction (confirming), the
organization's login reads what is missing, uploads a new version of a file and resubmits (confirming); the office
sees the new version beside the earlier one and accepts."""
from datetime import date, timedelta

from playwright.sync_api import expect

from reviewapp.models import OrganizationAccount, Role, Stage
from tests.acceptance import PDF, complete_for_acceptance
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_art16_sent_back_corrected_with_a_new_version_resubmitted_and_accepted(page, db, make_user, make_cycle,
                                                                               make_application, screenshot,
                                                                               tmp_path):
    make_user("office", Role.OFFICE, display_name="王主任")
    application = complete_for_acceptance(make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW)))
    applicant = make_user("huagang", Role.APPLICANT, display_name="李明")
    db.session.add(OrganizationAccount(user_id=applicant.id, organization_id=application.organization_id,
                                       organization_name=application.organization.name,
                                       verified_at=applicant.created_at))
    db.session.commit()
    due = (date.today() + timedelta(days=10)).isoformat()

    log_in(page, "office", PASSWORD)
    page.goto(f"/applications/{application.id}")
    page.locator("#corrections summary").click()
    page.get_by_label("缺少或需要补正的内容").fill("自我评价报告缺少4.7结果部分近三年的数据，请补充后重新上传。")
    page.get_by_label("补正截止日期").fill(due)
    page.locator("#send-back-form").get_by_role("button").click()  # data-confirm: the dialog is accepted
    expect(page.locator("#corrections .correction-open")).to_contain_text("4.7结果部分")
    expect(page.locator("#decision-blocked")).to_be_visible()
    screenshot("office-sent-back")

    page.context.clear_cookies()
    log_in(page, "huagang", PASSWORD)
    expect(page.locator("#home-my-applications")).to_contain_text("退回补正")
    page.locator("#home-my-applications a").first.click()
    expect(page.locator("#correction-missing")).to_contain_text("4.7结果部分")
    upload = page.locator("#correction-upload")
    upload.get_by_label("替换为新版本").select_option(label="自我评价报告: self_assessment_report.pdf")
    new_version = tmp_path / "自我评价报告-补正版.pdf"
    new_version.write_bytes(PDF)
    upload.locator("input[type=file]").set_input_files(str(new_version))
    upload.get_by_role("button", name="上传").click()
    expect(page.locator("#files")).to_contain_text("自我评价报告-补正版.pdf")
    page.get_by_label("给办公室的说明（补正了哪些内容）").fill("已补充4.7近三年数据。")
    screenshot("applicant-correcting")
    page.locator("#resubmit-form").get_by_role("button").click()  # data-confirm
    expect(page.locator("#status")).to_contain_text("受理审查中")
    expect(page.locator("#correction")).to_contain_text("已补正并重新提交")

    page.context.clear_cookies()
    log_in(page, "office", PASSWORD)
    page.goto(f"/applications/{application.id}")
    materials = page.locator("#materials")
    expect(materials).to_contain_text("自我评价报告-补正版.pdf")
    materials.locator("details.earlier-versions summary").click()
    expect(materials.locator(".earlier-version")).to_contain_text("self_assessment_report.pdf")
    screenshot("office-versions")
    decision = page.locator("#decision")
    decision.get_by_label("予以受理").check()
    decision.get_by_role("button").click()
    expect(page.locator("#status")).to_contain_text("已受理")

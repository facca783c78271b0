"""The panel's comprehensive evaluation in the browser (Art. 17, 20): the on-site panel's leader finds the applicant
on the home page, reads the system's proposal, adjusts the score (refused until justified), edits the drafted
report and submits it after confirming; the report prints, and the office's ranking shows the panel's score with
the proposal beside it."""
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import ComprehensiveReport, PanelStage, ReportStatus, Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.reviews.worlds import seat_panel, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def test_art20_the_leader_adjusts_the_score_with_a_justification_and_submits(db, page, doc_panel, make_user,
                                                                             screenshot):
    application = doc_panel.application
    application.goes_onsite = True
    doc_panel.cycle.stage = Stage.COMPREHENSIVE_EVALUATION
    submitted_report(db, application, doc_panel.panel, DOC, uniform(60), strengths={"4.1": "领导作用突出"},
                     opportunities={"4.7": "缺少对标数据"})
    onsite_panel = seat_panel(db, doc_panel.cycle, ONSITE, "现场评审一组", doc_panel.experts, [application])
    submitted_report(db, application, onsite_panel, ONSITE, uniform(70), strengths={"4.1": "现场验证属实"})
    questions = []
    page.on("dialog", lambda dialog: questions.append(dialog.message))

    log_in(page, "leader", PASSWORD)
    page.locator(".comprehensive-link").click()
    expect(page.locator("h1")).to_contain_text("评审组综合评价报告")
    expect(page.locator("#proposed-score")).to_have_text("670.00")  # 600 x 30% + 700 x 70%
    expect(page.locator("textarea[name='cstr-4.1']")).to_have_value("资料评审：领导作用突出\n现场评审：现场验证属实")
    screenshot("proposal")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("proposal-390")
    page.set_viewport_size({"width": 1366, "height": 800})

    page.get_by_label("评审组综合评分").fill("690")
    page.get_by_role("button", name="提交综合评价报告").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    expect(page.locator("form#comprehensive-form")).to_contain_text("请写明调整理由")
    screenshot("refused")

    page.get_by_label("评审组综合评分").fill("690")
    page.get_by_label("调整理由").fill("现场核实的顾客满意度数据优于资料所述")
    page.get_by_label("综合评价意见").fill("建议作为市长质量奖候选。")
    page.get_by_role("button", name="提交综合评价报告").click()
    expect(page.get_by_role("alert").filter(has_text="报告已提交")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("已提交")
    expect(page.locator("#adjusted-note")).to_contain_text("670.00")
    assert any("提交后将锁定" in question for question in questions)
    screenshot("submitted")

    db.session.expire_all()
    report = db.session.scalar(select(ComprehensiveReport).where(ComprehensiveReport.application_id == application.id))
    assert report.status is ReportStatus.SUBMITTED and report.score == Decimal("690.00")
    assert report.proposed_score == Decimal("670.00") and report.justification.startswith("现场核实")

    page.locator("#report-print").evaluate("link => link.removeAttribute('target')")
    page.locator("#report-print").click()
    expect(page.locator("header.print-header h1")).to_have_text("本溪市市长质量奖 评审组综合评价报告")
    expect(page.locator("main")).to_contain_text("现场核实的顾客满意度数据优于资料所述")
    screenshot("printable")

    # the office's ranking uses the panel's score, the proposal beside it
    page.goto("/")
    page.locator("form[action='/auth/logout'] button").click()
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)
    page.goto(f"/reviews/cycles/{doc_panel.cycle.id}")
    expect(page.locator(f"#review-rows tr[data-application='{application.id}'] .comprehensive-cell")
           ).to_contain_text("690.00")
    screenshot("overview")
    page.goto(f"/reviews/cycles/{doc_panel.cycle.id}/ranking")
    row = page.locator(f"#ranking-onsite tr[data-application='{application.id}']")
    expect(row).to_contain_text("690.00")
    expect(row.locator(".proposed-score")).to_contain_text("670.00")
    screenshot("ranking")

"""An expert scores an assigned applicant in the browser: the live total follows the choices, the draft is saved,
the sheet is submitted and locked."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.domain.standard import load_standard
from reviewapp.models import ApplicationStatus, ScoreSheet, SheetStatus, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.reviews.worlds import signed_expert_on


def test_an_expert_scores_and_submits(db, page, make_user, make_cycle, make_application, make_org, screenshot):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    signed_expert_on(db, make_user, cycle, application)

    log_in(page, "lizj", PASSWORD)
    page.locator(".score-link").first.click()
    page.wait_for_load_state("load")  # the live total's script is deferred
    page.locator("#pct-4\\.1\\.2").select_option("60")
    expect(page.locator("#live-total")).to_have_text("30.00")
    band = load_standard().band_texts["process"][60]
    expect(page.locator('.sheet-item[data-item="4.1.2"] .band-text')).to_have_text(band)  # not only in a tooltip
    page.get_by_placeholder("优势").first.fill("高层领导以身作则，战略目标清晰")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")
    for item in load_standard().items:
        page.locator(f"#pct-{item.code.replace('.', chr(92) + '.')}").select_option("50")
    expect(page.locator("#live-total")).to_have_text("500.00")
    screenshot("sheet")
    page.get_by_role("button", name="提交评分表").click()
    expect(page.locator("#sheet-status")).to_have_text("已提交")
    db.session.expire_all()
    sheet = db.session.scalar(select(ScoreSheet))
    assert sheet.status is SheetStatus.SUBMITTED and sheet.strengths["4.1.2"].startswith("高层领导")

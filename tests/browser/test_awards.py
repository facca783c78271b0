"""Art. 23-25, 31, 32 in the browser: the office records the city government's approval, reads the public results,
downloads a certificate and revokes an award, whose notice the public can read."""
from datetime import date
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import AwardRecord, CommendationDecision, MoneyEntry, Role
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD


def test_office_approves_publishes_prints_and_revokes(db, page, browser, live_server, make_user, approval_cycle,
                                                      screenshot):
    cycle, jia = approval_cycle.cycle, approval_cycle.orgs["甲"]
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # Art. 23: the approval
    page.goto(f"/awards/cycles/{cycle.id}/approval")
    expect(page.locator("#approved-list")).to_contain_text("甲钢铁有限公司")
    expect(page.locator("#approved-list")).to_contain_text("200,000")
    page.locator("#approved_on").fill("2026-11-25")
    page.locator("#approval_document").fill("本政发〔2026〕30号")
    screenshot("approval-form")
    page.locator("#approval-form button, #approval-form input[type=submit]").first.click()

    # the public results, also for a visitor who is not logged in
    expect(page.locator("#results-award")).to_contain_text("甲钢铁有限公司")
    expect(page.locator("#results-award")).to_contain_text("2031-11-24")
    expect(page.locator("#results-nomination")).to_contain_text("乙药业有限公司")
    expect(page.locator("#approval")).to_contain_text("本政发〔2026〕30号")
    screenshot("results")
    visitor = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    visitor.goto("/notices/")
    visitor.locator("#results-link").click()
    visitor.get_by_role("link", name=cycle.name).click()
    expect(visitor.locator("#results-award")).to_contain_text("丙机械有限公司")

    # the certificate, from the organization's page, once the commendation decision is on record (Art. 24;
    # recorded in the browser in test_commendation.py)
    db.session.add(CommendationDecision(cycle_id=cycle.id, title="关于表彰获奖组织的决定", text="予以表彰。",
                                        document_number="本政发〔2026〕31号", decided_on=date(2026, 11, 26)))
    db.session.commit()
    page.goto(f"/organizations/{jia.id}")
    expect(page.locator("#money-total")).to_contain_text("200,000")
    with page.expect_download() as download:
        page.locator("#award-history .certificate-link").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = ARTIFACTS / "browser-certificate.pdf"
    download.value.save_as(pdf)
    assert Path(pdf).read_bytes().startswith(b"%PDF-")

    # Art. 32: the revocation
    page.locator("#award-history .revoke-link").first.click()
    expect(page.locator("#paid")).to_have_text("200,000")
    page.locator("#clause").select_option("art32_1")
    page.locator("#event_on").fill("2026-11-25")
    page.locator("#decision_document").fill("本政发〔2026〕41号")
    page.locator("#decided_on").fill("2026-11-26")
    page.locator("#reason").fill("发生较大生产安全事故")
    page.locator("#evidence").fill("市应急管理局事故调查报告")
    screenshot("revocation-form")
    page.locator("#revoke-form button, #revoke-form input[type=submit]").first.click()
    expect(page.locator("#notice-list")).to_contain_text("甲钢铁有限公司")
    expect(page.locator("article")).to_contain_text("第三十二条第（一）项")
    screenshot("revocation-notice")

    page.goto(f"/awards/results/{cycle.id}")
    expect(page.locator("#results-award tr.table-danger")).to_contain_text("甲钢铁有限公司")

    db.session.expire_all()
    award = db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == jia.id))
    assert award.revoked_on is not None and award.revocation_article == 32
    assert sum(db.session.scalars(select(MoneyEntry.amount).where(MoneyEntry.organization_id == jia.id))) == 0

"""Art. 24 in the browser: after the approval, the office records the city government's commendation decision with
its scanned copy, prints a certificate that cites it, and the public results cite it too; the ledger shows each
line's basis (Art. 25)."""
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import CommendationDecision, Role
from tests.awards.worlds import PDF, approve
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD

CITATION = "根据《本溪市人民政府关于表彰第十届本溪市市长质量奖获奖组织的决定》（本政发〔2026〕31号）"


def _certificate_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return "".join(pdf[0].get_textpage().get_text_range().split())
    finally:
        pdf.close()


def test_art24_the_office_records_the_commendation_decision_and_prints_a_certificate_citing_it(
        db, page, browser, live_server, make_user, approval_cycle, screenshot, client, tmp_path):
    cycle = approval_cycle.cycle
    make_user("office", Role.OFFICE, display_name="刘主任")
    client.post("/auth/login", data={"username": "office", "password": PASSWORD})
    approve(client, cycle)  # Art. 23, as test_awards.py does it in the browser
    page.set_viewport_size({"width": 1366, "height": 800})
    log_in(page, "office", PASSWORD)

    # from the approval page to the decision: the certificates wait for it
    page.goto(f"/awards/cycles/{cycle.id}/approval")
    expect(page.locator("#commendation-missing")).to_be_visible()
    expect(page.locator("#granted-awards .certificate-link")).to_have_count(0)
    expect(page.locator("#granted-awards")).to_contain_text("200,000")
    screenshot("approval")
    page.locator("#commendation-missing a").click()

    expect(page.locator("#title")).to_have_value(f"关于表彰{cycle.name}获奖组织的决定")
    page.locator("#document_number").fill("本政发〔2026〕31号")
    page.locator("#decided_on").fill("2026-11-24")  # before the approval of 25 November: refused
    scan = tmp_path / "表彰决定.pdf"
    scan.write_bytes(PDF)
    page.locator("#scan").set_input_files(str(scan))
    page.locator("#commendation-form input[type=submit], #commendation-form button").first.click()
    expect(page.locator("#decided_on + .invalid-feedback, .invalid-feedback").first).to_contain_text("不得早于")
    assert db.session.scalar(select(CommendationDecision)) is None

    page.locator("#decided_on").fill("2026-11-26")
    page.locator("#text").fill("经评审、公示和市政府审议批准，决定对下列组织予以表彰。")
    page.locator("#scan").set_input_files(str(scan))
    screenshot("form")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("form-phone")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.locator("#commendation-form input[type=submit], #commendation-form button").first.click()

    expect(page.locator("#commendation-citation")).to_have_text(CITATION)
    expect(page.locator("#commendation-scan")).to_have_text("表彰决定.pdf")
    screenshot("recorded")

    # the certificate cites the decision and bears its date
    with page.expect_download() as download:
        page.locator("#commendation-certificates li", has_text="甲钢铁有限公司").locator(".certificate-link").click()
    certificate = ARTIFACTS / "browser-commendation-certificate.pdf"
    download.value.save_as(certificate)
    text = _certificate_text(certificate)
    assert CITATION in text and "2026年11月26日" in text and "甲钢铁有限公司" in text

    # the public results cite it, for a visitor who is not logged in
    visitor = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    visitor.goto(f"/awards/results/{cycle.id}")
    expect(visitor.locator("#commendation")).to_contain_text(CITATION)
    visitor.screenshot(path=str(ARTIFACTS / "test_commendation-results.png"), full_page=True)

    # Art. 25: each ledger line says why it is paid
    page.goto("/awards/ledger")
    expect(page.locator("#ledger-lines .basis").first).to_contain_text("第二十五条")
    screenshot("ledger")

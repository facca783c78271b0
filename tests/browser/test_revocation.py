"""Art. 31, 32 in the browser: the office records the city government's decision to revoke an award. Art. 32 is
refused for a 2012 award whose event (2026) is outside the five years after it; for a recent award the office
chooses the clause from the text, gives the event's date and the decision, confirms, and the public notice names
the clause, the event and the decision, as does the organization's page."""
from datetime import date

from playwright.sync_api import expect

from reviewapp.models import AwardKind, AwardRecord, Role
from tests.browser.conftest import ARTIFACTS, accept_dialog, log_in
from tests.conftest import PASSWORD


def fill_revocation(page, clause, event_on, decided_on="2026-11-20", document="本政发〔2026〕41号"):
    page.locator("#clause").select_option(clause)
    page.locator("#event_on").fill(event_on)
    page.locator("#decision_document").fill(document)
    page.locator("#decided_on").fill(decided_on)
    page.locator("#reason").fill("产品质量发生重大问题，被市场监管部门查处")
    page.locator("#evidence").fill("本溪市市场监督管理局行政处罚决定书（本市监处〔2026〕12号）")


def test_art32_office_revokes_with_the_event_and_decision_and_is_refused_outside_five_years(
        db, page, browser, live_server, make_user, make_org, screenshot):
    old_org, org = make_org("本溪老字号食品有限公司"), make_org("本溪华泰药业有限公司", division="210503")
    old = AwardRecord(organization_id=old_org.id, kind=AwardKind.AWARD, awarded_on=date(2012, 12, 1),
                      cycle_name="第三届本溪市市长质量奖")
    recent = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2023, 6, 1),
                         cycle_name="第八届本溪市市长质量奖")
    db.session.add_all([old, recent])
    db.session.commit()
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # Art. 32: the 2012 award, an event of 2026: refused, nothing written
    page.goto(f"/organizations/{old_org.id}")
    page.locator("#award-history .revoke-link").first.click()
    expect(page.locator("#revocation-basis")).to_contain_text("2012-12-01 至 2017-11-30")
    fill_revocation(page, "art32_2", "2026-10-15")
    page.locator("#revoke-form button, #revoke-form input[type=submit]").first.click()
    expect(page.locator("#revoke-form .invalid-feedback")).to_contain_text("获奖后5年内")
    screenshot("refused-outside-five-years")
    db.session.expire_all()
    assert db.session.get(AwardRecord, old.id).revoked_on is None

    # the recent award: the office first declines the confirmation (nothing happens), then confirms
    page.goto(f"/organizations/{org.id}")
    page.locator("#award-history .revoke-link").first.click()
    fill_revocation(page, "art32_2", "2026-09-01")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot("form-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("form-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.remove_listener("dialog", accept_dialog)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#revoke-form button, #revoke-form input[type=submit]").first.click()
    expect(page.locator("#revoke-form")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(AwardRecord, recent.id).revoked_on is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#revoke-form button, #revoke-form input[type=submit]").first.click()

    # the public notice names the clause, the event and the decision
    notice = page.locator("article")
    expect(notice).to_contain_text("第三十二条第（二）项")
    expect(notice).to_contain_text("被监管部门查处或群众投诉并查证属实的")
    expect(notice).to_contain_text("发生于2026年9月1日")
    expect(notice).to_contain_text("2026年11月20日作出撤销决定（本政发〔2026〕41号）")
    screenshot("notice-1366")
    notice_url = page.url
    visitor = browser.new_context(locale="zh-CN", base_url=live_server, viewport={"width": 390, "height": 844})
    public = visitor.new_page()
    public.goto(notice_url)
    expect(public.locator("article")).to_contain_text("第三十二条第（二）项")
    public.screenshot(path=str(ARTIFACTS / "test_art32_revocation-public-notice-390.png"), full_page=True)
    visitor.close()

    # the organization's page shows the decision, the clause and the event
    page.goto(f"/organizations/{org.id}")
    facts = page.locator("#award-history .revocation-facts")
    expect(facts.locator(".revocation-decision")).to_contain_text("本政发〔2026〕41号 · 2026-11-20")
    expect(facts.locator(".revocation-clause")).to_contain_text("第三十二条（二）")
    expect(facts.locator(".revocation-event")).to_contain_text("2026-09-01")
    screenshot("organization")
    db.session.expire_all()
    award = db.session.get(AwardRecord, recent.id)
    assert (award.revoked_on, award.revocation_document, award.revocation_event_on) == (
        date(2026, 11, 20), "本政发〔2026〕41号", date(2026, 9, 1))

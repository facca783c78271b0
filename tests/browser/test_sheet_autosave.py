"""Issue 17 in the browser: the expert's sheet never loses typed work (Art. 18, 19). The draft saves itself while
the expert types and is there after a reload; a save refused as stale keeps what was typed beside the newer saved
version, item by item; submitting asks first and names the office as the only way back; a refused submission
marks the items still blank by title and brings the first into view; on a phone the running total stays in sight.
The leader's consolidation shows the consensus total and subtotals change as the leader chooses, the same figures
the server computes."""
from playwright.sync_api import expect
from sqlalchemy import select, update

from reviewapp.domain.standard import load_standard, summarize
from reviewapp.models import ApplicationStatus, PanelReport, ScoreSheet, SheetStatus, Stage
from tests.browser.conftest import ARTIFACTS, accept_dialog, log_in
from tests.conftest import PASSWORD
from tests.reviews.worlds import signed_expert_on, submit_sheet, uniform

ITEMS = [item.code for item in load_standard().items]
DESKTOP, PHONE = {"width": 1366, "height": 800}, {"width": 390, "height": 844}


def pct(page, code: str):
    return page.locator(f"select[name='pct-{code}']")


def text(page, prefix: str, code: str):
    return page.locator(f"textarea[name='{prefix}-{code}']")


def open_sheet(db, page, make_user, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    signed_expert_on(db, make_user, cycle, application)
    db.session.commit()
    log_in(page, "lizj", PASSWORD)
    page.locator(".score-link").first.click()
    page.wait_for_load_state("load")  # the deferred scripts (live total, autosave) have run
    return application


def saved_sheet(db) -> ScoreSheet | None:
    db.session.expire_all()
    return db.session.scalar(select(ScoreSheet))


def test_art18_the_draft_saves_itself_and_a_stale_save_keeps_both_versions(db, page, app, monkeypatch, make_user,
                                                                           make_cycle, make_application, make_org,
                                                                           screenshot):
    monkeypatch.setitem(app.config, "SHEET_AUTOSAVE_SECONDS", 1)  # not 30 s in a test
    page.set_viewport_size(DESKTOP)
    open_sheet(db, page, make_user, make_cycle, make_application, make_org)
    pct(page, "4.1.2").select_option("60")
    text(page, "str", "4.1.2").fill("高层领导以身作则，战略目标清晰")
    page.get_by_label("总体评价").fill("总体良好")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    sheet = saved_sheet(db)
    assert sheet.percents == {"4.1.2": 60} and sheet.status is SheetStatus.DRAFT and sheet.comment == "总体良好"

    page.reload()  # nothing to warn about: everything typed is saved
    expect(pct(page, "4.1.2")).to_have_value("60")
    expect(text(page, "str", "4.1.2")).to_have_value("高层领导以身作则，战略目标清晰")
    page.wait_for_load_state("load")

    # another tab saves a newer version meanwhile
    db.session.execute(update(ScoreSheet).values(version=ScoreSheet.version + 1, percents={"4.1.2": 80},
                                                 strengths={"4.1.2": "另一个标签页写的优势"}))
    db.session.commit()
    pct(page, "4.1.2").select_option("45")
    text(page, "opp", "4.1.3").fill("治理结构有待完善")
    expect(page.locator("#stale-note")).to_be_visible()
    box = page.locator('.sheet-item[data-item="4.1.2"] .saved-version')
    expect(box).to_contain_text("另一个标签页写的优势")  # the saved version...
    expect(box).to_contain_text("高层领导以身作则")  # ...beside what the expert typed
    expect(page.locator('.sheet-item[data-item="4.1.3"] .saved-version')).to_contain_text("治理结构有待完善")
    expect(pct(page, "4.1.2")).to_have_value("45")  # the typed work stays in the fields
    expect(text(page, "opp", "4.1.3")).to_have_value("治理结构有待完善")
    screenshot("stale-1366")
    assert saved_sheet(db).percents == {"4.1.2": 80}  # nothing overwritten behind the expert's back

    box.get_by_role("button", name="采用已保存的版本").click()  # 4.1.2 as saved, 4.1.3 as typed
    expect(pct(page, "4.1.2")).to_have_value("80")
    expect(text(page, "str", "4.1.2")).to_have_value("另一个标签页写的优势")
    page.locator('.sheet-item[data-item="4.1.3"]').get_by_role("button", name="保留我的输入").click()
    expect(page.locator("#stale-note")).to_be_hidden()  # every item chosen: the page saves by itself again
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    sheet = saved_sheet(db)
    assert sheet.percents == {"4.1.2": 80} and sheet.opportunities == {"4.1.3": "治理结构有待完善"}

    text(page, "str", "4.1.3").fill("未保存就离开")  # leaving with unsaved changes warns
    dialogs = []
    page.remove_listener("dialog", accept_dialog)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))  # stay on the page
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert "beforeunload" in dialogs and not page.is_closed()
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")  # the leaving page saved it too
    assert saved_sheet(db).strengths.get("4.1.3") == "未保存就离开"


def test_art18_submitting_asks_first_and_a_refused_submission_names_the_blank_items(db, page, make_user, make_cycle,
                                                                                   make_application, make_org,
                                                                                   screenshot):
    page.set_viewport_size(DESKTOP)
    open_sheet(db, page, make_user, make_cycle, make_application, make_org)
    for code in ITEMS:
        if code not in ("4.2.3", "4.7.4"):
            pct(page, code).select_option("50")
    questions = []
    page.remove_listener("dialog", accept_dialog)
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="提交评分表").click()
    page.wait_for_timeout(300)
    assert questions and "只有领导小组办公室可以重新开放" in questions[0]
    assert saved_sheet(db) is None  # declined: nothing sent

    page.on("dialog", accept_dialog)
    page.get_by_role("button", name="提交评分表").click()
    missing = page.locator("#missing-items")
    expect(missing).to_contain_text("4.2.3 战略部署")
    expect(missing).to_contain_text("4.7.4 财务结果")
    expect(page.locator("select.is-invalid")).to_have_count(2)
    expect(pct(page, "4.2.3")).to_be_focused()  # the first one brought into view
    expect(pct(page, "4.1.2")).to_have_value("50")  # the rest as typed
    screenshot("refused-1366")
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_load_state("load")
    text(page, "str", "4.5.2").scroll_into_view_if_needed()
    expect(page.locator("#live-total")).to_be_in_viewport()  # the running total stays in sight on a phone
    page.screenshot(path=str(ARTIFACTS / "sheet-phone-390-scrolled.png"))  # as the expert sees it, mid-sheet
    screenshot("phone-390")


def test_art18_the_leader_sees_the_totals_follow_the_consensus(db, page, doc_panel, screenshot):
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, doc_panel.panel.stage, uniform(60))
    page.set_viewport_size(DESKTOP)
    log_in(page, "leader", PASSWORD)
    page.goto(f"/reviews/{doc_panel.application.id}/document_review/report")
    page.wait_for_load_state("load")
    expect(page.locator("#live-total")).to_have_text("600.00")
    page.locator("select[name='cons-4.1.2']").select_option("90")  # 50 points: +15
    page.locator("select[name='cons-4.7.4']").select_option("35")  # 80 points: -20
    expect(page.locator("#live-total")).to_have_text("595.00")
    expect(page.locator("[data-category-total='4.1']")).to_have_text("81.00")
    live = {code: page.locator(f"[data-category-total='{code}']").inner_text()
            for code in (c.code for c in load_standard().categories)}
    screenshot("consolidation-1366")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")
    db.session.expire_all()
    report = db.session.scalar(select(PanelReport))
    server = summarize(load_standard(), report.consensus)  # the printed report's arithmetic
    assert str(server.total) == "595.00" and {c: str(s) for c, s in server.category_scores.items()} == live
    expect(page.locator("#live-total")).to_have_text("595.00")
    page.set_viewport_size(PHONE)
    page.reload()
    screenshot("consolidation-390")

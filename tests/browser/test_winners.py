"""Art. 27, 29 in the browser: the office records a winner's experience-sharing event and a use-of-funds report in
the register of winners, sees the next report overdue on its home page, and the public results list the event."""
from datetime import date

from playwright.sync_api import expect

from reviewapp.demo.documents import minimal_pdf
from reviewapp.models import AwardKind, AwardRecord, Role, Stage
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD


def _winner(db, make_org, make_cycle) -> AwardRecord:
    cycle = make_cycle(name="第九届本溪市市长质量奖", stage=Stage.APPROVAL, reference_date=date(2024, 5, 1),
                       approved_on=date(2024, 6, 1), approval_document="本政发〔2024〕18号")
    award = AwardRecord(organization_id=make_org("甲钢铁有限公司").id, kind=AwardKind.AWARD,
                        awarded_on=date(2024, 6, 1), cycle_id=cycle.id, cycle_name=cycle.name)
    db.session.add(award)
    db.session.commit()
    return award


def test_office_keeps_the_register_of_winners(db, page, browser, live_server, make_user, make_org, make_cycle,
                                              screenshot):
    award = _winner(db, make_org, make_cycle)
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # from the home page: two reports are already past due (2025-08-29, 2026-08-29)
    expect(page.locator("#todo")).to_contain_text("2 份资金使用情况报告逾期")
    page.locator("#office-winners").click()
    expect(page.locator("#current-winners")).to_contain_text("甲钢铁有限公司")
    screenshot("index")
    page.get_by_role("link", name="甲钢铁有限公司").click()

    # Art. 27: an experience-sharing event
    page.get_by_text("登记活动", exact=True).first.click()
    page.locator("#activity-kind").select_option("sharing")
    page.locator("#activity-held_on").fill("2026-09-18")
    page.locator("#activity-title").fill("卓越绩效管理经验交流会")
    page.locator("#activity-place").fill("本溪市会议中心")
    page.locator("#activity-audience").fill("全市质量管理人员120人")
    page.locator("#activity-form input[type=submit]").click()
    expect(page.locator("#activity-list")).to_contain_text("卓越绩效管理经验交流会")

    # Art. 29: the first year's use-of-funds report, received with its file
    pdf = ARTIFACTS / "use-of-funds.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.write_bytes(minimal_pdf(["Use of funds 2024-2025"]))
    page.get_by_text("登记收到的资金使用情况报告").click()
    page.locator("#funds-report_year").select_option("1")
    page.locator("#funds-received_on").fill("2025-08-20")
    page.locator("#funds-attachment").set_input_files(str(pdf))
    page.locator("#funds-form input[type=submit]").click()
    expect(page.locator('#funds-duties tr[data-year="1"]')).to_contain_text("已收到")
    expect(page.locator('#funds-duties tr[data-year="2"]')).to_contain_text("逾期")
    screenshot("register")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("register-phone")
    page.set_viewport_size({"width": 1366, "height": 800})

    # the office's home: year 1 is settled, year 2 still overdue, with a link to the register
    page.goto("/")
    overdue = page.locator(f"#todo-funds-{award.id}")
    expect(overdue).not_to_contain_text("2025-08-29")
    expect(overdue).to_contain_text("2026-08-29")
    screenshot("home")
    overdue.get_by_role("link").first.click()
    expect(page).to_have_url(f"{live_server}/winners/{award.id}#funds")

    # Art. 28: a report of title misuse, its finding and action, then closed (after a confirmation)
    page.get_by_text("登记称号滥用举报").click()
    page.locator("#misuse-kind").select_option("on_product")
    page.locator("#misuse-source").fill("消费者来电")
    page.locator("#misuse-description").fill("产品包装印有市长质量奖标志")
    page.locator("#misuse-form input[type=submit]").click()
    page.locator("#finding").fill("属实")
    page.locator("#action").fill("书面责令停止使用并更换包装")
    page.locator("#handling-form input[type=submit]").click()
    screenshot("misuse")
    page.locator("#close-form input[type=submit]").click()
    expect(page.locator("#misuse-list")).to_contain_text("已于")

    # the public results list the sharing event: title, date and place only
    visitor = browser.new_context(locale="zh-CN", base_url=live_server, viewport={"width": 1366, "height": 800})
    public = visitor.new_page()
    public.goto(f"/awards/results/{award.cycle_id}")
    events = public.locator("#sharing-events")
    expect(events).to_contain_text("卓越绩效管理经验交流会")
    expect(events).to_contain_text("本溪市会议中心")
    expect(events).not_to_contain_text("120人")
    public.screenshot(path=str(ARTIFACTS / "test_office_keeps_the_register_of_winners-results.png"), full_page=True)
    visitor.close()

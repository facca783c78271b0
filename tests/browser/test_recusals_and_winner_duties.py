"""Issue 18 in the browser: an applicant organization asks that a competitor's staff be avoided and the office
handles the request from its to-do list (Art. 33); a winner submits its overdue use-of-funds report through its
account and the office sees it in its register (Art. 29)."""
import re
from datetime import date

from playwright.sync_api import expect

from reviewapp.demo.documents import minimal_pdf
from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    AwardRecord,
    Expert,
    OrganizationAccount,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from reviewapp.models.base import utcnow
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def _both_widths(page, screenshot, name):
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def _account(db, make_user, username, organization):
    user = make_user(username, Role.APPLICANT, display_name="李明")
    db.session.add(OrganizationAccount(user=user, organization=organization, organization_name=organization.name,
                                       verified_at=utcnow()))
    db.session.commit()


def test_art33_an_applicant_asks_for_a_recusal_and_the_office_handles_it(
        db, page, live_server, make_user, make_org, make_cycle, make_application, screenshot):
    make_user("office", Role.OFFICE, display_name="王主任")
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    huagang = make_org("本溪华钢特种板材有限公司")
    rival = make_org("鞍山竞争钢铁有限公司", division="210504")
    make_application(cycle, huagang, status=ApplicationStatus.ACCEPTED)
    zhao = Person(name="赵工")
    db.session.add_all([Expert(person=zhao, specialties=[], strengths=[]),
                        Relation(type=RelationType.EMPLOYED_BY, from_person=zhao, to_org=rival,
                                 source=RelationSource.OFFICE)])
    db.session.commit()
    _account(db, make_user, "huagang", huagang)

    log_in(page, "huagang", PASSWORD)
    page.locator("#home-recusals").click()
    page.get_by_label("需回避的人员").fill("赵工")
    page.get_by_label("需回避的单位").fill("鞍山竞争钢铁")
    page.get_by_label("理由").fill("对方为我公司直接竞争对手，其技术人员可能接触我公司商业秘密")
    _both_widths(page, screenshot, "request")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert").first).to_contain_text("申请已提交办公室")
    expect(page.locator("#my-recusals")).to_contain_text("待办公室决定")
    page.context.clear_cookies()

    log_in(page, "office", PASSWORD)
    page.locator("[id^='todo-recusal-'] a").first.click()
    expect(page.locator("#candidates")).to_contain_text("赵工")
    expect(page.locator("#candidates")).to_contain_text("鞍山竞争钢铁有限公司")
    page.locator(f"#person-{zhao.id}").check()
    page.get_by_label("登记为申报组织的直接竞争对手").select_option(label="鞍山竞争钢铁有限公司")
    page.get_by_label("处理说明").fill("经核实，赵工任职于鞍山竞争钢铁有限公司")
    _both_widths(page, screenshot, "office")
    page.get_by_role("button", name="标记为已处理").click()
    expect(page.locator("#recusal-status")).to_have_text("已处理")
    page.context.clear_cookies()

    log_in(page, "huagang", PASSWORD)
    page.goto("/recusals/mine")
    expect(page.locator("#my-recusals .outcome")).to_have_text("已处理：相关人员将回避")
    expect(page.locator("body")).not_to_contain_text("经核实")  # the office's note and who matched stay its own
    _both_widths(page, screenshot, "outcome")


def test_art29_a_winner_submits_its_overdue_report_through_its_account(
        db, page, live_server, make_user, make_org, make_cycle, screenshot, tmp_path):
    make_user("office", Role.OFFICE, display_name="王主任")
    cycle = make_cycle(name="第九届本溪市市长质量奖", stage=Stage.APPROVAL, reference_date=date(2024, 5, 1),
                       approved_on=date(2024, 6, 1), approval_document="本政发〔2024〕18号")
    org = make_org("甲钢铁有限公司")
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2024, 6, 1), cycle_id=cycle.id,
                        cycle_name=cycle.name)
    db.session.add(award)
    db.session.commit()
    _account(db, make_user, "jiagang", org)
    report = tmp_path / "2024年度资金使用报告.pdf"
    report.write_bytes(minimal_pdf(["Use of funds, year 1"]))

    log_in(page, "jiagang", PASSWORD)
    expect(page.locator("#home-winner")).to_contain_text("逾期")
    page.locator("#home-winner-link").click()
    expect(page.locator(f"#own-funds-{award.id} tr[data-year='1']")).to_have_class(re.compile("table-danger"))
    form = page.locator(f"#own-funds-form-{award.id}")
    form.get_by_label("资金使用情况摘要").fill("用于质量提升培训和检测设备")
    form.locator("input[type=file]").set_input_files(str(report))
    _both_widths(page, screenshot, "winner")
    form.get_by_role("button", name="提交报告").click()
    expect(page.get_by_role("alert").first).to_contain_text("资金使用情况报告已提交")
    expect(page.locator(f"#own-funds-{award.id} tr[data-year='1']")).to_contain_text("2024年度资金使用报告.pdf")
    page.context.clear_cookies()

    log_in(page, "office", PASSWORD)
    page.goto(f"/winners/{award.id}")
    expect(page.locator("#funds-duties tr[data-year='1']")).to_contain_text("组织提交")

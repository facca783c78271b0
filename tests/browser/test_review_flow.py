"""The review in the browser, from the panels' reports to the candidate list (Art. 4, 18-20): the leader consolidates
a flagged item and justifies a consensus outside the members' range, the office confirms the on-site list, the
on-site leader plans the visit and settles every issue before the on-site report goes, the office proposes a
candidate list that follows the ranking or says why (a cycle's minimum score: tests/browser/test_thresholds.py), and
the PDFs come out with Chinese text that can be read back."""
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    Candidate,
    Cycle,
    PanelReport,
    PanelStage,
    ReportStatus,
    Role,
    SiteIssue,
    SiteVisit,
    Stage,
)
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD
from tests.reviews.worlds import seat_panel, submit_sheet, submitted_comprehensive, submitted_report, uniform

DOC, ONSITE = PanelStage.DOCUMENT_REVIEW, PanelStage.ONSITE_REVIEW


def consensus(page, item: str):
    return page.locator(f"select[name='cons-{item}']")


def alert(page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def open_cycle(page, name: str):
    page.get_by_role("link", name="评选届次").first.click()
    page.get_by_role("link", name=name).first.click()


def log_in_office(page, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)


def evaluated_cycle(db, make_cycle, make_application, make_org):
    """As tests/reviews/test_ranking.py's `evaluated`, on-site applicants only:
    甲 800 / 900 -> 870; 乙 700 / 600 -> 630; 丙 500 / 550 -> 535."""
    cycle = make_cycle(stage=Stage.COMPREHENSIVE_EVALUATION)
    scores = {"甲": ("甲钢铁有限公司", 80, 90), "乙": ("乙药业有限公司", 70, 60), "丙": ("丙机械有限公司", 50, 55)}
    apps = {key: make_application(cycle, make_org(name), status=ApplicationStatus.ACCEPTED)
            for key, (name, _, _) in scores.items()}
    document_panel = seat_panel(db, cycle, DOC, "资料评审组", [], apps.values())
    onsite_panel = seat_panel(db, cycle, ONSITE, "现场评审组", [], apps.values())
    for key, (_, doc, onsite) in scores.items():
        apps[key].goes_onsite = True
        submitted_report(db, apps[key], document_panel, DOC, uniform(doc))
        submitted_report(db, apps[key], onsite_panel, ONSITE, uniform(onsite))
        submitted_comprehensive(db, apps[key], onsite_panel, doc * 10, onsite * 10)  # the panel confirmed (Art. 20)
    db.session.commit()
    return cycle, apps


def first_page(pdf_bytes: bytes, png: Path) -> str:
    """Renders page 1 to `png` for people to look at and returns its text as pdfium reads it back, without
    whitespace (table cells wrap long names: 甲钢铁有限\r\n公司)."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = pdf[0]
        page.render(scale=1.5).to_pil().save(png)
        return "".join(page.get_textpage().get_text_range().split())
    finally:
        pdf.close()


def test_art18_the_leader_justifies_a_consensus_outside_the_range_and_submits(db, page, doc_panel, screenshot):
    application, (leader, member1, member2) = doc_panel.application, doc_panel.experts
    submit_sheet(db, application, leader, DOC, {**uniform(60), "4.1.2": 30}, comment="领导作用需进一步核实")
    submit_sheet(db, application, member1, DOC, {**uniform(70), "4.1.2": 80})
    submit_sheet(db, application, member2, DOC, uniform(65))

    log_in(page, "leader", PASSWORD)
    page.locator(".consolidate-link").click()
    flagged = page.locator("#consolidation tr.flagged")  # 4.1.2: 30, 80, 65 -> spread 50 > 30
    expect(flagged).to_have_count(1)
    expect(flagged).to_have_attribute("data-item", "4.1.2")
    expect(flagged).to_contain_text("需讨论")
    expect(consensus(page, "4.1.2")).to_have_value("65")  # the median
    screenshot("consolidation")

    consensus(page, "4.2.2").select_option("90")  # the members gave 60-70
    page.locator("input[name='recommend'][value='yes']").check()
    page.get_by_role("button", name="提交报告").click()
    expect(alert(page, "4.2.2")).to_contain_text("超出组员评分范围 60%–70%")
    expect(page.locator("#report-status")).to_have_text("草稿")
    screenshot("refused")

    page.locator("input[name='just-4.2.2']").fill("补充材料证明战略部署充分")
    page.get_by_label("总体评价").fill("质量管理体系健全，建议进入现场评审。")
    page.get_by_role("button", name="提交报告").click()
    expect(alert(page, "报告已提交")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("已提交")
    expect(consensus(page, "4.2.2")).to_be_disabled()

    db.session.expire_all()
    report = db.session.scalar(select(PanelReport).where(PanelReport.application_id == application.id))
    assert report.status is ReportStatus.SUBMITTED and report.recommend is True
    assert report.consensus["4.2.2"] == 90 and report.justifications == {"4.2.2": "补充材料证明战略部署充分"}

    page.goto(f"/reviews/reports/{report.id}")
    header = page.locator("header.print-header")
    expect(header.locator("h1")).to_have_text("本溪市市长质量奖 资料评审报告")
    for text in ("本溪板材示例有限公司", "第一评审组", "王组长"):
        expect(header).to_contain_text(text)
    expect(page.locator("main")).to_contain_text("补充材料证明战略部署充分")
    screenshot("printable")


def test_art18_the_office_confirms_the_on_site_list(db, page, doc_panel, make_user, screenshot):
    application = doc_panel.application
    submitted_report(db, application, doc_panel.panel, DOC, uniform(60), recommend=True)

    log_in_office(page, make_user)
    open_cycle(page, doc_panel.cycle.name)
    page.locator("#review-progress").click()
    expect(page.locator(f"#review-rows tr[data-application='{application.id}']")).to_contain_text("已提交")
    page.get_by_role("link", name="现场评审名单（第十八条）").click()
    expect(page.locator(f"#go-{application.id}")).to_be_checked()  # preselected from the panel's recommendation
    screenshot("list")
    page.get_by_role("button", name="确认现场评审名单").click()
    expect(alert(page, "现场评审名单已确认")).to_be_visible()
    expect(page.locator("#onsite-confirmed")).to_be_visible()
    screenshot("confirmed")

    db.session.expire_all()
    assert application.goes_onsite is True and doc_panel.cycle.onsite_list_confirmed_at is not None


SETTLED = {"领导作用突出": ("verified", "座谈中高层领导阐述了战略与价值观"),
           "文化建设扎实": ("verified", "查看了文化墙与员工访谈记录"),
           "缺少对标数据": ("clarified", "企业已于2026年开始收集行业对标数据")}


def test_art19_the_on_site_leader_settles_every_issue_and_submits_the_report(db, page, doc_panel, screenshot):
    application, cycle = doc_panel.application, doc_panel.cycle
    application.goes_onsite, cycle.stage = True, Stage.ONSITE_REVIEW
    submitted_report(db, application, doc_panel.panel, DOC, uniform(60),
                     strengths={"4.1": "领导作用突出\n文化建设扎实"}, opportunities={"4.7": "缺少对标数据"})
    seat_panel(db, cycle, ONSITE, "现场评审一组", doc_panel.experts, [application])
    for expert, value in zip(doc_panel.experts, (65, 70, 75)):
        submit_sheet(db, application, expert, ONSITE, uniform(value))

    log_in(page, "leader", PASSWORD)
    page.locator(".visit-link").click()
    page.get_by_label("现场评审日期").fill("2026-11-26")  # today: the report is not dated before its visit (Art. 19)
    page.get_by_label("地点", exact=True).fill("本溪市平山区示例路 1 号")
    page.get_by_label("日程安排").fill("上午：座谈；下午：现场查看")
    page.get_by_label("王组长", exact=True).check()
    page.get_by_label("李专家", exact=True).check()
    page.get_by_role("button", name="保存现场评审计划").click()
    expect(alert(page, "现场评审计划已保存")).to_be_visible()
    issues = page.locator("#issues > li")
    expect(issues).to_have_count(3)  # drawn from the document report: 2 strengths to verify, 1 opportunity
    screenshot("visit-planned")

    for issue_id in issues.evaluate_all("items => items.map(item => item.id)"):
        issue = page.locator(f"#{issue_id}")
        resolution, note = next(settled for text, settled in SETTLED.items() if text in issue.inner_text())
        issue.locator("select").select_option(resolution)
        issue.locator("textarea").fill(note)
        issue.get_by_role("button", name="记录").click()
        expect(page.locator(f"#{issue_id}")).to_have_attribute("data-resolution", resolution)
    expect(page.locator("#open-count")).to_have_text("共 3 个问题，仍有 0 个未处理。")
    screenshot("issues-settled")

    page.get_by_role("link", name="现场评审报告").click()
    expect(consensus(page, "4.1.2")).to_have_value("70")  # median of 65, 70, 75
    expect(consensus(page, "4.7.2")).to_have_value("70")
    page.locator("input[name='recommend'][value='yes']").check()
    page.get_by_label("总体评价").fill("现场核实情况与申报材料一致，建议列为候选。")
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#report-status")).to_have_text("已提交")
    screenshot("report-submitted")

    db.session.expire_all()
    report = db.session.scalar(select(PanelReport).where(PanelReport.stage == ONSITE))
    assert report.status is ReportStatus.SUBMITTED and report.recommend is True and report.consensus == uniform(70)
    visit = db.session.scalar(select(SiteVisit))
    assert visit.place.startswith("本溪市平山区") \
        and visit.members_present == sorted(e.id for e in doc_panel.experts[:2])
    assert {issue.text: (issue.resolution.value, issue.note) for issue in db.session.scalars(select(SiteIssue))} \
        == SETTLED


def test_art4_art20_the_office_proposes_candidates_following_the_ranking(db, page, make_user, make_cycle,
                                                                          make_application, make_org, screenshot):
    cycle, apps = evaluated_cycle(db, make_cycle, make_application, make_org)

    def propose_as(key, level):
        page.locator(f"select[name='level-{apps[key].id}']").select_option(level)

    log_in_office(page, make_user)
    open_cycle(page, cycle.name)
    page.locator("#ranking-link").click()
    ranked = page.locator("#ranking-onsite tbody tr")
    expect(ranked).to_have_count(3)
    expect(ranked.first).to_contain_text("甲钢铁有限公司")
    expect(ranked.first).to_contain_text("870.00")
    screenshot("ranking")

    # passing over the first-ranked applicant needs a reason, which the leading group reads (Art. 20)
    propose_as("乙", "award")
    page.get_by_role("button", name="提出候选名单").click()
    expect(alert(page, "甲钢铁有限公司 排名第 1 位")).to_be_visible()
    page.get_by_label("甲钢铁有限公司 未按排名提名的理由").fill("近期发生质量投诉，正在核查")
    page.get_by_role("button", name="提出候选名单").click()
    expect(alert(page, "候选名单已提交领导小组")).to_be_visible()
    expect(page.locator("#ranking-onsite .passed-over-reason")).to_have_count(0)  # the office's page keeps the input
    expect(page.get_by_label("甲钢铁有限公司 未按排名提名的理由")).to_have_value("近期发生质量投诉，正在核查")
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).passed_over == {str(apps["甲"].id): "近期发生质量投诉，正在核查"}

    propose_as("甲", "award")
    propose_as("乙", "nomination")
    propose_as("丙", "nomination")  # the list now follows the ranking
    page.get_by_label("甲钢铁有限公司 未按排名提名的理由").fill("")
    page.get_by_role("button", name="提出候选名单").click()
    expect(alert(page, "候选名单已提交领导小组")).to_be_visible()
    expect(page.locator("#candidates-proposed")).to_be_visible()
    screenshot("proposed")

    db.session.expire_all()
    stored = {c.application_id: c.level for c in db.session.scalars(select(Candidate))}
    assert stored == {apps["甲"].id: AwardKind.AWARD, apps["乙"].id: AwardKind.NOMINATION,
                      apps["丙"].id: AwardKind.NOMINATION}


def test_the_pdfs_carry_chinese_that_reads_back(db, page, make_user, make_cycle, make_application, make_org,
                                                request):
    cycle, apps = evaluated_cycle(db, make_cycle, make_application, make_org)
    ARTIFACTS.mkdir(exist_ok=True)

    def png(name):
        return ARTIFACTS / f"{request.node.name}-{name}.png"

    log_in_office(page, make_user)
    open_cycle(page, cycle.name)
    page.locator("#ranking-link").click()
    with page.expect_download() as download:
        page.locator("#ranking-pdf").click()
    assert download.value.suggested_filename.endswith("综合评价报告.pdf")
    text = first_page(Path(download.value.path()).read_bytes(), png("comprehensive"))
    for expected in ("本溪市市长质量奖综合评价报告", cycle.name, "甲钢铁有限公司", "870.00"):
        assert expected in text

    page.get_by_role("link", name=cycle.name).click()  # the breadcrumb back to the cycle
    page.locator("#review-progress").click()
    row = page.locator(f"#review-rows tr[data-application='{apps['甲'].id}']")
    report_url = row.get_by_role("link", name="查看报告").first.get_attribute("href")
    response = page.request.get(f"{report_url}?format=pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = first_page(response.body(), png("document-report"))
    for expected in ("资料评审报告", "甲钢铁有限公司", "资料评审组"):
        assert expected in text

"""Issue 18, the whole path in the browser: an organization registers (with the public forms' check), the office
verifies it; it applies online with its files (Art. 15), its recommender signs with a stamped letter; the office sends
it back for a correction (Art. 16), it uploads a new version and resubmits, the office accepts; it follows its
application through the review without ever seeing an expert, a panel or a score (Art. 33); after the approval it
reads that it is awarded and downloads its feedback report (Art. 26).

The steps nobody does through these pages (the call's deadline passing, the panels' review, the leading group and
the notice) are put in the database between the browser's steps, as the other stages' own tests do them."""
from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.awards.operations import record_approval
from reviewapp.city_calendar import city_today
from reviewapp.domain.standard import DEFAULT_VERSION, load_standard
from reviewapp.models import Application, AwardKind, ListEntry, OrgKind, PanelStage, Role, Stage, User
from tests.acceptance import complete_for_acceptance
from tests.awards.worlds import APPROVED_ON, decided_and_noticed
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, publish_call
from tests.fuzz.files import PDF
from tests.online.conftest import FORM, account
from tests.reviews.worlds import seat_panel, submit_sheet, submitted_report, uniform
from tests.tracking.test_following import _expert

ORG_PASSWORD = "Taizihe-river-2026!"


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _as(page, username, password=PASSWORD):
    page.context.clear_cookies()
    log_in(page, username, password)


def test_issue18_register_apply_recommend_correct_accept_follow_and_download_the_feedback(
        db, page, live_server, make_user, make_org, make_cycle, screenshot):
    office = make_user("office", Role.OFFICE, display_name="王主任")
    cycle = make_cycle()
    publish_call(db, cycle, city_today() + timedelta(days=30))
    org = make_org("本溪华钢特种板材有限公司")
    recommender = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    account(db, make_user, "xiehui", Role.RECOMMENDER, recommender)

    # the organization registers; the browser solves the form's check when it is sent
    page.goto("/accounts/register")
    for field, value in (("#credit_code", org.credit_code), ("#organization_name", org.name),
                         ("#contact_name", "李明"), ("#phone", "024-42843576"), ("#email", "liming@example.cn"),
                         ("#username", "huagang"), ("#password", ORG_PASSWORD), ("#confirm", ORG_PASSWORD)):
        page.locator(field).fill(value)
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("alert").first).to_contain_text("注册已收到")

    # the office verifies it from its to-do list
    _as(page, "office")
    page.locator("#todo-registrations a").click()
    page.get_by_role("button", name="核实账户").first.click()
    expect(page.locator("#no-pending")).to_be_visible()

    # the organization fills in its application, uploads its files and submits it to its recommender
    _as(page, "huagang", ORG_PASSWORD)
    page.locator("#start-draft").click()
    page.locator("#recommender_id").select_option(str(recommender.id))
    for name, value in FORM.items():
        page.locator(f"#form_data-{name}").fill(value)
    for item in load_standard(DEFAULT_VERSION).items:
        page.locator(f"#self_assessment-{item.code.replace('.', '_')}").select_option("60")
    page.locator("#save-draft").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")
    for kind, name in (("application_form", "申报表.pdf"), ("self_assessment_report", "自我评价报告.pdf")):
        page.locator("#kind").select_option(kind)
        page.locator("#file").set_input_files(_pdf(name))
        page.locator("#upload-file").click()
        expect(page.locator("#files")).to_contain_text(name)
    page.locator("#submit-draft").click()  # data-confirm: accepted
    expect(page.locator("#draft-status")).to_contain_text("待推荐单位出具意见")

    # the recommender signs its opinion with the scan of its stamped letter: the application reaches the office
    _as(page, "xiehui")
    page.locator("#pending-opinions a").first.click()
    page.locator("#opinion").fill("该单位质量管理成效显著，同意推荐。")
    page.locator("#signatory").fill("吴秘书长")
    page.locator("#signed_on").fill(city_today().isoformat())
    page.locator("#scan").set_input_files(_pdf("推荐意见.pdf"))
    page.locator("#sign-opinion").click()
    expect(page.get_by_role("alert").first).to_contain_text("已在办公室登记")

    # the call's deadline passes and the office closes the applications; its judgements of Art. 11 are recorded
    db.session.expire_all()
    application = db.session.scalar(select(Application).where(Application.organization_id == org.id))
    assert application.recommender_id == recommender.id and len(application.materials) == 3
    application.cycle.stage = Stage.ACCEPTANCE_REVIEW
    db.session.commit()
    complete_for_acceptance(application)

    # the office sends it back for a correction
    _as(page, "office")
    page.goto(f"/applications/{application.id}")
    page.locator("#corrections summary").click()
    page.get_by_label("缺少或需要补正的内容").fill("自我评价报告缺少4.7结果部分近三年的数据。")
    page.get_by_label("补正截止日期").fill((city_today() + timedelta(days=10)).isoformat())
    page.locator("#send-back-form").get_by_role("button").click()  # data-confirm: accepted
    expect(page.locator("#decision-blocked")).to_be_visible()

    # the organization reads what is missing, uploads a new version of its report and resubmits
    _as(page, "huagang", ORG_PASSWORD)
    expect(page.locator("#home-my-applications")).to_contain_text("退回补正")
    page.locator("#home-my-applications a").first.click()
    expect(page.locator("#correction-missing")).to_contain_text("4.7结果部分")
    upload = page.locator("#correction-upload")
    upload.get_by_label("替换为新版本").select_option(label="自我评价报告: 自我评价报告.pdf")
    upload.locator("input[type=file]").set_input_files(_pdf("自我评价报告-补正版.pdf"))
    upload.get_by_role("button", name="上传").click()
    expect(page.locator("#files")).to_contain_text("自我评价报告-补正版.pdf")
    page.get_by_label("给办公室的说明（补正了哪些内容）").fill("已补充4.7近三年数据。")
    page.locator("#resubmit-form").get_by_role("button").click()  # data-confirm: accepted
    expect(page.locator("#status")).to_contain_text("受理审查中")

    # the office sees both versions and accepts
    _as(page, "office")
    page.goto(f"/applications/{application.id}")
    expect(page.locator("#materials")).to_contain_text("自我评价报告-补正版.pdf")
    decision = page.locator("#decision")
    decision.get_by_label("予以受理").check()
    decision.get_by_role("button").click()
    expect(page.locator("#status")).to_contain_text("已受理")

    # the document review: named experts on a named panel score it; the organization reads only "under review"
    db.session.expire_all()
    cycle = application.cycle
    cycle.stage = Stage.DOCUMENT_REVIEW
    experts = [_expert(db, make_user, cycle, "leader", "王组长"), _expert(db, make_user, cycle, "member1", "李专家")]
    panel = seat_panel(db, cycle, PanelStage.DOCUMENT_REVIEW, "第一评审组", experts, [application])
    submit_sheet(db, application, experts[1], PanelStage.DOCUMENT_REVIEW, uniform(65))
    submitted_report(db, application, panel, PanelStage.DOCUMENT_REVIEW, uniform(65),
                     strengths={"4.1": "领导作用突出"}, opportunities={"4.7": "结果对比不足"})
    _as(page, "huagang", ORG_PASSWORD)
    page.locator("#home-my-applications a").first.click()
    expect(page.locator("#status")).to_contain_text("评审")
    text = page.locator("main").inner_text()
    for secret in ("王组长", "李专家", "第一评审组", "65%"):
        assert secret not in text, secret
    screenshot("following-under-review")

    # the leading group decided, the notice ended, the city government approved: the organization is awarded
    cycle.stage = Stage.APPROVAL
    decided_and_noticed(db, cycle)
    db.session.add(ListEntry(cycle_id=cycle.id, application_id=application.id, level=AwardKind.AWARD,
                             combined_score=Decimal("870.00")))
    db.session.commit()
    record_approval(cycle, APPROVED_ON, "本政发〔2026〕30号", db.session.get(User, office.id))
    page.reload()
    expect(page.locator("[data-status='awarded']")).to_be_visible()
    screenshot("following-awarded")
    with page.expect_download() as download:
        page.locator("#feedback-link").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

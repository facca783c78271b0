"""Issue #5, the expert pool in the browser: the office imports a sheet of experts (the dry run points at a bad cell,
the corrected file imports), filters the list and edits an expert; an expert declines the current cycle with a
reason. New strings are located by id, so the test holds whether or not they are translated yet."""
from datetime import date

from openpyxl import Workbook
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.experts.pool_workbook import HEADERS
from reviewapp.models import Expert, ExpertAvailability, Person, Relation, RelationType, Role, Stage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def sheet(path, specialties_of_li: str):
    book = Workbook()
    book.active.title = "专家"
    book.active.append(list(HEADERS.values()))
    book.active.append(["王刚", "教授级高级工程师", "C31, B08", "4.1, 4.5", "ZJ-2024-001", date(2027, 6, 30), "是",
                        "13800000001", "wang@example.com", "本溪钢铁集团有限公司", None])
    book.active.append(["李芳", "主任药师", specialties_of_li, "4.3", "ZJ-2024-002", date(2026, 3, 31), "否",
                        "13800000002", None, "本溪制药有限公司", None])
    book.active.append(["赵明", "高级经济师", "H61", "4.2", None, None, "否", None, None, "本溪水洞旅游集团", None])
    book.save(path)


def test_office_imports_filters_and_edits_the_pool(page, db, make_user, make_org, make_cycle, screenshot, tmp_path):
    make_user("office", Role.OFFICE, display_name="王主任")
    make_org("本溪钢铁集团有限公司")
    make_org("本溪制药有限公司", division="210504")
    make_cycle(stage=Stage.PANELS)
    log_in(page, "office", PASSWORD)
    page.locator("nav a[href='/experts/']").click()
    expect(page.locator("#experts")).to_be_visible()
    page.locator("a[href='/experts/import']").click()
    with page.expect_download() as download:
        page.locator("#download-template").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    broken = tmp_path / "experts.xlsx"
    sheet(broken, "C27, C99")
    page.locator("input[type=file]").set_input_files(str(broken))
    expect(page.locator("#dry_run")).to_be_checked()
    page.locator("#check-file").click()
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td").nth(0)).to_have_text("3")
    expect(problems.first.locator("td").nth(1)).to_contain_text("C")
    expect(problems.first).to_contain_text("99")
    expect(page.locator("#run-import")).to_have_count(0)
    screenshot("problems")
    assert db.session.scalars(select(Expert)).all() == []

    fixed = tmp_path / "experts-fixed.xlsx"
    sheet(fixed, "C27")
    page.locator("input[type=file]").set_input_files(str(fixed))
    page.locator("#check-file").click()
    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#new-experts")).to_contain_text("本溪水洞旅游集团")
    screenshot("dry-run")
    page.locator("#run-import").click()
    expect(page.get_by_role("alert").first).to_contain_text("experts-fixed.xlsx")
    expect(page.locator("#experts tbody tr")).to_have_count(3)
    screenshot("pool")

    page.locator("#industry").fill("C")
    page.locator("#certified").select_option("yes")
    page.locator("#apply-filters").click()
    expect(page.locator("#experts .expert-name")).to_have_text(["王刚"])  # 李芳's certificate has expired
    screenshot("filtered")

    page.locator("#experts .expert-name").first.click()
    page.locator("#edit-expert").click()
    page.locator("#title").fill("正高级工程师")
    page.locator("#employer").fill("本溪制药有限公司")
    screenshot("edit")
    page.locator("#save-expert").click()
    expect(page.locator("#current-employer")).to_contain_text("本溪制药有限公司")
    expect(page.locator("#profile")).to_contain_text("正高级工程师")
    expect(page.locator("#employment-history tbody tr")).to_have_count(2)
    screenshot("expert")
    wang = db.session.scalar(select(Person).where(Person.name == "王刚"))
    ended = db.session.scalar(select(Relation).where(Relation.from_person_id == wang.id,
                                                     Relation.type == RelationType.EMPLOYED_BY,
                                                     Relation.end_date.is_not(None)))
    assert ended is not None


def test_an_expert_declines_the_current_cycle_with_a_reason(page, db, make_user, make_cycle, screenshot):
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    cycle = make_cycle(stage=Stage.PANELS)
    log_in(page, "lizj", PASSWORD)
    page.locator("#my-expert-profile").click()
    card = page.locator(f"#availability-{cycle.id}")
    expect(card).to_contain_text(cycle.name)
    card.locator(f"#c{cycle.id}-answer-1").check()
    card.locator(f"#availability-submit-{cycle.id}").click()
    expect(page.locator(f"#availability-{cycle.id} .invalid-feedback")).to_be_visible()  # a reason is needed
    screenshot("reason-needed")
    card = page.locator(f"#availability-{cycle.id}")
    card.locator(f"#c{cycle.id}-reason").fill("评审期间在外地出差，无法参加")
    card.locator(f"#availability-submit-{cycle.id}").click()
    expect(page.locator(f"#availability-{cycle.id} .declined-reason")).to_have_text("评审期间在外地出差，无法参加")
    expect(page.locator(f"#availability-{cycle.id} [data-availability='declined']")).to_be_visible()
    screenshot("declined")
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    answer = db.session.scalar(select(ExpertAvailability))
    assert answer.available is False and answer.expert_id == db.session.scalar(
        select(Expert.id).where(Expert.person_id == person.id))

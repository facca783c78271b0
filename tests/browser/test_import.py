"""Issue #4: the office imports a spreadsheet of entities and relations — template, a file with a mistake that the
dry run points at by sheet, row and column, the corrected file, then the import."""
import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import func, select

from reviewapp.models import Organization, Person, Relation, RelationSource, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def fill_in(template_path, target, start: str):
    book = load_workbook(template_path)
    book["实体"].append(["O002", "组织", "本溪示例集团有限公司", None])
    book["关系"].append(["subsidiary_of", "O001", "O002", start, None, None, None])
    book.save(target)


def test_office_imports_a_spreadsheet_after_fixing_the_cell_the_dry_run_points_at(page, db, make_user, screenshot,
                                                                                   tmp_path):
    make_user("office", Role.OFFICE)
    log_in(page, "office", PASSWORD)
    page.goto("/imports/")
    with page.expect_download() as download:
        page.locator("#download-template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert download.value.suggested_filename.endswith(".xlsx")

    broken = tmp_path / "graph.xlsx"
    fill_in(template, broken, "2021-02-30")
    page.locator("input[type=file]").set_input_files(str(broken))
    expect(page.locator("#dry_run")).to_be_checked()
    page.locator("#check-file").click()
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("关系")
    expect(problems.first.locator("td").nth(1)).to_have_text("3")
    expect(problems.first.locator("td").nth(2)).to_contain_text("D (start)")
    expect(problems.first).to_contain_text("2021-02-30")
    expect(page.locator("#run-import")).to_have_count(0)
    screenshot("problems")

    fixed = tmp_path / "graph-fixed.xlsx"
    fill_in(template, fixed, "2020-01-01")
    page.locator("input[type=file]").set_input_files(str(fixed))
    page.locator("#check-file").click()
    expect(page.locator("#count-new-entities")).to_have_text("3")
    expect(page.locator("#count-new-relations")).to_have_text("2")
    expect(page.locator("#new-relations")).to_contain_text("本溪示例集团有限公司")
    screenshot("dry-run")
    assert db.session.scalar(select(func.count()).select_from(Relation)) == 0

    page.locator("#run-import").click()
    expect(page.get_by_role("alert").first).to_contain_text(re.compile(r"graph-fixed\.xlsx"))
    screenshot("imported")
    db.session.expire_all()
    relations = db.session.scalars(select(Relation)).all()
    assert len(relations) == 2 and {r.source for r in relations} == {RelationSource.IMPORTED}
    assert db.session.scalar(select(Person.name).where(Person.import_key == "P001")) == "张三"
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 2

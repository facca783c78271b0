"""Issue #5, importing and exporting the pool: a downloadable template, a dry run naming every bad cell by row and
column, nothing written unless the whole file is valid, a re-import that changes nothing, one audit entry; the
export (filters applied) imported again changes nothing."""
import hashlib
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from reviewapp.domain.files import detect_file
from reviewapp.experts.pool_workbook import HEADERS, MAX_ROWS
from reviewapp.models import (
    AuditEntry,
    Expert,
    ExpertStatus,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationType,
    Role,
)
from tests.conftest import audit_actions
from tests.experts.conftest import counts, expert_of_user, names_in_list, page_text, xlsx

HEADER = list(HEADERS.values())  # 姓名 职称 专业领域 擅长类目 证书编号 证书有效期 可任组长 电话 邮箱 工作单位 登录名


def row(name="王刚", title="教授级高级工程师", specialties="C31, B08", strengths="4.1、4.5", number="ZJ-001",
        expires=date(2027, 6, 30), lead="是", phone="13800000001", email="wang@example.com",
        employer="本溪钢铁集团有限公司", username=None):
    return [name, title, specialties, strengths, number, expires, lead, phone, email, employer, username]


def check(client, data: bytes, filename="experts.xlsx", dry_run=True):
    form = {"file": (io.BytesIO(data), filename)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/experts/import/check", data=form, content_type="multipart/form-data")


def run(client, data: bytes, filename="experts.xlsx"):
    return client.post("/experts/import/run", data={"sha256": hashlib.sha256(data).hexdigest(), "filename": filename})


def imported(client, data: bytes, filename="experts.xlsx"):
    assert check(client, data, filename).status_code == 200
    return run(client, data, filename)


def problems(response) -> list[tuple[str, str]]:
    """(row, column letter) of every problem listed."""
    import re
    return re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>([A-Z]*) <span", response.get_data(as_text=True))


def expert_named(db, name) -> Expert:
    return db.session.scalar(select(Expert).join(Person).where(Person.name == name))


@pytest.fixture
def steel(make_org):
    return make_org("本溪钢铁集团有限公司")


def test_the_office_downloads_the_template(office, client):
    assert 'href="/experts/import/template.xlsx"' in client.get("/experts/import").get_data(as_text=True)
    response = client.get("/experts/import/template.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert detect_file(response.data).kind == "xlsx"
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["专家", "说明"]
    assert [c.value for c in book["专家"][1]] == HEADER
    notes = " ".join(str(c.value) for r in book["说明"].iter_rows() for c in r if c.value)
    assert "证书编号" in notes and "4.7" in notes and "C" in notes


def test_the_filled_in_template_imports(db, office, client, steel):
    book = load_workbook(io.BytesIO(client.get("/experts/import/template.xlsx").data))
    book["专家"].delete_rows(2)
    book["专家"].append(row())
    out = io.BytesIO()
    book.save(out)
    assert imported(client, out.getvalue()).status_code == 302
    assert expert_named(db, "王刚").certificate_number == "ZJ-001"


def test_a_dry_run_shows_what_would_change_and_writes_nothing(db, office, client, steel):
    before = counts(db)
    response = check(client, xlsx([HEADER, row(), row("李芳", number="ZJ-002", employer="本溪新材料研究院")]))
    assert response.status_code == 200
    page = page_text(response)
    assert 'id="count-new">2<' in page and 'id="count-updated">0<' in page and 'id="run-import"' in page
    assert "本溪新材料研究院" in page
    assert counts(db) == before


def test_every_bad_cell_is_listed_by_row_and_column_and_nothing_is_written(db, office, client, english, steel,
                                                                          make_org, make_user):
    english()
    make_org("本溪同名公司"), make_org("本溪同名公司")
    make_user("leader1", Role.LEADING_GROUP)
    rows = [HEADER,
            row(),                                                           # row 2: fine
            row(None, number="ZJ-003"),                                       # row 3: no name (A)
            row("李芳", specialties="C31, X12", number="ZJ-004"),             # row 4: bad code (C)
            row("赵明", strengths="4.9", number="ZJ-005", expires="2027-02-30"),  # row 5: D, F
            row("陈静", number="ZJ-006", lead="也许", email="chen-at-x"),     # row 6: G, I
            row("周强", number="ZJ-001"),                                     # row 7: certificate of row 2 (E)
            row("吴敏", number="ZJ-008", employer="本溪同名公司"),            # row 8: ambiguous employer (J)
            row("郑洁", number="ZJ-009", username="leader1"),                 # row 9: not an expert login (K)
            row("孙丽", number=None, expires=date(2027, 1, 1)),               # row 10: expiry without number (F)
            ]
    data = xlsx(rows)
    before = counts(db)
    for dry_run in (True, False):
        response = check(client, data, dry_run=dry_run)
        assert response.status_code == 422
        assert problems(response) == [("3", "A"), ("4", "C"), ("5", "D"), ("5", "F"), ("6", "G"), ("6", "I"),
                                      ("7", "E"), ("8", "J"), ("9", "K"), ("10", "F")]
        page = page_text(response)
        assert "X12 is not a GB/T 4754 code" in page and "2027-02-30 is not a date" in page
        assert "Several organizations are named 本溪同名公司" in page and "No user leader1 with the role expert" in page
        assert "already used in row 2" in page
        assert 'name="sha256"' not in page
    assert counts(db) == before


def test_formulas_are_refused(db, office, client, english):
    english()
    book = Workbook()
    book.active.title = "专家"
    book.active.append(HEADER)
    book.active.append(row(employer=None))
    book.active["H2"] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    response = check(client, out.getvalue())
    assert response.status_code == 422 and problems(response) == [("2", "H")]
    assert "Formula not allowed" in page_text(response)


@pytest.mark.parametrize("data, filename, message", [
    (b"PK\x03\x04 not really a zip", "experts.xlsx", "The workbook cannot be read"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "experts.xls", "Old Excel files (.xls) cannot be read"),
    (b"\x00\x01\x02\xff\xfe" * 50, "experts.csv", "neither an Excel workbook"),
    ("职称,电话\n工程师,1\n".encode(), "experts.csv", "Column 姓名 is missing"),
    ("姓名\n".encode(), "experts.csv", "nothing to import"),
])
def test_a_broken_file_gets_one_clear_error(db, office, client, english, data, filename, message):
    english()
    response = check(client, data, filename)
    assert response.status_code == 422
    page = page_text(response)
    assert message in page
    assert page.split("<tbody>")[1].count("<tr>") == 1


def test_an_empty_upload_is_refused(office, client, english):
    english()
    response = check(client, b"")
    assert response.status_code == 422 and "is empty" in page_text(response)


def test_a_file_with_too_many_rows_is_refused_whole(db, office, client, english):
    english()
    lines = [",".join(HEADER)] + [f"专家{i},,,,N{i},,,,,," for i in range(MAX_ROWS + 1)]
    response = check(client, "\n".join(lines).encode(), "experts.csv")
    assert response.status_code == 422 and f"More than {MAX_ROWS} rows" in page_text(response)
    assert len(db.session.scalars(select(Expert)).all()) == 0


def test_a_csv_in_gb18030_imports(db, office, client, steel):
    text = ",".join(HEADER) + "\n王刚,高级工程师,C31,4.1,ZJ-001,2027-06-30,是,13800000001,,本溪钢铁集团有限公司,\n"
    assert imported(client, text.encode("gb18030"), "experts.csv").status_code == 302
    assert expert_named(db, "王刚").certificate_expires == date(2027, 6, 30)


def test_an_import_writes_every_row_with_one_audit_entry(db, office, client, steel, make_user):
    user = make_user("lifang", Role.EXPERT, display_name="李芳（账号）")
    blank = expert_of_user(db, user)
    rows = [HEADER, row(), row("李芳", number="ZJ-002", employer=steel.credit_code, username="LiFang", lead="否"),
            row("赵明", number=None, expires=None, employer="本溪新材料研究院", lead=None, strengths="领导, 结果")]
    audit_before = len(audit_actions(db))
    response = imported(client, xlsx(rows))
    assert response.status_code == 302 and response.headers["Location"] == "/experts/"
    db.session.expire_all()
    wang = expert_named(db, "王刚")
    assert wang.specialties == ["C31", "B08"] and wang.strengths == ["4.1", "4.5"] and wang.can_lead
    assert wang.certificate_expires == date(2027, 6, 30) and wang.phone == "13800000001"
    li = expert_named(db, "李芳")
    assert li.id == blank.id and li.person.user_id == user.id and li.certificate_number == "ZJ-002"  # by login
    zhao = expert_named(db, "赵明")
    assert zhao.strengths == ["4.1", "4.7"] and not zhao.can_lead
    new_org = db.session.scalar(select(Organization).where(Organization.name == "本溪新材料研究院"))
    assert new_org.kind is OrgKind.OTHER
    employers = {r.from_person_id: r.to_org_id for r in db.session.scalars(
        select(Relation).where(Relation.type == RelationType.EMPLOYED_BY))}
    assert employers == {wang.person_id: steel.id, li.person_id: steel.id, zhao.person_id: new_org.id}
    assert audit_actions(db)[audit_before:] == ["experts_imported"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "experts_imported"))
    assert len(entry.details["created"]) == 2 and entry.details["updated"] == [li.id]
    assert entry.details["organizations_created"] == ["本溪新材料研究院"]


def test_importing_the_same_file_again_changes_nothing(db, office, client, steel, english):
    english()
    data = xlsx([HEADER, row(), row("赵明", number=None, expires=None, employer="本溪新材料研究院")])
    imported(client, data)
    before = counts(db)
    response = check(client, data)
    page = page_text(response)
    assert 'id="count-new">0<' in page and 'id="count-unchanged">2<' in page and 'id="run-import"' not in page
    response = check(client, data, dry_run=False)
    assert response.status_code == 302
    assert counts(db) == before
    assert "Nothing to import" in page_text(client.get("/experts/"))


def test_matching_by_certificate_number_updates_the_expert(db, office, client, steel, make_expert):
    expert = make_expert("王钢", certificate_number="zj-001", title="工程师")
    data = xlsx([HEADER, row()])  # once: a workbook written a second later has other bytes (its timestamps)
    response = check(client, data)
    page = page_text(response)
    assert 'id="count-updated">1<' in page and "工程师 → 教授级高级工程师" in page
    run(client, data)
    db.session.expire_all()
    assert (expert.person.name, expert.title) == ("王刚", "教授级高级工程师")
    assert len(db.session.scalars(select(Expert)).all()) == 1


def test_matching_by_name_and_employer(db, office, client, steel, make_org, make_expert):
    here = make_expert("王刚", employer=steel)
    elsewhere = make_expert("王刚", employer=make_org("本溪制药有限公司"))
    imported(client, xlsx([HEADER, row(number=None, expires=None)]))
    db.session.expire_all()
    assert here.title == "教授级高级工程师" and elsewhere.title is None
    assert len(db.session.scalars(select(Expert)).all()) == 2


def test_a_different_employer_in_the_file_ends_the_old_relation(db, office, client, steel, make_org, make_expert):
    make_org("本溪制药有限公司")
    expert = make_expert("王刚", employer=steel, certificate_number="ZJ-001")
    imported(client, xlsx([HEADER, row(employer="本溪制药有限公司")]))
    old, new = db.session.scalars(select(Relation).order_by(Relation.id)).all()
    assert old.to_org_id == steel.id and old.end_date == date(2026, 11, 26)
    assert new.from_person_id == expert.person_id and new.start_date == date(2026, 11, 26)


def test_an_empty_employer_leaves_the_recorded_one(db, office, client, steel, make_expert):
    make_expert("王刚", employer=steel, certificate_number="ZJ-001")
    imported(client, xlsx([HEADER, row(employer=None, title="研究员")]))
    [relation] = db.session.scalars(select(Relation)).all()
    assert relation.end_date is None


def test_a_certificate_and_a_login_of_two_different_experts_are_refused(db, office, client, english, make_user,
                                                                         make_expert):
    english()
    make_user("lifang", Role.EXPERT, display_name="李芳")
    make_expert("王刚", certificate_number="ZJ-001")
    response = check(client, xlsx([HEADER, row(employer=None, username="lifang")]))
    assert response.status_code == 422 and problems(response) == [("2", "K")]
    assert "belongs to 李芳" in page_text(response)


def test_two_experts_of_one_name_and_employer_need_a_certificate_or_login(db, office, client, english, steel,
                                                                            make_expert):
    english()
    make_expert("王刚", employer=steel)
    make_expert("王刚", employer=steel)
    response = check(client, xlsx([HEADER, row(number=None, expires=None)]))
    assert response.status_code == 422 and problems(response) == [("2", "A")]
    assert "Several experts named 王刚" in page_text(response)


def test_two_rows_about_one_expert_are_refused(db, office, client, english, steel):
    english()
    response = check(client, xlsx([HEADER, row(number=None, expires=None), row(number=None, expires=None,
                                                                                 title="研究员")]))
    assert response.status_code == 422 and problems(response) == [("3", "A")]
    assert "Row 2 already describes this expert" in page_text(response)


def test_a_run_without_a_dry_run_kept_file_is_sent_back(db, office, client):
    response = client.post("/experts/import/run", data={"sha256": "0" * 64, "filename": "x.xlsx"})
    assert response.status_code == 302 and response.headers["Location"] == "/experts/import"


def test_the_file_is_checked_again_when_imported(db, office, client, steel, make_expert):
    data = xlsx([HEADER, row()])
    check(client, data)
    make_expert("别人", certificate_number="ZJ-X")  # harmless change: still valid
    make_expert("王刚", employer=steel)            # now the row's name and employer designate…
    response = run(client, data)                  # …nothing new: certificate ZJ-001 is unknown, name+employer matches
    assert response.status_code == 302
    assert len(db.session.scalars(select(Expert)).all()) == 2


# --- export -----------------------------------------------------------------------------------------------------

def test_the_export_applies_the_filters(db, office, client, make_expert):
    make_expert("王刚", status=ExpertStatus.SUSPENDED, status_reason="x")
    make_expert("李芳")
    response = client.get("/experts/export.xlsx", query_string={"status": "suspended"})
    assert response.status_code == 200 and detect_file(response.data).kind == "xlsx"
    sheet = load_workbook(io.BytesIO(response.data))["专家"]
    assert [c.value for c in sheet[1]] == HEADER + ["状态"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["王刚"]
    assert "experts_exported" in audit_actions(db)


def test_exporting_then_importing_changes_nothing(db, office, client, make_org, make_expert, make_user):
    steel = make_org("本溪钢铁集团有限公司")
    twin_a, twin_b = make_org("本溪同名公司"), make_org("本溪同名公司")
    user = make_user("chenj", Role.EXPERT, display_name="陈静")
    chen = expert_of_user(db, user)
    chen.title, chen.specialties, chen.phone = "研究员", ["H61"], "024-1234567"
    db.session.commit()
    make_expert("王刚", employer=steel, title="教授级高级工程师", specialties=["C31", "B08"], strengths=["4.1", "4.7"],
                certificate_number="00123", certificate_expires=date(2027, 6, 30), can_lead=True,
                phone="13800000001", email="w@example.com")
    make_expert("李芳", employer=twin_b, certificate_number="ZJ-2")
    make_expert("赵明", employer=twin_a)
    make_expert("孙丽", status=ExpertStatus.DISQUALIFIED, status_reason="违规")
    data = client.get("/experts/export.xlsx").data
    assert len(names_in_list(client.get("/experts/"))) == 5
    before = counts(db)
    response = check(client, data, "export.xlsx")
    assert response.status_code == 200, page_text(response)
    page = page_text(response)
    assert 'id="count-new">0<' in page and 'id="count-updated">0<' in page and 'id="count-unchanged">5<' in page
    assert check(client, data, "export.xlsx", dry_run=False).status_code == 302
    assert counts(db) == before

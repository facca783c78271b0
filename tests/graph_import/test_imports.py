"""Issue #4, bulk import through the app: the office checks a file (dry run), then imports it; nothing is written
unless the whole file is valid, and importing the same file again changes nothing."""
import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from reviewapp.domain.coi.graph_workbook import template_workbook
from reviewapp.domain.files import detect_file
from reviewapp.models import AuditEntry, Organization, Person, Relation, RelationSource, RelationType, Role
from tests.conftest import audit_actions, credit_code

ENTITIES = [["id", "kind", "name", "uscc"],
            ["E-ZHANG", "人员", "张三", None],
            ["O-GROUP", "组织", "本溪示例集团有限公司", credit_code("210502", 501)],
            ["O-SUB", "组织", "本溪示例子公司", None]]
RELATIONS = [["type", "from", "to", "start", "end", "share", "degree"],
             ["employed_by", "E-ZHANG", "O-SUB", "2021-03-01", None, None, None],
             ["subsidiary_of", "O-SUB", "O-GROUP", None, None, None, None],
             ["shareholder_of", "E-ZHANG", "O-GROUP", "2019-01-01", "2023-06-30", 0.3, None]]


def workbook(entities=ENTITIES, relations=RELATIONS) -> bytes:
    book = Workbook()
    book.active.title = "实体"
    for row in entities:
        book.active.append(row)
    sheet = book.create_sheet("关系")
    for row in relations:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check(client, data: bytes, filename="graph.xlsx", dry_run=True):
    form = {"file": (io.BytesIO(data), filename)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/imports/check", data=form, content_type="multipart/form-data")


def run(client, data: bytes, filename="graph.xlsx"):
    return client.post("/imports/run", data={"sha256": hashlib.sha256(data).hexdigest(), "filename": filename})


def counts(db) -> dict:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Person, Organization, Relation, AuditEntry)}


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.mark.parametrize("method, url", [("GET", "/imports/"), ("GET", "/imports/template.xlsx"),
                                         ("POST", "/imports/check"), ("POST", "/imports/run")])
def test_only_the_office_may_import(make_user, auth, client, method, url):
    make_user("lizj", Role.EXPERT)
    auth.login("lizj")
    assert client.open(url, method=method).status_code == 403


def test_office_downloads_the_template(office, client):
    page = page_text(client.get("/imports/"))
    assert 'href="/imports/template.xlsx"' in page
    response = client.get("/imports/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    assert detect_file(response.data).kind == "xlsx"
    assert cell_values(response.data) == cell_values(template_workbook())  # the bytes carry the time of writing


def cell_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_dry_run_shows_what_would_be_created_and_writes_nothing(db, office, client):
    before = counts(db)
    response = check(client, workbook())
    assert response.status_code == 200
    page = page_text(response)
    assert 'id="count-new-entities">3<' in page and 'id="count-new-relations">3<' in page
    assert 'id="count-matched-entities">0<' in page and 'id="count-present-relations">0<' in page
    assert "本溪示例子公司" in page and 'name="sha256"' in page
    assert counts(db) == before


def test_an_invalid_file_writes_nothing_and_lists_every_bad_cell(db, office, client):
    entities = ENTITIES + [["E-ZHANG", "人员", "张三重复", None], ["O-BAD", "公司", "某单位", None]]
    relations = RELATIONS + [["employed_by", "O-SUB", "E-NOBODY", "2021-02-30", None, None, None]]
    before = counts(db)
    for dry_run in (True, False):
        response = check(client, workbook(entities, relations), dry_run=dry_run)
        assert response.status_code == 422
        rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([A-Z]*) <span",
                          response.get_data(as_text=True))
        assert rows == [("实体", "5", "A"), ("实体", "6", "B"),
                        ("关系", "5", "B"), ("关系", "5", "C"), ("关系", "5", "D")]
        assert 'name="sha256"' not in response.get_data(as_text=True)
    assert counts(db) == before


def test_a_valid_import_creates_the_entities_and_relations(db, office, client):
    data = workbook()
    check(client, data)
    response = run(client, data)
    assert response.status_code == 302
    people = db.session.scalars(select(Person).where(Person.import_key.is_not(None))).all()
    assert [(p.import_key, p.name) for p in people] == [("E-ZHANG", "张三")]
    group = db.session.scalar(select(Organization).where(Organization.import_key == "O-GROUP"))
    assert group.credit_code == credit_code("210502", 501)
    assert group.version == 1 and group.created_at is not None and group.kind.value == "other"
    relations = db.session.scalars(select(Relation).order_by(Relation.id)).all()
    assert [r.type for r in relations] == [RelationType.EMPLOYED_BY, RelationType.SUBSIDIARY_OF,
                                           RelationType.SHAREHOLDER_OF]
    assert all(r.source is RelationSource.IMPORTED and r.recorded_by_id == office.id and r.recorded_at
               for r in relations)
    assert relations[0].from_person_id == people[0].id and relations[1].to_org_id == group.id
    assert relations[2].share == Decimal("0.3000") and str(relations[2].end_date) == "2023-06-30"
    assert "已导入 graph.xlsx：新增实体 3 个、关联关系 3 条" in page_text(client.get("/imports/"))


def test_importing_the_same_file_again_changes_nothing(db, office, client):
    data = workbook()
    check(client, data)
    run(client, data)
    before = counts(db)
    page = page_text(check(client, data))
    assert 'id="count-matched-entities">3<' in page and 'id="count-present-relations">3<' in page
    assert 'id="count-new-entities">0<' in page and 'name="sha256"' not in page
    check(client, data, dry_run=False)
    run(client, data)
    assert counts(db) == before


def test_the_import_without_a_dry_run_writes_at_once(db, office, client):
    response = check(client, workbook(), dry_run=False)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Relation)) == 3


def test_a_relation_may_name_an_existing_organization_by_its_credit_code(db, office, client, make_org):
    org = make_org("本溪示例申报企业有限公司")
    data = workbook([ENTITIES[0], ENTITIES[1]],
                    [RELATIONS[0], ["consulted_for", "E-ZHANG", org.credit_code, "2024-05-01", None, None, None]])
    page = page_text(check(client, data))
    assert 'id="count-new-relations">1<' in page and "本溪示例申报企业有限公司" in page
    run(client, data)
    relation = db.session.scalar(select(Relation))
    assert (relation.type, relation.to_org_id) == (RelationType.CONSULTED_FOR, org.id)
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_an_entity_row_with_a_registered_credit_code_is_the_registered_organization(db, office, client, make_org):
    org = make_org("本溪示例集团")
    data = workbook([ENTITIES[0], ENTITIES[1], ["G", "组织", "本溪示例集团有限公司", org.credit_code]],
                    [RELATIONS[0], ["director_of", "E-ZHANG", "G", "2022-01-01", None, None, None]])
    page = page_text(check(client, data))
    assert 'id="count-matched-entities">1<' in page and 'id="count-new-entities">1<' in page
    run(client, data)
    assert db.session.scalar(select(Relation.to_org_id)) == org.id
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_the_import_is_audited_once_with_counts_and_the_files_checksum(db, office, client):
    data = workbook()
    check(client, data)
    run(client, data, filename="本溪关系.xlsx")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "graph_imported"))
    assert entry.user_id == office.id and entry.object_id == hashlib.sha256(data).hexdigest()
    assert entry.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert (entry.details["entities_created"], entry.details["relations_created"]) == (3, 3)
    assert entry.details["filename"] == "本溪关系.xlsx"
    assert len(entry.details["created"]["relations"]) == 3 and len(entry.details["created"]["organizations"]) == 2
    assert audit_actions(db).count("graph_imported") == 1


def test_the_import_step_reads_only_a_file_the_server_checked(db, office, client, app):
    data = workbook()
    response = run(client, data)  # never checked
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Relation)) == 0
    check(client, data)
    stored = Path(app.config["UPLOAD_FOLDER"]) / "imports" / hashlib.sha256(data).hexdigest()
    assert stored.read_bytes() == data
    stored.write_bytes(workbook(relations=RELATIONS[:2]))  # changed behind the server's back
    run(client, data)
    assert db.session.scalar(select(func.count()).select_from(Relation)) == 0
    assert client.post("/imports/run", data={"sha256": "../../etc/passwd"}).status_code == 302


def test_the_import_checks_the_file_again_against_the_graph_as_it_is_now(db, office, client):
    data = workbook()
    check(client, data)
    db.session.add(Organization(name="先到的组织", import_key="E-ZHANG"))
    db.session.commit()
    before = counts(db)
    response = run(client, data)
    assert response.status_code == 422
    assert "E-ZHANG" in page_text(response)
    assert counts(db) == before


def test_an_error_while_writing_rolls_everything_back(db, office, client, monkeypatch):
    from reviewapp.graph_import import operations

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(operations.audit, "record", broken)
    data = workbook()
    check(client, data)
    before = counts(db)
    with pytest.raises(RuntimeError):
        run(client, data)
    assert counts(db) == before


def test_files_are_judged_by_content_and_size(db, office, client, app, monkeypatch):
    response = check(client, b"%PDF-1.7\n%%EOF", filename="graph.pdf")
    assert response.status_code == 422 and "sha256" not in page_text(response)
    response = check(client, "id,kind,name\r\nP1,人员,张三\r\n".encode("gb18030"), filename="people.csv")
    assert response.status_code == 200 and 'id="count-new-entities">1<' in page_text(response)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 1000)
    response = check(client, workbook())
    assert response.status_code == 422 and "1000" not in page_text(response)
    assert "MB" in page_text(response)
    assert counts(db)["Person"] == 0


def test_the_form_asks_for_a_file_and_checks_by_default(office, client):
    page = page_text(client.get("/imports/"))
    assert re.search(r'<input checked class="form-check-input" id="dry_run"', page)
    response = client.post("/imports/check", data={"dry_run": "y"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "请选择文件。" in page_text(response)

from datetime import date

from sqlalchemy import func, select

from reviewapp.models import AwardRecord, CreditRecord, Organization, Relation, RelationType
from tests.conftest import audit_actions, credit_code

VALID = {"name": "本溪市平山制药有限公司", "kind": "enterprise", "founded_on": "2012-05-08", "industry_code": "c27",
         "for_profit": "y", "address": "本溪市平山区胜利路1号", "legal_representative": "王建国",
         "person_in_charge": "李明", "contact_name": "赵敏", "contact_phone": "024-4281234",
         "contact_email": "zhaomin@example.cn"}


def org_count(db):
    return db.session.scalar(select(func.count()).select_from(Organization))


def test_office_registers_an_organization_with_its_people_in_the_graph(db, office, client):
    code = credit_code("210502", 7)
    response = client.post("/organizations/new", data={**VALID, "credit_code": code.lower()})
    assert response.status_code == 302
    org = db.session.scalar(select(Organization))
    assert org.credit_code == code and org.industry_code == "C27"
    relations = db.session.scalars(select(Relation).where(Relation.to_org_id == org.id)).all()
    assert {(r.type, r.from_person.name) for r in relations} == {
        (RelationType.LEGAL_REPRESENTATIVE_OF, "王建国"), (RelationType.PERSON_IN_CHARGE_OF, "李明")}
    assert "organization_created" in audit_actions(db)
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "平山区" in page and "王建国" in page


def test_art11_2_a_mistyped_credit_code_is_refused_and_nothing_is_written(db, office, client):
    code = credit_code("210502", 7)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    page = client.post("/organizations/new", data={**VALID, "credit_code": wrong}).get_data(as_text=True)
    assert "校验" in page or "check character" in page
    assert org_count(db) == 0


def test_credit_code_with_forbidden_letters_or_wrong_length_is_refused(db, office, client):
    for bad in ("91210502ABCDEFGHIO", "9121050212345"):
        response = client.post("/organizations/new", data={**VALID, "credit_code": bad})
        assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    assert org_count(db) == 0


def test_one_organization_per_credit_code(db, office, client, make_org):
    existing = make_org("本溪已登记有限公司")
    page = client.post("/organizations/new", data={**VALID, "credit_code": existing.credit_code}).get_data(as_text=True)
    assert "本溪已登记有限公司" in page
    assert org_count(db) == 1


def test_bad_industry_code_is_refused(db, office, client):
    page = client.post("/organizations/new", data={**VALID, "industry_code": "C99"}).get_data(as_text=True)
    assert "C99" in page and org_count(db) == 0


def test_changing_the_legal_representative_ends_the_old_relation(db, office, client):
    client.post("/organizations/new", data={**VALID, "credit_code": credit_code("210503", 9)})
    org = db.session.scalar(select(Organization))
    client.post(f"/organizations/{org.id}/edit", data={**VALID, "credit_code": org.credit_code,
                                                       "legal_representative": "孙志刚", "version": org.version})
    relations = db.session.scalars(select(Relation).where(
        Relation.to_org_id == org.id, Relation.type == RelationType.LEGAL_REPRESENTATIVE_OF)).all()
    by_name = {r.from_person.name: r for r in relations}
    assert by_name["王建国"].end_date is not None and by_name["孙志刚"].end_date is None
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "孙志刚" in page and "王建国" in page  # the history stays visible


def test_a_stale_edit_is_refused_not_merged(db, office, client, make_org):
    org = make_org("本溪并发测试有限公司")
    stale_version = org.version
    client.post(f"/organizations/{org.id}/edit", data={**VALID, "name": "第一次修改", "credit_code": org.credit_code,
                                                       "version": stale_version})
    page = client.post(f"/organizations/{org.id}/edit", data={**VALID, "name": "第二次修改",
                                                              "credit_code": org.credit_code,
                                                              "version": stale_version}).get_data(as_text=True)
    assert "Someone else changed" in page or "其他人" in page or "他人" in page
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "第一次修改"


def test_art11_6_credit_records_are_added_and_validated(db, office, client, make_org):
    org = make_org()
    ok = client.post(f"/organizations/{org.id}/credit-records", data={
        "kind": "abnormal_operations", "start_date": "2025-01-10", "end_date": "2025-06-01",
        "source": "国家企业信用信息公示系统"})
    assert ok.status_code == 302
    bad = client.post(f"/organizations/{org.id}/credit-records", data={
        "kind": "administrative_penalty", "start_date": "2025-01-10", "end_date": "2025-06-01", "source": "市场监管局"})
    assert bad.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(CreditRecord)) == 1


def test_award_history_with_a_revocation_needs_article_and_reason(db, office, client, make_org):
    org = make_org()
    incomplete = client.post(f"/organizations/{org.id}/awards", data={
        "kind": "award", "awarded_on": "2020-12-01", "revoked_on": "2022-03-01", "revocation_article": ""})
    assert incomplete.status_code == 422
    complete = client.post(f"/organizations/{org.id}/awards", data={
        "kind": "award", "awarded_on": "2020-12-01", "cycle_name": "第七届", "revoked_on": "2022-03-01",
        "revocation_article": "32", "revocation_reason": "发生重大质量事故"})
    assert complete.status_code == 302
    record = db.session.scalar(select(AwardRecord))
    assert (record.revocation_article, record.revoked_on) == (32, date(2022, 3, 1))


def test_findings_are_recorded(db, office, client, make_org):
    org = make_org()
    assert client.post(f"/organizations/{org.id}/findings", data={
        "kind": "false_materials", "found_on": "2024-04-01",
        "description": "申报材料中的检测报告系伪造"}).status_code == 302
    assert "finding_added" in audit_actions(db)


def test_search_by_name_or_code(office, client, make_org):
    steel = make_org("本溪钢铁示例有限公司")
    make_org("桓仁药业示例有限公司", division="210522")
    by_name = client.get("/organizations/?q=钢铁").get_data(as_text=True)
    assert "本溪钢铁示例有限公司" in by_name and "桓仁药业" not in by_name
    by_code = client.get(f"/organizations/?q={steel.credit_code[:12]}").get_data(as_text=True)
    assert "本溪钢铁示例有限公司" in by_code

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewapp.models import (
    Application,
    ApplicationStatus,
    CreditRecord,
    CreditRecordKind,
    Material,
    OrgKind,
    Relation,
    RelationType,
    Stage,
)
from tests.conftest import audit_actions

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def registration(org, recommender, **extra):
    return {"organization_id": org.id, "award": "award", "form_data-profile": "本溪市重点钢铁企业",
            "form_data-employees": "1200", "self_assessment-4_1_2": "60", "self_assessment-4_7_2": "45",
            "recommender_id": recommender.id, "recommendation_opinion": "该企业质量管理成效显著，同意推荐。",
            "recommendation_signatory": "刘局长", "recommendation_date": "2026-11-10", **extra}


@pytest.fixture
def world(make_cycle, make_org):
    cycle = make_cycle(stage=Stage.APPLICATION)
    org = make_org("本溪板材示例有限公司")
    recommender = make_org("本溪市工业和信息化局", kind=OrgKind.GOVERNMENT_DEPARTMENT)
    return cycle, org, recommender


def test_art15_office_registers_an_application_with_self_assessment_and_recommendation(db, office, client, world):
    cycle, org, recommender = world
    response = client.post(f"/applications/new/{cycle.id}", data=registration(org, recommender))
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert application.number == "2026-001"
    assert application.self_assessment == {"4.1.2": 60, "4.7.2": 45}
    assert application.form_data["employees"] == 1200
    # the recommendation is also a relation of the affiliation graph (recusal rule R6)
    relation = db.session.scalar(select(Relation).where(Relation.type == RelationType.RECOMMENDED))
    assert (relation.from_org_id, relation.to_org_id) == (recommender.id, org.id)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "本溪板材示例有限公司" in page and "eligibility-outcome" in page


def test_art15_registration_needs_a_recommender_and_its_opinion(db, office, client, world):
    cycle, org, recommender = world
    response = client.post(f"/applications/new/{cycle.id}", data=registration(
        org, recommender, recommender_id="0", recommendation_opinion=""))
    assert response.status_code == 200 and response.get_data(as_text=True).count("is-invalid") >= 2
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_a_self_assessment_off_the_five_percent_steps_is_refused(db, office, client, world):
    cycle, org, recommender = world
    client.post(f"/applications/new/{cycle.id}", data=registration(org, recommender, **{"self_assessment-4_1_2": "62"}))
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_registration_only_during_the_application_stage(db, office, client, world):
    cycle, org, recommender = world
    cycle.stage = Stage.ACCEPTANCE_REVIEW
    db.session.commit()
    client.post(f"/applications/new/{cycle.id}", data=registration(org, recommender))
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_an_organization_applies_once_per_cycle(db, office, client, world):
    cycle, org, recommender = world
    client.post(f"/applications/new/{cycle.id}", data=registration(org, recommender))
    page = client.post(f"/applications/new/{cycle.id}", data=registration(org, recommender),
                       follow_redirects=True).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Application)) == 1
    assert "already applied" in page or "已" in page


def upload(client, application, name, data, kind="application_form"):
    return client.post(f"/applications/{application.id}/materials",
                       data={"kind": kind, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data",
                       follow_redirects=True)


def test_a_pdf_is_stored_under_a_generated_name_and_downloads_are_logged(app, db, office, client, make_cycle,
                                                                        make_application):
    application = make_application(make_cycle())
    upload(client, application, "申报表.pdf", PDF)
    material = db.session.scalar(select(Material))
    stored = Path(app.config["UPLOAD_FOLDER"]) / material.stored_name
    assert stored.read_bytes() == PDF and material.stored_name != "申报表.pdf"
    assert "static" not in str(stored)
    with client.get(f"/applications/materials/{material.id}") as response:
        assert response.status_code == 200 and response.data == PDF
    assert "material_downloaded" in audit_actions(db)


@pytest.mark.parametrize("name, data", [
    ("report.pdf", b"MZ\x90\x00 this is an executable"),
    ("report.pdf", b"plain text pretending"),
    ("report.pdf", b"%PDF-1.4 truncated without its end"),
    ("report.exe", b"MZ\x90\x00"),
])
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(app, db, office, client, make_cycle,
                                                                         make_application, name, data):
    application = make_application(make_cycle())
    before = set(Path(app.config["UPLOAD_FOLDER"]).glob("*"))
    page = upload(client, application, name, data).get_data(as_text=True)
    assert "alert-danger" in page
    assert db.session.scalar(select(func.count()).select_from(Material)) == 0
    assert set(Path(app.config["UPLOAD_FOLDER"]).glob("*")) == before


def test_an_oversized_file_is_refused_with_its_size(app, db, office, client, make_cycle, make_application,
                                                    monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 100)
    application = make_application(make_cycle())
    page = upload(client, application, "big.pdf", PDF + b" " * 200).get_data(as_text=True)
    assert "MB" in page
    assert db.session.scalar(select(func.count()).select_from(Material)) == 0


def test_art16_a_rejection_needs_a_reason(db, office, client, make_cycle, make_application):
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    client.post(f"/applications/{application.id}/decision", data={"decision": "reject", "reason": ""})
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED
    client.post(f"/applications/{application.id}/decision", data={"decision": "reject", "reason": "推荐意见未盖章"})
    db.session.expire_all()
    assert application.status is ApplicationStatus.REJECTED and application.decision_reason == "推荐意见未盖章"


def test_art16_accepting_over_a_failed_automatic_check_needs_a_written_reason(db, office, client, make_cycle,
                                                                             make_org, make_application):
    org = make_org("外地示例有限公司", division="210102")  # registered in Shenyang: fails Art. 11(2)
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW), org)
    client.post(f"/applications/{application.id}/decision", data={"decision": "accept"})
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED
    client.post(f"/applications/{application.id}/decision",
                data={"decision": "accept", "override_reason": "已迁入本溪，登记变更在办理中（附证明）"})
    db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED
    assert application.override_reason.startswith("已迁入本溪")
    assert "application_accepted" in audit_actions(db)


def test_decisions_only_during_the_acceptance_review(db, office, client, make_cycle, make_application):
    application = make_application(make_cycle(stage=Stage.APPLICATION))
    client.post(f"/applications/{application.id}/decision", data={"decision": "accept"})
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED


def test_eligibility_is_explained_next_to_the_decision(db, office, client, make_cycle, make_org, make_application):
    org = make_org("受罚示例有限公司")
    db.session.add(CreditRecord(organization_id=org.id, kind=CreditRecordKind.ADMINISTRATIVE_PENALTY,
                                start_date=date(2025, 6, 1), source="本溪市市场监督管理局"))
    db.session.commit()
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW), org)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'data-rule="no_administrative_penalty"' in page
    row = page.split('data-rule="no_administrative_penalty"')[0].rsplit("<tr", 1)[1]
    assert "check-fail" in row
    assert "2025-06-01" in page and "本溪市市场监督管理局" in page


def test_office_judgements_settle_the_judgement_items(db, office, client, make_cycle, make_application):
    application = make_application(make_cycle(stage=Stage.ACCEPTANCE_REVIEW))
    client.post(f"/applications/{application.id}/judgements",
                data={"item": "art11_4", "passed": "yes", "note": "利税居全市同行业第一"})
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    row = page.split('data-rule="art11_4"')[1].split("</tr>")[0]
    assert "利税居全市同行业第一" in row
    assert "judgement_recorded" in audit_actions(db)

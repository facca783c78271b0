"""Art. 17, 33: an expert reads an applicant's pages and files only from an active panel, after signing the
declaration, and never when conflicted; otherwise they do not exist for them (404), even by guessing URLs."""
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import ApplicationStatus, Material, MaterialKind, Relation, RelationSource, RelationType, Stage
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD, audit_actions
from tests.reviews.worlds import signed_expert_on

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def seated(db, app, make_user, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    other = make_application(cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "expert-access-test").write_bytes(PDF)
    db.session.add(Material(application_id=application.id, kind=MaterialKind.APPLICATION_FORM,
                            original_name="申报表.pdf", stored_name="expert-access-test",
                            mimetype="application/pdf", size=len(PDF), sha256="0" * 64))
    db.session.commit()
    expert, panel = signed_expert_on(db, make_user, cycle, application)
    expert_client = app.test_client()
    expert_client.post("/auth/login", data={"username": "lizj", "password": PASSWORD})
    material = db.session.scalar(select(Material))
    return application, other, material, expert, panel, expert_client


def test_an_assigned_expert_reads_the_application_and_downloads_are_logged(db, seated):
    application, _, material, _, _, expert_client = seated
    page = expert_client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "本溪板材示例有限公司" in page and "申报表.pdf" in page
    assert 'id="eligibility"' not in page and 'id="decision"' not in page  # the office's parts
    with expert_client.get(f"/applications/materials/{material.id}") as response:
        assert response.status_code == 200 and response.data == PDF
    assert "material_downloaded" in audit_actions(db)


def test_an_unassigned_application_does_not_exist_for_the_expert(seated):
    _, other, _, _, _, expert_client = seated
    assert expert_client.get(f"/applications/{other.id}").status_code == 404
    assert expert_client.get("/applications/99999").status_code == 404


def test_a_conflict_found_after_assignment_makes_pages_and_files_404(db, seated):
    application, _, material, expert, _, expert_client = seated
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    assert expert_client.get(f"/applications/{application.id}").status_code == 404
    assert expert_client.get(f"/applications/materials/{material.id}").status_code == 404


def test_after_dissolution_the_expert_loses_access(db, seated):
    application, _, material, _, panel, expert_client = seated
    panel.dissolved_at = utcnow()
    db.session.commit()
    assert expert_client.get(f"/applications/{application.id}").status_code == 404
    assert expert_client.get(f"/applications/materials/{material.id}").status_code == 404


def test_office_actions_stay_with_the_office(seated):
    application, _, _, _, _, expert_client = seated
    assert expert_client.post(f"/applications/{application.id}/decision",
                              data={"decision": "reject", "reason": "x"}).status_code == 403
    assert expert_client.get(f"/applications/{application.id}/edit").status_code == 403


def test_art16_33_an_expert_sees_and_downloads_only_the_current_version_of_a_file(db, app, seated):
    """Issue 18: an earlier version replaced during a correction is the office's record; the expert's pages (the
    application, the score sheet) list only the current file and the earlier one does not exist for them."""
    application, _, material, _, _, expert_client = seated
    (Path(app.config["UPLOAD_FOLDER"]) / "expert-access-new").write_bytes(PDF)
    material.superseded_at = utcnow()
    db.session.add(Material(application_id=application.id, kind=MaterialKind.APPLICATION_FORM,
                            original_name="申报表-补正版.pdf", stored_name="expert-access-new", replaces_id=material.id,
                            mimetype="application/pdf", size=len(PDF), sha256="1" * 64))
    db.session.commit()
    for url in (f"/applications/{application.id}", f"/reviews/{application.id}/document_review"):
        response = expert_client.get(url)
        assert response.status_code == 200 and "申报表.pdf" not in response.get_data(as_text=True), url
    assert "申报表-补正版.pdf" in expert_client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert expert_client.get(f"/applications/materials/{material.id}").status_code == 404

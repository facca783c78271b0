"""Photos and evidence of a site-visit issue (Art. 19; issue 17): any expert of the on-site panel attaches them from
a tablet, checked by content and size and stored like every upload; the panel and the office download them, nobody
else (never a conflicted expert, Art. 33); a to-be-clarified issue is not closed as confirmed without a note."""
import io

from sqlalchemy import func, select

from reviewapp.conflicts import service
from reviewapp.models import Relation, RelationSource, RelationType, Role, SiteIssue, SiteIssueKind, SiteIssueResolution
from reviewapp.models.site_evidence import SiteIssueEvidence
from reviewapp.uploads import upload_folder
from tests.conftest import audit_actions
from tests.domain.test_site_visit import JPEG
from tests.reviews.test_onsite import onsite_setup, plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _visited(db, setup):
    onsite_setup(db, setup)
    plan(setup.leader(), setup)
    return db.session.scalar(select(SiteIssue).where(SiteIssue.kind == SiteIssueKind.CLARIFY_OPPORTUNITY))


def attach(client, issue, data, name="IMG_0001.jpg"):
    return client.post(f"/reviews/issues/{issue.id}/evidence", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def _count(db):
    return db.session.scalar(select(func.count()).select_from(SiteIssueEvidence))


def test_art19_a_member_attaches_a_photo_and_the_panel_and_the_office_see_it(db, doc_panel, make_user):
    issue = _visited(db, doc_panel)
    member = doc_panel.client("member1")
    visit = member.get(f"/reviews/{doc_panel.application.id}/onsite_review/visit").get_data(as_text=True)
    assert 'accept="image/*,.pdf"' in visit and "capture=" in visit
    assert 'id="visit-form"' not in visit and "resolve-form" not in visit  # the leader alone plans and settles
    page = attach(member, issue, JPEG).get_data(as_text=True)
    assert "alert-success" in page and "IMG_0001.jpg" in page
    attach(doc_panel.leader(), issue, PDF, "对标数据.pdf")
    evidence = db.session.scalars(select(SiteIssueEvidence).order_by(SiteIssueEvidence.id)).all()
    assert [e.mimetype for e in evidence] == ["image/jpeg", "application/pdf"]
    assert (upload_folder() / evidence[0].stored_name).read_bytes() == JPEG
    make_user("office2", Role.OFFICE)
    for client in (member, doc_panel.leader(), doc_panel.client("office2")):
        response = client.get(f"/reviews/site-evidence/{evidence[0].id}")
        assert response.status_code == 200 and response.data == JPEG and response.mimetype == "image/jpeg"
        response.close()
    assert {"site_issue_evidence_added", "site_issue_evidence_downloaded"} <= set(audit_actions(db))
    # the office reads the visit from its review progress page, without a form
    office = doc_panel.client("office2")
    assert "visit-record-link" in office.get(f"/reviews/cycles/{doc_panel.cycle.id}").get_data(as_text=True)
    record = office.get(f"/reviews/{doc_panel.application.id}/onsite_review/visit/record").get_data(as_text=True)
    assert f"/reviews/site-evidence/{evidence[0].id}" in record and "缺少对标数据" in record
    assert "<form" not in record.split('id="issues"', 1)[1].split("</ul>", 1)[0]


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_and_nothing_is_kept(db, doc_panel):
    issue = _visited(db, doc_panel)
    files_before = set(upload_folder().iterdir())
    page = attach(doc_panel.leader(), issue, b"MZ\x90\x00 an executable", "photo.jpg").get_data(as_text=True)
    assert "alert-danger" in page and "photo.jpg" in page
    assert _count(db) == 0 and set(upload_folder().iterdir()) == files_before
    page = attach(doc_panel.leader(), issue, b"", "empty.jpg").get_data(as_text=True)
    assert "alert-danger" in page and _count(db) == 0


def test_a_photo_over_the_size_limit_is_refused(db, doc_panel, app, monkeypatch):
    issue = _visited(db, doc_panel)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 30)
    page = attach(doc_panel.leader(), issue, JPEG).get_data(as_text=True)
    assert "alert-danger" in page and "MB" in page and _count(db) == 0


def test_art33_nobody_else_attaches_or_downloads(db, doc_panel, make_user):
    issue = _visited(db, doc_panel)
    attach(doc_panel.client("member1"), issue, JPEG)
    evidence = db.session.scalar(select(SiteIssueEvidence))
    make_user("outsider", Role.EXPERT, display_name="外部专家")
    make_user("group", Role.LEADING_GROUP)
    assert attach(doc_panel.client("outsider"), issue, JPEG).status_code == 404
    assert doc_panel.client("outsider").get(f"/reviews/site-evidence/{evidence.id}").status_code == 404
    assert doc_panel.client("group").get(f"/reviews/site-evidence/{evidence.id}").status_code == 403
    assert doc_panel.client("outsider").get("/reviews/site-evidence/99999999999999999999").status_code == 404
    # a conflict found later cuts the member off at once
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=doc_panel.experts[2].person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    conflicted = doc_panel.client("member2")
    assert conflicted.get(f"/reviews/site-evidence/{evidence.id}").status_code == 404
    assert attach(conflicted, issue, JPEG).status_code == 404
    assert conflicted.get(f"/reviews/{doc_panel.application.id}/onsite_review/visit").status_code == 404
    assert _count(db) == 1


def test_art19_a_to_be_clarified_issue_is_not_confirmed_without_a_note(db, doc_panel):
    issue = _visited(db, doc_panel)
    prefix = f"resolve-{issue.id}-"
    page = doc_panel.leader().post(f"/reviews/issues/{issue.id}/resolve", data={
        prefix + "resolution": "verified", prefix + "note": " "}, follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in page and "才能以“已确认”结案" in page
    db.session.expire_all()
    assert db.session.get(SiteIssue, issue.id).resolution is SiteIssueResolution.OPEN

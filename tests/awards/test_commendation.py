"""Art. 24: after the approval (Art. 23) the office records the city government's commendation decision (document
number, date, text or scanned PDF); the certificates and the public results cite it."""
from datetime import date

from sqlalchemy import func, select

from reviewapp.awards.commendation import SCAN_FOLDER
from reviewapp.models import CommendationDecision, CommendationScan, Role
from reviewapp.uploads import upload_folder
from tests.awards.worlds import COMMENDATION_NUMBER, PDF, approve, commend
from tests.conftest import audit_actions


def decisions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(CommendationDecision))


def test_art24_the_approval_page_leads_to_the_commendation_decision(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    page = client.get(f"/awards/cycles/{cycle.id}/approval").get_data(as_text=True)
    assert 'id="commendation-missing"' in page and f"/awards/cycles/{cycle.id}/commendation" in page
    assert "certificate-link" not in page  # Art. 24: no certificate before the decision
    form = client.get(f"/awards/cycles/{cycle.id}/commendation").get_data(as_text=True)
    assert 'id="commendation-form"' in form and "data-confirm" in form and 'enctype="multipart/form-data"' in form


def test_art24_the_office_records_the_decision_with_its_scan(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    response = commend(client, cycle, scan=(PDF, "表彰决定.pdf"))
    assert response.status_code == 302 and response.headers["Location"] == f"/awards/cycles/{cycle.id}/commendation"
    decision = db.session.scalar(select(CommendationDecision))
    assert (decision.document_number, decision.decided_on, decision.recorded_by_id) == (
        COMMENDATION_NUMBER, date(2026, 11, 26), office.id)
    assert decision.scan.original_name == "表彰决定.pdf" and decision.scan.mimetype == "application/pdf"
    assert (upload_folder(SCAN_FOLDER) / decision.scan.stored_name).read_bytes() == PDF
    assert "commendation_decision_recorded" in audit_actions(db)

    page = client.get(f"/awards/cycles/{cycle.id}/commendation").get_data(as_text=True)
    assert "根据《本溪市人民政府关于表彰本届市长质量奖获奖组织的决定》（本政发〔2026〕31号）" in page
    assert "certificate-link" in page
    with client.get(f"/awards/cycles/{cycle.id}/commendation/scan") as scan:
        assert scan.status_code == 200 and scan.data == PDF and scan.mimetype == "application/pdf"
    assert "commendation_scan_downloaded" in audit_actions(db)


def test_art24_the_public_results_cite_the_decision(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    citation = "根据《本溪市人民政府关于表彰本届市长质量奖获奖组织的决定》（本政发〔2026〕31号）"
    assert citation not in client.get(f"/awards/results/{cycle.id}").get_data(as_text=True)
    commend(client, cycle)
    client.get("/auth/logout")
    assert citation in client.get(f"/awards/results/{cycle.id}").get_data(as_text=True)
    assert citation in client.get("/awards/results").get_data(as_text=True)


def test_art23_24_no_decision_before_the_approval(db, office, client, approval_cycle):
    page = commend(client, approval_cycle.cycle).get_data(as_text=True)
    assert "record the approval first" in page and decisions(db) == 0


def test_art24_the_decision_is_not_dated_before_the_approval_nor_in_the_future(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)  # on 2026-11-25
    page = commend(client, cycle, decided_on=date(2026, 11, 24)).get_data(as_text=True)
    assert "cannot be dated before the approval of the list (2026-11-25" in page
    page = commend(client, cycle, decided_on=date(2026, 11, 27)).get_data(as_text=True)
    assert "is in the future" in page
    assert decisions(db) == 0
    assert commend(client, cycle, decided_on=date(2026, 11, 25)).status_code == 302  # the day of the approval


def test_art24_the_document_number_names_the_decisions_year(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    page = commend(client, approval_cycle.cycle, number="本政发〔2025〕31号").get_data(as_text=True)
    assert "The document number is of 2025" in page and decisions(db) == 0


def test_art24_the_decision_needs_its_text_or_its_scan(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    page = commend(client, cycle, text="  ").get_data(as_text=True)
    assert "Record the decision&#39;s text or upload its scanned copy" in page and decisions(db) == 0
    assert commend(client, cycle, text="", scan=(PDF, "scan.pdf")).status_code == 302
    assert db.session.scalar(select(CommendationDecision.text)) is None


def test_art24_a_scan_that_is_not_a_pdf_is_refused_and_nothing_is_written(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    before = set(upload_folder(SCAN_FOLDER).iterdir())
    page = commend(client, cycle, scan=(b"MZ\x90\x00 not a pdf", "decision.pdf")).get_data(as_text=True)
    assert "is named like a PDF file but its content is not PDF" in page
    page = commend(client, cycle, scan=(b"plain text", "decision.txt")).get_data(as_text=True)
    assert "alert" in page or "invalid-feedback" in page
    assert decisions(db) == 0 and db.session.scalar(select(func.count()).select_from(CommendationScan)) == 0
    assert set(upload_folder(SCAN_FOLDER).iterdir()) == before


def test_art24_the_decision_is_recorded_once(db, office, client, approval_cycle):
    cycle = approval_cycle.cycle
    approve(client, cycle)
    commend(client, cycle)
    page = commend(client, cycle, number="本政发〔2026〕32号").get_data(as_text=True)
    assert decisions(db) == 1
    assert "本政发〔2026〕32号" not in page  # the form is gone: the page shows the decision on record


def test_art24_other_roles_cannot_record_or_read_the_decision(db, make_user, auth, client, approval_cycle):
    cycle = approval_cycle.cycle
    for role in (Role.EXPERT, Role.LEADING_GROUP):
        make_user(role.value, role)
        auth.login(role.value)
        assert client.get(f"/awards/cycles/{cycle.id}/commendation").status_code == 403
        assert commend(client, cycle).status_code == 403
        assert client.get(f"/awards/cycles/{cycle.id}/commendation/scan").status_code == 403
        auth.logout()
    assert client.get(f"/awards/cycles/{cycle.id}/commendation").status_code in (302, 401)
    assert decisions(db) == 0

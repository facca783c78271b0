"""The office investigates an applicant (Art. 8(4)), excludes it on false or concealed information with the 5-year
ban (Art. 30), and records withdrawals (Art. 5): through the pages, with the consequences for panels, lists and
stage counts."""
import io
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from reviewapp.extensions import db as _db
from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    Candidate,
    Cycle,
    FindingKind,
    Investigation,
    ListChange,
    ListEntry,
    MisconductFinding,
    PanelApplicant,
    PublicSubmission,
    Role,
    Stage,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
    Withdrawal,
)
from tests.conftest import audit_actions, csrf_token_from, version_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _report_about(org, cycle=None, kind=SubmissionKind.MISCONDUCT):
    submission = PublicSubmission(receipt=f"26-TEST{org.id:05d}", kind=kind, subject=SubmissionSubject.APPLICANT,
                                  organization_id=org.id, cycle_id=cycle.id if cycle else None,
                                  subject_name=org.name, filer_name="赵举人", filer_contact="13800000000",
                                  facts="申报材料中的检测报告系伪造", reasons="检测机构出具函件否认",
                                  status=SubmissionStatus.RECEIVED)
    _db.session.add(submission)
    _db.session.commit()
    return submission


def _open(client, application, submission=None, source="report", scope="核实申报材料中检测报告的真实性"):
    page = client.get(f"/investigations/new/{application.id}").get_data(as_text=True)
    return client.post(f"/investigations/new/{application.id}", data={
        "csrf_token": csrf_token_from(page), "source": source, "submission_id": submission.id if submission else 0,
        "opinion_request_id": 0, "scope": scope})


def _conclude(client, investigation_id, conclusion, text="检测机构书面确认未出具该报告", confirmed=None):
    page = client.get(f"/investigations/{investigation_id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "version": version_in(page) if 'name="version"' in page else 1,
            "conclusion": conclusion,
            "conclusion_text": text}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(f"/investigations/{investigation_id}/conclusion", data=data)


def _only_investigation():
    return _db.session.scalars(select(Investigation)).one()


def test_art8_the_office_opens_an_investigation_from_a_report_and_adds_evidence(db, office, client, doc_panel):
    application = doc_panel.application
    report = _report_about(application.organization)
    listing = client.get(f"/investigations/from-submission/{report.id}").get_data(as_text=True)
    assert f"/investigations/new/{application.id}?submission_id={report.id}" in listing
    response = _open(client, application, report)
    assert response.status_code == 302
    investigation = _only_investigation()
    assert investigation.submission_id == report.id and investigation.source.value == "report"
    page = client.get(f"/investigations/{investigation.id}").get_data(as_text=True)
    response = client.post(f"/investigations/{investigation.id}/evidence", data={
        "csrf_token": csrf_token_from(page), "note": "检测机构复函",
        "file": (io.BytesIO(PDF), "复函.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert investigation.evidence[0].sha256 and investigation.evidence[0].note == "检测机构复函"
    assert "investigation_opened" in audit_actions(db) and "investigation_evidence_added" in audit_actions(db)
    shown = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert f"/investigations/{investigation.id}" in shown


def test_art8_evidence_files_are_checked_by_their_content(db, office, client, doc_panel):
    _open(client, doc_panel.application, source="office")
    investigation = _only_investigation()
    page = client.get(f"/investigations/{investigation.id}").get_data(as_text=True)
    response = client.post(f"/investigations/{investigation.id}/evidence", data={
        "csrf_token": csrf_token_from(page), "note": "", "file": (io.BytesIO(b"MZ not a pdf"), "report.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert investigation.evidence == []


def test_art8_a_report_about_another_organization_is_refused(db, office, client, doc_panel, make_org):
    other = _report_about(make_org("另一家公司"))
    response = _open(client, doc_panel.application, other)
    assert response.status_code == 200
    assert _db.session.scalars(select(Investigation)).all() == []


def test_art30_false_information_asks_for_confirmation_then_excludes_frees_the_panel_and_bans(
        db, office, client, doc_panel):
    application = doc_panel.application
    _open(client, application, _report_about(application.organization))
    investigation = _only_investigation()
    page = _conclude(client, investigation.id, "false_information")
    assert page.status_code == 200 and 'id="confirm-exclusion"' in page.get_data(as_text=True)
    assert doc_panel.panel.name in page.get_data(as_text=True)
    assert investigation.conclusion is None and application.status is ApplicationStatus.ACCEPTED

    response = _conclude(client, investigation.id, "false_information", confirmed=True)
    assert response.status_code == 302
    _db.session.expire_all()
    assert application.status is ApplicationStatus.EXCLUDED
    assert _db.session.scalars(select(PanelApplicant)).all() == []
    finding = _db.session.scalars(select(MisconductFinding)).one()
    assert finding.kind is FindingKind.FALSE_MATERIALS and finding.found_on == date(2026, 11, 26)
    assert investigation.finding_id == finding.id and investigation.excluded_from is ApplicationStatus.ACCEPTED
    assert {"investigation_concluded", "application_excluded", "finding_added"} <= set(audit_actions(db))
    shown = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'id="excluded-alert"' in shown
    # the experts no longer see it
    assert doc_panel.leader().get(f"/applications/{application.id}").status_code == 404


def test_art30_the_ban_refuses_the_organization_in_a_later_cycle(db, office, client, doc_panel, make_cycle):
    from reviewapp.applications.eligibility import eligibility_report
    from reviewapp.models import Application

    application = doc_panel.application
    _open(client, application, source="office")
    _conclude(client, _only_investigation().id, "false_information", confirmed=True)
    later = make_cycle(name="第十一届", stage=Stage.APPLICATION, reference_date=date(2028, 11, 16))
    again = Application(cycle_id=later.id, organization_id=application.organization_id, number="2028-001",
                        award=AwardKind.AWARD, status=ApplicationStatus.REGISTERED)
    _db.session.add(again)
    _db.session.commit()
    assert eligibility_report(again).check("false_materials_ban").outcome.value == "fail"


def test_art30_an_unfounded_conclusion_changes_nothing(db, office, client, doc_panel):
    _open(client, doc_panel.application, source="office")
    response = _conclude(client, _only_investigation().id, "unfounded", text="经核实，举报不实")
    assert response.status_code == 302
    assert doc_panel.application.status is ApplicationStatus.ACCEPTED
    assert len(_db.session.scalars(select(PanelApplicant)).all()) == 1
    assert _db.session.scalars(select(MisconductFinding)).all() == []


def test_art30_exclusion_takes_the_applicant_off_the_candidate_and_approved_lists(db, office, client, proposed_notice):
    cycle, excluded = proposed_notice.cycle, proposed_notice.apps["A"]
    _db.session.add(Candidate(cycle_id=cycle.id, application_id=excluded.id, level=AwardKind.AWARD,
                              combined_score=Decimal("870.00")))
    _db.session.commit()
    _open(client, excluded, _report_about(excluded.organization, cycle, SubmissionKind.OBJECTION),
          source="objection")
    _conclude(client, _only_investigation().id, "false_information", confirmed=True)
    assert _db.session.scalar(select(Candidate).where(Candidate.application_id == excluded.id)) is None
    assert _db.session.scalar(select(ListEntry).where(ListEntry.application_id == excluded.id)) is None
    change = _db.session.scalars(select(ListChange)).one()
    assert change.source.value == "exclusion" and change.to_level is None and change.from_level is AwardKind.AWARD
    from reviewapp.cycles.operations import proposed_winner_entries
    assert excluded.id not in {e["application_id"] for e in proposed_winner_entries(cycle)}


def test_art30_art23_no_exclusion_after_approval(db, office, client, doc_panel):
    _open(client, doc_panel.application, source="office")
    cycle = _db.session.get(Cycle, doc_panel.cycle.id)
    cycle.approved_on = date(2026, 11, 20)
    _db.session.commit()
    response = _conclude(client, _only_investigation().id, "false_information", confirmed=True)
    assert response.status_code == 200
    assert doc_panel.application.status is ApplicationStatus.ACCEPTED
    assert _db.session.scalars(select(MisconductFinding)).all() == []


def test_art30_the_office_reverses_an_exclusion_with_a_reason(db, office, client, doc_panel):
    application = doc_panel.application
    _open(client, application, source="office")
    investigation = _only_investigation()
    assert _conclude(client, investigation.id, "false_information", confirmed=True).status_code == 302
    _db.session.expire_all()
    assert application.status is ApplicationStatus.EXCLUDED
    page = client.get(f"/investigations/{investigation.id}").get_data(as_text=True)
    refused = client.post(f"/investigations/{investigation.id}/reversal", data={
        "csrf_token": csrf_token_from(page), "version": version_in(page), "reason": ""})
    _db.session.expire_all()
    assert refused.status_code == 200 and application.status is ApplicationStatus.EXCLUDED
    response = client.post(f"/investigations/{investigation.id}/reversal", data={
        "csrf_token": csrf_token_from(page), "version": version_in(page), "reason": "所依据的复函系他案材料"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED
    assert _db.session.scalars(select(MisconductFinding)).all() == []
    assert "exclusion_reversed" in audit_actions(db)


def _withdraw(client, application, received_on="2026-11-25", letter=(PDF, "撤回申请函.pdf"), confirm="y"):
    page = client.get(f"/investigations/withdraw/{application.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "received_on": received_on, "note": "企业来函主动撤回"}
    if letter:
        data["letter"] = (io.BytesIO(letter[0]), letter[1])
    if confirm:
        data["confirm"] = confirm
    return client.post(f"/investigations/withdraw/{application.id}", data=data, content_type="multipart/form-data")


def test_art5_a_withdrawal_with_its_letter_frees_the_panel_and_carries_no_ban(db, office, client, doc_panel):
    application = doc_panel.application
    response = _withdraw(client, application)
    assert response.status_code == 302
    _db.session.expire_all()
    assert application.status is ApplicationStatus.WITHDRAWN
    withdrawal = _db.session.scalars(select(Withdrawal)).one()
    assert withdrawal.received_on == date(2026, 11, 25) and withdrawal.withdrawn_from is ApplicationStatus.ACCEPTED
    assert _db.session.scalars(select(PanelApplicant)).all() == []
    assert _db.session.scalars(select(MisconductFinding)).all() == []
    shown = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'id="withdrawn-alert"' in shown and "撤回申请函.pdf" in shown
    letter = client.get(f"/investigations/withdrawals/{withdrawal.id}/letter")
    assert letter.data == PDF
    letter.close()
    assert "application_withdrawn" in audit_actions(db)


def test_art5_a_withdrawal_needs_its_letter_and_the_confirmation(db, office, client, doc_panel):
    assert _withdraw(client, doc_panel.application, letter=None).status_code == 200
    assert _withdraw(client, doc_panel.application, confirm=None).status_code == 200
    assert _withdraw(client, doc_panel.application, letter=(b"not a pdf", "x.pdf")).status_code == 200
    assert _withdraw(client, doc_panel.application, received_on="2026-11-27").status_code == 200
    assert doc_panel.application.status is ApplicationStatus.ACCEPTED
    assert _db.session.scalars(select(Withdrawal)).all() == []


def test_art5_art23_no_withdrawal_after_approval(db, office, client, doc_panel):
    cycle = _db.session.get(Cycle, doc_panel.cycle.id)
    cycle.approved_on = date(2026, 11, 20)
    _db.session.commit()
    page = client.get(f"/investigations/withdraw/{doc_panel.application.id}").get_data(as_text=True)
    assert 'id="refusal"' in page
    assert _withdraw(client, doc_panel.application).status_code == 200
    assert doc_panel.application.status is ApplicationStatus.ACCEPTED


def test_art16_art5_withdrawn_and_excluded_applications_do_not_count_as_undecided(
        db, office, client, make_cycle, make_application):
    from reviewapp.cycles.queries import stage_facts

    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    accepted = make_application(cycle, status=ApplicationStatus.ACCEPTED)
    waiting = make_application(cycle)
    _withdraw(client, waiting)
    facts = stage_facts(_db.session.get(Cycle, cycle.id))
    assert facts.undecided == 0 and facts.accepted == 1
    assert accepted.status is ApplicationStatus.ACCEPTED


def test_art8_experts_cannot_reach_investigations(db, make_user, auth, client, doc_panel):
    make_user("someexpert", Role.EXPERT)
    auth.login("someexpert")
    assert client.get(f"/investigations/new/{doc_panel.application.id}").status_code == 403


def test_art30_art20_an_excluded_applicant_leaves_every_ranking(db, office, client, doc_panel):
    """The rankings of the comprehensive evaluation (Art. 20), the leading group's and the exports all read
    reviews.evaluation.queries.evaluate, which counts only accepted applications."""
    from reviewapp.models import PanelStage
    from reviewapp.reviews.evaluation.queries import evaluate
    from tests.reviews.worlds import submitted_report, uniform

    application = doc_panel.application
    submitted_report(db, application, doc_panel.panel, PanelStage.DOCUMENT_REVIEW, uniform(60))
    assert [row.application.id for row in evaluate(doc_panel.cycle).ranked] == [application.id]
    _open(client, application, source="office")
    _conclude(client, _only_investigation().id, "false_information", confirmed=True)
    _db.session.expire_all()
    assert evaluate(_db.session.get(Cycle, doc_panel.cycle.id)).ranked == []


def test_art9_an_investigation_from_a_departments_opinion(db, office, client, doc_panel):
    from reviewapp.models import OpinionRequest

    application = doc_panel.application
    opinion = OpinionRequest(application_id=application.id, department="本溪市生态环境局", subject="环保守法情况",
                             sent_on=date(2026, 11, 10), reply_due=date(2026, 11, 20), replied_on=date(2026, 11, 18),
                             reply_text="该企业2025年受到环保行政处罚一次。", raises_problem=True)
    _db.session.add(opinion)
    _db.session.commit()
    page = client.get(f"/investigations/new/{application.id}").get_data(as_text=True)
    assert "本溪市生态环境局" in page
    response = client.post(f"/investigations/new/{application.id}", data={
        "csrf_token": csrf_token_from(page), "source": "opinion", "submission_id": 0,
        "opinion_request_id": opinion.id, "scope": "核实环保行政处罚是否在申报表中如实填报"})
    assert response.status_code == 302
    assert _only_investigation().opinion_request_id == opinion.id
    refused = client.post(f"/investigations/new/{application.id}", data={
        "csrf_token": csrf_token_from(page), "source": "opinion", "submission_id": 0, "opinion_request_id": 0,
        "scope": "缺少意见"})
    assert refused.status_code == 200 and len(_db.session.scalars(select(Investigation)).all()) == 1


def test_art5_art30_the_cycle_lists_its_investigations_and_withdrawals(db, office, client, doc_panel,
                                                                         make_application):
    other = make_application(doc_panel.cycle, status=ApplicationStatus.ACCEPTED)
    _open(client, doc_panel.application, source="office")
    _withdraw(client, other)
    cycle_page = client.get(f"/cycles/{doc_panel.cycle.id}").get_data(as_text=True)
    assert f"/investigations/cycle/{doc_panel.cycle.id}" in cycle_page
    page = client.get(f"/investigations/cycle/{doc_panel.cycle.id}").get_data(as_text=True)
    assert f"/investigations/{_only_investigation().id}" in page and "撤回申请函.pdf" in page

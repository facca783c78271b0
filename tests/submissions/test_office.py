"""The office handles objections (Art. 22) and reports of misconduct (Art. 34): the status flow with a written
decision, the approved list changed by an upheld objection within the quotas (Art. 4, 23), and a finding against a
reviewer that disqualifies them (Art. 33)."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.models import (ApplicationStatus, AwardKind, Expert, ExpertNote, ExpertNoteKind, ExpertStatus,
                              ImpartialityDeclaration, ListChange, ListChangeSource, ListEntry, Panel,
                              PanelApplicant, PanelMember, PanelStage, Person, PublicSubmission, Role, Stage,
                              SubmissionStatus)
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD, audit_actions
from tests.submissions.conftest import (FILER, PDF, count, decide, english, list_unchanged, object_to, report)

UPHOLD = ("upheld", "经调查，乙药业有限公司2025年发生一般质量事故，异议成立。")


@pytest.fixture
def objection(db, client, proposed_notice):
    """An objection to 乙 with one evidence file, as the public filed it."""
    assert object_to(client, proposed_notice.notice, proposed_notice.apps["B"],
                     files=[("检测报告.pdf", PDF)]).status_code == 302
    return db.session.scalar(select(PublicSubmission))


def version_of(db, submission) -> int:
    db.session.expire_all()
    return db.session.get(PublicSubmission, submission.id).version


def test_art22_the_office_sees_the_filer_and_the_evidence(office_client, objection):
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert FILER["filer_name"] in page and FILER["filer_contact"] in page and "检测报告.pdf" in page


def test_art22_evidence_downloads_as_an_attachment_and_is_logged(db, office_client, objection):
    evidence = objection.evidence[0]
    with office_client.get(f"/submissions/evidence/{evidence.id}") as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Disposition"].startswith("attachment")
    assert "submission_evidence_downloaded" in audit_actions(db)


def test_art22_the_list_filters_by_kind_status_and_cycle(db, client, office_client, objection, proposed_notice):
    report(client, subject_name="某评审")
    everything = office_client.get("/submissions/").get_data(as_text=True)
    assert everything.count('class="font-monospace receipt-link"') == 2
    objections = office_client.get("/submissions/?kind=objection").get_data(as_text=True)
    assert objections.count("receipt-link") == 1 and objection.receipt in objections
    in_cycle = office_client.get(f"/submissions/?cycle={proposed_notice.cycle.id}").get_data(as_text=True)
    assert in_cycle.count("receipt-link") == 1
    assert office_client.get("/submissions/?status=upheld").get_data(as_text=True).count("receipt-link") == 0


def test_art22_status_flow_needs_a_written_decision_to_uphold(db, office_client, objection):
    decide(office_client, objection, ("acknowledged", ""), ("investigating", "已转质量科核查"))
    english(office_client)
    refused = office_client.post(f"/submissions/{objection.id}/status",
                                 data={"status": "upheld", "decision": " ", "version": version_of(db, objection)})
    assert refused.status_code == 422 and "needs the written decision" in refused.get_data(as_text=True)
    assert db.session.get(PublicSubmission, objection.id).status is SubmissionStatus.INVESTIGATING
    decide(office_client, objection, UPHOLD)
    db.session.expire_all()
    decided = db.session.get(PublicSubmission, objection.id)
    assert decided.status is SubmissionStatus.UPHELD and decided.decision == UPHOLD[1]
    assert decided.decided_at is not None and decided.decided_by_id is not None
    assert audit_actions(db).count("submission_status_changed") == 3


def test_art22_upholding_skips_no_investigation_and_a_decision_is_final(db, office_client, objection):
    response = office_client.post(f"/submissions/{objection.id}/status",
                                  data={"status": "upheld", "decision": "成立", "version": objection.version})
    assert response.status_code == 422
    decide(office_client, objection, ("rejected", "异议所述事实与本届评审无关。"))
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert 'id="status-form"' not in page


def test_art22_a_stale_status_change_is_refused(db, office_client, objection):
    stale = objection.version
    decide(office_client, objection, ("acknowledged", ""))
    response = office_client.post(f"/submissions/{objection.id}/status",
                                  data={"status": "rejected", "decision": "不成立", "version": stale})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(PublicSubmission, objection.id).status is SubmissionStatus.ACKNOWLEDGED


def test_art22_an_upheld_objection_removes_the_candidate_and_records_the_change(db, office_client, objection,
                                                                               proposed_notice):
    decide(office_client, objection, ("investigating", ""), UPHOLD)
    response = office_client.post(f"/submissions/{objection.id}/list-change", data={
        "change": "remove", "reason": "异议成立，取消拟奖资格。", "version": version_of(db, objection)})
    assert response.status_code == 302
    db.session.expire_all()
    b = proposed_notice.apps["B"]
    assert db.session.scalar(select(ListEntry).where(ListEntry.application_id == b.id)) is None
    change = db.session.scalar(select(ListChange))
    assert (change.application_id, change.from_level, change.to_level, change.source, change.submission_id,
            change.reason) == (b.id, AwardKind.AWARD, None, ListChangeSource.OBJECTION, objection.id,
                               "异议成立，取消拟奖资格。")
    assert "approved_list_changed" in audit_actions(db)
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert 'id="list-changes"' in page and 'id="list-form"' not in page  # one change per objection


def test_art22_an_upheld_objection_can_lower_the_level(db, office_client, objection, proposed_notice):
    decide(office_client, objection, ("investigating", ""), UPHOLD)
    office_client.post(f"/submissions/{objection.id}/list-change", data={
        "change": "nomination", "reason": "改为提名奖。", "version": version_of(db, objection)})
    db.session.expire_all()
    entry = db.session.scalar(select(ListEntry).where(ListEntry.application_id == proposed_notice.apps["B"].id))
    assert entry.level is AwardKind.NOMINATION
    assert db.session.scalar(select(ListChange)).to_level is AwardKind.NOMINATION


def test_art4_a_change_that_breaks_the_quota_is_refused_and_nothing_written(db, client, office_client,
                                                                             proposed_notice):
    """丙 (nomination) raised to the award would make three award places where the cycle has two (Art. 4)."""
    object_to(client, proposed_notice.notice, proposed_notice.apps["C"])
    objection = db.session.scalar(select(PublicSubmission))
    decide(office_client, objection, ("investigating", ""), ("upheld", "成立"))
    english(office_client)
    response = office_client.post(f"/submissions/{objection.id}/list-change", data={
        "change": "award", "reason": "改为市长质量奖。", "version": version_of(db, objection)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "take an award place but the cycle has 2" in page
    assert list_unchanged(db) and "approved_list_changed" not in audit_actions(db)
    assert version_of(db, objection) == 3  # filed as 1, then the two status changes only


def test_art22_only_an_upheld_objection_changes_the_list(db, office_client, objection):
    decide(office_client, objection, ("investigating", ""))
    response = office_client.post(f"/submissions/{objection.id}/list-change", data={
        "change": "remove", "reason": "x", "version": version_of(db, objection)})
    assert response.status_code == 422 and list_unchanged(db)


def test_art23_the_list_no_longer_changes_once_approved(db, office_client, objection, proposed_notice):
    from datetime import date

    decide(office_client, objection, ("investigating", ""), UPHOLD)
    proposed_notice.cycle.approved_on = date(2026, 11, 25)
    db.session.commit()
    response = office_client.post(f"/submissions/{objection.id}/list-change", data={
        "change": "remove", "reason": "x", "version": version_of(db, objection)})
    assert response.status_code == 422 and list_unchanged(db)


# --- Art. 33, 34: a finding against a reviewer --------------------------------------------------------------------

@pytest.fixture
def seated_reviewer(db, app, make_user, make_cycle, make_application, make_org):
    """王评审 sits on an active document panel reviewing 本溪板材 (declaration signed) and on a dissolved one."""
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    user = make_user("wangps", Role.EXPERT, display_name="王评审")
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    active = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name="第一评审组")
    dissolved = Panel(cycle_id=cycle.id, stage=PanelStage.ONSITE_REVIEW, name="旧评审组", dissolved_at=utcnow())
    db.session.add_all([active, dissolved])
    db.session.flush()
    db.session.add_all([PanelMember(panel_id=active.id, expert_id=expert.id, is_leader=True),
                        PanelMember(panel_id=dissolved.id, expert_id=expert.id),
                        PanelApplicant(panel_id=active.id, application_id=application.id,
                                       stage=PanelStage.DOCUMENT_REVIEW),
                        ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                                text_sha256="x" * 64)])
    db.session.commit()
    expert_client = app.test_client()
    expert_client.post("/auth/login", data={"username": "wangps", "password": PASSWORD})
    return expert, application, active, dissolved, expert_client


@pytest.fixture
def upheld_report(db, client, office_client):
    report(client, subject="reviewer", subject_name="王评审")
    submission = db.session.scalar(select(PublicSubmission))
    decide(office_client, submission, ("investigating", ""),
           ("upheld", "经查，该评审专家在评审期间接受申报组织宴请，举报属实。"))
    return submission


def test_art33_disqualification_removes_the_reviewer_from_active_panels_and_cuts_access(
        db, office_client, seated_reviewer, upheld_report):
    expert, application, active, dissolved, expert_client = seated_reviewer
    assert expert_client.get(f"/applications/{application.id}").status_code == 200
    panel_version = active.version
    response = office_client.post(f"/submissions/{upheld_report.id}/finding", data={
        "expert_id": expert.id, "kind": "misconduct", "text": "接受申报组织宴请。", "disqualify": "y",
        "version": version_of(db, upheld_report)})
    assert response.status_code == 302
    db.session.expire_all()
    expert = db.session.get(Expert, expert.id)
    assert expert.status is ExpertStatus.DISQUALIFIED and expert.status_reason == upheld_report.decision
    members = set(db.session.scalars(select(PanelMember.panel_id).where(PanelMember.expert_id == expert.id)))
    assert members == {dissolved.id}  # the records of finished panels stay
    assert db.session.get(Panel, active.id).version == panel_version + 1
    note = db.session.scalar(select(ExpertNote))
    assert (note.expert_id, note.kind, note.submission_id, note.text) == (
        expert.id, ExpertNoteKind.MISCONDUCT, upheld_report.id, "接受申报组织宴请。")
    assert db.session.get(PublicSubmission, upheld_report.id).expert_id == expert.id
    actions = audit_actions(db)
    assert actions.count("panel_member_removed") == 1
    assert {"expert_note_recorded", "expert_status_changed"} <= set(actions)
    assert expert_client.get(f"/applications/{application.id}").status_code == 404  # at once, Art. 33
    record = office_client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "接受申报组织宴请。" in record.split('id="expert-notes"')[1]  # on the expert's record


def test_art34_a_late_conflict_goes_on_the_record_without_disqualifying(db, office_client, seated_reviewer,
                                                                        upheld_report):
    expert, application, active, _, expert_client = seated_reviewer
    office_client.post(f"/submissions/{upheld_report.id}/finding", data={
        "expert_id": expert.id, "kind": "late_conflict", "text": "与申报组织存在未申报的亲属关系。",
        "version": version_of(db, upheld_report)})
    db.session.expire_all()
    assert db.session.scalar(select(ExpertNote)).kind is ExpertNoteKind.LATE_CONFLICT
    assert db.session.get(Expert, expert.id).status is ExpertStatus.ACTIVE
    assert count(db, PanelMember) == 2


def test_art34_a_finding_needs_an_upheld_report_about_a_reviewer(db, client, office_client, seated_reviewer):
    expert = seated_reviewer[0]
    report(client, subject="reviewer", subject_name="王评审")
    submission = db.session.scalar(select(PublicSubmission))
    response = office_client.post(f"/submissions/{submission.id}/finding", data={
        "expert_id": expert.id, "kind": "misconduct", "text": "x", "disqualify": "y", "version": submission.version})
    assert response.status_code == 422
    db.session.expire_all()
    assert count(db, ExpertNote) == 0 and db.session.get(Expert, expert.id).status is ExpertStatus.ACTIVE


def test_art34_the_office_links_a_report_to_the_organization(db, client, office_client, make_org):
    org = make_org("丁食品有限公司")
    report(client, subject="winner", subject_name="丁食品")
    submission = db.session.scalar(select(PublicSubmission))
    office_client.post(f"/submissions/{submission.id}/link",
                       data={"organization_id": org.id, "expert_id": 0, "version": submission.version})
    db.session.expire_all()
    assert db.session.get(PublicSubmission, submission.id).organization_id == org.id
    assert "submission_linked" in audit_actions(db)


@pytest.mark.parametrize("role", [Role.EXPERT, Role.LEADING_GROUP])
def test_art22_only_the_office_handles_submissions(app, db, make_user, objection, role):
    make_user("someone", role)
    other = app.test_client()
    other.post("/auth/login", data={"username": "someone", "password": PASSWORD})
    evidence = objection.evidence[0]
    for url in ("/submissions/", f"/submissions/{objection.id}", f"/submissions/evidence/{evidence.id}"):
        assert other.get(url).status_code == 403, url
    response = other.post(f"/submissions/{objection.id}/status",
                          data={"status": "rejected", "decision": "x", "version": objection.version})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(PublicSubmission, objection.id).status is SubmissionStatus.RECEIVED


def test_art22_anonymous_visitors_are_sent_to_log_in_for_the_office_pages(client, objection):
    response = client.get(f"/submissions/{objection.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_art4_combined_scores_are_kept_on_the_list(db, proposed_notice):
    entries = db.session.scalars(select(ListEntry).order_by(ListEntry.id)).all()
    assert [e.combined_score for e in entries] == [Decimal("870.00"), Decimal("630.00"), Decimal("650.00")]

"""The office handles objections (Art. 22) and reports of misconduct (Art. 34): the status flow with a written
decision, the approved list changed by an upheld objection within the quotas (Art. 4, 23), and a finding against a
reviewer that disqualifies them (Art. 33)."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    Expert,
    ExpertNote,
    ExpertNoteKind,
    ExpertStatus,
    ImpartialityDeclaration,
    ListChange,
    ListChangeSource,
    ListEntry,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    Person,
    PublicSubmission,
    Role,
    Stage,
    SubmissionStatus,
)
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD, audit_actions
from tests.submissions.worlds import FILER, PDF, count, decide, english, list_unchanged, object_to, report

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


# --- the office's page reads as what happened (Art. 22, 34) --------------------------------------------------------

def status_options(page: str) -> dict[str, str]:
    """The status form's choices: value -> label."""
    select_html = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group(0)
    return dict(re.findall(r'<option[^>]*value="([^"]+)"[^>]*>([^<]*)</option>', select_html))


def shown_status(page: str) -> str:
    return re.search(r'id="current-status"[^>]*>([^<]*)<', page).group(1)


def test_art22_a_decision_reads_as_the_decision_on_the_case(db, office_client, objection):
    decide(office_client, objection, ("investigating", ""), UPHOLD)
    english(office_client)
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert re.search(r"<dt[^>]*>Decision on the case</dt>", page) and ">Decision</dt>" not in page
    assert shown_status(page) == "Upheld"


def test_art22_before_acceptance_the_negative_outcome_is_not_accepted_for_handling(db, client, office_client,
                                                                                  objection):
    english(office_client)
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert status_options(page) == {"acknowledged": "Acknowledged", "investigating": "Under investigation",
                                    "rejected": "Not accepted for handling"}
    decide(office_client, objection, ("rejected", "异议不属于本次公示范围。"))
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert shown_status(page) == "Not accepted for handling"
    listed = office_client.get("/submissions/").get_data(as_text=True)
    assert "Not accepted for handling</span>" in listed


@pytest.mark.parametrize("steps", [[("investigating", "")], [("acknowledged", "")]], ids=["investigated",
                                                                                            "acknowledged"])
def test_art22_once_accepted_the_negative_outcome_is_not_upheld(db, office_client, objection, steps):
    decide(office_client, objection, *steps)
    english(office_client)
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert status_options(page)["rejected"] == "Not upheld"
    assert "Not accepted" not in page.split('id="status-form"')[1].split("</form>")[0]
    decide(office_client, objection, ("rejected", "经调查，异议所述事实不成立。"))
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    assert shown_status(page) == "Not upheld"
    history = page.split('id="history"')[1].split("</ul>")[0]
    assert "Not upheld" in history and "Not accepted" not in history
    assert "Not upheld</span>" in office_client.get("/submissions/").get_data(as_text=True)


def test_art22_the_filter_names_both_negative_outcomes(office_client, objection):
    english(office_client)
    page = office_client.get("/submissions/").get_data(as_text=True)
    assert '<option value="rejected">Not accepted or not upheld</option>' in page


def test_art22_the_history_shows_what_happened_not_the_codes(db, office_client, objection):
    decide(office_client, objection, ("investigating", "已转质量科核查"))
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    history = page.split('id="history"')[1].split("</ul>")[0]
    assert "(submission_filed)" not in history and "(submission_status_changed)" not in history
    assert "submission_" not in history
    english(office_client)
    history = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True).split('id="history"')[1]
    assert "Objection or report filed" in history and "Objection or report handled" in history


def test_art22_the_page_names_the_objected_organization_once(db, office_client, objection, proposed_notice):
    page = office_client.get(f"/submissions/{objection.id}").get_data(as_text=True)
    subject = page.split('id="subject"')[1].split("</dd>")[0]
    assert subject.count("乙药业有限公司") == 1
    assert f'href="/organizations/{proposed_notice.apps["B"].organization_id}"' in subject


def test_art34_a_linked_reviewer_is_named_with_the_name_the_filer_gave(db, client, office_client, seated_reviewer):
    expert = seated_reviewer[0]
    report(client, subject="reviewer", subject_name="王某（评审专家）")
    submission = db.session.scalar(select(PublicSubmission))
    office_client.post(f"/submissions/{submission.id}/link", data={"expert_id": expert.id, "version": 1})
    english(office_client)
    page = office_client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    subject = page.split('id="subject"')[1].split("</dd>")[0]
    assert subject.count("王评审") == 1 and f'href="/experts/{expert.id}"' in subject
    assert "As named by the filer: 王某（评审专家）" in subject


def test_art34_the_finding_form_names_the_linked_expert(db, client, office_client, seated_reviewer):
    expert = seated_reviewer[0]
    report(client, subject="reviewer", subject_name="王评审")
    submission = db.session.scalar(select(PublicSubmission))
    # the page's link form for a reviewer carries the expert only
    assert office_client.post(f"/submissions/{submission.id}/link",
                              data={"expert_id": expert.id, "version": 1}).status_code == 302
    decide(office_client, submission, ("investigating", ""), ("upheld", "经查属实。"))
    page = office_client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    form = page.split('id="finding-form"')[1].split("</form>")[0]
    assert re.search(rf'<option selected value="{expert.id}">王评审</option>', form)
    refused = office_client.post(f"/submissions/{submission.id}/finding", data={
        "expert_id": expert.id, "kind": "misconduct", "text": " ", "version": version_of(db, submission)})
    assert refused.status_code == 422
    form = refused.get_data(as_text=True).split('id="finding-form"')[1].split("</form>")[0]
    assert re.search(rf'<option selected value="{expert.id}">王评审</option>', form)

"""Art. 16: the office sends an application back for correction (补正); the organization corrects its form and
files (every version kept) and resubmits; the office accepts only once the request is closed."""
import io
from datetime import date

from sqlalchemy import func, select

from reviewapp.models import (
    ApplicationStatus,
    CorrectionOutcome,
    CorrectionRequest,
    Material,
    MaterialKind,
    Notification,
    Stage,
)
from tests.acceptance import PDF, complete_for_acceptance
from tests.conftest import audit_actions


def send_back(client, application, missing="自我评价报告缺少4.7结果部分的数据", due="2026-12-10"):
    return client.post(f"/applications/{application.id}/corrections", data={"missing": missing, "due_on": due},
                       follow_redirects=True)


def accept(client, application):
    return client.post(f"/applications/{application.id}/decision", data={"decision": "accept"},
                       follow_redirects=True).get_data(as_text=True)


def test_art16_sending_back_blocks_acceptance_and_tells_the_organization(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    request = db.session.scalar(select(CorrectionRequest))
    assert request.is_open and request.due_on == date(2026, 12, 10)
    cycle_page = client.get(f"/cycles/{application.cycle_id}").get_data(as_text=True)
    assert "sent-back" in cycle_page  # the cycle's list marks it
    assert db.session.scalar(select(Notification.kind).where(
        Notification.user_id == sent_back_world["applicant"].id)) == "correction_requested"
    page = accept(client, application)
    assert f"{request.id}" in page and ("补正" in page or "correction" in page)
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED
    assert "correction_requested" in audit_actions(db) and "application_accepted" not in audit_actions(db)


def test_art16_the_due_date_may_not_be_before_today_and_missing_is_required(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application, due="2026-11-25")  # the day before the tests' today
    send_back(client, application, missing="   ")
    assert db.session.scalar(select(CorrectionRequest)) is None


def test_art16_one_open_request_at_a_time_and_only_while_registered(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    send_back(client, application, missing="第二次")
    assert len(db.session.scalars(select(CorrectionRequest)).all()) == 1


def test_art16_rejecting_waits_for_the_due_date_then_closes_the_request(db, client, auth, today, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    reject = {"decision": "reject", "reason": "未按期补正"}
    client.post(f"/applications/{application.id}/decision", data=reject)
    db.session.expire_all()
    assert application.status is ApplicationStatus.REGISTERED
    today(date(2026, 12, 11))
    client.post(f"/applications/{application.id}/decision", data=reject)
    db.session.expire_all()
    request = db.session.scalar(select(CorrectionRequest))
    assert application.status is ApplicationStatus.REJECTED and request.outcome is CorrectionOutcome.LAPSED


def test_art16_withdrawing_the_request_lets_the_office_accept(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    request = db.session.scalar(select(CorrectionRequest))
    client.post(f"/applications/corrections/{request.id}/withdraw")
    accept(client, application)
    db.session.expire_all()
    assert request.outcome is CorrectionOutcome.WITHDRAWN and application.status is ApplicationStatus.ACCEPTED


def _upload(client, application, replaces=0, name="自我评价报告-修订.pdf", kind="self_assessment_report"):
    return client.post(f"/my/applications/{application.id}/materials",
                       data={"kind": kind, "replaces": str(replaces), "file": (io.BytesIO(PDF), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_art16_the_organization_corrects_uploads_a_new_version_and_resubmits(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    auth.logout()
    auth.login("huagang")
    page = client.get(f"/my/applications/{application.id}").get_data(as_text=True)
    assert "自我评价报告缺少4.7结果部分的数据" in page and "2026-12-10" in page
    old = next(m for m in application.materials if m.kind is MaterialKind.SELF_ASSESSMENT_REPORT)
    _upload(client, application, replaces=old.id)
    _upload(client, application, name="新增证明.pdf", kind="supporting")
    form = client.get(f"/my/applications/{application.id}/correct").get_data(as_text=True)
    from tests.conftest import csrf_token_from, version_in
    client.post(f"/my/applications/{application.id}/correct", data={
        "csrf_token": csrf_token_from(form), "version": version_in(form), "form_data-employees": "1200",
        "self_assessment-4_1_2": "60"})
    client.post(f"/my/applications/{application.id}/resubmit", data={"note": "已补充4.7数据"})
    db.session.expire_all()
    request = db.session.scalar(select(CorrectionRequest))
    assert request.outcome is CorrectionOutcome.RESUBMITTED and request.resubmission_note == "已补充4.7数据"
    assert application.form_data["employees"] == 1200 and application.self_assessment["4.1.2"] == 60
    assert old.superseded_at is not None
    new = db.session.scalar(select(Material).where(Material.replaces_id == old.id))
    assert new.kind is MaterialKind.SELF_ASSESSMENT_REPORT and new.superseded_at is None
    assert {"material_uploaded", "application_corrected", "correction_resubmitted"} <= set(audit_actions(db))
    # after resubmitting nothing more can be changed
    assert _upload(client, application, name="晚到.pdf", kind="supporting").status_code == 200
    assert db.session.scalar(select(Material).where(Material.original_name == "晚到.pdf")) is None
    auth.logout()
    auth.login("office")
    office_page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "自我评价报告-修订.pdf" in office_page and f'data-material="{old.id}"' in office_page
    assert "earlier-version" in office_page
    with client.get(f"/applications/materials/{old.id}") as response:  # the office reads the old version
        assert response.status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert f"resubmitted-{application.id}" in home
    accept(client, application)
    db.session.expire_all()
    assert application.status is ApplicationStatus.ACCEPTED


def test_art15_16_the_checklist_judges_only_the_current_files(db, sent_back_world):
    """A file that was replaced counts no more: with only a superseded supporting file the item is missing."""
    from reviewapp.applications.acceptance import checklist_for
    from reviewapp.models.base import utcnow

    application = sent_back_world["application"]
    assert checklist_for(application).complete
    supporting = next(m for m in application.materials if m.kind is MaterialKind.SUPPORTING)
    supporting.superseded_at = utcnow()
    db.session.commit()
    assert checklist_for(application).open_codes == ["material:supporting"]


def test_art16_the_office_is_told_of_a_resubmission(db, client, auth, sent_back_world):
    application = sent_back_world["application"]
    auth.login("office")
    send_back(client, application)
    auth.logout()
    auth.login("huagang")
    client.post(f"/my/applications/{application.id}/resubmit", data={"note": ""})
    assert db.session.scalar(select(Notification.kind).where(
        Notification.user_id == sent_back_world["office"].id)) == "correction_resubmitted"


def test_a_new_version_replaces_only_a_current_file_of_the_same_application(db, client, auth, sent_back_world,
                                                                           make_cycle, make_application):
    application = sent_back_world["application"]
    other = make_application(make_cycle("第十一届", stage=Stage.ACCEPTANCE_REVIEW))
    foreign = complete_for_acceptance(other).materials[0]
    auth.login("office")
    send_back(client, application)
    auth.logout()
    auth.login("huagang")
    before = db.session.scalar(select(func.count()).select_from(Material))
    response = _upload(client, application, replaces=foreign.id)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Material)) == before
    assert foreign.superseded_at is None

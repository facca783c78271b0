"""Issue 18, Art. 27, 29: the winner submits its use-of-funds reports and records its sharing activities through its
own account, through the register's operations; the office sees them marked as the organization's."""
import io

from sqlalchemy import func, select

from reviewapp.demo.documents import minimal_pdf
from reviewapp.models import (
    AwardKind,
    AwardRecord,
    FundsReport,
    Notification,
    OrganizationAccount,
    Role,
    User,
    WinnerActivity,
)
from reviewapp.models.base import utcnow
from reviewapp.notifications import reminders
from tests.conftest import audit_actions

PDF = minimal_pdf(["Use of funds 2024"])


def _account(db, make_user, username, organization, verified=True):
    user = make_user(username, Role.APPLICANT)
    db.session.add(OrganizationAccount(user=user, organization=organization, organization_name=organization.name,
                                       verified_at=utcnow() if verified else None))
    db.session.commit()
    return user


def _funds(client, award, year=1, data=PDF, name="2024年度资金使用报告.pdf", note="用于质量提升培训"):
    prefix = f"funds{award.id}-"
    return client.post(f"/winners/mine/{award.id}/funds-reports", content_type="multipart/form-data",
                       data={prefix + "report_year": str(year), prefix + "note": note,
                             prefix + "attachment": (io.BytesIO(data), name)})


def _activity(client, award, **fields):
    data = {"kind": "sharing", "held_on": "2026-09-18", "title": "卓越绩效经验分享会", "place": "本溪市会议中心",
            "audience": "", "summary": "", **fields}
    return client.post(f"/winners/mine/{award.id}/activities", content_type="multipart/form-data",
                       data={f"activity{award.id}-{k}": v for k, v in data.items()})


def _office_notices(db) -> list[str]:
    return db.session.scalars(select(Notification.kind).join(User, Notification.user_id == User.id)
                              .where(User.username == "office")).all()


def test_art29_the_winner_submits_its_report_and_the_office_sees_it_marked(db, client, auth, make_user, winner):
    make_user("office", Role.OFFICE)
    _account(db, make_user, "jiagang", winner.organization)
    auth.login("jiagang")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/winners/mine"' in home
    page = client.get("/winners/mine").get_data(as_text=True)
    assert f'id="own-funds-form-{winner.id}"' in page and "table-danger" in page  # years 1 and 2 overdue
    assert _funds(client, winner).status_code == 302
    report = db.session.scalar(select(FundsReport))
    assert report.by_organization and report.recorded_by_id == db.session.scalar(
        select(User.id).where(User.username == "jiagang"))
    assert report.note == "用于质量提升培训" and report.report_year == 1
    assert "winner_funds_report_recorded" in audit_actions(db)
    # a year not over yet cannot be reported on by the organization
    assert _funds(client, winner, year=3).status_code == 400
    assert db.session.scalar(select(func.count(FundsReport.id))) == 1
    assert _office_notices(db) == ["winner_funds_report_submitted"]  # told once, for the accepted report

    auth.logout()
    auth.login("office")
    register = client.get(f"/winners/{winner.id}").get_data(as_text=True)
    year_1 = register[register.index('data-year="1"'):register.index('data-year="2"')]
    assert "org-submitted" in year_1 and "组织提交" in year_1


def test_art27_the_winner_records_a_sharing_event_but_never_a_promotion(db, client, auth, make_user, winner):
    make_user("office", Role.OFFICE)
    _account(db, make_user, "jiagang", winner.organization)
    auth.login("jiagang")
    assert _activity(client, winner, kind="promotion").status_code == 400
    assert _activity(client, winner).status_code == 302
    activity = db.session.scalar(select(WinnerActivity))
    assert activity.by_organization and activity.title == "卓越绩效经验分享会"
    assert "卓越绩效经验分享会" in client.get("/winners/mine").get_data(as_text=True)
    assert _office_notices(db) == ["winner_activity_submitted"]


def test_an_organization_cannot_report_on_another_organizations_award(db, client, auth, make_user, make_org, winner):
    _account(db, make_user, "other", make_org("本溪其他制造有限公司"))
    auth.login("other")
    page = client.get("/winners/mine").get_data(as_text=True)
    assert "no-awards" in page and "甲钢铁" not in page
    assert _funds(client, winner).status_code == 403
    assert _activity(client, winner).status_code == 403
    assert db.session.scalar(select(func.count(FundsReport.id))) == 0


def test_art31_a_revoked_award_cannot_be_reported_on(db, client, auth, make_user, winner):
    from datetime import date

    _account(db, make_user, "jiagang", winner.organization)
    winner.revoked_on, winner.revocation_article, winner.revocation_reason = date(2026, 3, 1), 31, "行贿"
    db.session.commit()
    auth.login("jiagang")
    assert "no-awards" in client.get("/winners/mine").get_data(as_text=True)
    assert _funds(client, winner).status_code == 403
    assert db.session.scalar(select(func.count(FundsReport.id))) == 0


def test_an_unverified_account_and_every_other_role_are_refused(db, client, auth, make_user, winner):
    _account(db, make_user, "pending", winner.organization, verified=False)
    auth.login("pending")
    assert client.get("/winners/mine").status_code == 403
    assert _funds(client, winner).status_code == 403
    auth.logout()
    for role in (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP, Role.RECOMMENDER):
        make_user(f"u-{role.value}", role)
        auth.login(f"u-{role.value}")
        assert client.get("/winners/mine").status_code == 403, role
        assert _funds(client, winner).status_code == 403, role
        auth.logout()


def test_huge_award_ids_answer_404(db, client, auth, make_user, winner):
    _account(db, make_user, "jiagang", winner.organization)
    auth.login("jiagang")
    assert _funds(client, type("A", (), {"id": 2**40})()).status_code == 404


def test_art29_overdue_reminders_reach_the_winners_account_users_once(db, make_user, winner, make_org):
    user = _account(db, make_user, "jiagang", winner.organization)
    _account(db, make_user, "other", make_org("本溪其他制造有限公司"))
    nomination = AwardRecord(organization_id=winner.organization_id, kind=AwardKind.NOMINATION,
                             awarded_on=winner.awarded_on, cycle_id=winner.cycle_id, cycle_name=winner.cycle_name,
                             repeat=True)  # a repeat winner owes nothing (Art. 12)
    db.session.add(nomination)
    db.session.commit()
    assert reminders.queue_reminders() == 2  # years 1 and 2 are overdue
    assert reminders.queue_reminders() == 0
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)).all()
    assert kinds == ["funds_report_overdue", "funds_report_overdue"]
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id != user.id)) == 0

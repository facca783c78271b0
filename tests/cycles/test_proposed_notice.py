"""The proposed-winner notice (拟奖公示, Art. 21) and the moves from it to the close: the notice shows the list the
leading group approved, runs at least 5 working days on the official calendar (a national holiday does not count),
is never back-dated; the objections are settled before the approval (Art. 22), the approval recorded before the
cycle closes (Art. 23)."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import (
    Cycle,
    GroupDecision,
    Notice,
    NoticeKind,
    PublicSubmission,
    Stage,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from tests.conftest import audit_actions


def publish(client, cycle, start, end):
    return client.post(f"/cycles/{cycle.id}/proposed-winner-notice",
                       data={"title": "第十届本溪市市长质量奖拟奖公示", "body": "现予公示。",
                             "start_date": start, "end_date": end}, follow_redirects=True)


def notices(db, cycle):
    db.session.expire_all()
    return db.session.scalars(select(Notice).where(Notice.cycle_id == cycle.id,
                                                   Notice.kind == NoticeKind.PROPOSED_WINNERS)).all()


def test_art21_the_notice_shows_the_approved_list_awards_first(db, decided, office, client):
    page = publish(client, decided, "2026-11-26", "2026-12-02").get_data(as_text=True)
    [notice] = notices(db, decided)
    assert [e["organization"] for e in notice.entries] == ["本溪华钢特种板材有限公司", "本溪药都制药股份有限公司"]
    assert notice.entries[0]["level"] == "award" and notice.entries[0]["repeat_winner"] is True
    assert notice.working_days == 5 and "notice_published" in audit_actions(db)
    assert "本溪华钢特种板材有限公司" in page and "第十二条" in page  # the repeat winner's note


def test_art21_five_working_days_not_counting_the_national_day_holiday(db, decided, office, client, today):
    today(date(2026, 9, 28))
    page = publish(client, decided, "2026-09-29", "2026-10-09").get_data(as_text=True)
    assert "invalid-feedback" in page and notices(db, decided) == []  # Oct 1-7 are holidays: only 3 working days
    publish(client, decided, "2026-09-29", "2026-10-10")  # the working Saturday makes the fifth
    assert len(notices(db, decided)) == 1


def test_art21_a_notice_cannot_be_back_dated_or_published_twice(db, decided, office, client):
    assert "invalid-feedback" in publish(client, decided, "2026-11-25", "2026-12-02").get_data(as_text=True)
    publish(client, decided, "2026-11-26", "2026-12-02")
    assert "invalid-feedback" in publish(client, decided, "2026-11-26", "2026-12-03").get_data(as_text=True)
    assert len(notices(db, decided)) == 1


def test_art20_no_notice_before_the_leading_groups_decision(db, decided, office, client):
    db.session.delete(db.session.scalar(select(GroupDecision)))
    db.session.commit()
    assert "invalid-feedback" in publish(client, decided, "2026-11-26", "2026-12-02").get_data(as_text=True)
    assert notices(db, decided) == []


def advance(db, client, cycle):
    client.post(f"/cycles/{cycle.id}/advance", data={})
    db.session.expire_all()
    return db.session.get(Cycle, cycle.id).stage


def test_art21_art22_art23_the_cycle_moves_on_only_when_each_step_is_done(db, decided, office, client, today):
    assert advance(db, client, decided) is Stage.PROPOSED_NOTICE  # no notice yet
    publish(client, decided, "2026-11-26", "2026-12-02")
    assert advance(db, client, decided) is Stage.PROPOSED_NOTICE  # the notice still runs
    today(date(2026, 12, 3))
    assert advance(db, client, decided) is Stage.OBJECTIONS
    objection = PublicSubmission(receipt="YY-TEST000001", kind=SubmissionKind.OBJECTION, cycle_id=decided.id,
                                 subject=SubmissionSubject.APPLICANT, subject_name="本溪华钢特种板材有限公司",
                                 filer_name="张三", filer_contact="13800000000", facts="事实", reasons="理由")
    db.session.add(objection)
    db.session.commit()
    assert advance(db, client, decided) is Stage.OBJECTIONS  # Art. 22: the objection is not settled
    objection.status, objection.decision = SubmissionStatus.REJECTED, "经核查，反映情况不属实。"
    db.session.commit()
    assert advance(db, client, decided) is Stage.APPROVAL
    assert advance(db, client, decided) is Stage.APPROVAL  # Art. 23: no approval recorded
    decided.approved_on, decided.approval_document = date(2026, 12, 20), "本政发〔2026〕30号"
    db.session.commit()
    assert advance(db, client, decided) is Stage.CLOSED

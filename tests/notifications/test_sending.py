"""Issue 16, sending is reliable: the outbox is written with the event, `flask notify send` delivers it to a real
SMTP server (aiosmtpd), retries with backoff when the server refuses or is down, gives up after the maximum of
attempts, and two senders at once deliver every mail exactly once."""
import logging
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from reviewapp.extensions import db as _db
from reviewapp.models import Channel, Notification, OutboxMessage, OutboxStatus
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify
from reviewapp.notifications.sender import send_due

LINK = "/#my-assignments"


def seated(user, cycle="第十届本溪市市长质量奖", **extra):
    notice = notify(user, "panel_member_added", LINK, stage="资料评审", cycle=cycle, **extra)
    _db.session.commit()
    return notice


def outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def make_due(db) -> None:
    """As if the backoff's wait were over."""
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_a_queued_mail_arrives_in_chinese_with_text_html_and_the_link(db, smtp_server, make_expert_user):
    user = make_expert_user("wang", email="wang@example.cn", display_name="王专家")
    seated(user)
    assert send_due().sent == 1
    [(recipients, mail)] = smtp_server.messages
    assert recipients == ["wang@example.cn"] and mail["To"] == "wang@example.cn"
    assert mail["Subject"] == "您已被选入第十届本溪市市长质量奖的一个评审组（资料评审）"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "王专家" in text and "http://reviewapp.test/#my-assignments" in text
    assert 'href="http://reviewapp.test/#my-assignments"' in html and "王专家" in html
    [row] = outbox(db)
    assert row.status is OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_a_user_who_chose_english_gets_the_mail_in_english(db, smtp_server, make_expert_user):
    user = make_expert_user("smith", email="smith@example.com", locale="en")
    seated(user, cycle="10th cycle")
    send_due()
    [(_, mail)] = smtp_server.messages
    assert mail["Subject"].startswith("You are seated on a review panel")


def test_the_in_app_notice_is_written_for_a_user_without_an_address_and_no_mail(db, make_expert_user):
    user = make_expert_user("zhao", email=None)
    seated(user)
    assert outbox(db) == []
    assert db.session.scalar(select(Notification.text).where(Notification.user_id == user.id)).startswith("您已被选入")


def test_notify_writes_in_the_callers_transaction(db, make_expert_user):
    """The event and its notices commit or roll back together."""
    user = make_expert_user("qian", email="qian@example.cn")
    notify(user, "panel_member_added", LINK, stage="资料评审", cycle="第十届")
    db.session.rollback()
    assert outbox(db) == [] and db.session.scalar(select(func.count(Notification.id))) == 0


def test_the_same_reminder_is_never_queued_twice(db, make_expert_user):
    user = make_expert_user("sun", email="sun@example.cn")
    seated(user, dedupe_key="reminder:1:3days")
    assert seated(user, dedupe_key="reminder:1:3days") is None
    assert len(outbox(db)) == 1


@pytest.mark.parametrize("refusal", ["451 4.3.0 Try again later", "closed port"])
def test_a_refusing_or_absent_server_leaves_the_mail_queued_and_a_later_run_delivers_it(
        db, smtp_server, make_expert_user, refusal):
    user = make_expert_user("li", email="li@example.cn")
    seated(user)
    if refusal == "closed port":
        smtp_server.stop()
    else:
        smtp_server.mailbox.refuse = refusal
    before = utcnow()
    report = send_due()
    assert (report.sent, report.retrying) == (0, 1)
    [row] = outbox(db)
    assert row.status is OutboxStatus.QUEUED and row.attempts == 1 and row.sent_at is None
    assert ("451" in row.last_error) if refusal.startswith("451") else row.last_error
    assert row.next_attempt_at >= before + timedelta(seconds=60)  # the first wait of the backoff
    assert send_due().sent == 0  # not due yet: nothing is tried again before the wait
    if refusal == "closed port":
        smtp_server.start()
    else:
        smtp_server.mailbox.refuse = None
    make_due(db)
    assert send_due().sent == 1
    [row] = outbox(db)
    assert row.status is OutboxStatus.SENT and row.attempts == 2 and row.last_error is None
    assert [recipients for recipients, _ in smtp_server.messages] == [["li@example.cn"]]


def test_after_the_maximum_of_attempts_the_mail_is_marked_failed(db, app, smtp_server, make_expert_user,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 3)
    smtp_server.mailbox.refuse = "451 4.3.0 Try again later"
    seated(make_expert_user("zhou", email="zhou@example.cn"))
    reports = []
    for _ in range(3):
        reports.append(send_due())
        make_due(db)
    assert [(r.retrying, r.failed) for r in reports] == [(1, 0), (1, 0), (0, 1)]
    [row] = outbox(db)
    assert row.status is OutboxStatus.FAILED and row.attempts == 3 and "451" in row.last_error
    assert send_due().failed == 0  # a failed mail is not tried again


def test_two_senders_at_once_deliver_every_mail_exactly_once(db, app, smtp_server, make_expert_user):
    users = [make_expert_user(f"e{index}", email=f"e{index}@example.cn") for index in range(4)]
    for round_ in range(10):
        for user in users:
            notify(user, "panel_member_added", LINK, stage="资料评审", cycle=f"第{round_}届")
    db.session.commit()
    start, reports, errors = threading.Barrier(2), [], []

    def sender():
        try:
            with app.app_context():
                start.wait()
                reports.append(send_due(limit=1000))
        except Exception as error:  # shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(report.sent for report in reports) == 40
    received = Counter((recipients[0], mail["Subject"]) for recipients, mail in smtp_server.messages)
    assert len(received) == 40 and set(received.values()) == {1}
    assert {(row.status, row.attempts) for row in outbox(db)} == {(OutboxStatus.SENT, 1)}


def test_flask_notify_send_delivers_the_outbox(db, app, smtp_server, make_expert_user):
    seated(make_expert_user("wu", email="wu@example.cn"))
    result = app.test_cli_runner().invoke(args=["notify", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, to retry 0, failed 0" in result.output
    assert len(smtp_server.messages) == 1


def test_the_file_backend_writes_an_eml_file(db, app, make_expert_user, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_FOLDER", str(tmp_path / "mail"))
    seated(make_expert_user("zheng", email="zheng@example.cn"))
    assert send_due().sent == 1
    [written] = (tmp_path / "mail").glob("*.eml")
    assert b"zheng@example.cn" in written.read_bytes() and written.stat().st_mode & 0o077 == 0


def test_a_text_message_goes_through_the_sms_adapter(db, caplog):
    """No provider yet: the logging adapter stands in, behind the same interface a provider's adapter implements."""
    db.session.add(OutboxMessage(channel=Channel.SMS, address="13900000000", subject="-", body_text="您有新的评审任务",
                                 kind="panel_member_added"))
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="reviewapp.notifications.sms"):
        assert send_due().sent == 1
    assert "SMS to 13900000000: 您有新的评审任务" in caplog.text


def test_starttls_and_tls_from_the_start_together_are_a_recorded_failure(db, app, smtp_server, make_expert_user,
                                                                        monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", True)
    seated(make_expert_user("feng", email="feng@example.cn"))
    assert send_due().retrying == 1
    assert "exclude each other" in outbox(db)[0].last_error and smtp_server.messages == []


def test_an_unknown_mail_backend_is_named(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "pigeon")
    with pytest.raises(ValueError, match="MAIL_BACKEND must be one of smtp, file, console"):
        send_due()

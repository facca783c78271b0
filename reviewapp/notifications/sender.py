"""`flask notify send`: delivers the outbox's due messages. Each message is claimed before it is sent, so that
two senders running at once deliver it exactly once: on PostgreSQL the due rows are selected FOR UPDATE SKIP
LOCKED (another sender skips them instead of waiting), and on both databases a conditional UPDATE takes the claim
only if the row is still queued and due, pushing its next attempt past a lease (a sender that dies mid-send leaves
the message to a later run). A failure is retried with backoff (domain/delivery.py), then marked failed."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from reviewapp.domain.delivery import RetryPolicy, after_failure
from reviewapp.extensions import db
from reviewapp.models import Channel, OutboxMessage, OutboxStatus
from reviewapp.models.base import utcnow
from reviewapp.notifications.mail import build_message, mail_backend
from reviewapp.notifications.sms import sms_adapter

CLAIM_CHUNK = 50
ERROR_LENGTH = 2000


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_policy(config) -> RetryPolicy:
    return RetryPolicy(max_attempts=config["NOTIFY_MAX_ATTEMPTS"],
                       first_delay=timedelta(seconds=config["NOTIFY_FIRST_RETRY_SECONDS"]),
                       max_delay=timedelta(seconds=config["NOTIFY_MAX_RETRY_SECONDS"]))


def claim_due(now: datetime, limit: int, lease: timedelta) -> list[int]:
    """The ids of up to `limit` due messages that this sender now holds (attempts counted)."""
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    locking = db.session.get_bind().dialect.name == "postgresql"
    if locking:
        query = query.with_for_update(skip_locked=True)
    due = list(db.session.scalars(query))
    if not locking:
        db.session.commit()  # SQLite: the claim's write starts a fresh transaction, not one behind another sender's
    claimed = []
    for message_id in due:
        taken = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED,
                   OutboxMessage.next_attempt_at <= now)
            .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1))
        if taken.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def _deliver(row: OutboxMessage, mailer, sms, sender: str) -> None:
    if row.channel is Channel.EMAIL:
        mailer.send(build_message(row, sender))
    else:
        sms.send(row.address, row.body_text)


def _record_failure(row: OutboxMessage, error: Exception, policy: RetryPolicy) -> bool:
    """Whether the message was given up."""
    outcome = after_failure(row.attempts, utcnow(), policy)
    row.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    if outcome.give_up:
        row.status = OutboxStatus.FAILED
    else:
        row.next_attempt_at = outcome.next_attempt_at
    return outcome.give_up


def send_due(limit: int | None = None) -> SendReport:
    """Send what is due now, up to `limit` messages (NOTIFY_BATCH), and report what happened."""
    config = current_app.config
    limit = config["NOTIFY_BATCH"] if limit is None else limit
    policy = retry_policy(config)
    mailer, sms = mail_backend(config), sms_adapter(config)
    report = SendReport()
    try:
        while report.sent + report.retrying + report.failed < limit:
            done = report.sent + report.retrying + report.failed
            claimed = claim_due(utcnow(), min(CLAIM_CHUNK, limit - done), policy.lease)
            if not claimed:
                break
            for row in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed))
                                          .order_by(OutboxMessage.id)):
                try:
                    _deliver(row, mailer, sms, config["MAIL_SENDER"])
                except Exception as error:  # any failure of one message is recorded, not raised
                    current_app.logger.warning("outbox message %s not sent: %s", row.id, error)
                    if _record_failure(row, error, policy):
                        report.failed += 1
                    else:
                        report.retrying += 1
                else:
                    row.status, row.sent_at, row.last_error = OutboxStatus.SENT, utcnow(), None
                    report.sent += 1
                db.session.commit()
    finally:
        mailer.close()
    return report

"""The demo's notifications (issue 16): the demo expert has a mail sent and read, a newer one still queued and
unread; another demo expert's mail failed for good, so the office's outbox shows each state. The expert accounts
get a demo e-mail address (audited, as the office) if they have none. Idempotent: the demo's messages
carry dedupe keys, and a key already queued is not queued again."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.models import Cycle, Expert, Notification, OutboxMessage, OutboxStatus, PanelStage, Person, User
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify
from reviewapp.notifications.rendering import app_path

ADDRESSES = {"expert": "li.expert@example.cn", "expert2": "zhang.expert@example.cn"}
FAILED_ERROR = "SMTPRecipientsRefused: 550 5.1.1 收件人邮箱不存在（演示）"


def _with_address(username: str, acting) -> User | None:
    user = db.session.scalar(select(User).where(User.username == username))
    expert = user and db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    if expert is None:
        return None
    if not expert.email:
        expert.email = ADDRESSES[username]
        audit.record("expert_updated", expert, user=acting, details={"email": [None, expert.email], "demo": True})
    return user


def _queue(user: User, kind: str, key: str, cycle: Cycle) -> OutboxMessage | None:
    notice = notify(user, kind, app_path("main.index", "my-assignments"), dedupe_key=key,
                    stage=PanelStage.DOCUMENT_REVIEW, cycle=cycle.name)
    if notice is None:
        return None
    db.session.flush()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))


def load_notifications(cycle: Cycle, acting) -> int:
    """The demo's outbox and in-app notices; the number of messages queued."""
    expert, other = _with_address("expert", acting), _with_address("expert2", acting)
    written = 0
    if expert is not None:
        sent = _queue(expert, "panel_member_added", "demo:expert:seated", cycle)
        if sent is not None:
            sent.status, sent.attempts, sent.sent_at = OutboxStatus.SENT, 1, utcnow() - timedelta(hours=2)
            for notice in db.session.scalars(select(Notification).where(Notification.user_id == expert.id)):
                notice.read_at = utcnow() - timedelta(hours=1)
            written += 1
        written += _queue(expert, "panel_member_removed", "demo:expert:removed", cycle) is not None
    if other is not None:
        failed = _queue(other, "panel_member_added", "demo:expert2:seated", cycle)
        if failed is not None:
            failed.status, failed.attempts, failed.last_error = OutboxStatus.FAILED, 8, FAILED_ERROR
            written += 1
    db.session.commit()
    return written

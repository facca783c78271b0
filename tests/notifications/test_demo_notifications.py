"""Issue 16: the demo has an outbox in each state and the demo expert's notices; loading it twice adds none."""
from sqlalchemy import func, select

from reviewapp.models import Notification, OutboxMessage, OutboxStatus, User
from tests.demo_data import load_demo


def demo(app):
    load_demo(app)


def test_the_demo_outbox_has_a_sent_a_queued_and_a_failed_mail_and_the_expert_an_unread_notice(app, db):
    demo(app)
    demo(app)
    statuses = dict(db.session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                                       .where(OutboxMessage.dedupe_key.like("demo:%"))
                                       .group_by(OutboxMessage.status)).all())
    assert statuses == {OutboxStatus.SENT: 1, OutboxStatus.QUEUED: 1, OutboxStatus.FAILED: 1}
    expert = db.session.scalar(select(User).where(User.username == "expert"))
    notices = db.session.scalars(select(Notification).where(Notification.user_id == expert.id)).all()
    assert len(notices) == 2 and [n.read_at is None for n in notices].count(True) == 1

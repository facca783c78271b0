"""Notifications (issue 16): the outbox of messages to send, written in the transaction of the event that causes
them and delivered by `flask notify send`; and the in-app notices each user reads in the list."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.user import User


class Channel(LabelledEnum):
    EMAIL = "email"
    SMS = "sms"  # an adapter only: the city's provider is not connected yet

    __labels__ = {EMAIL: _l("E-mail message"), SMS: _l("Text message (SMS)")}


class OutboxStatus(LabelledEnum):
    QUEUED = "queued"  # waiting for its next attempt (next_attempt_at)
    SENT = "sent"
    FAILED = "failed"  # given up after the maximum of attempts: the office sees it on the outbox page

    __labels__ = {QUEUED: _l("Waiting to be sent"), SENT: _l("Sent"), FAILED: _l("Sending failed")}


class OutboxMessage(Base):
    """One message to send. Never confidential content: what happened and where to look (no scores, no materials)."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "outbox_channel"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    address: Mapped[str] = mapped_column(String(200))  # an e-mail address or a phone number
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(60))
    # The same reminder is never queued twice: its key (kind, object, recipient, day...) is unique.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus, "outbox_status"),
                                                 default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()


class Notification(Base):
    """An in-app notice: the list at /notifications/ and the unread count in the navbar."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(500))  # a path inside the application
    # A reminder's key, as on its mail (OutboxMessage.dedupe_key): a user without an e-mail address has no mail
    # whose key would stop the next run from adding the same notice again.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Opinions solicited by the office (Art. 8(4), 9): a request to a department about one application, and the
department's reply kept on the same row (one request, one reply)."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime
from reviewapp.models.user import User


class OpinionRequest(TimestampMixin, Base):
    """征求意见: to whom (a department such as market regulation, ecology and environment, emergency management or
    taxation), what is asked, when it was sent and when the reply is due; then the reply: its date, its text,
    whether it raises a problem, and an optional scanned copy checked by its content like application materials."""

    __tablename__ = "opinion_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    department: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date] = mapped_column(Date)
    reply_due: Mapped[date] = mapped_column(Date)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_text: Mapped[str | None] = mapped_column(Text)
    raises_problem: Mapped[bool | None] = mapped_column(Boolean)
    reply_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reply_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the scanned reply, stored outside the static folder under a generated name
    scan_name: Mapped[str | None] = mapped_column(String(200))
    scan_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    scan_mimetype: Mapped[str | None] = mapped_column(String(100))
    scan_size: Mapped[int | None] = mapped_column(BigInteger)
    scan_sha256: Mapped[str | None] = mapped_column(String(64))

    application: Mapped[Application] = relationship(
        backref=backref("opinion_requests", order_by="OpinionRequest.id"))
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    reply_recorded_by: Mapped[User | None] = relationship(foreign_keys=[reply_recorded_by_id])

    @property
    def answered(self) -> bool:
        return self.replied_on is not None

    def overdue_on(self, today: date) -> bool:
        """No reply, and its due day has passed by `today` (a day in Benxi)."""
        return self.replied_on is None and today > self.reply_due

    # the scan as reviewapp/downloads.audited_file sends a stored file
    @property
    def original_name(self) -> str | None:
        return self.scan_name

    @property
    def mimetype(self) -> str | None:
        return self.scan_mimetype

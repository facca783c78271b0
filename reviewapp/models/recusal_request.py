"""Issue 18, Art. 33: an applicant organization's request that named persons or organizations be avoided in the review
of its application, and the office's decision (domain/recusal_requests.py)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.user import User


class RecusalStatus(LabelledEnum):
    PENDING = "pending"
    HANDLED = "handled"
    REJECTED = "rejected"

    __labels__ = {PENDING: _l("Awaiting the office's decision"), HANDLED: _l("Handled"), REJECTED: _l("Rejected")}


class RecusalRequest(Base):
    __tablename__ = "recusal_request"
    __table_args__ = (CheckConstraint("named_person IS NOT NULL OR named_organization IS NOT NULL",
                                      name="someone_named"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    # free text, as the organization knows them: it never sees the pool (Art. 33)
    named_person: Mapped[str | None] = mapped_column(String(200))
    named_organization: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[RecusalStatus] = mapped_column(str_enum(RecusalStatus, "recusal_status"),
                                                  default=RecusalStatus.PENDING, index=True)
    office_note: Mapped[str | None] = mapped_column(Text)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship()
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

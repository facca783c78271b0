"""Art. 14: where the call for applications appeared in the city's main media and on the government website."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.notice import Notice


class CallPublication(Base):
    """One outlet that published a call (e.g. 本溪日报 on 2026-03-02), recorded by the office."""

    __tablename__ = "call_publication"
    __table_args__ = (UniqueConstraint("notice_id", "outlet", "published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), index=True)
    outlet: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(300))  # an issue number, a page, a web address
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    notice: Mapped[Notice] = relationship(backref=backref("media", order_by="CallPublication.published_on"))

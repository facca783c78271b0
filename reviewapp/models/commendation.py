"""The city government's commendation decision (表彰决定, Art. 24): issued after it approved the list (Art. 23), it
grants the plaques, certificates and incentive money. One per cycle; the office records its document number, date
and its text or a scanned copy (a PDF checked by its content, stored outside the static folder)."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow


class CommendationDecision(Base):
    __tablename__ = "commendation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))             # 关于表彰……的决定
    document_number: Mapped[str] = mapped_column(String(100))  # e.g. 本政发〔2026〕18号
    decided_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str | None] = mapped_column(Text)  # the decision's text; or its scan, or both (Art. 24)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    scan: Mapped["CommendationScan | None"] = relationship(back_populates="decision", cascade="all, delete-orphan")


class CommendationScan(Base):
    """The scanned decision: a PDF, checked by its content like application materials (domain/files.py)."""

    __tablename__ = "commendation_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("commendation_decision.id", ondelete="CASCADE"), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[CommendationDecision] = relationship(back_populates="scan")

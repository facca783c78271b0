"""The expert pool (评审员专家库, Art. 8(3), 17): each expert is a person of the affiliation graph with a profile,
a status (Art. 33: a disqualified expert keeps the record and the reason) and per-cycle availability."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.graph import Person, str_enum
from reviewapp.models.labelled_enum import LabelledEnum


class ExpertStatus(LabelledEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISQUALIFIED = "disqualified"  # Art. 33: loses every assignment and all access; the record stays

    __labels__ = {
        ACTIVE: _l("Active (在库)"),
        SUSPENDED: _l("Suspended (暂停)"),
        DISQUALIFIED: _l("Disqualified (取消资格, Art. 33)"),
    }


class Expert(TimestampMixin, Base):
    __tablename__ = "expert"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    title: Mapped[str | None] = mapped_column(String(100))  # 职称
    # GB/T 4754 codes (section letter and division, e.g. "C31"); the current employer is an employed_by relation.
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    # GB/T 19580 categories the expert is strongest in (e.g. "4.1").
    strengths: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificate_number: Mapped[str | None] = mapped_column(String(60))  # 卓越绩效评审员证书
    certificate_expires: Mapped[date | None] = mapped_column(Date)
    can_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[ExpertStatus] = mapped_column(str_enum(ExpertStatus, "expert_status"), default=ExpertStatus.ACTIVE,
                                                 index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def certified_on(self, day: date) -> bool:
        return bool(self.certificate_number) and (self.certificate_expires is None or self.certificate_expires >= day)


class ExpertAvailability(Base):
    """An expert's answer for one cycle: available, or declined with a reason."""

    __tablename__ = "expert_availability"
    __table_args__ = (UniqueConstraint("expert_id", "cycle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    available: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

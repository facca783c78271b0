"""Issue 18: an application filled in online by the organization (Art. 15) before it reaches the office: a draft
while the organization writes it, then awaiting its recommender's signed opinion; signing registers the
Application (Art. 15, 16). Its files are Material rows with draft_id set until they move to the application."""
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application, Material
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.cycle import Cycle
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardKind, Organization
from reviewapp.models.user import User


class DraftStatus(LabelledEnum):
    DRAFT = "draft"                                      # the organization writes it
    AWAITING_RECOMMENDATION = "awaiting_recommendation"  # submitted: the recommender reads and signs (Art. 15)
    DECLINED = "declined"                                # the recommender declined, with its reason
    REGISTERED = "registered"                            # signed: the application is with the office

    __labels__ = {
        DRAFT: _l("Draft"),
        AWAITING_RECOMMENDATION: _l("Awaiting the recommender's opinion"),
        DECLINED: _l("Declined by the recommender"),
        REGISTERED: _l("Submitted to the office"),
    }


# the states in which the organization may still change the draft and its files
EDITABLE = (DraftStatus.DRAFT, DraftStatus.DECLINED)


class ApplicationDraft(TimestampMixin, Base):
    __tablename__ = "application_draft"
    __table_args__ = (UniqueConstraint("cycle_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    award: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"), default=AwardKind.AWARD)
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    self_assessment: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # item code -> percentage
    recommender_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    status: Mapped[DraftStatus] = mapped_column(str_enum(DraftStatus, "draft_status"), default=DraftStatus.DRAFT,
                                                index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship()
    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    recommender: Mapped[Organization | None] = relationship(foreign_keys=[recommender_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    application: Mapped[Application | None] = relationship()
    materials: Mapped[list[Material]] = relationship(back_populates="draft", order_by="Material.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

"""Score sheets (Art. 18, 19): one per expert, applicant and stage, scored against the cycle's GB/T 19580 version."""
import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.expert import Expert
from reviewapp.models.graph import str_enum
from reviewapp.models.panel import PanelStage


class SheetStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ScoreSheet(TimestampMixin, Base):
    __tablename__ = "score_sheet"
    __table_args__ = (UniqueConstraint("application_id", "expert_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))
    # GB/T 19580 item code -> percentage (steps of 5), and the feedback per item
    percents: Mapped[dict] = mapped_column(JSON, default=dict)
    strengths: Mapped[dict] = mapped_column(JSON, default=dict)
    opportunities: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[SheetStatus] = mapped_column(str_enum(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped by every save: a save from a stale tab finds it moved on and is refused, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship()
    expert: Mapped[Expert] = relationship()

"""The leading group's deliberation (审议, Art. 6, 20, 21): each member's opinion on each candidate of the office's
list. The rules (what may be given, submitted, counted) are in domain/deliberation.py."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardKind


class GroupVote(LabelledEnum):
    AGREE = "agree"        # 同意
    DISAGREE = "disagree"  # 不同意
    ABSTAIN = "abstain"    # 弃权

    __labels__ = {AGREE: _l("Agree"), DISAGREE: _l("Disagree"), ABSTAIN: _l("Abstain")}


class GroupOpinion(Base):
    """One member's opinion on one candidate of a cycle, at the level the office proposed it: a draft until
    submitted_at is set; then, and once the group's decision is recorded, it is no longer changed."""

    __tablename__ = "group_opinion"
    __table_args__ = (UniqueConstraint("cycle_id", "application_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    level: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"))
    vote: Mapped[GroupVote] = mapped_column(str_enum(GroupVote, "group_vote"))
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

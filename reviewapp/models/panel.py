"""Review panels (评审组, Art. 17): one per cycle and stage, with exactly one leader (组长负责制), members and the
applications they review. Dissolved when the review ends: members lose access, the records stay."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.application import Application
from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.expert import Expert
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum


class PanelStage(LabelledEnum):
    DOCUMENT_REVIEW = "document_review"  # 资料评审, Art. 18
    ONSITE_REVIEW = "onsite_review"      # 现场评审, Art. 19

    __labels__ = {
        DOCUMENT_REVIEW: _l("Document review (资料评审)"),
        ONSITE_REVIEW: _l("On-site review (现场评审)"),
    }


class Panel(TimestampMixin, Base):
    __tablename__ = "panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))
    name: Mapped[str] = mapped_column(String(100))
    dissolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dissolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Bumped by every change to the panel, its members or applicants (panels/operations.py), so that a change
    # made from a stale page is refused instead of merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped["Cycle"] = relationship()  # noqa: F821 - models/cycle.py
    members: Mapped[list["PanelMember"]] = relationship(back_populates="panel", cascade="all, delete-orphan",
                                                        order_by="(PanelMember.is_leader.desc(), PanelMember.id)")
    applicants: Mapped[list["PanelApplicant"]] = relationship(back_populates="panel", cascade="all, delete-orphan",
                                                              order_by="PanelApplicant.id")

    @property
    def active(self) -> bool:
        return self.dissolved_at is None

    @property
    def leader(self) -> "PanelMember | None":
        return next((m for m in self.members if m.is_leader), None)


class PanelMember(Base):
    __tablename__ = "panel_member"
    __table_args__ = (
        UniqueConstraint("panel_id", "expert_id"),
        # 组长负责制: at most one leader per panel, whatever the application does.
        Index("uq_panel_member_one_leader", "panel_id", unique=True,
              sqlite_where=text("is_leader"), postgresql_where=text("is_leader")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)

    panel: Mapped[Panel] = relationship(back_populates="members")
    expert: Mapped[Expert] = relationship()


class PanelApplicant(Base):
    __tablename__ = "panel_applicant"
    __table_args__ = (
        UniqueConstraint("panel_id", "application_id"),
        # An application is reviewed by one panel per stage.
        UniqueConstraint("application_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))

    panel: Mapped[Panel] = relationship(back_populates="applicants")
    application: Mapped[Application] = relationship()


class ImpartialityDeclaration(Base):
    """公正性和保密性声明 (Art. 33), signed by the expert in the app before seeing anything of a cycle."""

    __tablename__ = "impartiality_declaration"
    __table_args__ = (UniqueConstraint("cycle_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    text_version: Mapped[str] = mapped_column(String(20))
    text_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class AssignmentProposal(Base):
    """A draft from automatic assignment: the office reviews and edits it before confirming (issue #5)."""

    __tablename__ = "assignment_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    stage: Mapped[PanelStage] = mapped_column(str_enum(PanelStage, "panel_stage"))
    solver: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

"""Applications (Art. 15), their materials, the office's judgement records (Art. 11(1), (3)-(5)) and the
acceptance decision (Art. 16)."""
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UploadedFileMixin, UTCDateTime, utcnow
from reviewapp.models.cycle import Cycle
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardKind, Organization
from reviewapp.models.user import User


class ApplicationStatus(LabelledEnum):
    REGISTERED = "registered"  # awaiting the acceptance review
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXCLUDED = "excluded"    # Art. 30: false or concealed information established by an investigation
    WITHDRAWN = "withdrawn"  # Art. 5: the applicant withdrew before approval

    __labels__ = {
        REGISTERED: _l("Awaiting acceptance review"),
        ACCEPTED: _l("Accepted"),
        REJECTED: _l("Rejected"),
        EXCLUDED: _l("Excluded (Art. 30)"),
        WITHDRAWN: _l("Withdrawn (Art. 5)"),
    }


# Applications that left the cycle after taking part (excluded, Art. 30; withdrawn, Art. 5): no panel seat, no
# ranking, no list; still shown, marked, in the office's lists and the audit.
LEFT_CYCLE = (ApplicationStatus.EXCLUDED, ApplicationStatus.WITHDRAWN)


class MaterialKind(LabelledEnum):
    APPLICATION_FORM = "application_form"              # 申报表
    SELF_ASSESSMENT_REPORT = "self_assessment_report"  # 自我评价报告
    RECOMMENDATION_LETTER = "recommendation_letter"    # 推荐意见
    SUPPORTING = "supporting"                          # 其他证明材料

    __labels__ = {
        APPLICATION_FORM: _l("Application form (申报表)"),
        SELF_ASSESSMENT_REPORT: _l("Self-assessment report (自我评价报告)"),
        RECOMMENDATION_LETTER: _l("Recommendation opinion (推荐意见)"),
        SUPPORTING: _l("Supporting material"),
    }


class Application(TimestampMixin, Base):
    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("cycle_id", "organization_id"), UniqueConstraint("cycle_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    award: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"), default=AwardKind.AWARD)
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # GB/T 19580 item code -> percentage, against the cycle's standard version.
    self_assessment: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    recommender_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    recommendation_opinion: Mapped[str | None] = mapped_column(Text)
    recommendation_signatory: Mapped[str | None] = mapped_column(String(100))
    recommendation_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ApplicationStatus] = mapped_column(
        str_enum(ApplicationStatus, "application_status"), default=ApplicationStatus.REGISTERED, index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)  # accepting despite a failed or missing item
    # Art. 16: the acceptance checklist's items the override reason answered for (their codes), kept with the record
    accepted_over: Mapped[list[str] | None] = mapped_column(JSON)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Art. 18: the office's confirmed on-site list (None until confirmed), with its note where it departs from
    # the panel's recommendation
    goes_onsite: Mapped[bool | None] = mapped_column(Boolean)
    onsite_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship()
    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    recommender: Mapped[Organization | None] = relationship(foreign_keys=[recommender_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    materials: Mapped[list["Material"]] = relationship(back_populates="application", order_by="Material.id")
    judgements: Mapped[list["JudgementRecord"]] = relationship(
        back_populates="application", order_by="JudgementRecord.recorded_at")
    corrections: Mapped[list["CorrectionRequest"]] = relationship(
        back_populates="application", order_by="CorrectionRequest.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def current_materials(self) -> list["Material"]:
        """The files that count (Art. 15-16, 18): an earlier version replaced during a correction (Art. 16) is kept
        for the record but judged by no one."""
        return [material for material in self.materials if material.superseded_at is None]

    @property
    def open_correction(self) -> "CorrectionRequest | None":
        return next((request for request in self.corrections if request.closed_at is None), None)


class Material(UploadedFileMixin, Base):
    """An application's uploaded file, stored outside the static folder under a generated name. Issue 18: a file
    uploaded online belongs to the organization's draft first (draft_id) and to the application once the recommender
    signs (application_id set, draft_id kept)."""

    __tablename__ = "material"
    __table_args__ = (CheckConstraint("application_id IS NOT NULL OR draft_id IS NOT NULL", name="owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("application_draft.id"), index=True)
    kind: Mapped[MaterialKind] = mapped_column(str_enum(MaterialKind, "material_kind"))
    # Art. 16: a new version of a file keeps the one it replaces, marked superseded (every version is kept)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application | None] = relationship(back_populates="materials")
    draft: Mapped["ApplicationDraft | None"] = relationship(back_populates="materials")  # noqa: F821
    replaces: Mapped["Material | None"] = relationship(remote_side=[id])


class JudgementRecord(Base):
    """The office's judgement on Art. 11(1), (3), (4) or (5) for one application, with its note."""

    __tablename__ = "judgement_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    item: Mapped[str] = mapped_column(String(20))
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="judgements")
    recorded_by: Mapped[User | None] = relationship()


class CorrectionOutcome(LabelledEnum):
    RESUBMITTED = "resubmitted"  # the organization corrected and resubmitted
    WITHDRAWN = "withdrawn"      # the office withdrew its request
    LAPSED = "lapsed"            # not corrected by the due date: the office rejected the application

    __labels__ = {
        RESUBMITTED: _l("Corrected and resubmitted"),
        WITHDRAWN: _l("Withdrawn by the office"),
        LAPSED: _l("Not corrected in time; application rejected"),
    }


class CorrectionRequest(Base):
    """Art. 16: the office sends an application back for correction (补正): what is missing and by when. Open until
    the organization resubmits, the office withdraws it, or the office rejects the application once it is overdue."""

    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    missing: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resubmitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resubmitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resubmission_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[CorrectionOutcome | None] = mapped_column(str_enum(CorrectionOutcome, "correction_outcome"))

    application: Mapped[Application] = relationship(back_populates="corrections")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    resubmitted_by: Mapped[User | None] = relationship(foreign_keys=[resubmitted_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

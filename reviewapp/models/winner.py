"""The register of winners after the award (Art. 6, 10, 26-29): sharing events and exchange activities (Art. 27),
promotion by recommenders or the office (Art. 10), yearly use-of-funds reports (Art. 29), title-misuse reports and
their handling (Art. 28), and the office's policy for the duties' dates (the text sets none)."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum
from reviewapp.models.organization import AwardRecord, Organization


class WinnerActivityKind(LabelledEnum):
    SHARING = "sharing"      # Art. 27: the winner shares its excellence-performance experience publicly
    EXCHANGE = "exchange"    # Art. 27: the winner takes part in exchange or public-benefit quality activities
    PROMOTION = "promotion"  # Art. 10: a recommender (or the office) promotes the winner's experience

    __labels__ = {
        SHARING: _l("Experience-sharing event (Art. 27)"),
        EXCHANGE: _l("Exchange activity (Art. 27)"),
        PROMOTION: _l("Promotion by a recommender or the office (Art. 10)"),
    }


class TitleMisuseKind(LabelledEnum):
    """Art. 28: the title only within validity, with the award year, never on products."""

    NO_AWARD_YEAR = "no_award_year"
    AFTER_VALIDITY = "after_validity"
    ON_PRODUCT = "on_product"
    OTHER = "other"

    __labels__ = {
        NO_AWARD_YEAR: _l("Title used without the award year"),
        AFTER_VALIDITY: _l("Title used after the validity period"),
        ON_PRODUCT: _l("Title or logo used on a product, its advertising or packaging"),
        OTHER: _l("Other misuse of the title"),
    }


class WinnerFileMixin:
    """An optional attached file, checked by its content like application materials."""

    original_name: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(100), unique=True)
    mimetype: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))


class WinnerActivity(WinnerFileMixin, Base):
    """A sharing event or exchange activity of the winner (Art. 27), or a promotion of it (Art. 10). Sharing events
    are public (title, date, place) on the cycle's results; the audience and summary stay in the register."""

    __tablename__ = "winner_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_record_id: Mapped[int] = mapped_column(ForeignKey("award_record.id", ondelete="CASCADE"), index=True)
    kind: Mapped[WinnerActivityKind] = mapped_column(str_enum(WinnerActivityKind, "winner_activity_kind"))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))  # a place, or the way (online, a newspaper...)
    audience: Mapped[str | None] = mapped_column(String(200))
    promoter_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))  # Art. 10; None: the office
    summary: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # issue 18: submitted by the winner's own account (recorded_by_id says who), not recorded by the office
    by_organization: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    award: Mapped[AwardRecord] = relationship()
    promoter: Mapped[Organization | None] = relationship()


class FundsReport(WinnerFileMixin, Base):
    """Art. 29: the winner's report on the use of its incentive money for one year of the award, as received."""

    __tablename__ = "winner_funds_report"
    __table_args__ = (UniqueConstraint("award_record_id", "report_year"),
                      CheckConstraint("report_year BETWEEN 1 AND 5", name="report_year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    award_record_id: Mapped[int] = mapped_column(ForeignKey("award_record.id", ondelete="CASCADE"), index=True)
    report_year: Mapped[int] = mapped_column(Integer)  # the n-th year after the award
    received_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_organization: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # issue 18

    award: Mapped[AwardRecord] = relationship()


class TitleMisuseReport(Base):
    """Art. 28: a report that the winner misuses the title, and how the office handled it."""

    __tablename__ = "winner_misuse_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_record_id: Mapped[int] = mapped_column(ForeignKey("award_record.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TitleMisuseKind] = mapped_column(str_enum(TitleMisuseKind, "title_misuse_kind"))
    received_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    finding: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    award: Mapped[AwardRecord] = relationship()


class WinnerDutyPolicy(Base):
    """The office's policy for the duties' dates, with its basis (one row; absent: domain.winner_duties' defaults)."""

    __tablename__ = "winner_duty_policy"
    __table_args__ = (CheckConstraint("funds_report_due_days BETWEEN 1 AND 366", name="funds_report_due_days"),
                      CheckConstraint("misuse_open_days BETWEEN 1 AND 366", name="misuse_open_days"))

    id: Mapped[int] = mapped_column(primary_key=True)
    funds_report_due_days: Mapped[int] = mapped_column(Integer)
    misuse_open_days: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

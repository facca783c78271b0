"""Organizations (applicants, their parents and subsidiaries, recommending bodies, associations…) and the
records the eligibility rules read: credit records (Art. 11(6)), award history (Art. 12, 31, 32) and findings
of false materials or fraud (Art. 30, 31)."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum


class OrgKind(LabelledEnum):
    ENTERPRISE = "enterprise"                    # 企业
    INSTITUTION = "institution"                  # 事业单位
    SOCIAL_ORGANIZATION = "social_organization"  # 社会组织
    GOVERNMENT_DEPARTMENT = "government_department"  # 行业主管部门 (Art. 10)
    INDUSTRY_ASSOCIATION = "industry_association"    # 行业协会 (Art. 10)
    MARKET_SUPERVISION = "market_supervision"        # 县（区）市场监管部门 (Art. 10)
    OTHER = "other"

    __labels__ = {
        ENTERPRISE: _l("Enterprise (企业)"),
        INSTITUTION: _l("Public institution (事业单位)"),
        SOCIAL_ORGANIZATION: _l("Social organization (社会组织)"),
        GOVERNMENT_DEPARTMENT: _l("Industry authority (行业主管部门)"),
        INDUSTRY_ASSOCIATION: _l("Industry association (行业协会)"),
        MARKET_SUPERVISION: _l("County/district market supervision (县区市场监管部门)"),
        OTHER: _l("Other"),
    }


RECOMMENDER_KINDS = (OrgKind.GOVERNMENT_DEPARTMENT, OrgKind.INDUSTRY_ASSOCIATION, OrgKind.MARKET_SUPERVISION)


class CreditRecordKind(LabelledEnum):
    """Art. 11(6)."""

    MAJOR_ACCIDENT = "major_accident"
    ABNORMAL_OPERATIONS = "abnormal_operations"
    SERIOUS_DISHONESTY = "serious_dishonesty"
    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    FAILED_SPOT_CHECK = "failed_spot_check"
    AWARD_FRAUD = "award_fraud"  # Art. 31: 纳入信用记录, written by the revocation

    __labels__ = {
        MAJOR_ACCIDENT: _l("Major quality, safety or environmental accident"),
        ABNORMAL_OPERATIONS: _l("Listed as abnormal operations (经营异常名录)"),
        SERIOUS_DISHONESTY: _l("Listed as seriously dishonest (严重违法失信名单)"),
        ADMINISTRATIVE_PENALTY: _l("Administrative penalty"),
        FAILED_SPOT_CHECK: _l("Failed supervisory spot check"),
        AWARD_FRAUD: _l("Quality award revoked for fraud or bribery (Art. 31)"),
    }


LISTING_KINDS = (CreditRecordKind.ABNORMAL_OPERATIONS, CreditRecordKind.SERIOUS_DISHONESTY)


class AwardKind(LabelledEnum):
    AWARD = "award"            # 市长质量奖
    NOMINATION = "nomination"  # 市长质量奖提名奖

    __labels__ = {
        AWARD: _l("Mayor's Quality Award (市长质量奖)"),
        NOMINATION: _l("Nomination award (提名奖)"),
    }


class RevocationClause(LabelledEnum):
    """Art. 31, 32: the ground of a revocation, one of the text's own (domain/revocation.py CLAUSES)."""

    ART31_FRAUD = "art31_fraud"
    ART31_BRIBERY = "art31_bribery"
    ART31_OTHER = "art31_other"
    ART32_1 = "art32_1"
    ART32_2 = "art32_2"
    ART32_3 = "art32_3"
    ART32_4 = "art32_4"
    ART32_5 = "art32_5"

    __labels__ = {
        ART31_FRAUD: _l("Art. 31: award obtained by fraud (弄虚作假)"),
        ART31_BRIBERY: _l("Art. 31: award obtained by bribery (贿赂)"),
        ART31_OTHER: _l("Art. 31: award obtained by other improper means (其他不正当手段)"),
        ART32_1: _l("Art. 32(1): a major quality, safety, environmental or health accident, or a production "
                    "safety accident of the larger class or above"),
        ART32_2: _l("Art. 32(2): a major problem of product, work, service or environmental quality, dealt with "
                    "by a regulator or established on a public complaint"),
        ART32_3: _l("Art. 32(3): exposed as a typical dishonesty case in the province's credit system"),
        ART32_4: _l("Art. 32(4): found by a court or a government department at county level or above to have "
                    "defrauded consumers, seriously harming their rights"),
        ART32_5: _l("Art. 32(5): another major matter contrary to the award's purpose and principles"),
    }

    @property
    def article(self) -> int:
        return 31 if self.value.startswith("art31") else 32


class FindingKind(LabelledEnum):
    FALSE_MATERIALS = "false_materials"    # Art. 30
    FRAUD_OR_BRIBERY = "fraud_or_bribery"  # Art. 31

    __labels__ = {
        FALSE_MATERIALS: _l("False materials or concealment (Art. 30)"),
        FRAUD_OR_BRIBERY: _l("Fraud or bribery (Art. 31)"),
    }


class Organization(TimestampMixin, Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # One entity per unified social credit code; NULL for bodies without one (e.g. a foreign parent).
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind, "org_kind"), default=OrgKind.ENTERPRISE)
    founded_on: Mapped[date | None] = mapped_column(Date)
    industry_code: Mapped[str | None] = mapped_column(String(8))
    for_profit: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    # The id the entity had in an imported file: re-importing the same file finds it again.
    import_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    # Set when the office merged this duplicate into another organization (reversible, see EntityMerge).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    credit_records: Mapped[list["CreditRecord"]] = relationship(
        back_populates="organization", order_by="CreditRecord.start_date.desc()", cascade="all, delete-orphan")
    awards: Mapped[list["AwardRecord"]] = relationship(
        back_populates="organization", order_by="AwardRecord.awarded_on.desc()", cascade="all, delete-orphan")
    findings: Mapped[list["MisconductFinding"]] = relationship(
        back_populates="organization", order_by="MisconductFinding.found_on.desc()", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def entity_id(self) -> str:
        return f"o{self.id}"


class CreditRecord(Base):
    __tablename__ = "credit_record"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CreditRecordKind] = mapped_column(str_enum(CreditRecordKind, "credit_record_kind"))
    start_date: Mapped[date] = mapped_column(Date)   # the event, or the day of listing
    end_date: Mapped[date | None] = mapped_column(Date)  # removal from a list
    source: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="credit_records")


class AwardRecord(Base):
    """A past award or nomination; the approval step of a cycle (a later issue) writes these too."""

    __tablename__ = "award_record"
    __table_args__ = (
        CheckConstraint("revocation_article IS NULL OR revocation_article IN (31, 32)", name="revocation_article"),
        CheckConstraint("(revoked_on IS NULL) = (revocation_article IS NULL)", name="revocation_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AwardKind] = mapped_column(str_enum(AwardKind, "award_kind"))
    awarded_on: Mapped[date] = mapped_column(Date)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"))
    cycle_name: Mapped[str | None] = mapped_column(String(100))
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)  # Art. 12: plaque only, no money, no quota place
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revocation_article: Mapped[int | None] = mapped_column(Integer)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    # Art. 31, 32: the revocation is the city government's act; revoked_on is the date of its decision and
    # revocation_document its number. Revocations recorded before issue 15 may lack these (shown as not recorded).
    revocation_clause: Mapped[RevocationClause | None] = mapped_column(
        str_enum(RevocationClause, "revocation_clause"))
    revocation_document: Mapped[str | None] = mapped_column(String(200))
    revocation_event_on: Mapped[date | None] = mapped_column(Date)  # Art. 32: 事故、查处、曝光 within 5 years
    revocation_evidence: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="awards")


class MisconductFinding(Base):
    __tablename__ = "misconduct_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind, "finding_kind"))
    found_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="findings")

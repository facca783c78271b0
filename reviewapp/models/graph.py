"""People and the typed, dated relations between people and organizations (the affiliation graph, Art. 33).

Organizations live in models/organization.py; a relation's ends are either a person or an organization,
so each end has two nullable foreign keys and a check constraint that exactly one is set."""
import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Date, Enum, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.labelled_enum import LabelledEnum


def str_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """Enums stored as their values in a VARCHAR with a CHECK constraint: identical on SQLite and PostgreSQL."""
    return Enum(enum_class, name=name, native_enum=False, create_constraint=True, length=40,
                values_callable=lambda members: [m.value for m in members])


class RelationType(LabelledEnum):
    EMPLOYED_BY = "employed_by"
    DIRECTOR_OF = "director_of"
    SUPERVISOR_OF = "supervisor_of"
    SENIOR_MANAGER_OF = "senior_manager_of"
    LEGAL_REPRESENTATIVE_OF = "legal_representative_of"
    PERSON_IN_CHARGE_OF = "person_in_charge_of"
    SHAREHOLDER_OF = "shareholder_of"
    ACTUAL_CONTROLLER_OF = "actual_controller_of"
    SUBSIDIARY_OF = "subsidiary_of"
    SPOUSE_OF = "spouse_of"
    IN_LAW_OF = "in_law_of"
    BLOOD_RELATIVE_OF = "blood_relative_of"
    CONSULTED_FOR = "consulted_for"
    COMPETITOR_OF = "competitor_of"
    RECOMMENDED = "recommended"
    MEMBER_OF = "member_of"

    __labels__ = {
        EMPLOYED_BY: _l("Employed by (任职)"),
        DIRECTOR_OF: _l("Director (董事)"),
        SUPERVISOR_OF: _l("Supervisor (监事)"),
        SENIOR_MANAGER_OF: _l("Senior manager (高级管理人员)"),
        LEGAL_REPRESENTATIVE_OF: _l("Legal representative (法定代表人)"),
        PERSON_IN_CHARGE_OF: _l("Person in charge (负责人)"),
        SHAREHOLDER_OF: _l("Shareholder (股东)"),
        ACTUAL_CONTROLLER_OF: _l("Actual controller (实际控制人)"),
        SUBSIDIARY_OF: _l("Subsidiary of (子公司)"),
        SPOUSE_OF: _l("Spouse (配偶)"),
        IN_LAW_OF: _l("In-law (姻亲)"),
        BLOOD_RELATIVE_OF: _l("Blood relative (血亲)"),
        CONSULTED_FOR: _l("Coached or consulted for (咨询辅导)"),
        COMPETITOR_OF: _l("Direct competitor (竞争对手)"),
        RECOMMENDED: _l("Recommended (推荐)"),
        MEMBER_OF: _l("Member of (会员)"),
    }


class RelationSource(LabelledEnum):
    DECLARED = "declared"   # by the expert
    OFFICE = "office"       # entered by the office
    IMPORTED = "imported"

    __labels__ = {
        DECLARED: _l("Declared by the expert"),
        OFFICE: _l("By the office"),
        IMPORTED: _l("Imported"),
    }


class Person(TimestampMixin, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    # An expert is a person with a login (role expert); the account is the person's, never the reverse.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    # The id the entity had in an imported file: re-importing the same file finds it again.
    import_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    # Set when the office merged this duplicate into another person (reversible, see EntityMerge).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    user: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def entity_id(self) -> str:
        return f"p{self.id}"


class Relation(Base):
    __tablename__ = "relation"
    __table_args__ = (
        CheckConstraint("(from_person_id IS NULL) <> (from_org_id IS NULL)", name="one_from"),
        CheckConstraint("(to_person_id IS NULL) <> (to_org_id IS NULL)", name="one_to"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("share IS NULL OR (share > 0 AND share <= 1)", name="share_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[RelationType] = mapped_column(str_enum(RelationType, "relation_type"), index=True)
    from_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    from_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    to_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    share: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    degree: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[RelationSource] = mapped_column(str_enum(RelationSource, "relation_source"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)

    from_person: Mapped[Person | None] = relationship(foreign_keys=[from_person_id])
    to_person: Mapped[Person | None] = relationship(foreign_keys=[to_person_id])
    from_org: Mapped["Organization | None"] = relationship(foreign_keys=[from_org_id])  # noqa: F821
    to_org: Mapped["Organization | None"] = relationship(foreign_keys=[to_org_id])  # noqa: F821
    recorded_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def source_entity(self):
        return self.from_person or self.from_org

    @property
    def target_entity(self):
        return self.to_person or self.to_org

    @property
    def entity_source_id(self) -> str:
        return f"p{self.from_person_id}" if self.from_person_id else f"o{self.from_org_id}"

    @property
    def entity_target_id(self) -> str:
        return f"p{self.to_person_id}" if self.to_person_id else f"o{self.to_org_id}"

    def active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


class DeclarationKind(LabelledEnum):
    """R7: the three ways a conflict is declared."""

    EXPERT = "expert"                        # the expert declared it (Art. 33: must recuse)
    OFFICE = "office"                        # the office recorded it
    APPLICANT_REQUEST = "applicant_request"  # the applicant asked, with a reason, that the expert be avoided

    __labels__ = {
        EXPERT: _l("Declared by the expert"),
        APPLICANT_REQUEST: _l("Applicant's avoidance request (回避申请)"),
        OFFICE: _l("Recorded by the office"),
    }


class DeclarationStatus(LabelledEnum):
    PENDING = "pending"      # an applicant's request awaiting the office
    ACCEPTED = "accepted"    # in force
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    # as the declarations pages word them
    __labels__ = {
        PENDING: _l("Awaiting the office's decision"),
        ACCEPTED: _l("In force"),
        REJECTED: _l("Request rejected"),
        WITHDRAWN: _l("Withdrawn"),
    }


class ConflictDeclaration(Base):
    __tablename__ = "conflict_declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    kind: Mapped[DeclarationKind] = mapped_column(str_enum(DeclarationKind, "declaration_kind"))
    status: Mapped[DeclarationStatus] = mapped_column(str_enum(DeclarationStatus, "declaration_status"))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    organization: Mapped["Organization"] = relationship()  # noqa: F821


class EntityMerge(Base):
    """The office merged a duplicate into a survivor: what moved, so that the merge can be undone."""

    __tablename__ = "entity_merge"
    __table_args__ = (CheckConstraint("kind IN ('person', 'organization')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    survivor_id: Mapped[int] = mapped_column(Integer)
    merged_id: Mapped[int] = mapped_column(Integer)
    moved: Mapped[dict] = mapped_column(JSON)  # table name -> [(row id, column)] that now point to the survivor
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SuggestionDismissal(Base):
    """A suggestion the office dismissed. It stays dismissed while the data behind it (the fingerprint) is
    unchanged; a change to the names or relations involved brings it back."""

    __tablename__ = "suggestion_dismissal"
    __table_args__ = (UniqueConstraint("key", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))          # e.g. "duplicate:o3:o9", "possible:p4:o7:o9"
    fingerprint: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GraphVersion(Base):
    """A single row (id 1) whose token changes with every write to what the conflict engine reads (people,
    organizations, relations, accepted declarations; reviewapp/conflicts/graph_version.py). Each app process keeps
    built engines by token, so a page asks the database for one short value instead of the whole graph, and a
    change made through any process or host is seen by all at their next request. A random token, not a counter:
    a restored backup or a fresh test database can never present a token some process has seen for other data."""

    __tablename__ = "graph_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    # Counts the changes (issue 19): each new token is the change numbered seq in graph_change. The counter lives in
    # this locked row, so the committed changes are numbered without gaps in the order they were committed.
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class GraphChange(Base):
    """What one change of the graph version touched (issue 19): the ids of the people, organizations, relations and
    declarations written, or {"rebuild": why} for a write that names no rows (a bulk import). A process that built
    its engine at an earlier version re-reads those rows and updates the engine in place instead of rebuilding it
    (conflicts/service.py). Only the last few thousand are kept."""

    __tablename__ = "graph_change"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))  # the graph version this change made
    changes: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

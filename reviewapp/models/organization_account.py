"""Issue 18: the accounts of applicant organizations (申报组织) and recommenders (推荐单位, Art. 10, 15). Each login
with either role is linked to one organization; an organization may have several. An account registered on the public
page waits for the office to check it against the organization registry; an invited one is verified by the
invitation."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UTCDateTime
from reviewapp.models.organization import Organization
from reviewapp.models.user import User


class OrganizationAccount(TimestampMixin, Base):
    __tablename__ = "organization_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    # what was typed at registration, kept beside the registry's data for the office's check
    credit_code: Mapped[str | None] = mapped_column(String(18))
    organization_name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    # True when the registration created the organization (no registered one had the credit code): unverified data
    organization_created: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refused_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization] = relationship()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def awaiting(self) -> bool:
        return self.verified_at is None and self.refused_at is None

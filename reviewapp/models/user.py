"""Accounts, their roles, and the login attempts that drive the lockout."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from reviewapp.models.labelled_enum import LabelledEnum


class Role(LabelledEnum):
    """Global roles. "Panel leader" is deliberately absent: it comes from leading a panel (object level)."""

    OFFICE = "office"
    EXPERT = "expert"
    LEADING_GROUP = "leading_group"
    # issue 18: external accounts, each linked to its organization (models/organization_account.py, Art. 10, 15)
    APPLICANT = "applicant"
    RECOMMENDER = "recommender"

    __labels__ = {
        OFFICE: _l("Office (领导小组办公室)"),
        EXPERT: _l("Expert (评审专家)"),
        LEADING_GROUP: _l("Leading group member (领导小组成员)"),
        APPLICANT: _l("Applicant organization (申报组织)"),
        RECOMMENDER: _l("Recommender (推荐单位)"),
    }


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    # issue 16: True, mails only for the notices a rule requires (notifications/kinds.py ESSENTIAL); the others stay
    # in the in-app list
    mail_essential_only: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The second factor (issue 13, item 5): the TOTP secret, encrypted (reviewapp/auth/second_factor.py); set but
    # not enabled while the user is enrolling; the last time step accepted, so that a code is not used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    role_links: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        loaded = self.__dict__.get("roles_on_load")
        if loaded is not None:
            return set(loaded)
        return {link.role for link in self.role_links}

    def set_roles(self, roles) -> None:
        self.__dict__.pop("roles_on_load", None)  # the roles the session loaded with the user, now changing
        wanted = set(roles)
        self.role_links = [link for link in self.role_links if link.role in wanted]
        for role in sorted(wanted - self.roles, key=lambda r: r.value):
            self.role_links.append(UserRole(role=role))

    def has_role(self, *roles: Role) -> bool:
        loaded = self.__dict__.get("roles_on_load")
        return not (loaded if loaded is not None else self.roles).isdisjoint(roles)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    # The server-side session this object was loaded through (reviewapp/auth/sessions.py), and the token the
    # browser holds for it: Flask-Login puts get_id() in the session cookie and the remember-me cookie. Neither
    # attribute is stored: the database holds only the token's hash (issue 13, item 2).
    current_session = None
    session_token = None
    # The roles as the user loader read them with the session, in the same query (reviewapp/auth/sessions.py):
    # `roles` answers from them, without loading role_links; set_roles drops them.
    roles_on_load = None

    def get_id(self) -> str:
        if not self.session_token:
            raise RuntimeError("log in through reviewapp.auth.operations.complete_login: no session token")
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role", native_enum=False, create_constraint=True, length=20,
             values_callable=lambda roles: [r.value for r in roles])
    )
    user: Mapped[User] = relationship(back_populates="role_links")


class LoginAttempt(Base):
    """One row per password check, kept in the database so the lockout holds across server processes."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_username_at", "username", "at"),
                      Index("ix_login_attempt_remote_addr_at", "remote_addr", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # the client as the throttle counts it: an IPv4 address or an IPv6 /64 (auth.operations.throttle_client)
    remote_addr: Mapped[str | None] = mapped_column(String(45))
    # "password", or "second_factor" for the code asked after a right password (issue 13, item 5)
    stage: Mapped[str] = mapped_column(String(16), default="password", server_default="password")

"""What the notification pages and the sender read."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import (
    Expert,
    Notification,
    OrganizationAccount,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
    User,
    UserRole,
)

PAGE_SIZE = 50


def email_of(user: User) -> str | None:
    """A user's e-mail address: the expert record of the user's person (the accounts themselves keep none)."""
    address = db.session.scalar(select(Expert.email).join(Person, Expert.person_id == Person.id)
                                .where(Person.user_id == user.id))
    if not address:  # issue 18: an organization's account keeps the address it registered or was invited with
        address = db.session.scalar(select(OrganizationAccount.email).where(OrganizationAccount.user_id == user.id))
    return (address or "").strip() or None


def users_with(role: Role) -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                   .where(UserRole.role == role, User.active).order_by(User.id)))


def dedupe_key_used(key: str) -> bool:
    return (db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None
            or db.session.scalar(select(Notification.id).where(Notification.dedupe_key == key)) is not None)


def unread_of(user_id):
    """The count of a user's unread notices, as a subquery (the user loader reads it with the user)."""
    return (select(func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery())


def unread_count(user: User) -> int:
    """The navbar's count: read with the user when the session loaded it (no query of its own), else counted."""
    known = getattr(user, "unread_on_load", None)
    return known if known is not None else db.session.scalar(select(unread_of(user.id)))


def notifications_of(user: User, page: int):
    return db.paginate(select(Notification).where(Notification.user_id == user.id)
                       .order_by(Notification.created_at.desc(), Notification.id.desc()),
                       page=page, per_page=PAGE_SIZE, error_out=False)


def outbox(status: OutboxStatus | None, page: int):
    query = (select(OutboxMessage).options(selectinload(OutboxMessage.user))
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def outbox_counts() -> dict[OutboxStatus, int]:
    counted = dict(db.session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                                      .group_by(OutboxMessage.status)).all())
    return {status: counted.get(status, 0) for status in OutboxStatus}

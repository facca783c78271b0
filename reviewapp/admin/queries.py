from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from reviewapp.extensions import db
from reviewapp.models import AuditEntry, User

CITY_TZ = ZoneInfo("Asia/Shanghai")


def username_taken(username: str) -> bool:
    from reviewapp.auth.operations import normalize_username

    return db.session.scalar(select(User.id).where(User.username == normalize_username(username))) is not None


def users_page(page: int, per_page: int = 50):
    return db.paginate(select(User).order_by(User.username), page=page, per_page=per_page, error_out=False)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_object_types() -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.object_type).where(AuditEntry.object_type.is_not(None)).distinct()
        .order_by(AuditEntry.object_type)))


def _local_midnight_utc(day) -> datetime:
    """Dates in the filter are days in Benxi, the entries are stored in UTC."""
    return datetime.combine(day, time.min, tzinfo=CITY_TZ)


def audit_page(filters: dict, page: int, per_page: int):
    stmt = (select(AuditEntry).outerjoin(AuditEntry.user).options(contains_eager(AuditEntry.user))
            .order_by(AuditEntry.seq.desc()))
    if filters.get("user"):
        stmt = stmt.where(User.username == filters["user"].strip().lower())
    if filters.get("action"):
        stmt = stmt.where(AuditEntry.action == filters["action"])
    if filters.get("object_type"):
        stmt = stmt.where(AuditEntry.object_type == filters["object_type"])
    if filters.get("object_id"):
        stmt = stmt.where(AuditEntry.object_id == filters["object_id"].strip())
    if filters.get("date_from"):
        stmt = stmt.where(AuditEntry.at >= _local_midnight_utc(filters["date_from"]))
    if filters.get("date_to"):
        stmt = stmt.where(AuditEntry.at < _local_midnight_utc(filters["date_to"] + timedelta(days=1)))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)

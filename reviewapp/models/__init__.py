"""Every model, imported here so that Alembic and create_all see them all."""
from reviewapp.models.audit import AuditEntry, AuditHead
from reviewapp.models.base import Base
from reviewapp.models.user import LoginAttempt, Role, User, UserRole

__all__ = ["AuditEntry", "AuditHead", "Base", "LoginAttempt", "Role", "User", "UserRole"]

"""Issue 18: who hears of a matter of an applicant organization: its verified, active applicant logins."""
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import OrganizationAccount, Role, User, UserRole


def organization_users(organization_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(OrganizationAccount, OrganizationAccount.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(OrganizationAccount.organization_id == organization_id, OrganizationAccount.verified_at.is_not(None),
               UserRole.role == Role.APPLICANT, User.active).order_by(User.id)))

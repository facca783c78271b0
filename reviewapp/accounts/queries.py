"""Read-only helpers of the organizations' accounts (issue 18)."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import Application, Cycle, Organization, OrganizationAccount, Role, User
from reviewapp.models.organization import RECOMMENDER_KINDS

EXTERNAL_ROLES = (Role.APPLICANT, Role.RECOMMENDER)


def account_of(user) -> OrganizationAccount | None:
    if not (user and user.is_authenticated and user.has_role(*EXTERNAL_ROLES)):
        return None
    return db.session.scalar(select(OrganizationAccount).where(OrganizationAccount.user_id == user.id)
                             .options(selectinload(OrganizationAccount.organization)))


def awaiting() -> list[OrganizationAccount]:
    """Registrations the office has neither verified nor refused, oldest first."""
    return list(db.session.scalars(
        select(OrganizationAccount).where(OrganizationAccount.verified_at.is_(None),
                                          OrganizationAccount.refused_at.is_(None))
        .options(selectinload(OrganizationAccount.organization), selectinload(OrganizationAccount.user))
        .order_by(OrganizationAccount.created_at, OrganizationAccount.id)))


def awaiting_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OrganizationAccount).where(
        OrganizationAccount.verified_at.is_(None), OrganizationAccount.refused_at.is_(None)))


def organization_by_code(code: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.credit_code == code))


def accounts_of(organization: Organization) -> list[OrganizationAccount]:
    return list(db.session.scalars(
        select(OrganizationAccount).where(OrganizationAccount.organization_id == organization.id)
        .options(selectinload(OrganizationAccount.user)).order_by(OrganizationAccount.id)))


def applications_naming(recommender: Organization) -> list[Application]:
    """Art. 15: the applications that name this recommender; number, name and status are all its home shows."""
    return list(db.session.scalars(
        select(Application).join(Cycle, Application.cycle_id == Cycle.id)
        .where(Application.recommender_id == recommender.id)
        .options(selectinload(Application.organization), selectinload(Application.cycle))
        .order_by(Cycle.year.desc(), Application.number)))


def recommended_organizations(recommender: Organization) -> list[Organization]:
    """The organizations whose applications name this recommender (Art. 15): those it may invite."""
    return list(db.session.scalars(
        select(Organization).where(Organization.id.in_(
            select(Application.organization_id).where(Application.recommender_id == recommender.id)))
        .order_by(Organization.name)))


def invitable_organizations(as_office: bool, recommender: Organization | None) -> list[Organization]:
    if not as_office:
        return recommended_organizations(recommender) if recommender is not None else []
    return list(db.session.scalars(select(Organization).where(Organization.merged_into_id.is_(None))
                                   .order_by(Organization.name)))


def is_recommender_kind(organization: Organization) -> bool:
    return organization.kind in RECOMMENDER_KINDS


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(User.username == username)) is not None


def organization_home(user) -> dict | None:
    """The home section of an applicant's or a recommender's account: its organization, the organization's users,
    and for a recommender the applications that name it (Art. 15)."""
    account = account_of(user)
    if account is None:
        return None
    organization = account.organization
    return {"account": account, "organization": organization, "accounts": accounts_of(organization),
            "applications": applications_naming(organization) if user.has_role(Role.RECOMMENDER) else []}

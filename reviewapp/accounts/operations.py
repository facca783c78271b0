"""Writes of the organizations' accounts (issue 18): registration, the office's verification, invitations."""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from reviewapp import audit, proof_of_work
from reviewapp.accounts import queries
from reviewapp.admin.operations import create_user
from reviewapp.auth.reset import invite
from reviewapp.domain import usernames
from reviewapp.domain.i18n import N_
from reviewapp.domain.organization_accounts import invitation_problem
from reviewapp.domain.submissions import address_key, over_rate_limit
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import Organization, OrganizationAccount, OrgKind, RateLimitHit, Role, User
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify
from reviewapp.notifications.rendering import app_path
from reviewapp.submissions.queries import recent_hits

KEY_KIND = "registration"
RATE_LIMIT = 5  # registrations per client network and hour, like the other public forms' limits
RATE_WINDOW_SECONDS = 3600


class RateLimited(Refused):
    pass


@dataclass(frozen=True)
class Registration:
    credit_code: str
    organization_name: str
    contact_name: str
    phone: str
    email: str
    username: str
    password: str


def _client_key(remote_addr: str | None) -> str:
    return address_key(current_app.config["SECRET_KEY"], remote_addr, kind=KEY_KIND)


def rate_limited(remote_addr: str | None) -> bool:
    return over_rate_limit(recent_hits(_client_key(remote_addr), RATE_WINDOW_SECONDS), RATE_LIMIT)


def _check_username(username: str) -> None:
    taken = {username} if queries.username_taken(username) else set()
    problem = usernames.problem(username, taken)
    if problem is not None:
        raise Refused(*problem, field="username")


def register(registration: Registration, remote_addr: str | None, challenge_nonce: str) -> OrganizationAccount:
    """A public registration: an applicant login that can do nothing until the office verifies it. The credit code
    of a registered organization links to it; an unknown one creates the organization as unverified data. The
    solved challenge is spent with it."""
    if rate_limited(remote_addr):
        raise RateLimited(N_("Too many registrations from your network address: at most %(n)s an hour. Please try "
                             "again later."), {"n": RATE_LIMIT})
    _check_username(registration.username)
    proof_of_work.use_challenge(challenge_nonce)
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key.startswith(f"{KEY_KIND}:"),
                                                  RateLimitHit.at < utcnow() - timedelta(seconds=RATE_WINDOW_SECONDS)))
    db.session.add(RateLimitHit(key=_client_key(remote_addr)))
    organization = queries.organization_by_code(registration.credit_code)
    created = organization is None
    if created:
        organization = Organization(name=registration.organization_name, credit_code=registration.credit_code,
                                    kind=OrgKind.ENTERPRISE, contact_name=registration.contact_name,
                                    contact_phone=registration.phone, contact_email=registration.email)
        db.session.add(organization)
        db.session.flush()
    user = create_user(registration.username, registration.contact_name, registration.password, [Role.APPLICANT],
                       "zh", commit=False)
    account = OrganizationAccount(user=user, organization=organization, credit_code=registration.credit_code,
                                  organization_name=registration.organization_name,
                                  contact_name=registration.contact_name, phone=registration.phone,
                                  email=registration.email, organization_created=created)
    db.session.add(account)
    audit.record("organization_account_registered", account, user=user, details={
        "username": user.username, "organization_id": organization.id, "credit_code": registration.credit_code,
        "organization_created": created})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if proof_of_work.challenge_used(challenge_nonce):  # two registrations raced with one solved challenge
            raise proof_of_work.ChallengeUsed(proof_of_work.MSG_CHALLENGE_USED) from None
        raise Refused(N_("The registration could not be recorded because of a simultaneous change; please send it "
                         "again.")) from None
    return account


def _decidable(account: OrganizationAccount) -> None:
    if not account.awaiting:
        raise Refused(N_("This registration has been decided already."))


def verify(account: OrganizationAccount, acting: User) -> None:
    """The office checked the registration against the organization registry: the account may work."""
    _decidable(account)
    account.verified_at, account.verified_by_id = utcnow(), acting.id
    audit.record("organization_account_verified", account, user=acting, details={
        "username": account.user.username, "organization_id": account.organization_id})
    notify(account.user, "account_verified", app_path("main.index"), organization=account.organization.name)
    db.session.commit()


def refuse(account: OrganizationAccount, reason: str, acting: User) -> None:
    _decidable(account)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(N_("Give the reason for the refusal: the organization reads it."), field="reason")
    account.refused_at, account.refused_by_id, account.refusal_reason = utcnow(), acting.id, reason
    audit.record("organization_account_refused", account, user=acting, details={
        "username": account.user.username, "organization_id": account.organization_id, "reason": reason})
    notify(account.user, "account_refused", app_path("main.index"), organization=account.organization.name)
    db.session.commit()


@dataclass(frozen=True)
class Invitation:
    role: str
    organization: Organization
    username: str
    display_name: str
    email: str


def send_invitation(invitation: Invitation, acting: User, inviter: OrganizationAccount | None) -> User:
    """The office (either role) or a recommender (the organizations it recommends, Art. 15) creates a login that the
    invitation verifies; the mailed single-use link sets its password (reviewapp/auth/reset.py, INVITATION_DAYS)."""
    organization = invitation.organization
    recommended = inviter is not None and organization in queries.recommended_organizations(inviter.organization)
    problem = invitation_problem(invitation.role, by_office=acting.has_role(Role.OFFICE),
                                 recommender_kind=queries.is_recommender_kind(organization),
                                 recommended_by_inviter=recommended)
    if problem is not None:
        raise Refused(problem, field="organization")
    _check_username(invitation.username)
    user = create_user(invitation.username, invitation.display_name, secrets.token_urlsafe(32),
                       [Role(invitation.role)], "zh", acting=acting, commit=False)
    now = utcnow()
    account = OrganizationAccount(user=user, organization=organization, credit_code=organization.credit_code,
                                  organization_name=organization.name, contact_name=invitation.display_name,
                                  email=invitation.email, invited_by_id=acting.id, verified_at=now,
                                  verified_by_id=acting.id)
    db.session.add(account)
    audit.record("organization_account_invited", account, user=acting, details={
        "username": user.username, "role": invitation.role, "organization_id": organization.id})
    db.session.flush()
    invite(user, acting, kind="organization_invitation", organization=organization.name)
    db.session.commit()
    return user

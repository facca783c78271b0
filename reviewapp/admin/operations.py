"""User administration by the office. Every change is audited with what changed."""
from sqlalchemy import select

from reviewapp import audit
from reviewapp.auth import sessions
from reviewapp.auth.hashing import password_hashing
from reviewapp.auth.operations import normalize_username, set_password
from reviewapp.domain.i18n import N_
from reviewapp.domain.organization_accounts import role_change_problem
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import Expert, Person, Role, User
from reviewapp.permissions import may_deactivate


def ensure_person(user: User) -> None:
    """An expert is a person of the affiliation graph (Art. 33) with a record in the expert pool: give every
    expert login both."""
    if Role.EXPERT not in user.roles:
        return
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    if person is None:
        person = Person(name=user.display_name, user=user)
        db.session.add(person)
        db.session.flush()
    if db.session.scalar(select(Expert.id).where(Expert.person_id == person.id)) is None:
        db.session.add(Expert(person_id=person.id))


def _check_roles(current: list[Role], wanted: list[Role]) -> None:
    problem = role_change_problem({r.value for r in current}, {r.value for r in wanted})
    if problem:
        raise Refused(problem)


def create_staff_user(username: str, display_name: str, password: str, roles: list[Role], locale: str | None,
                      acting: User | None = None) -> User:
    """An office, expert or group login from the office's form or the command line; an organization's login
    comes with its organization's link (reviewapp/accounts/)."""
    _check_roles([], roles)
    return create_user(username, display_name, password, roles, locale, acting)


def create_user(username: str, display_name: str, password: str, roles: list[Role], locale: str | None,
                acting: User | None = None, commit: bool = True) -> User:
    user = User(username=normalize_username(username), display_name=display_name.strip(),
                password_hash=password_hashing().hash(password), locale=locale)
    user.set_roles(roles)
    db.session.add(user)
    audit.record("user_created", user, user=acting,
                 details={"username": user.username, "roles": sorted(r.value for r in roles)})
    ensure_person(user)
    if commit:  # else the caller commits it with the rest (issue 17: many expert accounts, all or none)
        db.session.commit()
    else:
        db.session.flush()
    return user


def update_user(user: User, display_name: str, roles: list[Role] | None, locale: str | None, acting: User) -> None:
    """`roles` None keeps the login's roles (an organization's account: its form has none)."""
    roles = list(user.roles) if roles is None else roles
    _check_roles(list(user.roles), roles)
    if user.id == acting.id and Role.OFFICE not in roles:
        # the office would lock itself out of the administration
        raise Refused(N_("You cannot remove the office role from your own account."))
    before = {"display_name": user.display_name, "roles": sorted(r.value for r in user.roles), "locale": user.locale}
    user.display_name = display_name.strip()
    user.set_roles(roles)
    user.locale = locale
    after = {"display_name": user.display_name, "roles": sorted(r.value for r in roles), "locale": locale}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        audit.record("user_updated", user, user=acting, details=changes)
    ensure_person(user)
    db.session.commit()


def reset_password(user: User, password: str, acting: User) -> None:
    ended = set_password(user, password, keep=acting.current_session)  # kept only if resetting one's own
    audit.record("password_reset", user, user=acting, details={"sessions_ended": ended})
    db.session.commit()


def set_active(user: User, active: bool, acting: User) -> None:
    if not active and not may_deactivate(acting, user):
        raise Refused(N_("You cannot deactivate your own account."))
    user.active = active
    details = {} if active else {"sessions_ended": sessions.end_all(user)}  # logged out everywhere at once
    audit.record("user_activated" if active else "user_deactivated", user, user=acting, details=details)
    db.session.commit()

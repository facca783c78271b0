"""Writing the expert pool: profiles, the current employer (an employed_by relation of the affiliation graph),
logins, status changes with their reason (Art. 33) and per-cycle availability. Every change is audited."""
import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.auth.reset import invite
from reviewapp.conflicts.service import forget_engines
from reviewapp.domain import usernames
from reviewapp.domain.i18n import N_
from reviewapp.errors import BatchRefused, Refused, StaleWrite
from reviewapp.experts import queries
from reviewapp.experts.queries import Employer
from reviewapp.extensions import db
from reviewapp.graph.notices import tell_late_conflicts
from reviewapp.models import (
    Cycle,
    Expert,
    ExpertAvailability,
    ExpertStatus,
    Organization,
    OrgKind,
    Panel,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
    User,
)
from reviewapp.models.base import utcnow

PROFILE_FIELDS = ("title", "specialties", "strengths", "certificate_number", "certificate_expires", "can_lead",
                  "phone", "email")
CONTACT_FIELDS = ("phone", "email")

# action -> (the statuses it applies to, the status it leads to). Art. 33: a disqualification is final; the record
# and its reason stay.
TRANSITIONS = {
    "suspend": ((ExpertStatus.ACTIVE,), ExpertStatus.SUSPENDED),
    "reactivate": ((ExpertStatus.SUSPENDED,), ExpertStatus.ACTIVE),
    "disqualify": ((ExpertStatus.ACTIVE, ExpertStatus.SUSPENDED), ExpertStatus.DISQUALIFIED),
}


def actions_for(status: ExpertStatus) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


def _clean(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def _commit() -> None:
    try:
        tell_late_conflicts()  # a new employer may conflict with an applicant of the expert's panel
        db.session.commit()
    except StaleDataError:  # changed by someone else between our check of the version and the write
        db.session.rollback()
        raise StaleWrite from None
    forget_engines()  # employers are graph facts the conflict checks read


def apply_profile(expert: Expert, data: dict, fields=PROFILE_FIELDS) -> dict:
    """Set the given fields (and the person's name, when given); the changes as {field: [before, after]}."""
    changes = {}
    if "name" in data and _clean(data["name"]) != expert.person.name:
        changes["name"] = [expert.person.name, _clean(data["name"])]
        expert.person.name = _clean(data["name"])
    for name in fields:
        value = _clean(data[name])
        if name in ("specialties", "strengths"):
            value = list(value or [])
        if name == "can_lead":
            value = bool(value)
        if getattr(expert, name) != value:
            changes[name] = [_plain(getattr(expert, name)), _plain(value)]
            setattr(expert, name, value)
    return changes


def employ(person: Person, employer: Employer | None, acting, new_orgs: dict | None = None) -> dict | None:
    """Make `employer` the person's current employer: an employed_by relation entered by the office. A different
    employer ends the current relations today and starts the new one today; a first employer has worked there
    since a date we do not know (no start date), so the conflict checks see it at any reference date. Not audited
    here: the caller records what changed. Returns the change, or None when nothing changes.
    `new_orgs` shares the organizations created by one import between its rows (one per name)."""
    current = queries.employment_relations(person)
    if employer is not None and employer.org is not None and any(r.to_org_id == employer.org.id for r in current):
        return None
    if employer is None and not current:
        return None
    day = queries.today()
    for relation in current:
        relation.end_date = day
    org = None
    if employer is not None:
        org = employer.org
        if org is None:
            org = (new_orgs or {}).get(employer.new_name)
        if org is None:
            org = Organization(name=employer.new_name, kind=OrgKind.OTHER)
            db.session.add(org)
            db.session.flush()
            if new_orgs is not None:
                new_orgs[employer.new_name] = org
        db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person=person, to_org=org,
                                start_date=day if current else None, source=RelationSource.OFFICE,
                                recorded_by_id=acting.id, recorded_at=utcnow()))
    return {"ended": [r.id for r in current], "ended_names": [r.to_org.name for r in current], "org": org,
            "organization_created": employer is not None and employer.org is None}


def _employ_audited(expert: Expert, employer: Employer | None, acting) -> dict | None:
    change = employ(expert.person, employer, acting)
    if change is not None:
        org = change["org"]
        if change["organization_created"]:
            audit.record("organization_created", org, user=acting, details={"name": org.name, "for_expert": expert.id})
        audit.record("expert_employer_changed", expert, user=acting, details={
            "from": change["ended_names"], "to": org.name if org is not None else None,
            "relations_ended": change["ended"]})
    return change


def _link_login(expert: Expert, username: str, password: str, acting, commit: bool = True) -> str:
    """A new login (role expert) for the expert's person. admin.operations.create_user gives every new expert login
    a person and a pool record of its own (and commits); here the person is already known, so that blank pair is
    dropped and the login linked to the expert's person."""
    user = create_user(username, expert.person.name, password, [Role.EXPERT], None, acting, commit=commit)
    blank = db.session.scalar(select(Person).where(Person.user_id == user.id))
    if blank is not None and blank.id != expert.person_id:
        blank_expert = db.session.scalar(select(Expert).where(Expert.person_id == blank.id))
        if blank_expert is not None:
            db.session.delete(blank_expert)
        db.session.delete(blank)
        db.session.flush()
    expert.person.user_id = user.id
    return user.username


def create_expert(data: dict, employer: Employer | None, acting, login: tuple[str, str] | None = None) -> Expert:
    person = Person(name=_clean(data["name"]))
    expert = Expert(person=person, specialties=[], strengths=[])
    db.session.add(expert)
    db.session.flush()
    changes = apply_profile(expert, data)
    audit.record("expert_created", expert, user=acting,
                 details={"name": person.name, **{k: v[1] for k, v in changes.items() if k != "name"}})
    _employ_audited(expert, employer, acting)
    if login is not None:
        username = _link_login(expert, *login, acting)
        audit.record("expert_updated", expert, user=acting, details={"login": [None, username]})
    _commit()
    return expert


def update_expert(expert: Expert, data: dict, employer: Employer | None, expected_version: int, acting,
                  login: tuple[str, str] | None = None) -> None:
    if expert.version != expected_version:
        raise StaleWrite
    changes = apply_profile(expert, data)
    if changes:
        audit.record("expert_updated", expert, user=acting, details=changes)
    _employ_audited(expert, employer, acting)
    if login is not None and expert.person.user_id is None:
        username = _link_login(expert, *login, acting)
        audit.record("expert_updated", expert, user=acting, details={"login": [None, username]})
    _commit()


def update_contact(expert: Expert, data: dict, expected_version: int, acting) -> bool:
    """The expert's own change: contact details only (the office's fields are not even read)."""
    if expert.version != expected_version:
        raise StaleWrite
    changes = apply_profile(expert, {name: data.get(name) for name in CONTACT_FIELDS}, CONTACT_FIELDS)
    if changes:
        audit.record("expert_updated", expert, user=acting, details={**changes, "by_expert": True})
    _commit()
    return bool(changes)


def disqualify(expert: Expert, reason: str, acting, details: dict | None = None) -> list[Panel]:
    """Disqualify `expert` and remove them from every active panel; returns the panels they left.

    Art. 33: a reviewer who breaks the rules is disqualified. The status changes with its reason (as the pool's own
    status change does) and the expert leaves every panel still at work, each removal audited, so that their access to
    applicants ends at once — the access predicates read both the status and the seats. Adds to the session without
    committing: the caller commits it together with the finding that led to it."""
    sources, target = TRANSITIONS["disqualify"]
    if expert.status not in sources:
        raise Refused(N_("A disqualification is final (Art. 33)."))
    previous = expert.status
    expert.status, expert.status_reason, expert.status_changed_at = target, reason, utcnow()
    audit.record("expert_status_changed", expert, user=acting,
                 details={"from": previous.value, "to": target.value, "reason": reason, **(details or {})})
    panels = []
    for seat in queries.active_seats(expert):
        panel = seat.panel
        panel.members.remove(seat)
        panel.version = panel.version + 1  # pages opened before the removal are now stale
        audit.record("panel_member_removed", panel, user=acting,
                     details={"expert_id": expert.id, "was_leader": seat.is_leader,
                              "reason": ExpertStatus.DISQUALIFIED.value})
        panels.append(panel)
    db.session.flush()
    return panels


def change_status(expert: Expert, action: str, reason: str, expected_version: int, acting) -> None:
    """Suspend, reactivate or disqualify, always with a reason. Art. 33: a disqualified expert keeps the record and
    the reason, and can no longer be assigned nor see any applicant (the panels' checks and the access predicates
    read the status)."""
    if expert.version != expected_version:
        raise StaleWrite
    reason = _clean(reason)
    if not reason:
        raise Refused(N_("Give the reason for the change."))
    sources, target = TRANSITIONS.get(action, ((), None))
    if expert.status not in sources:
        raise Refused(N_("A disqualification is final (Art. 33).") if expert.status is ExpertStatus.DISQUALIFIED
                      else N_("This change does not apply to the expert's current status."))
    if action == "disqualify":  # also leaves every active panel at once (Art. 33)
        disqualify(expert, reason, acting)
        _commit()
        return
    previous = expert.status
    expert.status, expert.status_reason, expert.status_changed_at = target, reason, utcnow()
    audit.record("expert_status_changed", expert, user=acting,
                 details={"from": previous.value, "to": target.value, "reason": reason})
    _commit()


def record_availability(expert: Expert, cycle: Cycle, available: bool, reason: str | None, acting,
                        by_expert: bool) -> ExpertAvailability:
    """The expert's answer for a cycle not closed: available, or declined with a reason. An expert who already sits
    on an active panel of the cycle asks the office, which records the decline and replaces them."""
    answer = _record_availability(expert, cycle, available, reason, acting, by_expert)
    _commit()
    return answer


def record_availability_many(experts: list[Expert], cycle: Cycle, available: bool, reason: str | None,
                             acting) -> None:
    """Issue 17: the office records one answer (available, or declined with its reason) for several experts at
    once, each through the single answer's rules; all or nothing."""
    if not experts:
        raise Refused(N_("Choose at least one expert."))
    for expert in experts:
        _record_availability(expert, cycle, available, reason, acting, by_expert=False)
    _commit()


def _record_availability(expert: Expert, cycle: Cycle, available: bool, reason: str | None, acting,
                         by_expert: bool) -> ExpertAvailability:
    reason = _clean(reason)
    if cycle.stage is Stage.CLOSED:
        raise Refused(N_("This cycle is closed."))
    if not available and not reason:
        raise Refused(N_("Give the reason for declining."))
    if not available and by_expert and queries.active_seats(expert, cycle):
        raise Refused(N_("You already sit on a panel of this cycle: please ask the office to release you."))
    answer = queries.availability(expert, cycle)
    if answer is None:
        answer = ExpertAvailability(expert_id=expert.id, cycle_id=cycle.id)
        db.session.add(answer)
    elif answer.available == available and answer.reason == (None if available else reason):
        return answer
    answer.available, answer.reason, answer.recorded_at = available, None if available else reason, utcnow()
    audit.record("expert_availability_recorded", expert, user=acting, details={
        "cycle_id": cycle.id, "cycle": cycle.name, "available": available, "reason": answer.reason,
        "by_expert": by_expert})
    return answer


def create_invited_accounts(logins: list[tuple[Expert, str]], acting) -> list[User]:
    """Issue 17: a login (role expert) for each imported expert with an e-mail address and none yet, under the
    login name the office saw, and the invitation mail to set its password. No password is known to anyone until
    the expert sets one. All or nothing: BatchRefused names each expert refused and why."""
    taken = queries.taken_usernames()
    refusals = {}
    for expert, username in logins:
        problem = _invitation_problem(expert, username, taken)
        if problem is not None:
            refusals[expert.id] = [problem]
        taken.add(username)
    if refusals or not logins:
        raise BatchRefused(refusals) if refusals else Refused(N_("Choose at least one expert."))
    users = []
    for expert, username in logins:
        _link_login(expert, username, secrets.token_urlsafe(32), acting, commit=False)
        user = expert.person.user
        audit.record("expert_updated", expert, user=acting, details={"login": [None, username], "invited": True})
        invite(user, acting)
        users.append(user)
    db.session.commit()
    return users


def _invitation_problem(expert: Expert, username: str, taken: set[str]) -> tuple[str, dict] | None:
    if expert.person.user_id is not None:
        return N_("%(name)s already has a login."), {"name": expert.person.name}
    if expert.status is ExpertStatus.DISQUALIFIED:
        return N_("%(name)s is disqualified (Art. 33)."), {"name": expert.person.name}
    if not (expert.email or "").strip():
        return N_("%(name)s has no e-mail address: the invitation could not reach them."), {"name": expert.person.name}
    return usernames.problem(username, taken)


def resend_invitation(expert: Expert, acting) -> None:
    """Issue 17: a new invitation link for an expert whose account the office created (the earlier ones keep
    working until the password is set)."""
    user = expert.person.user
    if user is None or not user.active:
        raise Refused(N_("%(name)s has no active login to invite to."), {"name": expert.person.name})
    if user.last_login_at is not None:
        raise Refused(N_("%(name)s has logged in already: an invitation is no longer needed."),
                      {"name": expert.person.name})
    if not invite(user, acting):
        raise Refused(N_("%(name)s has no e-mail address: the invitation could not reach them."),
                      {"name": expert.person.name})
    db.session.commit()

"""What the expert pool's pages read. The list loads a page in a fixed number of queries, however many experts it
shows: the page of experts with their people, then their current employers, their answers for the chosen cycle and
their load, each for the whole page at once."""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import String, and_, cast, false, func, literal, or_, select
from sqlalchemy.orm import contains_eager

from reviewapp.city_calendar import city_today
from reviewapp.domain.credit_code import check_credit_code, normalize_credit_code
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (
    Cycle,
    Expert,
    ExpertAvailability,
    ExpertNote,
    ExpertStatus,
    Organization,
    OutboxMessage,
    Panel,
    PanelMember,
    Person,
    Relation,
    RelationType,
    Role,
    Stage,
    User,
)

AVAILABLE, DECLINED, UNANSWERED = "available", "declined", "unanswered"
CERTIFIED, NOT_CERTIFIED = "yes", "no"
PER_PAGE = 25


def today() -> date:
    return city_today()


@dataclass
class PoolFilters:
    q: str | None = None
    industry: str | None = None  # a section letter (C) or a division (C31)
    status: ExpertStatus | None = None
    certified: str | None = None  # CERTIFIED / NOT_CERTIFIED
    cycle: Cycle | None = None    # the cycle that availability and load are about
    availability: str | None = None
    max_load: int | None = None
    sort: str = "name"            # a key of SORTS, "-" in front for descending


@dataclass
class PoolRow:
    expert: Expert
    employers: list[Organization] = field(default_factory=list)
    availability: ExpertAvailability | None = None
    load: int = 0


# --- the current employer: an active employed_by relation, never a copy -------------------------------------------

def current_employment(day: date):
    """employed_by relations in force on `day`. One that ends on `day` is over: when the office changes an employer
    the old relation ends today and the new one starts today, and only the new one is the current employer."""
    return and_(Relation.type == RelationType.EMPLOYED_BY, Relation.to_org_id.is_not(None),
                or_(Relation.start_date.is_(None), Relation.start_date <= day),
                or_(Relation.end_date.is_(None), Relation.end_date > day))


def employers_of(person_ids, day: date | None = None) -> dict[int, list[Organization]]:
    """Person id -> current employers, the most recent first; one query for any number of people."""
    found = defaultdict(list)
    ids = list(person_ids)
    if not ids:
        return found
    rows = db.session.execute(
        select(Relation.from_person_id, Organization).join(Organization, Relation.to_org_id == Organization.id)
        .where(Relation.from_person_id.in_(ids), current_employment(day or today()))
        .order_by(Relation.start_date.desc().nulls_last(), Relation.id.desc()))
    for person_id, org in rows:
        if org not in found[person_id]:
            found[person_id].append(org)
    return found


def employment_relations(person: Person) -> list[Relation]:
    return list(db.session.scalars(
        select(Relation).where(Relation.from_person_id == person.id, current_employment(today()))
        .order_by(Relation.start_date.desc().nulls_last(), Relation.id.desc())))


def employment_history(person: Person) -> list[Relation]:
    return list(db.session.scalars(
        select(Relation).where(Relation.from_person_id == person.id, Relation.type == RelationType.EMPLOYED_BY,
                               Relation.to_org_id.is_not(None))
        .order_by(Relation.start_date.desc().nulls_last(), Relation.id.desc())))


# --- the pool list ------------------------------------------------------------------------------------------------

def _load_subquery(cycle: Cycle | None):
    """Active (not dissolved) panels of the cycle each expert sits on."""
    stmt = (select(PanelMember.expert_id, func.count(PanelMember.id).label("load"))
            .join(Panel, Panel.id == PanelMember.panel_id).where(Panel.dissolved_at.is_(None))
            .group_by(PanelMember.expert_id))
    stmt = stmt.where(Panel.cycle_id == cycle.id) if cycle is not None else stmt.where(false())
    return stmt.subquery("load")


def industry_condition(code: str):
    """An expert covers a section (C) with any code of it, and a division (C31) with that division or a finer
    code of it (C311), or with the whole section (C). Specialties are a JSON list: matched as text, which works
    on SQLite and PostgreSQL alike."""
    text = cast(Expert.specialties, String)
    condition = text.like(f'%"{code}%')
    if len(code) > 1:
        condition = or_(condition, text.like(f'%"{code[0]}"%'))
    return condition


def certified_condition(day: date):
    return and_(Expert.certificate_number.is_not(None), Expert.certificate_number != "",
                or_(Expert.certificate_expires.is_(None), Expert.certificate_expires >= day))


def _sorts(load):
    return {"name": Person.name, "title": Expert.title, "load": load, "expiry": Expert.certificate_expires}


SORTS = ("name", "title", "load", "expiry")


def pool_statement(filters: PoolFilters):
    load_sq = _load_subquery(filters.cycle)
    load = func.coalesce(load_sq.c.load, literal(0))
    stmt = (select(Expert).join(Expert.person).options(contains_eager(Expert.person))
            .outerjoin(load_sq, load_sq.c.expert_id == Expert.id))
    if filters.q:
        pattern = f"%{filters.q.strip()}%"
        stmt = stmt.where(or_(Person.name.ilike(pattern), Expert.certificate_number.ilike(pattern)))
    if filters.industry:
        stmt = stmt.where(industry_condition(filters.industry))
    if filters.status is not None:
        stmt = stmt.where(Expert.status == filters.status)
    if filters.certified == CERTIFIED:
        stmt = stmt.where(certified_condition(today()))
    elif filters.certified == NOT_CERTIFIED:
        stmt = stmt.where(~certified_condition(today()))
    if filters.availability and filters.cycle is not None:
        answer = (select(ExpertAvailability.available).where(ExpertAvailability.expert_id == Expert.id,
                                                             ExpertAvailability.cycle_id == filters.cycle.id)
                  .correlate(Expert).scalar_subquery())
        stmt = stmt.where({AVAILABLE: answer.is_(True), DECLINED: answer.is_(False),
                           UNANSWERED: answer.is_(None)}[filters.availability])
    if filters.max_load is not None:
        stmt = stmt.where(load <= filters.max_load)
    key = filters.sort.lstrip("-")
    column = _sorts(load)[key if key in SORTS else "name"]
    column = column.desc() if filters.sort.startswith("-") else column.asc()
    return stmt.order_by(column.nulls_last(), Person.name, Expert.id)


def _rows(experts: list[Expert], cycle: Cycle | None) -> list[PoolRow]:
    employers = employers_of(e.person_id for e in experts)
    ids = [e.id for e in experts]
    answers, loads = {}, {}
    if cycle is not None and ids:
        answers = {a.expert_id: a for a in db.session.scalars(
            select(ExpertAvailability).where(ExpertAvailability.cycle_id == cycle.id,
                                             ExpertAvailability.expert_id.in_(ids)))}
        loads = dict(db.session.execute(
            select(PanelMember.expert_id, func.count(PanelMember.id)).join(Panel, Panel.id == PanelMember.panel_id)
            .where(Panel.cycle_id == cycle.id, Panel.dissolved_at.is_(None), PanelMember.expert_id.in_(ids))
            .group_by(PanelMember.expert_id)).all())
    return [PoolRow(e, employers.get(e.person_id, []), answers.get(e.id), loads.get(e.id, 0)) for e in experts]


def pool_page(filters: PoolFilters, page: int, per_page: int = PER_PAGE):
    """(pagination, rows of that page)."""
    pagination = db.paginate(pool_statement(filters), page=page, per_page=per_page, error_out=False)
    return pagination, _rows(list(pagination.items), filters.cycle)


def pool_rows(filters: PoolFilters) -> list[PoolRow]:
    """Every expert the filters select, for the export."""
    experts = list(db.session.scalars(pool_statement(filters).options(contains_eager(Expert.person)
                                                                            .joinedload(Person.user))))
    return _rows(experts, filters.cycle)


# --- cycles ---------------------------------------------------------------------------------------------------------

def cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).order_by(Cycle.year.desc(), Cycle.id.desc())))


def open_cycles() -> list[Cycle]:
    """Cycles an expert can still answer for: every cycle not closed."""
    return list(db.session.scalars(select(Cycle).where(Cycle.stage != Stage.CLOSED)
                                   .order_by(Cycle.year.desc(), Cycle.id.desc())))


def default_cycle(all_cycles: list[Cycle]) -> Cycle | None:
    return next((c for c in all_cycles if c.stage is not Stage.CLOSED), all_cycles[0] if all_cycles else None)


def availability_by_cycle(expert: Expert) -> dict[int, ExpertAvailability]:
    return {a.cycle_id: a for a in db.session.scalars(
        select(ExpertAvailability).where(ExpertAvailability.expert_id == expert.id))}


def availability(expert: Expert, cycle: Cycle) -> ExpertAvailability | None:
    return db.session.scalar(select(ExpertAvailability).where(ExpertAvailability.expert_id == expert.id,
                                                              ExpertAvailability.cycle_id == cycle.id))


def active_seats(expert: Expert, cycle: Cycle | None = None) -> list[PanelMember]:
    """The expert's seats on panels not dissolved (Art. 17), the panel loaded."""
    stmt = (select(PanelMember).join(Panel, Panel.id == PanelMember.panel_id).options(contains_eager(PanelMember.panel))
            .where(PanelMember.expert_id == expert.id, Panel.dissolved_at.is_(None)))
    if cycle is not None:
        stmt = stmt.where(Panel.cycle_id == cycle.id)
    return list(db.session.scalars(stmt.order_by(Panel.cycle_id.desc(), Panel.id)))


# --- single experts and the form's helpers --------------------------------------------------------------------------

def expert_of(user) -> Expert | None:
    """The pool record of an expert login (admin.operations.ensure_person gives every expert login one)."""
    return db.session.scalar(select(Expert).join(Person, Expert.person_id == Person.id)
                             .where(Person.user_id == user.id))


def certificate_owner(exclude_id: int | None):
    """For the form: the name of another expert holding a certificate number."""
    def owner(number: str) -> str | None:
        stmt = (select(Person.name).join(Expert, Expert.person_id == Person.id)
                .where(func.lower(Expert.certificate_number) == number.strip().lower()))
        if exclude_id is not None:
            stmt = stmt.where(Expert.id != exclude_id)
        return db.session.scalar(stmt.limit(1))
    return owner


def taken_usernames() -> set[str]:
    return set(db.session.scalars(select(User.username)))


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(User.username == username.strip().lower())) is not None


def expert_user(username: str) -> User | None:
    """A login with the expert role, by its name."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    return user if user is not None and user.has_role(Role.EXPERT) else None


MSG_NO_ORGANIZATION_WITH_CODE = N_("No organization has the credit code %(code)s: write its name instead.")
MSG_SEVERAL_ORGANIZATIONS = N_("Several organizations are named %(name)s: pick one from the list or write its credit "
                               "code.")
CODE_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


@dataclass(frozen=True)
class Employer:
    """What an employer cell or field designates: a registered organization, or the name of a new one."""
    org: Organization | None = None
    new_name: str | None = None


class Employers:
    """Resolves what the office writes as an employer (a name, a credit code, or "name · code" from the picker)
    against every registered organization, loaded once."""

    def __init__(self):
        self.orgs = list(db.session.scalars(select(Organization).where(Organization.merged_into_id.is_(None))
                                            .order_by(Organization.name)))
        self.by_name = defaultdict(list)
        for org in self.orgs:
            self.by_name[org.name].append(org)
        self.by_code = {org.credit_code: org for org in self.orgs if org.credit_code}

    def label(self, org: Organization) -> str:
        """Its name, with its credit code when another organization has the same name."""
        return f"{org.name} · {org.credit_code}" if org.credit_code and len(self.by_name[org.name]) > 1 else org.name

    def options(self) -> list[str]:
        return [self.label(org) for org in self.orgs]

    def resolve(self, text: str | None) -> tuple[Employer | None, tuple[str, dict] | None]:
        """(the employer, None) or (None, a problem as a message template and its parameters)."""
        text = " ".join((text or "").split())
        if not text:
            return None, None
        name, _sep, tail = text.rpartition(" · ")
        if name and tail and normalize_credit_code(tail) in self.by_code:
            return Employer(self.by_code[normalize_credit_code(tail)]), None
        code = normalize_credit_code(text)
        if CODE_SHAPE.match(code):
            check = check_credit_code(code)
            if not check.valid:
                return None, (check.message, check.params)
            if code not in self.by_code:
                return None, (MSG_NO_ORGANIZATION_WITH_CODE, {"code": code})
            return Employer(self.by_code[code]), None
        found = self.by_name.get(text, [])
        if len(found) > 1:
            return None, (MSG_SEVERAL_ORGANIZATIONS, {"name": text})
        return (Employer(found[0]) if found else Employer(new_name=text)), None


def notes_of(expert: Expert) -> list[ExpertNote]:
    """Findings of misconduct and conflicts found later, newest first (Art. 33, 34)."""
    return list(db.session.scalars(select(ExpertNote).where(ExpertNote.expert_id == expert.id)
                                   .order_by(ExpertNote.recorded_at.desc(), ExpertNote.id.desc())))


@dataclass
class Invitations:
    """Issue 17: the pool's experts without a login (with their proposed login name, or without an e-mail address
    and so not invitable), and those invited who have not logged in yet."""

    invitable: list[tuple[Expert, str]]
    no_email: list[Expert]
    waiting: list[tuple[Expert, datetime]]


def invitations() -> Invitations:
    from reviewapp.domain import usernames

    without_login = db.session.scalars(
        select(Expert).join(Person, Expert.person_id == Person.id).options(contains_eager(Expert.person))
        .where(Person.user_id.is_(None), Expert.status != ExpertStatus.DISQUALIFIED).order_by(Person.name, Expert.id))
    taken, invitable, no_email = taken_usernames(), [], []
    for expert in without_login:
        if (expert.email or "").strip():
            invitable.append((expert, usernames.propose(expert.email, expert.certificate_number,
                                                        f"expert{expert.id}", taken)))
        else:
            no_email.append(expert)
    last_mail = func.max(OutboxMessage.created_at)
    waiting = db.session.execute(
        select(Expert, last_mail).join(Person, Expert.person_id == Person.id).join(User, Person.user_id == User.id)
        .join(OutboxMessage, and_(OutboxMessage.user_id == User.id, OutboxMessage.kind == "invitation"))
        .options(contains_eager(Expert.person))
        .where(User.last_login_at.is_(None), User.active).group_by(Expert.id, Person.id).order_by(Person.name))
    return Invitations(invitable, no_email, [(expert, at) for expert, at in waiting])


def availability_rows(cycle: Cycle) -> list[tuple[Expert, ExpertAvailability | None]]:
    """Issue 17: every expert who may still be asked (not disqualified, Art. 33) with their answer for `cycle`."""
    answers = {a.expert_id: a for a in db.session.scalars(
        select(ExpertAvailability).where(ExpertAvailability.cycle_id == cycle.id))}
    experts = db.session.scalars(
        select(Expert).join(Person, Expert.person_id == Person.id).options(contains_eager(Expert.person))
        .where(Expert.status != ExpertStatus.DISQUALIFIED).order_by(Person.name, Expert.id))
    return [(expert, answers.get(expert.id)) for expert in experts]

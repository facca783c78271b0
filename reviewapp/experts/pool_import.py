"""Importing a sheet of experts (issue #5): check every row against the pool, then write the whole file or nothing,
with one audit entry. Re-importing a file changes nothing.

Which expert a row is (the matching rule, also stated in the template):
1. the expert holding the row's certificate number (证书编号), else
2. the expert whose login is the row's login name (登录名) — every expert login has a pool record, else
3. the expert of the same name (姓名) whose current employer is the row's employer (工作单位), an empty employer
   matching an expert without a current employer;
otherwise the row is a new expert. A matched expert is updated to the row (an empty cell clears its field), except
that an empty employer or login name leaves the recorded one as it is. A login name must belong to an existing user
with the role expert; a row whose certificate and login designate two different experts is refused, and so is a
name and employer held by several experts.
"""
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from reviewapp import audit, import_uploads
from reviewapp.conflicts.service import forget_engines
from reviewapp.domain.files import safe_display_name
from reviewapp.domain.i18n import N_
from reviewapp.domain.spreadsheet import Problem
from reviewapp.domain.standard import load_standard
from reviewapp.experts import queries
from reviewapp.experts.operations import PROFILE_FIELDS, apply_profile, employ
from reviewapp.experts.pool_workbook import ExpertRow, Sheet, problem_order, read_sheet
from reviewapp.experts.queries import Employer, Employers
from reviewapp.extensions import db
from reviewapp.graph.notices import tell_late_conflicts
from reviewapp.models import Expert, Person, Role, User

MSG_NO_EXPERT_LOGIN = N_("No user %(value)s with the role expert: create the login first, or leave the cell empty.")
MSG_LOGIN_OF_ANOTHER = N_("The login %(value)s belongs to %(name)s, but the certificate number is that of %(other)s.")
MSG_SEVERAL_EXPERTS = N_("Several experts named %(name)s have this employer: add their certificate number or login "
                         "name.")
MSG_SAME_EXPERT = N_("Row %(first_row)s already describes this expert (%(name)s).")
NO_EMPLOYER = "-"

def categories() -> dict[str, str]:
    return {c.code: c.name for c in load_standard().categories}


@dataclass
class Planned:
    row: ExpertRow
    expert: Expert | None          # the expert the row is, None for a new one
    employer: Employer | None
    user: User | None
    changes: dict = field(default_factory=dict)  # field -> [before, after]


@dataclass
class Plan:
    filename: str
    sha256: str
    sheet: Sheet
    planned: list[Planned] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return self.sheet.errors

    @property
    def ok(self) -> bool:
        return self.sheet.ok

    @property
    def new(self) -> list[Planned]:
        return [p for p in self.planned if p.expert is None]

    @property
    def updated(self) -> list[Planned]:
        return [p for p in self.planned if p.expert is not None and p.changes]

    @property
    def unchanged(self) -> list[Planned]:
        return [p for p in self.planned if p.expert is not None and not p.changes]

    @property
    def changes_nothing(self) -> bool:
        return not self.new and not self.updated


class Invalid(Exception):
    """The file has problems (or gained some since the dry run): nothing was written."""

    def __init__(self, plan: Plan):
        super().__init__(f"{len(plan.errors)} problems")
        self.plan = plan


class _Pool:
    """The whole pool, loaded once, as the matching rule looks it up."""

    def __init__(self, usernames: set[str]):
        experts = list(db.session.scalars(select(Expert).options(joinedload(Expert.person))))
        self.employers = queries.employers_of(e.person_id for e in experts)
        self.by_certificate = {e.certificate_number.lower(): e for e in experts if e.certificate_number}
        self.by_user = {e.person.user_id: e for e in experts if e.person.user_id is not None}
        self.by_name = {}
        for expert in experts:
            self.by_name.setdefault(expert.person.name, []).append(expert)
        self.users = {u.username: u for u in db.session.scalars(
            select(User).where(User.username.in_(sorted(usernames))).options(selectinload(User.role_links)))}

    def employer_ids(self, expert: Expert) -> set[int]:
        return {org.id for org in self.employers.get(expert.person_id, [])}

    def by_name_and_employer(self, name: str, employer: Employer | None) -> list[Expert]:
        if employer is not None and employer.org is None:
            return []  # a new organization employs nobody yet
        wanted = employer.org.id if employer is not None else None
        return [e for e in self.by_name.get(name, [])
                if (wanted in self.employer_ids(e) if wanted is not None else not self.employer_ids(e))]


def _employer_key(employer: Employer | None) -> str:
    if employer is None:
        return NO_EMPLOYER
    return f"o{employer.org.id}" if employer.org is not None else f"new:{employer.new_name}"


def _match(row: ExpertRow, employer: Employer | None, user: User | None, pool: _Pool, sheet: Sheet) -> Expert | None:
    by_certificate = pool.by_certificate.get(row.certificate_number.lower()) if row.certificate_number else None
    by_login = pool.by_user.get(user.id) if user is not None else None
    if by_certificate is not None and user is not None and (
            by_login is not by_certificate if by_login is not None else by_certificate.person.user_id is not None):
        sheet.problem(row.row, "username", MSG_LOGIN_OF_ANOTHER, value=row.username,
                      name=by_login.person.name if by_login else row.username, other=by_certificate.person.name)
        return None
    if by_certificate is not None or by_login is not None:
        return by_certificate or by_login
    found = pool.by_name_and_employer(row.name, employer)
    if len(found) > 1:
        sheet.problem(row.row, "name", MSG_SEVERAL_EXPERTS, name=row.name)
    return found[0] if len(found) == 1 else None


def _changes(planned: Planned, pool: _Pool) -> dict:
    row, expert = planned.row, planned.expert
    values = {name: getattr(row, name) for name in PROFILE_FIELDS}
    values["specialties"], values["strengths"] = list(row.specialties), list(row.strengths)
    if expert is None:
        changes = {"name": [None, row.name]}
        changes |= {k: [None, v if not hasattr(v, "isoformat") else v.isoformat()]
                    for k, v in values.items() if v not in (None, [], False)}
    else:
        changes = {}
        if row.name != expert.person.name:
            changes["name"] = [expert.person.name, row.name]
        for name, value in values.items():
            before = getattr(expert, name)
            if (list(before or []) if name in ("specialties", "strengths") else before) != value:
                changes[name] = [before.isoformat() if hasattr(before, "isoformat") else before,
                                 value.isoformat() if hasattr(value, "isoformat") else value]
    employer = planned.employer
    if employer is not None and (expert is None or employer.org is None
                                 or employer.org.id not in pool.employer_ids(expert)):
        current = [o.name for o in pool.employers.get(expert.person_id, [])] if expert is not None else []
        changes["employer"] = [", ".join(current) or None, employer.org.name if employer.org else employer.new_name]
    if planned.user is not None and (expert is None or expert.person.user_id != planned.user.id):
        changes["login"] = [None, planned.user.username]
    return changes


def plan_file(data: bytes, filename: str) -> Plan:
    """The dry run: every row read, matched and compared with the pool; nothing is written."""
    plan = Plan(safe_display_name(filename), hashlib.sha256(data).hexdigest(), read_sheet(data, filename, categories()))
    sheet = plan.sheet
    if not sheet.cells:
        return plan
    pool = _Pool({cells["username"] for cells in sheet.cells.values() if cells.get("username")})
    resolved = _resolve_cells(sheet, pool, Employers())
    first_row_of = {}
    for row in sheet.rows:
        if row.row not in resolved:
            continue
        employer, user = resolved[row.row]
        expert = _match(row, employer, user, pool, sheet)
        # Two rows about one expert would make the file's outcome depend on the order of its rows; two new rows
        # that only their name and employer tell apart could not be told apart when the file is imported again.
        key = f"e{expert.id}" if expert is not None else (
            None if row.certificate_number or user else f"{row.name}|{_employer_key(employer)}")
        if key is not None and key in first_row_of:
            sheet.problem(row.row, "name", MSG_SAME_EXPERT, first_row=first_row_of[key], name=row.name)
            continue
        if key is not None:
            first_row_of[key] = row.row
        planned = Planned(row, expert, employer, user)
        planned.changes = _changes(planned, pool)
        plan.planned.append(planned)
    sheet.errors.sort(key=problem_order)
    if not sheet.ok:
        plan.planned = []
    return plan


def _resolve_cells(sheet: Sheet, pool: _Pool, employers: Employers) -> dict[int, tuple[Employer | None, User | None]]:
    """The employer and the login of every row whose cells could be read (of rows with other bad cells too, so that
    one dry run lists every problem): row number -> (employer, user) for the rows where both are fine."""
    resolved = {}
    for number, cells in sheet.cells.items():
        fine = True
        employer = None
        if "employer" in cells:
            employer, problem = employers.resolve(cells["employer"])
            if problem:
                sheet.problem(number, "employer", problem[0], **problem[1])
                fine = False
        user = pool.users.get(cells["username"]) if cells.get("username") else None
        if cells.get("username") and (user is None or Role.EXPERT not in user.roles):
            sheet.problem(number, "username", MSG_NO_EXPERT_LOGIN, value=cells["username"])
            fine = False
        if fine and "employer" in cells and "username" in cells:
            resolved[number] = (employer, user)
    return resolved


def check(data: bytes, filename: str) -> Plan:
    """The dry run. A valid file is kept under its sha256 (in the same place as the graph import's), so that the
    import step reads these very bytes again instead of trusting anything the browser sends back."""
    plan = plan_file(data, filename)
    if plan.ok and not plan.changes_nothing:
        import_uploads.keep(plan.sha256, data)
    return plan


def import_file(data: bytes, filename: str, acting) -> Plan:
    """Check the file again against the pool as it is now, then write every row or none."""
    plan = plan_file(data, filename)
    if not plan.ok:
        raise Invalid(plan)
    if plan.changes_nothing:  # importing the same file again changes nothing, not even the audit trail
        return plan
    try:
        new_orgs, created, updated = {}, [], []
        for planned in plan.new + plan.updated:
            expert = planned.expert
            if expert is None:
                expert = Expert(person=Person(name=planned.row.name), specialties=[], strengths=[])
                db.session.add(expert)
            _write_row(expert, planned, new_orgs, acting)
            (created if planned.expert is None else updated).append(expert)
        db.session.flush()
        audit.record("experts_imported", object_type="import", object_id=plan.sha256, user=acting, details={
            "filename": plan.filename, "sha256": plan.sha256, "created": [e.id for e in created],
            "updated": [e.id for e in updated], "unchanged": len(plan.unchanged),
            "organizations_created": sorted(new_orgs)})
        tell_late_conflicts()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    forget_engines()
    return plan


def _write_row(expert: Expert, planned: Planned, new_orgs: dict, acting) -> None:
    row = planned.row
    data = {name: getattr(row, name) for name in PROFILE_FIELDS} | {"name": row.name}
    data["specialties"], data["strengths"] = list(row.specialties), list(row.strengths)
    apply_profile(expert, data)
    if "employer" in planned.changes:
        db.session.flush()
        employ(expert.person, planned.employer, acting, new_orgs)
    if "login" in planned.changes:
        expert.person.user_id = planned.user.id


# --- the export -----------------------------------------------------------------------------------------------------

def export_rows(rows: list[queries.PoolRow]) -> list[tuple[ExpertRow, str]]:
    """The pool rows as the import reads them (with the status, for people): importing the export changes nothing."""
    employers = Employers()
    found = []
    for index, pool_row in enumerate(rows, start=2):
        expert = pool_row.expert
        employer = employers.label(pool_row.employers[0]) if pool_row.employers else None
        found.append((ExpertRow(index, expert.person.name, expert.title, tuple(expert.specialties or ()),
                                tuple(expert.strengths or ()), expert.certificate_number, expert.certificate_expires,
                                bool(expert.can_lead), expert.phone, expert.email, employer,
                                expert.person.user.username if expert.person.user else None),
                      expert.status.label))
    return found

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import contains_eager, load_only, selectinload
from sqlalchemy.orm import join as orm_join

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationStatus,
    Cycle,
    Expert,
    ExpertStatus,
    ImpartialityDeclaration,
    Organization,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelReport,
    PanelStage,
    Person,
    ScoreSheet,
    SheetStatus,
    Stage,
)


def expert_of(user) -> Expert | None:
    return db.session.scalar(select(Expert).join(Person, Expert.person_id == Person.id)
                             .where(Person.user_id == user.id))


def open_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.stage != Stage.CLOSED).order_by(Cycle.year.desc())))


def signed(cycle: Cycle, expert: Expert) -> ImpartialityDeclaration | None:
    return db.session.scalar(select(ImpartialityDeclaration).where(
        ImpartialityDeclaration.cycle_id == cycle.id, ImpartialityDeclaration.expert_id == expert.id))


def cycle_applicant_names(cycle: Cycle) -> list[Application]:
    """What an expert may see of a cycle before signing: the applicants' names, to declare conflicts."""
    return list(db.session.scalars(
        select(Application).where(Application.cycle_id == cycle.id,  # not rejected, excluded or withdrawn
                                  Application.status.in_((ApplicationStatus.REGISTERED, ApplicationStatus.ACCEPTED)))
        .options(selectinload(Application.organization)).order_by(Application.number)))


@dataclass
class ExpertSeats:
    """What the expert's home lists, from one query (issue 19): the expert, their seats on active panels with each
    panel's applicants and organizations, and per (application id, stage value) the status of the expert's own
    sheet and, on the panels they lead, of the report."""
    expert: Expert | None
    seats: list[PanelMember] = field(default_factory=list)
    sheets: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)


@cache
def _seats_query():
    """seats_of_user's statement, built once per process (issue 19: building it cost as much as running it)."""
    active_panels = select(Panel.id).where(Panel.dissolved_at.is_(None))
    return (
        select(Expert, PanelMember, PanelApplicant.application_id, PanelApplicant.stage, ScoreSheet.status,
               PanelReport.status)
        .join(Person, Person.id == Expert.person_id).where(Person.user_id == bindparam("user_id"))
        .outerjoin(PanelMember, and_(PanelMember.expert_id == Expert.id, PanelMember.panel_id.in_(active_panels)))
        .outerjoin(Panel, Panel.id == PanelMember.panel_id)
        .outerjoin(PanelApplicant, PanelApplicant.panel_id == Panel.id)
        .outerjoin(Application, Application.id == PanelApplicant.application_id)
        .outerjoin(Organization, Organization.id == Application.organization_id)
        .outerjoin(ScoreSheet, and_(ScoreSheet.expert_id == Expert.id,
                                    ScoreSheet.application_id == PanelApplicant.application_id,
                                    ScoreSheet.stage == PanelApplicant.stage))
        .outerjoin(PanelReport, and_(PanelMember.is_leader, PanelReport.panel_id == Panel.id,
                                     PanelReport.application_id == PanelApplicant.application_id,
                                     PanelReport.stage == PanelApplicant.stage))
        .options(load_only(Expert.id, Expert.person_id, Expert.status),  # what the conflict checks read
                 contains_eager(PanelMember.panel).contains_eager(Panel.applicants)
                 .contains_eager(PanelApplicant.application).options(
                     # the home shows the organization's name: not the application's form (kilobytes of JSON
                     # each), nor the organization's registry details
                     load_only(Application.id, Application.cycle_id, Application.organization_id,
                               Application.number, Application.status),
                     contains_eager(Application.organization).load_only(Organization.id, Organization.name)))
        .order_by(Panel.cycle_id.desc(), Panel.id, PanelApplicant.id))


def seats_of_user(user) -> ExpertSeats:
    """ExpertSeats of the user in one query: the expert joined to their seats, panels, applicants, applications,
    organizations, sheets and reports (the panels' cycles come from the identity map: cycles_of_user loads them
    first). An expert holds a handful of seats, so the joined rows stay few."""
    rows = db.session.execute(_seats_query(), {"user_id": user.id}).unique().all()  # rows differ: none dropped
    if not rows:
        return ExpertSeats(None)
    found = ExpertSeats(rows[0][0])
    for _expert, seat, application_id, stage, sheet_status, report_status in rows:
        if seat is None:
            continue
        if not found.seats or found.seats[-1] is not seat:
            found.seats.append(seat)
        if application_id is not None and sheet_status is not None:
            found.sheets[(application_id, stage.value)] = sheet_status
        if application_id is not None and report_status is not None:
            found.reports[(application_id, stage.value)] = report_status
    return found


@cache
def _cycles_query():
    """cycles_of_user's statement, built once per process: every cycle, whether the user (as an expert) signed its
    declaration, and the user's submitted sheets in it (an inner join of applications and sheets, outer-joined to
    the cycles: a cycle without one comes once, with no sheet)."""
    expert_id = (select(Expert.id).join(Person, Person.id == Expert.person_id)
                 .where(Person.user_id == bindparam("user_id")).scalar_subquery())
    signed = exists().where(ImpartialityDeclaration.cycle_id == Cycle.id,
                            ImpartialityDeclaration.expert_id == expert_id)
    submitted = orm_join(Application, ScoreSheet, and_(ScoreSheet.application_id == Application.id,
                                                       ScoreSheet.expert_id == expert_id,
                                                       ScoreSheet.status == SheetStatus.SUBMITTED))
    cycles = (orm_join(Cycle, submitted, Application.cycle_id == Cycle.id, isouter=True)
              .outerjoin(Organization, Organization.id == Application.organization_id))
    return (select(Cycle, signed.label("signed"), ScoreSheet).select_from(cycles)
            .options(contains_eager(ScoreSheet.application).contains_eager(Application.organization))
            .order_by(Cycle.year.desc(), Cycle.id.desc(), ScoreSheet.stage, Application.number))


@dataclass
class ExpertCycles:
    """Every cycle, the latest first, with whether the user signed its impartiality declaration, and the user's
    submitted sheets (with their applications and organizations), the latest cycle first."""
    cycles: list[tuple[Cycle, bool]] = field(default_factory=list)
    submitted: list[ScoreSheet] = field(default_factory=list)


def cycles_of_user(user) -> ExpertCycles:
    """ExpertCycles in one query (issue 19: the expert's home had one for the cycles and one for the past sheets).
    Cycles are few (one a year); loading them all puts the panels' cycles in the identity map too."""
    found = ExpertCycles()
    for cycle, signed, sheet in db.session.execute(_cycles_query(), {"user_id": user.id}):
        if not found.cycles or found.cycles[-1][0] is not cycle:
            found.cycles.append((cycle, signed))
        if sheet is not None:
            found.submitted.append(sheet)
    return found


def panels_of(cycle: Cycle, stage) -> list[Panel]:
    """The cycle's panels of one stage (every stage when `stage` is None)."""
    stmt = select(Panel).where(Panel.cycle_id == cycle.id)
    if stage is not None:
        stmt = stmt.where(Panel.stage == stage)
    return list(db.session.scalars(
        stmt
        .options(selectinload(Panel.members).selectinload(PanelMember.expert).selectinload(Expert.person),
                 selectinload(Panel.applicants).selectinload(PanelApplicant.application)
                 .selectinload(Application.organization))
        .order_by(Panel.dissolved_at.is_not(None), Panel.id)))


def pool(cycle: Cycle) -> list[Expert]:
    """Active experts the office may pick from (the checks explain any refusal when one is picked)."""
    return list(db.session.scalars(select(Expert).join(Person).where(Expert.status == ExpertStatus.ACTIVE)
                                   .options(selectinload(Expert.person)).order_by(Person.name)))


def all_experts() -> list[Expert]:
    return list(db.session.scalars(select(Expert).options(selectinload(Expert.person))))


def unpaneled(cycle: Cycle, stage) -> list[Application]:
    """Accepted applications not yet on an active panel of this stage."""
    taken = select(PanelApplicant.application_id).join(Panel).where(
        Panel.cycle_id == cycle.id, PanelApplicant.stage == stage, Panel.dissolved_at.is_(None))
    query = select(Application).where(Application.cycle_id == cycle.id,
                                      Application.status == ApplicationStatus.ACCEPTED, Application.id.not_in(taken))
    if stage == PanelStage.ONSITE_REVIEW:  # only the confirmed on-site list goes on site (Art. 18)
        query = query.where(Application.goes_onsite.is_(True))
    return list(db.session.scalars(query.options(selectinload(Application.organization))
                                   .order_by(Application.number)))


def seat_on(user, panel: Panel) -> PanelMember | None:
    """The user's seat on `panel` while the panel is active and the user an active expert (see
    permissions.is_panel_member)."""
    expert = expert_of(user)
    if expert is None or expert.status is not ExpertStatus.ACTIVE or not panel.active:
        return None
    return next((member for member in panel.members if member.expert_id == expert.id), None)


@cache
def _seat_query(with_stage: bool, with_sheet: bool = False):
    """expert_seat_on's statement, built once per process (issue 19): the seat, its expert and whether they signed
    the cycle's declaration, in one query instead of three; `with_sheet` (a stage given) adds the expert's own
    sheet of the applicant at that stage, None before its first save."""
    signed_it = exists().where(ImpartialityDeclaration.cycle_id == bindparam("cycle_id"),
                               ImpartialityDeclaration.expert_id == Expert.id)
    query = (select(PanelMember, signed_it.label("signed"))
             .join(Expert, Expert.id == PanelMember.expert_id).join(Person, Person.id == Expert.person_id)
             .join(Panel, Panel.id == PanelMember.panel_id)
             .join(PanelApplicant, PanelApplicant.panel_id == Panel.id)
             .where(Person.user_id == bindparam("user_id"), Expert.status == ExpertStatus.ACTIVE,
                    PanelApplicant.application_id == bindparam("application_id"), Panel.dissolved_at.is_(None))
             .options(contains_eager(PanelMember.expert))  # callers use seat.expert: not a query more
             .limit(1))
    if with_sheet:
        query = query.add_columns(ScoreSheet).outerjoin(ScoreSheet, and_(
            ScoreSheet.expert_id == Expert.id, ScoreSheet.application_id == bindparam("application_id"),
            ScoreSheet.stage == bindparam("stage")))
    return query.where(Panel.stage == bindparam("stage")) if with_stage else query


def _seat_row(user, application: Application, stage, with_sheet: bool = False):
    from reviewapp.conflicts import service

    found = db.session.execute(_seat_query(stage is not None, with_sheet), {
        "user_id": user.id, "application_id": application.id, "cycle_id": application.cycle_id,
        **({"stage": stage} if stage is not None else {})}).first()
    if found is None or not found.signed:
        return None
    if service.is_conflicted(application.cycle, found[0].expert.person_id, application.organization_id):
        return None
    return found


def expert_seat_on(user, application: Application, stage=None) -> PanelMember | None:
    """The expert's seat on an active panel (of `stage`, if given) reviewing `application`, if they may see it now
    (see permissions.can_view_application for the rule)."""
    found = _seat_row(user, application, stage)
    return found[0] if found is not None else None


def expert_seat_and_sheet(user, application: Application, stage) -> tuple[PanelMember, ScoreSheet | None] | None:
    """expert_seat_on's seat (the same rule) and the expert's own sheet of `application` at `stage`, None before its
    first save, in one query: the sheet's page and its autosave ask for both on every request (issue 19)."""
    found = _seat_row(user, application, stage, with_sheet=True)
    return (found[0], found[2]) if found is not None else None


def visible_applicants(expert: Expert, seats: list[PanelMember], signed: set[int]) -> set[int]:
    """The applications among `seats` the expert may see now: the rule of expert_seat_on, decided for all seats
    at once (given the cycles the expert signed for), so that the expert's pages cost a fixed number of queries
    however many applicants they review."""
    from reviewapp.conflicts import service

    if expert.status is not ExpertStatus.ACTIVE:
        return set()
    return {entry.application_id for seat in seats if seat.panel.active and seat.panel.cycle_id in signed
            for entry in seat.panel.applicants
            if not service.is_conflicted(seat.panel.cycle, expert.person_id, entry.application.organization_id)}


def late_conflicts(cycle: Cycle) -> list[tuple[Panel, PanelMember, Application, list]]:
    """Conflicts between members and applicants of the same active panel: found after the assignment (a new
    relation, a declaration), they cut the expert's access at once and the office must act."""
    from reviewapp.conflicts import service

    found = []
    for panel in panels_of(cycle, None):
        if not panel.active:
            continue
        for member in panel.members:
            for entry in panel.applicants:
                findings = service.conflicts_between(cycle, member.expert.person_id,
                                                     entry.application.organization_id)
                if findings:
                    found.append((panel, member, entry.application, findings))
    return found


def pool_conflicts(cycle: Cycle, panels: list[Panel], experts: list[Expert]) -> dict[int, dict[int, list[str]]]:
    """Per active panel, the experts of `experts` in conflict with any of its applicants (Art. 33), each with the
    engine's explanations (rule and path, worded as on the conflict page): the editor shows them not choosable.
    One pass of the cycle's engine over the pool and the panels' applicants; the server refuses them anyway."""
    from flask_babel import get_locale
    from flask_babel import gettext as _

    from reviewapp.conflicts import service
    from reviewapp.conflicts.explain import sentence
    from reviewapp.domain.coi import load_policy

    active = [panel for panel in panels if panel.active]
    orgs = {entry.application.organization_id for panel in active for entry in panel.applicants}
    if not orgs or not experts:
        return {}
    engine = service.cycle_engine(cycle)
    names = {entity_id: entity.name for entity_id, entity in engine.entities.items()}
    policy, english = load_policy(cycle.coi_policy_version), str(get_locale()) == "en"
    found: dict[tuple[str, str], list[str]] = {}
    for finding in engine.matrix([service.person_entity_id(e.person_id) for e in experts],
                                 [service.org_entity_id(org) for org in orgs]):
        rule = policy.rule(finding.rule)
        found.setdefault((finding.expert, finding.applicant), []).append(_(
            "%(rule)s %(title)s: %(path)s", rule=rule.id, title=rule.title_en if english else rule.title,
            path=sentence(finding, names)))
    blocked: dict[int, dict[int, list[str]]] = {}
    for panel in active:
        for expert in experts:
            reasons = [reason for entry in panel.applicants for reason in found.get(
                (service.person_entity_id(expert.person_id),
                 service.org_entity_id(entry.application.organization_id)), [])]
            if reasons:
                blocked.setdefault(panel.id, {})[expert.id] = reasons
    return blocked

"""What the online application's pages read (issue 18)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.accounts.queries import accounts_of
from reviewapp.city_calendar import city_date, city_today
from reviewapp.cycles.queries import current_call
from reviewapp.domain.online_application import CallFacts, DraftFacts
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationDraft, Cycle, DraftStatus, Organization, Role, Stage, User


def call_facts(cycle: Cycle) -> CallFacts:
    published = cycle.stage is Stage.APPLICATION and current_call(cycle) is not None
    return CallFacts(cycle.stage.value, published, cycle.application_deadline, city_today())


def open_cycle() -> Cycle | None:
    """The cycle taking applications (only one may be, Art. 14), if any."""
    return db.session.scalar(select(Cycle).where(Cycle.stage == Stage.APPLICATION).order_by(Cycle.id.desc())
                             .limit(1))


def draft_of(organization: Organization, cycle: Cycle) -> ApplicationDraft | None:
    return db.session.scalar(select(ApplicationDraft).where(ApplicationDraft.cycle_id == cycle.id,
                                                            ApplicationDraft.organization_id == organization.id))


def application_of(organization: Organization, cycle: Cycle) -> Application | None:
    return db.session.scalar(select(Application).where(Application.cycle_id == cycle.id,
                                                       Application.organization_id == organization.id))


def draft_facts(draft: ApplicationDraft) -> DraftFacts:
    return DraftFacts(draft.form_data or {}, draft.self_assessment or {},
                      frozenset(m.kind.value for m in draft.materials), draft.recommender_id is not None)


def submitted_on(draft: ApplicationDraft):
    return city_date(draft.submitted_at) if draft.submitted_at else None


def drafts_naming(recommender: Organization) -> list[ApplicationDraft]:
    """Art. 15: the drafts awaiting this recommender's opinion, oldest submission first."""
    return list(db.session.scalars(
        select(ApplicationDraft).where(ApplicationDraft.recommender_id == recommender.id,
                                       ApplicationDraft.status == DraftStatus.AWAITING_RECOMMENDATION)
        .options(selectinload(ApplicationDraft.organization), selectinload(ApplicationDraft.cycle))
        .order_by(ApplicationDraft.submitted_at, ApplicationDraft.id)))


def users_of(organization: Organization, role: Role) -> list[User]:
    """The verified, active logins of an organization with `role`: who is told of its application's steps."""
    return [account.user for account in accounts_of(organization)
            if account.verified and account.user.active and account.user.has_role(role)]


def home_part(organization: Organization | None) -> dict:
    """The applicant's home part: the open cycle, the organization's draft and application in it."""
    cycle = open_cycle()
    if organization is None or cycle is None:
        return {"cycle": cycle, "draft": None, "application": None}
    return {"cycle": cycle, "draft": draft_of(organization, cycle), "application": application_of(organization, cycle)}

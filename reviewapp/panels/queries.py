from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import (Application, ApplicationStatus, Cycle, Expert, ImpartialityDeclaration, Panel,
                              PanelApplicant, PanelMember, Person, Stage)


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
        select(Application).where(Application.cycle_id == cycle.id,
                                  Application.status != ApplicationStatus.REJECTED)
        .options(selectinload(Application.organization)).order_by(Application.number)))


def assignments_of(expert: Expert) -> list[PanelMember]:
    """The expert's seats on panels that are still active, with their panels and applicants loaded."""
    return list(db.session.scalars(
        select(PanelMember).join(Panel).where(PanelMember.expert_id == expert.id, Panel.dissolved_at.is_(None))
        .options(selectinload(PanelMember.panel).selectinload(Panel.applicants)
                 .selectinload(PanelApplicant.application).selectinload(Application.organization))
        .order_by(Panel.cycle_id.desc(), Panel.id)))

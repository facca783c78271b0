"""Issue 16: who hears of a change to the affiliation graph (Art. 33). The office, of every affiliation or conflict an
expert declares, so that it checks the cycle's panels; and whoever a change puts in conflict with an applicant of
their own active panel, whoever made the change (the expert's declaration, the office's relation, an import, a
merge): the expert, whose sheet for that applicant no longer counts (reviews/panel_sheets.py), and the office, which
must replace them. Part of the caller's transaction."""
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.extensions import db
from reviewapp.models import Cycle, Organization, Panel, Person, Role
from reviewapp.notifications.operations import notify, notify_office
from reviewapp.notifications.queries import users_with
from reviewapp.notifications.rendering import app_path
from reviewapp.panels.queries import late_conflicts


def affiliation_declared(person: Person) -> None:
    notify_office("affiliation_declared", app_path("graph.person", person_id=person.id), expert=person.name)


def conflict_declared(person: Person, org: Organization) -> None:
    notify_office("conflict_declared", app_path("graph.person", person_id=person.id), expert=person.name)


def tell_late_conflicts() -> None:
    """After a write to the graph, before its commit: each conflict between a member and an applicant of the same
    active panel is told once (a dedupe key per pair and recipient), to the member and to every office user. The
    write is flushed and this request's engines forgotten first, so the engine read is the one after the change (it
    is cached under the change's graph version: the next request reuses it)."""
    db.session.flush()
    service.forget_engines()
    cycles = db.session.scalars(select(Cycle).where(Cycle.id.in_(
        select(Panel.cycle_id).where(Panel.dissolved_at.is_(None)))).order_by(Cycle.id)).all()
    if not cycles:
        return
    office = users_with(Role.OFFICE)
    for cycle in cycles:
        for panel, member, application, _findings in late_conflicts(cycle):
            pair = f"late_conflict:{panel.id}:{member.expert_id}:{application.id}"
            user = member.expert.person.user
            if user is not None:
                notify(user, "late_conflict", app_path("main.index", "my-assignments"), dedupe_key=f"{pair}:{user.id}",
                       stage=panel.stage, cycle=cycle.name)
            link = app_path("panels.index", "late-conflicts", cycle_id=cycle.id, stage=panel.stage.value)
            for clerk in office:
                notify(clerk, "late_conflict_office", link, dedupe_key=f"{pair}:{clerk.id}",
                       expert=member.expert.person.name, stage=panel.stage, cycle=cycle.name)

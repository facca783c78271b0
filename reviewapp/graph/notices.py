"""Issue 16: who hears of what an expert declares (Art. 33). The office, of every affiliation or conflict an
expert declares, so that it checks the cycle's panels; the expert, of each panel seat a declared conflict takes
them off (their sheet for that applicant no longer counts: reviews/panel_sheets.py). Part of the caller's
transaction."""
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Organization, Panel, PanelApplicant, PanelMember, Person
from reviewapp.notifications.operations import notify, notify_office
from reviewapp.notifications.rendering import app_path


def affiliation_declared(person: Person) -> None:
    notify_office("affiliation_declared", app_path("graph.person", person_id=person.id), expert=person.name)


def conflict_declared(person: Person, org: Organization) -> None:
    notify_office("conflict_declared", app_path("graph.person", person_id=person.id), expert=person.name)
    user = person.user
    if user is None:
        return
    for panel in seats_on_panels_reviewing(person, org):
        notify(user, "late_conflict", app_path("main.index", "my-assignments"), stage=panel.stage,
               cycle=panel.cycle.name)


def seats_on_panels_reviewing(person: Person, org: Organization) -> list[Panel]:
    """The active panels the person sits on that review an application of `org`."""
    return list(db.session.scalars(
        select(Panel).join(PanelMember, PanelMember.panel_id == Panel.id)
        .join(PanelApplicant, PanelApplicant.panel_id == Panel.id)
        .where(PanelMember.expert.has(person_id=person.id), Panel.dissolved_at.is_(None),
               PanelApplicant.application.has(organization_id=org.id)).distinct().order_by(Panel.id)))

"""Issue 19: migration f19a4c2e6b10 adds the graph's change log to an instance holding data (the demo), back and forth,
on SQLite and PostgreSQL. The instance's graph version becomes change 0: the first check builds the engine, as after
any restart, and the first write after the upgrade is already applied in place."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from reviewapp.conflicts import graph_version, service
from reviewapp.extensions import db
from reviewapp.models import Application, Cycle, Person
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "e18c3a7d0f01", "f19a4c2e6b10"


def _check(app, cycle_id, person_id, org_id) -> bool:
    with app.app_context():
        return service.is_conflicted(db.session.get(Cycle, cycle_id), person_id, org_id)


def test_the_change_log_is_added_to_an_instance_with_the_demo(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade()
        assert migration_app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE)
        assert "graph_change" not in inspect(db.engine).get_table_names()
        token = db.session.scalar(text("SELECT token FROM graph_version WHERE id = 1"))
        db.session.commit()
        upgrade(revision=AFTER)
        assert graph_version.current(db.session) == (token, 0)
        application = db.session.scalars(select(Application).order_by(Application.id)).first()
        person = db.session.scalars(select(Person).where(Person.user_id.is_not(None)).order_by(Person.id)).first()
        cycle_id, person_id, org_id = application.cycle_id, person.id, application.organization_id
        db.session.commit()
    engines = service.ENGINES
    service.ENGINES = service.LiveEngines()
    try:
        before = _check(migration_app, cycle_id, person_id, org_id)
        assert service.ENGINES.builds == 1
        with migration_app.app_context():
            from reviewapp.models import ConflictDeclaration, DeclarationKind, DeclarationStatus

            db.session.add(ConflictDeclaration(person_id=person_id, organization_id=org_id,
                                               kind=DeclarationKind.OFFICE, status=DeclarationStatus.ACCEPTED,
                                               reason="迁移后"))
            db.session.commit()
            assert graph_version.current(db.session).seq == 1
        assert _check(migration_app, cycle_id, person_id, org_id) is True and before in (True, False)
        assert (service.ENGINES.builds, service.ENGINES.updates) == (1, 1)
    finally:
        service.ENGINES = engines

"""`flask db upgrade` from an empty database builds exactly the models' schema, on SQLite and PostgreSQL."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from reviewapp import audit, create_app
from reviewapp.extensions import db
from reviewapp.models import Role


def empty_database_url(database_url: str, tmp_path) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def migration_app(database_url, tmp_path):
    class EmptyDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url(database_url, tmp_path)

    app = create_app(EmptyDatabase)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def schema_differences(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_the_models(migration_app):
    with migration_app.app_context():
        upgrade()
        assert schema_differences(migration_app) == []
        result = migration_app.test_cli_runner().invoke(args=["db", "check"])
        assert result.exit_code == 0 and result.exception is None, result.output  # check raises on any diff


def test_the_audit_chain_works_on_a_migrated_database(migration_app):
    from reviewapp.admin.operations import create_user

    with migration_app.app_context():
        upgrade()
        create_user("first", "First", "a-long-password-1", [Role.OFFICE], "zh")
        audit.record("probe")
        db.session.commit()
        assert audit.verify_chain() is None


def test_downgrade_to_empty_and_upgrade_again(migration_app):
    with migration_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert schema_differences(migration_app) == []

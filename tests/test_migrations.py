"""`flask db upgrade` from an empty database builds exactly the models' schema, on SQLite and PostgreSQL."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Enum, create_engine, inspect, text
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


def enum_columns():
    """(table, column, values) of every enum column of the models: stored as text with a CHECK constraint."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Enum) and column.type.create_constraint:
                yield table.name, column.name, set(column.type.enums)


def test_every_enum_check_constraint_accepts_every_value_of_the_models(migration_app):
    """compare_metadata does not compare CHECK constraints: a value added to an enum in the models without a
    migration passed every test built with create_all, and failed on an installed database (a revocation notice
    was refused by ck_notice_notice_kind)."""
    with migration_app.app_context():
        upgrade()
        inspector = inspect(db.engine)
        missing = []
        for table, column, values in enum_columns():
            checks = [check["sqltext"] for check in inspector.get_check_constraints(table)
                      if column in check["sqltext"]]
            assert checks, f"{table}.{column} has no CHECK constraint"
            missing += [f"{table}.{column} = {value!r}" for value in sorted(values)
                        if not any(f"'{value}'" in check for check in checks)]
        assert missing == []


def test_the_latest_migrations_run_back_and_forth_on_a_database_with_data(migration_app):
    """Batch mode rebuilds a SQLite table by copy, drop and rename: with rows referring to it (applications to
    their cycle), the drop failed while foreign keys were enforced, so an installed instance could not upgrade
    (migrations/env.py turns them off for the rebuild and checks them afterwards)."""
    with migration_app.app_context():
        upgrade()
        result = migration_app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        # the calls for applications (Art. 14, notice kind 'call') did not exist at 61f60e8e278c: the downgrade
        # removes them (a13c1e55e505), everything else comes back
        counted = {"cycle": "cycle", "application": "application", "audit_entry": "audit_entry",
                   "notice": "notice WHERE kind <> 'call'"}
        counts = {table: db.session.execute(text(f"SELECT COUNT(*) FROM {query}")).scalar()
                  for table, query in counted.items()}
        db.session.remove()
        downgrade(revision="61f60e8e278c")
        upgrade()
        assert {table: db.session.execute(text(f"SELECT COUNT(*) FROM {query}")).scalar()
                for table, query in counted.items()} == counts and counts["application"] > 0
        assert schema_differences(migration_app) == []

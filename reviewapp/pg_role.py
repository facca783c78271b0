"""The application's own PostgreSQL role (issue 13, item 3): `flask pg-app-role ROLE`, run as the database's
owner (the DATABASE_URL that runs `flask db upgrade`), creates or updates a login role that owns nothing and may
read and write the application's tables, but may only read and append to the audit trail:

  SELECT, INSERT, UPDATE, DELETE on every table, except
  audit_entry      SELECT, INSERT only: no UPDATE, DELETE or TRUNCATE, so even the running application (or whoever
                   takes its database password) cannot change or remove a recorded entry;
  alembic_version  SELECT only: the schema is the owner's business;
  USAGE, SELECT on the sequences (new ids), USAGE on the schema, CONNECT on the database; and by default privileges
  the same on tables a later migration creates (run the command again after `flask db upgrade`: it re-applies the
  audit table's limits and is idempotent).

audit_head (the chain's tip: seq and last_hash) keeps UPDATE, since every append moves it. With it the role can
set the tip back or to a wrong hash; as it cannot delete entries, that hides nothing: `flask audit verify` compares
the tip with the entries (a wrong tip is reported), and the anchors kept outside the database prove that every
entry up to them is unchanged. The application then runs with the role's DATABASE_URL; migrations, `flask audit
rekey` and `flask restore` keep the owner's."""
from sqlalchemy import text

from reviewapp.extensions import db

APPEND_ONLY = {"audit_entry"}
READ_ONLY = {"alembic_version"}


class RoleRefused(Exception):
    """A refusal with a message for the operator."""


def _quote(name: str) -> str:
    return db.engine.dialect.identifier_preparer.quote_identifier(name)


def role_statements(role: str, owner: str, database: str, schema: str, password: str | None,
                    role_exists: bool, read_only: list[str]) -> list[str]:
    r, s = _quote(role), _quote(schema)
    statements = []
    if not role_exists:
        statements.append(f"CREATE ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    else:
        statements.append(f"ALTER ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    if password is not None:
        secret = password.replace("'", "''")  # a string constant (standard_conforming_strings, on by default)
        statements.append(f"ALTER ROLE {r} PASSWORD '{secret}'")
    statements += [
        f"GRANT CONNECT ON DATABASE {_quote(database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_quote(owner)} IN SCHEMA {s} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_quote(owner)} IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    statements += [f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.{_quote(t)} FROM {r}" for t in sorted(APPEND_ONLY)]
    statements += [f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.{_quote(t)} FROM {r}" for t in read_only]
    return statements


def grant_app_role(role: str, password: str | None = None, dry_run: bool = False) -> list[str]:
    """Create or update the role in the current database; the statements, run (or only returned with dry_run)."""
    if db.engine.dialect.name != "postgresql":
        raise RoleRefused("an application role is a PostgreSQL feature; this database is "
                          f"{db.engine.dialect.name}")
    with db.engine.begin() as connection:
        owner, database, schema = connection.execute(
            text("SELECT current_user, current_database(), current_schema()")).one()
        if role == owner:
            raise RoleRefused(f"{role} is the role this command runs as (the owner): name a separate role")
        found = connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        owns = connection.scalar(text("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                                      "WHERE r.rolname = :r"), {"r": role})
        if found is not None and (found.rolsuper or owns):
            raise RoleRefused(f"the role {role} is a superuser or owns tables: the application's role must own "
                              "nothing; name a new role")
        present = {t for t in APPEND_ONLY | READ_ONLY
                   if connection.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{schema}.{t}"})}
        if APPEND_ONLY - present:
            raise RoleRefused(f"the database lacks {', '.join(sorted(APPEND_ONLY - present))}: run `flask db "
                              "upgrade` first")
        statements = role_statements(role, owner, database, schema, password, found is not None,
                                     sorted(READ_ONLY & present))
        if not dry_run:
            for statement in statements:  # the driver reads % as a placeholder: a literal % is written %%
                connection.exec_driver_sql(statement.replace("%", "%%"))
    return statements

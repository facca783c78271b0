"""`flask demo` in tests: load_demo(app, "--stage", "review") runs the command on the test's empty database and
returns its output.

The command takes 1-3 s of CPU (every record goes through the audited operations), and some 50 tests start from
the demo. The first load of each kind in a test session runs it; the rows it wrote, every table's, and the files it
put into the upload folder are kept, and a later load of the same kind on an empty database puts back those rows,
the same ids included, in one transaction (some 20 ms), and any of those files that went missing. The kind is the
options and the whole app configuration (TODAY among it): a test that changes either gets a load of its own.
What differs from running the command again: the timestamps of the first load (minutes earlier, in one run) and its
random tokens (the graph version, the stored files' names), which are the same rows again, not new ones.

On a database that is not empty (a second load, a stage on top of another) the command always runs: its
idempotence and its stages are tested as they are. A test that changes the demo's behaviour in any other way
(monkeypatching a function it calls) must run the command itself, not this."""
import os
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import Table, select, text

from reviewapp.extensions import db
from tests.conftest import filled_tables

SNAPSHOTS = "tests.demo_snapshots"  # the app's extensions hold them: one app, one database per test session


@dataclass(frozen=True)
class Snapshot:
    output: str
    rows: list[tuple[Table, list[dict]]]  # parents before children, each table's rows in primary-key order
    files: dict[str, tuple[bytes, int]]  # the upload folder's new files: relative path -> content, mode


def load_demo(app, *options: str) -> str:
    """`flask demo *options` on the test's database, its output returned (the command must succeed)."""
    if has_app_context() and current_app._get_current_object() is app:
        return _load(app, options)
    with app.app_context():
        return _load(app, options)


def _load(app, options: tuple[str, ...]) -> str:
    snapshots = app.extensions.setdefault(SNAPSHOTS, {})
    key = (options, _configuration(app))
    empty = _is_empty()
    if empty and key in snapshots:
        _restore(app, snapshots[key])
        return snapshots[key].output
    files_before = _files(app) if empty else None
    result = app.test_cli_runner().invoke(args=["demo", *options])
    assert result.exit_code == 0, result.output
    if empty:
        snapshots[key] = Snapshot(result.output, _rows(), _new_files(app, files_before))
    return result.output


def _configuration(app) -> tuple:
    return tuple(sorted((name, repr(value)) for name, value in app.config.items()))


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _is_empty() -> bool:
    """One query on the test's own connection (it sees what the test's session sees)."""
    return not filled_tables(db.session.connection(), _tables())


def _rows() -> list[tuple[Table, list[dict]]]:
    connection = db.session.connection()
    taken = []
    for table in _tables():
        columns = list(table.columns)
        query = select(*columns).order_by(*table.primary_key.columns)
        rows = [{column.key: value for column, value in zip(columns, row, strict=True)}
                for row in connection.execute(query)]
        taken.append((table, rows))
    db.session.commit()
    return taken


def _restore(app, snapshot: Snapshot) -> None:
    connection = db.session.connection()
    for table, rows in snapshot.rows:
        if rows:
            connection.execute(table.insert(), rows)
    if connection.dialect.name == "postgresql":
        _advance_sequences(connection, snapshot)
    db.session.commit()
    folder = Path(app.config["UPLOAD_FOLDER"])
    for name, (content, mode) in snapshot.files.items():
        path = folder / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            path.chmod(mode)


def _advance_sequences(connection, snapshot: Snapshot) -> None:
    """The rows came back with their ids: each id sequence must stand past them (it does unless the tables were
    made again since the first load, but a collision would be a puzzling failure of some later test)."""
    quote = connection.dialect.identifier_preparer
    for table, rows in snapshot.rows:
        key = table.autoincrement_column
        if rows and key is not None:
            connection.execute(text(
                "SELECT setval(s, greatest(:top, coalesce(pg_sequence_last_value(s), 0))) "
                "FROM (SELECT pg_get_serial_sequence(:table, :column)::regclass AS s) AS sequence"),
                {"table": quote.format_table(table), "column": key.name, "top": max(row[key.key] for row in rows)})


def _files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {str(Path(root, name).relative_to(folder)) for root, _, names in os.walk(folder) for name in names}


def _new_files(app, before: set[str]) -> dict[str, tuple[bytes, int]]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {name: ((folder / name).read_bytes(), (folder / name).stat().st_mode & 0o777)
            for name in sorted(_files(app) - before)}

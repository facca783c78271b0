"""The backup round trip (issue #8), on SQLite and on PostgreSQL: an instance with the demo data is backed up with
`flask backup` and restored with `flask restore` into an empty one, which then holds the same rows, the same files
and an intact audit chain. Refusals change nothing; a backup taken while others write is one consistent state.
With a backup key (issue 13 item 8) the file is encrypted and authenticated: a wrong key, a changed byte, a cut or a
reordered file is refused before anything is written."""
import base64
import hashlib
import json
import os
import threading
import zipfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, exists, func, inspect, select, text, update
from sqlalchemy.engine import make_url

from config import TestingConfig
from reviewapp import backup_crypto, create_app
from reviewapp.admin.operations import create_user
from reviewapp.extensions import db
from reviewapp.models import (
    Base,
    Organization,
    Person,
    PublicSubmission,
    Role,
    SubmissionEvidence,
    SubmissionKind,
    SubmissionSubject,
    User,
)

PASSWORD = "a-long-password-1"


# --- instances: an app on a database and an upload folder of its own ---------------------------------------------

def _admin_engine(url):
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _create_database(database_url: str, folder: Path, name: str) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{folder / f'{name}.sqlite'}"
    database = f"{url.database}_{name}"
    admin = _admin_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        return
    admin = _admin_engine(url.set(database="postgres"))
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def instance(database_url: str, folder: Path, name: str, migrate: bool = True):
    """A new instance: its own empty database (`flask db upgrade` run on it unless migrate=False) and upload folder."""
    class InstanceConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = _create_database(database_url, folder, name)
        UPLOAD_FOLDER = str(folder / f"{name}-uploads")

    app = create_app(InstanceConfig)
    if migrate:
        with app.app_context():
            upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        _drop_database(InstanceConfig.SQLALCHEMY_DATABASE_URI)


@pytest.fixture
def make_instance(database_url, tmp_path):
    """make_instance(migrate=True) -> an empty instance, removed after the test."""
    with ExitStack() as stack:
        yield lambda migrate=True: stack.enter_context(instance(database_url, tmp_path, "backup_target", migrate))


def cli(app, *args):
    with app.app_context():  # else the command would run on the app of the test's own context
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def table_rows(app) -> dict[str, list[tuple]]:
    """Every row of every table as Python values, in primary-key order."""
    with app.app_context(), db.engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}


def upload_files(app) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()} if folder.exists() else {}


def holds_nothing(app) -> bool:
    """Only what `flask db upgrade` writes (the empty audit chain's tip), and no upload."""
    rows = {name: rows for name, rows in table_rows(app).items() if rows}
    return set(rows) <= {"audit_head"} and [row[1] for row in rows.get("audit_head", [])] in ([], [0]) \
        and upload_files(app) == {}


def manifest_of(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


# --- the source: the demo at the document review, with merges and a public submission's evidence ------------------

def add_merges_and_evidence(app) -> None:
    """Self-references to a later row (the oldest organization and person merged into the newest) and an evidence
    file under evidence/: the cases a naive dump and restore get wrong."""
    with app.app_context():
        for model in (Organization, Person):
            first, last = db.session.execute(select(func.min(model.id), func.max(model.id))).one()
            db.session.execute(update(model).where(model.id == first).values(merged_into_id=last))
        content = b"%PDF-1.4 evidence of misconduct (test)\n"
        submission = PublicSubmission(receipt="JB-TEST-0001", kind=SubmissionKind.MISCONDUCT,
                                      subject=SubmissionSubject.APPLICANT, subject_name="某公司",
                                      filer_name="匿名", filer_contact="13800000000", facts="事实", reasons="理由")
        submission.evidence.append(SubmissionEvidence(original_name="证据.pdf", stored_name="e" * 32,
                                                      mimetype="application/pdf", size=len(content),
                                                      sha256=hashlib.sha256(content).hexdigest()))
        db.session.add(submission)
        db.session.commit()
        evidence = Path(app.config["UPLOAD_FOLDER"]) / "evidence"
        evidence.mkdir(parents=True, exist_ok=True)
        (evidence / ("e" * 32)).write_bytes(content)


@pytest.fixture(scope="module")
def source(database_url, tmp_path_factory):
    with instance(database_url, tmp_path_factory.mktemp("source"), "backup_source") as app:
        result = cli(app, "demo", "--stage", "review")
        assert result.exit_code == 0, result.output
        add_merges_and_evidence(app)
        yield app


@dataclass
class Archive:
    path: Path
    output: str
    rows: dict  # the source's rows and files when the backup was taken
    files: dict


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("backups") / "demo-backup.zip"
    result = cli(source, "backup", path)
    assert result.exit_code == 0, result.output
    return Archive(path, result.output, table_rows(source), upload_files(source))


# --- the round trip -----------------------------------------------------------------------------------------------

def test_the_archive_holds_a_manifest_every_table_and_every_upload(source, archive):
    manifest = manifest_of(archive.path)
    with zipfile.ZipFile(archive.path) as zipped:
        names = set(zipped.namelist())
    assert manifest["format"] == "reviewapp-backup" and manifest["version"] == 1
    assert manifest["created_at"].endswith("+00:00")
    with source.app_context(), db.engine.connect() as connection:
        assert manifest["alembic_revision"] == connection.scalar(text("SELECT version_num FROM alembic_version"))
    assert {name: table["rows"] for name, table in manifest["tables"].items()} == \
        {name: len(rows) for name, rows in archive.rows.items()}
    assert all(archive.rows[name] for name in ("material", "score_sheet", "panel_member", "money_entry",
                                               "submission_evidence", "audit_entry"))
    assert names == {"manifest.json", *manifest["members"]}
    assert {name.removeprefix("files/") for name in names if name.startswith("files/")} == set(archive.files)
    assert "evidence/" + "e" * 32 in archive.files and len(archive.files) >= 3
    assert manifest["warnings"] == []
    rows, files = sum(len(rows) for rows in archive.rows.values()), len(archive.files)
    assert f"{len(archive.rows)} tables, {rows} rows, {files} files" in archive.output
    assert archive.path.stat().st_mode & 0o777 == 0o600  # it holds password hashes and personal data
    assert list(archive.path.parent.iterdir()) == [archive.path]  # no temporary file left beside it


def test_a_failed_backup_leaves_the_previous_one_untouched(source, tmp_path, monkeypatch):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"the previous backup")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reviewapp.backup._write_files", disk_full)
    result = cli(source, "backup", path)

    assert result.exit_code == 1 and "No space left on device" in result.output
    assert path.read_bytes() == b"the previous backup"
    assert list(tmp_path.iterdir()) == [path]


def test_a_backup_into_the_upload_folder_is_refused(source):
    path = Path(source.config["UPLOAD_FOLDER"]) / "backup.zip"

    result = cli(source, "backup", path)

    assert result.exit_code == 1 and "upload folder" in result.output
    assert not path.exists()


def test_restore_brings_back_every_row_every_file_and_the_audit_chain(archive, make_instance, tmp_path):
    target = make_instance()

    result = cli(target, "restore", archive.path)

    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert table_rows(target) == archive.rows
    assert upload_files(target) == archive.files
    verified = cli(target, "audit", "verify")
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output
    # Backing the restored instance up again gives the same tables and files, byte for byte.
    again = cli(target, "backup", tmp_path / "again.zip")
    assert again.exit_code == 0, again.output
    assert manifest_of(tmp_path / "again.zip")["members"] == manifest_of(archive.path)["members"]


def test_a_restored_instance_carries_on_with_new_ids_and_an_intact_chain(archive, make_instance):
    target = make_instance()
    assert cli(target, "restore", archive.path).exit_code == 0

    with target.app_context():
        user = create_user("after-restore", "After Restore", PASSWORD, [Role.OFFICE], "zh")  # and an audit entry
        assert user.id == max(row[0] for row in archive.rows["user"]) + 1
    verified = cli(target, "audit", "verify")
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output


# --- refusals: nothing changes ------------------------------------------------------------------------------------

def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(archive, make_instance):
    target = make_instance()
    with target.app_context():
        create_user("present", "Present", PASSWORD, [Role.OFFICE], "zh")
    before = table_rows(target)

    result = cli(target, "restore", archive.path)

    assert result.exit_code == 1
    assert "already holds data" in result.output and "user" in result.output
    assert table_rows(target) == before
    assert upload_files(target) == {}


def test_restore_into_an_upload_folder_with_files_is_refused_and_changes_nothing(archive, make_instance):
    target = make_instance()
    folder = Path(target.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)  # the app may have made it (0700) already
    (folder / "left-over").write_bytes(b"x")

    result = cli(target, "restore", archive.path)

    assert result.exit_code == 1 and "upload folder" in result.output
    assert upload_files(target) == {"left-over": b"x"}
    (folder / "left-over").unlink()
    assert holds_nothing(target)


def test_restore_without_the_schema_asks_for_flask_db_upgrade(archive, make_instance):
    target = make_instance(migrate=False)

    result = cli(target, "restore", archive.path)

    assert result.exit_code == 1 and "flask db upgrade" in result.output
    with target.app_context(), db.engine.connect() as connection:
        assert not inspect(connection).get_table_names()
    assert upload_files(target) == {}


def repack(original: Path, tampered: Path, member: str) -> None:
    """The same archive with one byte of `member`'s content changed: a well-formed zip, a wrong sha256."""
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = bytearray(source.read(info))
            if info.filename == member:
                data[len(data) // 2] ^= 0x01
            target.writestr(info, bytes(data))


def flip_a_stored_byte(original: Path, tampered: Path, member: str) -> None:
    """The archive with one byte of `member`'s compressed data changed on disk."""
    data = bytearray(original.read_bytes())
    with zipfile.ZipFile(original) as source:
        info = source.getinfo(member)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26:header + 28], "little")
    extra_length = int.from_bytes(data[header + 28:header + 30], "little")
    data[header + 30 + name_length + extra_length + info.compress_size // 2] ^= 0x01
    tampered.write_bytes(bytes(data))


@pytest.mark.parametrize("tamper", [repack, flip_a_stored_byte])
@pytest.mark.parametrize("member", ["tables/audit_entry.jsonl", "files/evidence/" + "e" * 32])
def test_a_tampered_archive_is_refused_before_anything_is_written(archive, make_instance, tmp_path, tamper,
                                                                  member):
    tampered = tmp_path / "tampered.zip"
    tamper(archive.path, tampered, member)
    target = make_instance()

    result = cli(target, "restore", tampered)

    assert result.exit_code == 1, result.output
    assert "nothing restored: the archive is damaged" in result.output and member in result.output
    assert holds_nothing(target)


def rewrite(original: Path, rewritten: Path, change) -> None:
    """A well-formed archive, its manifest's sha256 and row counts updated, whose members `change` altered:
    change(members: dict[name, bytes], manifest) edits them in place."""
    with zipfile.ZipFile(original) as source:
        members = {name: source.read(name) for name in source.namelist() if name != "manifest.json"}
        manifest = json.loads(source.read("manifest.json"))
    change(members, manifest)
    manifest["members"] = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                           for name, data in members.items()}
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
        target.writestr("manifest.json", json.dumps(manifest))


def a_role_of_a_missing_user(members, manifest):
    members["tables/user_role.jsonl"] += b'{"id": 9999, "user_id": 9999, "role": "office"}\n'
    manifest["tables"]["user_role"]["rows"] += 1


def two_uploads_at_clashing_paths(members, manifest):
    members["files/zz"] = b"a file"
    members["files/zz/inner"] = b"where the file is: cannot be written"


@pytest.mark.parametrize("change, message", [(a_role_of_a_missing_user, "the database refused the archive's rows"),
                                             (two_uploads_at_clashing_paths, "cannot write the uploads")])
def test_a_restore_that_fails_midway_leaves_no_row_and_no_file(archive, make_instance, tmp_path, change, message):
    rewrite(archive.path, tmp_path / "odd.zip", change)
    target = make_instance()

    result = cli(target, "restore", tmp_path / "odd.zip")

    assert result.exit_code == 1, result.output
    assert f"nothing restored: {message}" in result.output
    assert holds_nothing(target)
    assert [path for path in Path(target.config["UPLOAD_FOLDER"]).rglob("*")] == []  # no folder either


# --- a backup while the app is serving ----------------------------------------------------------------------------

def dangling_references(app) -> list[str]:
    """Foreign keys whose row does not exist."""
    found = []
    with app.app_context(), db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                referred = fk.column.table.alias()
                query = select(func.count()).select_from(table).where(
                    fk.parent.is_not(None), ~exists().where(referred.c[fk.column.name] == fk.parent))
                if connection.scalar(query):
                    found.append(f"{table.name}.{fk.parent.name}")
    return found


def member_lines(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as archive:
        return {name.removeprefix("tables/").removesuffix(".jsonl"): len(archive.read(name).splitlines())
                for name in archive.namelist() if name.startswith("tables/")}


def test_a_backup_taken_while_others_write_is_one_consistent_state(source, make_instance, tmp_path):
    """Users are created (user, role, audit entry and the chain's tip, one transaction each) all through the
    backup, and for certain once it has read the chain's tip and not yet its entries: a backup that read each
    table at its own moment would hold a tip that disagrees with the entries, and a broken chain."""
    errors, stop, written = [], threading.Event(), []

    def add_user(name: str) -> None:
        try:
            with source.app_context():
                create_user(name, name, PASSWORD, [Role.EXPERT], "zh")
                written.append(name)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)

    def keep_writing() -> None:
        while not stop.is_set():
            add_user(f"busy-{len(written)}-{threading.get_ident()}")

    def mid_backup(connection, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is threading.main_thread() and statement.startswith("SELECT") \
                and "FROM audit_entry" in statement and "mid-backup" not in written:
            writer = threading.Thread(target=add_user, args=("mid-backup",))
            writer.start()
            writer.join(timeout=60)

    background = threading.Thread(target=keep_writing)
    with source.app_context():
        event.listen(db.engine, "before_cursor_execute", mid_backup)
    background.start()
    try:
        result = cli(source, "backup", tmp_path / "busy.zip")
    finally:
        stop.set()
        background.join(timeout=60)
        with source.app_context():
            event.remove(db.engine, "before_cursor_execute", mid_backup)
    assert result.exit_code == 0, result.output
    assert not errors and "mid-backup" in written

    manifest = manifest_of(tmp_path / "busy.zip")
    assert {name: table["rows"] for name, table in manifest["tables"].items()} == member_lines(tmp_path / "busy.zip")
    target = make_instance()
    restored = cli(target, "restore", tmp_path / "busy.zip")
    assert restored.exit_code == 0, restored.output
    verified = cli(target, "audit", "verify")
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output
    assert dangling_references(target) == []
    with target.app_context():
        usernames = set(db.session.scalars(select(User.username)))
        assert "mid-backup" not in usernames
        assert all(user.roles for user in db.session.scalars(select(User)))


# --- issue 13, item 8: encrypted backups --------------------------------------------------------------------------

BACKUP_KEY = base64.b64encode(bytes(range(32))).decode()
OTHER_BACKUP_KEY = base64.b64encode(bytes(range(1, 33))).decode()


@contextmanager
def backup_key(app, key=BACKUP_KEY, **config):
    """The app with a backup key (BACKUP_KEY, or whatever `config` sets) for the duration."""
    saved = {name: app.config.get(name) for name in ("BACKUP_KEY", "BACKUP_KEY_FILE", *config)}
    app.config.update({"BACKUP_KEY": key, **config})
    try:
        yield app
    finally:
        app.config.update(saved)


@pytest.fixture(scope="module")
def encrypted(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("encrypted") / "demo-backup.enc"
    # An upload that does not compress: the file spans several 64 KiB chunks, to cut and reorder.
    (Path(source.config["UPLOAD_FOLDER"]) / "zz-incompressible").write_bytes(os.urandom(5 * 64 * 1024))
    with backup_key(source):
        result = cli(source, "backup", path)
    assert result.exit_code == 0, result.output
    return Archive(path, result.output, table_rows(source), upload_files(source))


def test_item8_an_encrypted_backup_holds_nothing_in_clear(encrypted):
    """Issue 13 item 8: backups held password hashes, session tokens and whistleblowers' names in clear."""
    data = encrypted.path.read_bytes()
    key_id = backup_crypto.key_id(base64.b64decode(BACKUP_KEY)).hex()
    assert data.startswith(backup_crypto.MAGIC) and not zipfile.is_zipfile(encrypted.path)
    assert b"PK\x03\x04" not in data and b"$argon2" not in data and "某公司".encode() not in data
    assert b"manifest.json" not in data and b"%PDF" not in data
    assert f"encrypted with the backup key {key_id}" in encrypted.output
    assert encrypted.path.stat().st_mode & 0o777 == 0o600
    assert list(encrypted.path.parent.iterdir()) == [encrypted.path]


def test_item8_an_encrypted_backup_restores_every_row_and_file(encrypted, make_instance):
    target = make_instance()

    with backup_key(target):
        result = cli(target, "restore", encrypted.path)

    assert result.exit_code == 0, result.output
    assert table_rows(target) == encrypted.rows
    assert upload_files(target) == encrypted.files
    verified = cli(target, "audit", "verify")
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output


def test_item8_the_key_may_come_from_a_file(source, make_instance, tmp_path):
    key_file = tmp_path / "backup.key"
    assert cli(source, "backup-key", "--output", key_file).exit_code == 0
    assert key_file.stat().st_mode & 0o777 == 0o600
    with backup_key(source, None, BACKUP_KEY_FILE=str(key_file)):
        assert cli(source, "backup", tmp_path / "b.enc").exit_code == 0
    target = make_instance()
    with backup_key(target, None, BACKUP_KEY_FILE=str(key_file)):
        restored = cli(target, "restore", tmp_path / "b.enc")
    assert restored.exit_code == 0, restored.output


@pytest.mark.parametrize("key, message", [
    (OTHER_BACKUP_KEY, "the backup was encrypted with another key (key id "),
    (None, "the backup is encrypted (key id "),
])
def test_item8_restore_refuses_a_wrong_or_missing_key_and_writes_nothing(encrypted, make_instance, key, message):
    target = make_instance()

    with backup_key(target, key):
        result = cli(target, "restore", encrypted.path)

    assert result.exit_code == 1, result.output
    assert f"nothing restored: {message}" in result.output
    assert holds_nothing(target)


def flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


SEALED = backup_crypto.SEALED_CHUNK_BYTES
HEADER = backup_crypto.HEADER_BYTES
DAMAGES = {
    "a byte in the middle": lambda data: flip(data, len(data) // 2),
    "a byte of the last chunk": lambda data: flip(data, len(data) - 3),
    "a byte of the header's salt": lambda data: flip(data, HEADER - 1),
    "cut at a chunk boundary": lambda data: data[:HEADER + 2 * SEALED],
    "cut inside a chunk": lambda data: data[:-100],
    "bytes appended": lambda data: data + data[HEADER:HEADER + SEALED],
    "two chunks swapped": lambda data: data[:HEADER] + data[HEADER + SEALED:HEADER + 2 * SEALED]
                                       + data[HEADER:HEADER + SEALED] + data[HEADER + 2 * SEALED:],
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_item8_a_tampered_cut_or_reordered_encrypted_backup_is_refused(encrypted, make_instance, tmp_path, damage):
    damaged = tmp_path / "damaged.enc"
    damaged.write_bytes(DAMAGES[damage](encrypted.path.read_bytes()))
    target = make_instance()

    with backup_key(target):
        result = cli(target, "restore", damaged)

    assert result.exit_code == 1, result.output
    assert "nothing restored: the encrypted backup is damaged or was changed" in result.output
    assert holds_nothing(target)


def test_item8_production_refuses_a_plain_backup_unless_asked(source, tmp_path):
    with backup_key(source, None, BACKUP_ENCRYPTION_REQUIRED=True):
        refused = cli(source, "backup", tmp_path / "plain.zip")
        assert refused.exit_code == 1 and "no backup key" in refused.output and "--unencrypted" in refused.output
        assert list(tmp_path.iterdir()) == []
        plain = cli(source, "backup", "--unencrypted", tmp_path / "plain.zip")
    assert plain.exit_code == 0, plain.output
    assert zipfile.is_zipfile(tmp_path / "plain.zip") and "NOT encrypted" in plain.output
    assert "WARNING: this backup is not encrypted" in plain.output


@pytest.mark.parametrize("config, message", [
    ({"BACKUP_KEY": "too-short"}, "BACKUP_KEY: the backup key must be the base64 of 32 random bytes"),
    ({"BACKUP_KEY_FILE": "/nonexistent/backup.key"}, "cannot read the backup key file /nonexistent/backup.key"),
    ({"BACKUP_KEY_FILE": "/dev/null"}, None),  # an empty file: no key, a plain backup in development
])
def test_item8_a_bad_backup_key_is_refused_with_a_clear_message(source, tmp_path, config, message):
    with backup_key(source, None, **config):
        result = cli(source, "backup", tmp_path / "b.enc")
    if message is None:
        assert result.exit_code == 0 and "NOT encrypted" in result.output
        return
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_backup_key_prints_a_new_key_and_never_replaces_a_key_file(app, tmp_path):
    printed = app.test_cli_runner().invoke(args=["backup-key"])
    assert printed.exit_code == 0 and len(base64.b64decode(printed.stdout.strip())) == 32
    (tmp_path / "existing.key").write_text("keep me")
    refused = app.test_cli_runner().invoke(args=["backup-key", "--output", str(tmp_path / "existing.key")])
    assert refused.exit_code == 1 and "exists already" in refused.output
    assert (tmp_path / "existing.key").read_text() == "keep me"

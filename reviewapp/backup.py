"""Backups (issue #8): one zip archive with a consistent snapshot of every table and every uploaded file, taken
while the app serves, and restored on an empty instance at the same schema revision — alike on SQLite and
PostgreSQL, without pg_dump.

The archive:
  manifest.json        format and version, the Alembic revision, created_at (UTC), per table its columns and row
                       count, per member its size and sha256, warnings
  tables/<name>.jsonl  one JSON object per row in primary-key order; values in their JSON form (see _codec)
  files/<path>         every file under the upload folder, at its path relative to the folder

Consistency: all tables are read in one read-only transaction (REPEATABLE READ on PostgreSQL; one read transaction
on SQLite, a snapshot in WAL mode), so the rows never disagree with each other. The files are copied after it:
uploads are written under fresh unique names before their row commits and never rewritten, so every file a row
of the snapshot refers to is there and final; a file added later is simply not referenced.

Encryption (issue 13, item 8): with a backup key (BACKUP_KEY or BACKUP_KEY_FILE) the archive is streamed through
authenticated encryption as it is written (reviewapp.backup_crypto; the plaintext never reaches the disk), and a
restore decrypts it chunk by chunk as it reads, after authenticating the whole file. Production refuses a plain
backup unless the operator asks for one (`flask backup --unencrypted`)."""
import base64
import enum
import hashlib
import json
import os
import uuid
import zipfile
import zlib
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import JSON, Integer, Table, and_, bindparam, delete, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from reviewapp import backup_crypto
from reviewapp.domain.audit_chain import GENESIS_HASH
from reviewapp.extensions import db
from reviewapp.models import Base
from reviewapp.snapshot import read_snapshot
from reviewapp.uploads import upload_folder

FORMAT, FORMAT_VERSION = "reviewapp-backup", 1
MANIFEST = "manifest.json"
BATCH_ROWS = 1000
CHUNK_BYTES = 1 << 20
# Rows that name an upload, and the folder (under the upload folder) their stored_name lives in: the copied file
# is checked against the sha256 the row records.
FILE_REFERENCES = {"material": "", "submission_evidence": "evidence/", "commendation_scan": "commendation/"}
# The rows `flask db upgrade` writes itself (the empty audit chain's tip): an instance holding only these is empty,
# and a restore replaces them with the backup's.
SEED_ROWS = {"audit_head": [{"id": 1, "seq": 0, "last_hash": GENESIS_HASH}]}


class BackupError(Exception):
    """A refusal or a damaged archive, with a message for the operator."""


@dataclass
class BackupSummary:
    path: Path
    created_at: str
    revision: str | None
    tables: int = 0
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    archive_bytes: int = 0
    warnings: list[str] = field(default_factory=list)
    key_id: str | None = None  # of the backup key it is encrypted with; None for a plain archive


def configured_key() -> bytes | None:
    """The backup key from BACKUP_KEY (the base64 of 32 bytes) or the file BACKUP_KEY_FILE names; None without."""
    text, path = current_app.config.get("BACKUP_KEY"), current_app.config.get("BACKUP_KEY_FILE")
    if text and path:
        raise BackupError("both BACKUP_KEY and BACKUP_KEY_FILE are set: set one")
    if path:
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise BackupError(f"cannot read the backup key file {path}: {error}") from error
    if not text:
        return None
    try:
        return backup_crypto.parse_key(text)
    except backup_crypto.EncryptionError as error:
        raise BackupError(f"{'BACKUP_KEY_FILE' if path else 'BACKUP_KEY'}: {error}") from error


# --- values <-> JSON, by the column types of the models -----------------------------------------------------------

def _same(value):
    return value


def _b64encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


CODECS = {
    datetime: (datetime.isoformat, datetime.fromisoformat),  # UTCDateTime: aware, "+00:00" kept
    date: (date.isoformat, date.fromisoformat),
    time: (time.isoformat, time.fromisoformat),
    Decimal: (str, Decimal),  # exact: "12.50" stays 12.50
    bytes: (_b64encode, base64.b64decode),
    **{kind: (_same, _same) for kind in (bool, int, float, str)},
}


def _codec(column) -> tuple:
    """(encode, decode) for a column; a type without a JSON form stops the backup rather than losing data."""
    if isinstance(column.type, JSON):
        return _same, _same
    try:  # a TypeDecorator (UTCDateTime) takes its Python type from the type it wraps
        python_type = getattr(column.type, "impl_instance", column.type).python_type
    except NotImplementedError:
        python_type = None
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return (lambda member: member.value), python_type
    if python_type not in CODECS:
        raise BackupError(f"{column.table.name}.{column.name}: no JSON form for the type {column.type!r}")
    return CODECS[python_type]


def _encoder(table: Table):
    codecs = [(column.name, _codec(column)[0]) for column in table.columns]
    return lambda row: {name: None if row[name] is None else encode(row[name]) for name, encode in codecs}


def _decoder(table: Table):
    codecs = {column.name: _codec(column)[1] for column in table.columns}

    def decode(values: dict) -> dict:
        if values.keys() != codecs.keys():
            raise BackupError(f"table {table.name}: a row's columns differ from the schema's")
        return {name: None if value is None else codecs[name](value) for name, value in values.items()}
    return decode


# --- backup -------------------------------------------------------------------------------------------------------

def write_backup(path, key: bytes | None = None) -> BackupSummary:
    """Write the archive to a temporary file beside `path`, then rename it: `path` is the old or the new backup,
    never half of one. With `key`, the archive is encrypted as it is written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise BackupError(f"no such folder: {target.parent}")
    if target.resolve().is_relative_to(upload_folder().resolve()):
        raise BackupError("the backup cannot go into the upload folder it copies")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        # Owner-only: the archive holds password hashes and the names of people who reported misconduct.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            sink = raw if key is None else backup_crypto.EncryptingWriter(raw, key)
            with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
                summary = _write_archive(archive, target)
            if key is not None:
                sink.finish()
                summary.key_id = backup_crypto.key_id(key).hex()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write the backup {target}: {error}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.archive_bytes = target.stat().st_size
    return summary


def _write_archive(archive: zipfile.ZipFile, target: Path) -> BackupSummary:
    created_at = datetime.now(UTC)
    members, tables, referenced = {}, {}, {}
    with read_snapshot() as connection:
        revision = _revision(connection)
        for table in Base.metadata.sorted_tables:
            tables[table.name] = {"rows": _write_table(archive, connection, table, members, referenced),
                                  "columns": {c.name: type(c.type).__name__ for c in table.columns}}
    summary = BackupSummary(target, created_at.isoformat(), revision, tables=len(tables),
                            rows=sum(t["rows"] for t in tables.values()))
    _write_files(archive, members, referenced, summary)
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": summary.created_at,
                "alembic_revision": revision, "database": db.engine.dialect.name, "tables": tables,
                "members": members, "warnings": summary.warnings}
    archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return summary


def _revision(connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return " ".join(sorted(connection.scalars(text("SELECT version_num FROM alembic_version")))) or None


class _HashingWriter:
    def __init__(self, stream):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)


@contextmanager
def _member(archive: zipfile.ZipFile, name: str, members: dict):
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as stream:
        writer = _HashingWriter(stream)
        yield writer
    members[name] = {"size": writer.size, "sha256": writer.digest.hexdigest()}


def _write_table(archive, connection, table: Table, members: dict, referenced: dict) -> int:
    encode, count, folder = _encoder(table), 0, FILE_REFERENCES.get(table.name)
    query = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=BATCH_ROWS)
    with _member(archive, f"tables/{table.name}.jsonl", members) as out:
        for rows in connection.execute(query).mappings().partitions():
            out.write("".join(json.dumps(encode(row), ensure_ascii=False) + "\n" for row in rows).encode())
            count += len(rows)
            if folder is not None:
                referenced.update((folder + row["stored_name"], row["sha256"]) for row in rows)
    return count


def _write_files(archive, members: dict, referenced: dict, summary: BackupSummary) -> None:
    folder = upload_folder()
    copied = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        try:
            source = open(path, "rb")
        except FileNotFoundError:  # removed since it was listed (a finished import's staging file)
            continue
        with source, _member(archive, f"files/{name}", members) as out:
            while chunk := source.read(CHUNK_BYTES):
                out.write(chunk)
        copied.add(name)
        summary.files, summary.file_bytes = summary.files + 1, summary.file_bytes + out.size
        if name in referenced and out.digest.hexdigest() != referenced[name]:
            summary.warnings.append(f"upload {name}: its content differs from the sha256 its row records")
    missing = sorted(referenced.keys() - copied)
    summary.warnings.extend(f"upload {name}: referenced by a row but missing" for name in missing)


# --- restore ------------------------------------------------------------------------------------------------------

def restore_backup(path) -> BackupSummary:
    """Check the archive and the target, verify every member, then write the rows in one transaction and the
    files; on any error the transaction rolls back and the files written so far are removed. An encrypted backup
    needs its key (BACKUP_KEY or BACKUP_KEY_FILE) and is authenticated whole before anything is read from it."""
    try:
        with ExitStack() as stack:
            archive, key_id = _open_archive(path, stack)
            manifest = _read_manifest(archive)
            _check_target(manifest)
            _verify_members(archive, manifest)
            summary = BackupSummary(Path(path), manifest["created_at"], manifest["alembic_revision"],
                                    tables=len(manifest["tables"]), warnings=list(manifest["warnings"]),
                                    archive_bytes=Path(path).stat().st_size, key_id=key_id)
            _restore(archive, manifest, summary)
    except backup_crypto.EncryptionError as error:  # a wrong key, or a file changed while it is restored
        raise BackupError(str(error)) from error
    return summary


def _open_archive(path, stack: ExitStack) -> tuple[zipfile.ZipFile, str | None]:
    """The zip archive, from a plain backup or through the decryption of an encrypted one; the key id if
    encrypted."""
    try:
        raw = stack.enter_context(open(path, "rb"))
        if raw.read(len(backup_crypto.MAGIC)) != backup_crypto.MAGIC:
            raw.seek(0)
            return stack.enter_context(zipfile.ZipFile(raw)), None
        _, found = backup_crypto.read_header(raw)
        key = configured_key()
        if key is None:
            raise BackupError(f"the backup is encrypted (key id {found.hex()}): set BACKUP_KEY or BACKUP_KEY_FILE "
                              "to its key")
        reader = stack.enter_context(backup_crypto.DecryptingReader(raw, key))
        reader.verify()
        return stack.enter_context(zipfile.ZipFile(reader)), found.hex()
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"cannot read the archive {path}: {error}") from error


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise BackupError(f"no readable {MANIFEST} in the archive: {error}") from error
    if not isinstance(manifest, dict) or (manifest.get("format"), manifest.get("version")) != (FORMAT, FORMAT_VERSION):
        raise BackupError(f"not a {FORMAT} archive of version {FORMAT_VERSION}")
    try:
        _check_manifest(archive, manifest)
    except (KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"the archive's {MANIFEST} is malformed ({error!r})") from error
    return manifest


def _check_manifest(archive: zipfile.ZipFile, manifest: dict) -> None:
    missing = {"created_at", "alembic_revision", "tables", "members", "warnings"} - manifest.keys()
    if missing:
        raise KeyError(", ".join(sorted(missing)))
    expected = {t.name: [c.name for c in t.columns] for t in Base.metadata.sorted_tables}
    if {name: list(table["columns"]) for name, table in manifest["tables"].items()} != expected:
        raise BackupError("the archive's tables and columns differ from this version of the application's")
    _check_member_names(archive, manifest)


def _check_member_names(archive: zipfile.ZipFile, manifest: dict) -> None:
    names = archive.namelist()
    if len(names) != len(set(names)) or set(names) != {MANIFEST, *manifest["members"]}:
        raise BackupError("the archive's members differ from those its manifest lists")
    tables = {f"tables/{name}.jsonl" for name in manifest["tables"]}
    for name in manifest["members"]:
        if name not in tables and _upload_name(name) is None:
            raise BackupError(f"unexpected member in the archive: {name!r}")


def _upload_name(member: str) -> PurePosixPath | None:
    """The path under the upload folder for a files/ member; None for anything that could land outside it."""
    path = PurePosixPath(member)
    parts = path.parts[1:]
    if path.parts[:1] != ("files",) or not parts or "\\" in member or any(p in ("", ".", "..") for p in parts):
        return None
    return PurePosixPath(*parts)


def _check_target(manifest: dict) -> None:
    with db.engine.connect() as connection:
        revision, wanted = _revision(connection), manifest["alembic_revision"]
        if revision != wanted:
            raise BackupError(f"the database schema is at revision {revision or '(none)'}, the backup needs "
                              f"{wanted or '(none)'}: run `flask db upgrade` first (with the application "
                              "version that took the backup)")
        present = set(inspect(connection).get_table_names())
        missing = [t.name for t in Base.metadata.sorted_tables if t.name not in present]
        if missing:
            raise BackupError(f"the database lacks tables ({', '.join(missing)}): run `flask db upgrade` first")
        filled = [t.name for t in Base.metadata.sorted_tables if _holds_data(connection, t)]
    if filled:
        raise BackupError(f"the database already holds data (in {', '.join(filled)}): a backup is restored only "
                          "into an empty instance")
    if any(p.is_file() for p in upload_folder().rglob("*")):
        raise BackupError(f"the upload folder {upload_folder()} holds files: a backup is restored only into an "
                          "empty instance")


def _holds_data(connection, table: Table) -> bool:
    seed = SEED_ROWS.get(table.name, [])
    rows = connection.execute(select(table).order_by(*table.primary_key.columns).limit(len(seed) + 1)).mappings()
    return [dict(row) for row in rows] not in ([], seed)


def _verify_members(archive: zipfile.ZipFile, manifest: dict) -> None:
    for name, expected in manifest["members"].items():
        digest, size = hashlib.sha256(), 0
        try:
            with archive.open(name) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise BackupError(f"the archive is damaged at {name}: {error}") from error
        if (digest.hexdigest(), size) != (expected["sha256"], expected["size"]):
            raise BackupError(f"the archive is damaged: {name} does not match its sha256 in the manifest")


def _restore(archive: zipfile.ZipFile, manifest: dict, summary: BackupSummary) -> None:
    written: list[Path] = []
    try:
        with db.engine.begin() as connection:
            later = []
            _remove_seed_rows(connection)
            for table in Base.metadata.sorted_tables:
                summary.rows += _insert_table(archive, connection, table, manifest, later)
            for table, rows in later:
                _fill_deferred(connection, table, rows)
            _reset_sequences(connection)
            _extract_files(archive, manifest, written, summary)
    except DBAPIError as error:
        _remove(written)
        raise BackupError(f"the database refused the archive's rows: {error.orig}") from error
    except OSError as error:
        _remove(written)
        raise BackupError(f"cannot write the uploads: {error}") from error
    except BaseException:
        _remove(written)
        raise


def _remove_seed_rows(connection) -> None:
    for name, rows in SEED_ROWS.items():
        table = Base.metadata.tables[name]
        for row in rows:
            connection.execute(delete(table).where(and_(*(table.c[key] == value for key, value in row.items()))))


def _deferred_columns(table: Table) -> list[str]:
    """Foreign keys to the table itself (organization.merged_into_id) or to one inserted after it: written as
    NULL first and filled in once every row is in."""
    order = {t: i for i, t in enumerate(Base.metadata.sorted_tables)}
    return sorted({fk.parent.name for fk in table.foreign_keys if order[fk.column.table] >= order[table]})


def _insert_table(archive, connection, table: Table, manifest: dict, later: list) -> int:
    decode, deferred = _decoder(table), _deferred_columns(table)
    count, batch, fills = 0, [], []
    with archive.open(f"tables/{table.name}.jsonl") as stream:
        for line in stream:
            row = decode(json.loads(line))
            if any(row[name] is not None for name in deferred):
                fills.append({"pk": row["id"], **{f"new_{name}": row[name] for name in deferred}})
                row.update(dict.fromkeys(deferred))
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                connection.execute(insert(table), batch)
                count, batch = count + len(batch), []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    if count != manifest["tables"][table.name]["rows"]:
        raise BackupError(f"table {table.name}: {count} rows in the archive, its manifest says "
                          f"{manifest['tables'][table.name]['rows']}")
    if fills:
        later.append((table, fills))
    return count


def _fill_deferred(connection, table: Table, rows: list[dict]) -> None:
    names = [key.removeprefix("new_") for key in rows[0] if key != "pk"]
    statement = update(table).where(table.c.id == bindparam("pk")).values(
        {name: bindparam(f"new_{name}") for name in names})
    connection.execute(statement, rows)


def _reset_sequences(connection) -> None:
    """PostgreSQL: the rows came with their ids, so move each id sequence past them."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes the next rowid from the largest one present
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and isinstance(table.c.id.type, Integer):
            name = connection.dialect.identifier_preparer.format_table(table)
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence(:name, 'id'), coalesce(max(id), 1), "
                                    f"max(id) IS NOT NULL) FROM {name}"), {"name": name})


def _extract_files(archive, manifest: dict, written: list[Path], summary: BackupSummary) -> None:
    folder = upload_folder()
    for name, expected in manifest["members"].items():
        relative = _upload_name(name) if name.startswith("files/") else None
        if relative is None:
            continue
        target = folder.joinpath(*relative.parts)
        _make_parents(target.parent, folder, written)
        digest = hashlib.sha256()
        with archive.open(name) as source, open(target, "xb") as out:
            written.append(target)
            while chunk := source.read(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise BackupError(f"the archive changed while it was restored: {name}")
        summary.files, summary.file_bytes = summary.files + 1, summary.file_bytes + expected["size"]


def _make_parents(directory: Path, folder: Path, written: list[Path]) -> None:
    """Create missing folders, remembering them so that a failed restore removes them too."""
    missing = []
    while directory != folder and not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
        written.append(path)


def _remove(written: list[Path]) -> None:
    for path in reversed(written):  # files before the folders that hold them
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)

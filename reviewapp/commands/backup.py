"""flask backup / flask restore / flask backup-key (issues #8 and 13 item 8); the work is in reviewapp.backup."""
import os

import click
from flask import current_app

from reviewapp import backup_crypto
from reviewapp.backup import BackupError, BackupSummary, configured_key, restore_backup, write_backup


def _describe(summary: BackupSummary) -> str:
    sealed = f"encrypted with the backup key {summary.key_id}" if summary.key_id else "NOT encrypted"
    return (f"{summary.tables} tables, {summary.rows} rows, {summary.files} files ({summary.file_bytes} bytes); "
            f"archive {summary.archive_bytes} bytes, {sealed}; schema revision {summary.revision or '(none)'}; "
            f"taken at {summary.created_at}")


def _warn(summary: BackupSummary) -> None:
    for warning in summary.warnings:
        click.echo(f"WARNING: {warning}", err=True)


def _backup_key(unencrypted: bool) -> bytes | None:
    if unencrypted:
        return None
    key = configured_key()
    if key is None and current_app.config.get("BACKUP_ENCRYPTION_REQUIRED"):
        raise BackupError("no backup key: a backup holds password hashes and the names of people who reported "
                          "misconduct. Set BACKUP_KEY or BACKUP_KEY_FILE (`flask backup-key` makes a key), or pass "
                          "--unencrypted to write a plain archive on purpose. Nothing was written.")
    return key


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--unencrypted", is_flag=True,
              help="Write a plain zip archive even where a backup key is configured or production requires one.")
def backup_command(path, unencrypted):
    """Write a consistent snapshot of the database and the uploaded files to PATH: a zip archive, encrypted with
    the backup key (BACKUP_KEY or BACKUP_KEY_FILE) when one is configured; production requires one unless
    --unencrypted is given.

    Safe while the app is serving: the tables are read in one snapshot transaction. An existing PATH is
    replaced only once the new archive is complete."""
    try:
        summary = write_backup(path, _backup_key(unencrypted))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {summary.path}: {_describe(summary)}")
    if summary.key_id is None:
        click.echo("WARNING: this backup is not encrypted: it holds password hashes and personal data in clear.",
                   err=True)
    _warn(summary)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path):
    """Restore the backup PATH into this instance, whose database must be empty at the backup's schema revision
    (run `flask db upgrade` first) and whose upload folder must hold no files. All or nothing. An encrypted
    backup needs its key in BACKUP_KEY or BACKUP_KEY_FILE; a wrong key or a changed byte is refused."""
    try:
        summary = restore_backup(path)
    except BackupError as error:
        raise click.ClickException(f"nothing restored: {error}") from None
    click.echo(f"Restored {summary.path}: {_describe(summary)}")
    _warn(summary)


@click.command("backup-key")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Write the key to this new file (owner-only, 0600; refused if it exists) for BACKUP_KEY_FILE, "
                   "instead of printing it for BACKUP_KEY.")
def backup_key_command(output):
    """Make a new backup key (the base64 of 32 random bytes). Keep a copy away from the backups: without it they
    cannot be restored."""
    key = backup_crypto.new_key()
    fingerprint = backup_crypto.key_id(backup_crypto.parse_key(key)).hex()
    if output is None:
        click.echo(key)
        click.echo(f"backup key id {fingerprint}", err=True)
        return
    try:
        with os.fdopen(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(key + "\n")
    except FileExistsError:
        raise click.ClickException(f"{output} exists already: a key file is never replaced (backups need the key "
                                   "they were made with)") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error}") from None
    click.echo(f"Backup key (id {fingerprint}) written to {output}: set BACKUP_KEY_FILE={output}")

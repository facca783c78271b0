"""flask backup / flask restore (issue #8); the work is in reviewapp.backup."""
import click

from reviewapp.backup import BackupError, BackupSummary, restore_backup, write_backup


def _describe(summary: BackupSummary) -> str:
    return (f"{summary.tables} tables, {summary.rows} rows, {summary.files} files ({summary.file_bytes} bytes); "
            f"archive {summary.archive_bytes} bytes; schema revision {summary.revision or '(none)'}; "
            f"taken at {summary.created_at}")


def _warn(summary: BackupSummary) -> None:
    for warning in summary.warnings:
        click.echo(f"WARNING: {warning}", err=True)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Write a consistent snapshot of the database and the uploaded files to PATH (a zip archive).

    Safe while the app is serving: the tables are read in one snapshot transaction. An existing PATH is
    replaced only once the new archive is complete."""
    try:
        summary = write_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Backup written to {summary.path}: {_describe(summary)}")
    _warn(summary)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path):
    """Restore the backup PATH into this instance, whose database must be empty at the backup's schema revision
    (run `flask db upgrade` first) and whose upload folder must hold no files. All or nothing."""
    try:
        summary = restore_backup(path)
    except BackupError as error:
        raise click.ClickException(f"nothing restored: {error}")
    click.echo(f"Restored {summary.path}: {_describe(summary)}")
    _warn(summary)

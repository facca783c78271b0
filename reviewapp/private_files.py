"""What the app writes to disk is for the app alone (issue 13 item 4): folders 0700, files 0600.

The database holds personal data and password hashes, the upload folder applicants' materials, whistleblowers'
evidence and kept import files. One process umask covers every place that creates a file or folder (SQLite and its
-wal/-shm files, uploads, evidence, imports, backups, third-party libraries) instead of a mode at each call that a
new call would forget. Folders that already exist from an older install are tightened at start: a folder the others
cannot enter hides the files inside it, whatever their own mode.
"""
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_UMASK = 0o077  # new folders 0700, new files 0600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def keep_private(app) -> None:
    os.umask(PRIVATE_UMASK)
    private_folder(Path(app.instance_path))
    private_folder(Path(app.config["UPLOAD_FOLDER"]))
    database = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is not None:
        for suffix in SQLITE_COMPANIONS:
            _tighten(Path(f"{database}{suffix}"))


def private_folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(folder)
    return folder


def sqlite_file(uri: str) -> Path | None:
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _tighten(path: Path) -> None:
    """Take away group and others' access from a path this process owns (never from someone else's, such as a
    shared folder's parent)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    if status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) & 0o077:
        path.chmod(stat.S_IMODE(status.st_mode) & ~0o077)

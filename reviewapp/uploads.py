"""Uploaded files kept by the app (applications' materials, departments' replies, investigation evidence,
withdrawal letters, the commendation decision, winners' reports, public submissions' evidence): one way to keep them.

A file is judged by its content (domain/files.py), written under a generated name in UPLOAD_FOLDER (outside the
static folder; the name a person gave it is kept for display only), and removed again when the record that names
it is not committed: a refusal or a failure leaves neither an orphan file nor a half-written record.

    stored = store_upload(filename, data, field="scan")
    with kept_if_committed(stored):
        ...add the record with stored.original_name, stored.stored_name, ...; audit; db.session.commit()
"""
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from reviewapp.domain.files import ALL_KINDS, check_upload, safe_display_name
from reviewapp.errors import Refused
from reviewapp.extensions import db


def upload_folder(subfolder: str | None = None) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    if subfolder:
        folder = folder / subfolder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class StoredUpload:
    """A file written to the upload folder, with what its record keeps of it."""
    original_name: str  # the uploader's name, made safe to display
    stored_name: str  # the generated name on disk
    mimetype: str  # from the detected content, never from the name
    size: int
    sha256: str
    path: Path

    def columns(self) -> dict:
        """The record's usual columns (original_name, stored_name, mimetype, size, sha256)."""
        return {"original_name": self.original_name, "stored_name": self.stored_name, "mimetype": self.mimetype,
                "size": self.size, "sha256": self.sha256}


def checked(filename: str, data: bytes, *, field: str | None = None, allowed: frozenset[str] = ALL_KINDS):
    """The content check alone (the upload size limit included); a refusal names the form field."""
    check = check_upload(filename, data, allowed=allowed, max_bytes=current_app.config["MAX_UPLOAD_BYTES"])
    if not check.ok:
        raise Refused(check.message, check.params, field=field)
    return check


def store_upload(filename: str, data: bytes, *, field: str | None = None, allowed: frozenset[str] = ALL_KINDS,
                 subfolder: str | None = None, check=None) -> StoredUpload:
    """Check the file (unless `check` is the check already made) and write it under a generated name."""
    check = check or checked(filename, data, field=field, allowed=allowed)
    stored_name = uuid.uuid4().hex
    path = upload_folder(subfolder) / stored_name
    path.write_bytes(data)
    return StoredUpload(original_name=safe_display_name(filename), stored_name=stored_name,
                        mimetype=check.detected.mimetype, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        path=path)


@contextmanager
def kept_if_committed(*uploads: StoredUpload | None) -> Iterator[list[StoredUpload]]:
    """Around the block that records the files and commits: if it raises, the session is rolled back and the
    files are removed before the exception goes on. Files stored inside the block are added to the list it
    yields."""
    kept = [upload for upload in uploads if upload is not None]
    try:
        yield kept
    except BaseException:
        db.session.rollback()
        for upload in kept:
            upload.path.unlink(missing_ok=True)
        raise

"""What both spreadsheet imports (the affiliation graph's, reviewapp/graph_import, and the expert pool's,
reviewapp/experts/pool_import.py) share on the app side: the two steps' forms, the size check of an upload, and
the bytes a dry run keeps, named by their sha256, so that the import step reads these very bytes again instead of
trusting anything the browser sends back."""
import hashlib
import math
import os
import re
import uuid
from pathlib import Path

from flask import current_app, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from reviewapp.domain.files import MSG_EMPTY, MSG_TOO_LARGE, safe_display_name
from reviewapp.domain_text import explain
from reviewapp.forms import AppForm

SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MB = 1024 * 1024


class UploadForm(AppForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file."))])
    dry_run = BooleanField(_l("Dry run: only check the file and show what would change"), default=True)
    submit = SubmitField(_l("Upload and check"))


class ConfirmForm(AppForm):
    """The second step: the file is named by its checksum, never sent again by the client."""
    sha256 = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[Length(max=255)])
    submit = SubmitField(_l("Import"))


def read_upload(form: UploadForm) -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes (read to one byte past the limit, enough to know that it is too large);
    None, with the reason flashed, when it is empty or too large."""
    upload = form.file.data
    filename, data = upload.filename or "", upload.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    problem = size_problem(filename, data)
    if problem:
        flash(explain(*problem), "danger")
        return None
    return filename, data


def confirmed_upload(form: ConfirmForm) -> bytes | None:
    """The bytes the dry run kept under the confirmed checksum; None, with a warning flashed, when they are gone
    (or the confirmation is not valid)."""
    data = kept(form.sha256.data) if form.validate_on_submit() else None
    if data is None:
        flash(_("The checked file is no longer available: upload it again."), "warning")
    return data


def size_problem(filename: str, data: bytes) -> tuple[str, dict] | None:
    shown = safe_display_name(filename)
    if not data:
        return MSG_EMPTY, {"filename": shown}
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        return MSG_TOO_LARGE, {"filename": shown, "size_mb": f"{math.ceil(len(data) * 10 / _MB) / 10:.1f}",
                               "max_mb": f"{math.floor(limit * 10 / _MB) / 10:.1f}"}
    return None


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(sha256: str, data: bytes) -> None:
    """Written whole or not at all (a half-written file must not be found under the name of the whole)."""
    path = _folder() / sha256
    partial = path.with_name(f"{sha256}.{uuid.uuid4().hex}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def kept(sha256: str) -> bytes | None:
    """The bytes a dry run kept, if they are still there and still what their name says."""
    if not SHA256.match(sha256 or ""):
        return None
    path = _folder() / sha256
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def forget(sha256: str) -> None:
    """The kept bytes are no longer needed: the file was imported, or changes nothing."""
    (_folder() / sha256).unlink(missing_ok=True)

"""Audited downloads: every report, certificate and stored file that leaves the system is recorded in the audit
trail (who took what, when) and committed before it is sent, so a download the audit does not show did not happen.

Views load and check as usual, then return one of these:

    return audited_pdf(html, f"{application.number}-{title}.pdf", subject=application, details={"report": "feedback"})
    return audited_file(operations.material_path(material), material, action="material_downloaded", details={...})
"""
from pathlib import Path
from typing import Any

from flask import Response, abort, send_file

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.security import download_name


def _record(action: str, subject: Any, details: dict | None, object_type: str | None = None) -> None:
    audit.record(action, subject, object_type=object_type, details=details)  # by the logged-in user
    db.session.commit()


def audited_pdf(html: str, filename: str, *, subject: Any, action: str = "report_pdf_downloaded",
                details: dict | None = None) -> Response:
    """The printable page `html` as a PDF attachment named `filename`; the audit records `action` on `subject`.
    The PDF is rendered first, so a report that fails to render is not recorded as downloaded."""
    from reviewapp.pdf import pdf_response  # WeasyPrint is heavy: only processes that send PDFs load it

    response = pdf_response(html, filename)
    _record(action, subject, details)
    return response


def audited_file(path: Path, stored: Any, *, action: str, details: dict | None = None) -> Response:
    """The uploaded file `stored` (a row with original_name and mimetype, kept at `path`) as an attachment;
    404 when the file is gone from the disk (nothing is recorded then)."""
    if not path.is_file():
        abort(404)
    _record(action, stored, details)
    return send_file(path, mimetype=stored.mimetype, as_attachment=True,
                     download_name=download_name(stored.original_name, stored.mimetype))


def audited_xlsx(data: bytes, filename: str, *, action: str, subject: Any = None, object_type: str | None = None,
                 details: dict | None = None) -> Response:
    """A workbook built for the office (`data`, see reviewapp/xlsx.py) as an attachment named `filename`; the
    audit records `action`, on `subject` when the export is of one record (a cycle), or on a kind of record
    (`object_type`, e.g. "expert" for the pool's export)."""
    from reviewapp.xlsx import xlsx_response

    _record(action, subject, details, object_type)
    return xlsx_response(data, filename)

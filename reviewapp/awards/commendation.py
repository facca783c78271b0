"""Writes of the commendation decision (表彰决定, Art. 24): the city government's act after its approval of the list
(Art. 23), recorded by the office with its text or scanned copy, in one transaction with its audit entry."""
import hashlib
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.applications.operations import upload_folder
from reviewapp.awards import queries
from reviewapp.city_calendar import city_today
from reviewapp.domain import commendation as rules
from reviewapp.domain.files import UploadCheck, check_upload, safe_display_name
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import CommendationDecision, CommendationScan, Cycle

ALREADY_RECORDED = N_("The commendation decision of this cycle is already recorded.")


def commendation_folder() -> Path:
    folder = upload_folder() / "commendation"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def scan_path(scan: CommendationScan) -> Path:
    return commendation_folder() / scan.stored_name


def _checked_scan(upload: tuple[str, bytes] | None) -> UploadCheck | None:
    """The scan is a PDF, judged by its content (domain/files.py), within the upload size limit."""
    if upload is None:
        return None
    check = check_upload(upload[0], upload[1], allowed=frozenset({"pdf"}),
                         max_bytes=current_app.config["MAX_UPLOAD_BYTES"])
    if not check.ok:
        raise Refused(check.message, check.params, field="scan")
    return check


def _scan(upload: tuple[str, bytes], check: UploadCheck) -> CommendationScan:
    name, data = upload
    return CommendationScan(original_name=safe_display_name(name), stored_name=uuid.uuid4().hex,
                            mimetype=check.detected.mimetype, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def record_commendation(cycle: Cycle, data: dict, upload: tuple[str, bytes] | None, acting) -> CommendationDecision:
    """Art. 24: the decision on the cycle the city government approved (Art. 23). Once per cycle; the scan's file
    is written before the row and removed again if recording fails, so nothing is half-written."""
    if queries.commendation_of(cycle) is not None:
        raise Refused(ALREADY_RECORDED)
    text = (data.get("text") or "").strip() or None
    problems = rules.decision_problems(data["decided_on"], data["document_number"], cycle.approved_on, city_today(),
                                       text is not None, upload is not None)
    if problems:
        raise Refused.because_of([(p.message, p.params) for p in problems], field=problems[0].field)
    check = _checked_scan(upload)
    decision = CommendationDecision(cycle_id=cycle.id, title=data["title"].strip(),
                                    document_number=data["document_number"].strip(), decided_on=data["decided_on"],
                                    text=text, recorded_by_id=acting.id)
    path = None
    if check is not None:
        decision.scan = _scan(upload, check)
        path = scan_path(decision.scan)
        path.write_bytes(upload[1])
    try:
        db.session.add(decision)
        db.session.flush()
        audit.record("commendation_decision_recorded", decision, user=acting,
                     details={"cycle_id": cycle.id, "title": decision.title,
                              "document_number": decision.document_number,
                              "decided_on": decision.decided_on.isoformat(), "text": text is not None,
                              "scan_sha256": decision.scan.sha256 if decision.scan else None})
        db.session.commit()
    except IntegrityError:  # another office user recorded it at the same moment: one per cycle
        db.session.rollback()
        if path is not None:
            path.unlink(missing_ok=True)
        raise Refused(ALREADY_RECORDED) from None
    except Exception:
        db.session.rollback()
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return decision

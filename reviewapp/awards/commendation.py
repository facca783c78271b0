"""Writes of the commendation decision (表彰决定, Art. 24): the city government's act after its approval of the list
(Art. 23), recorded by the office with its text or scanned copy, in one transaction with its audit entry."""
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.awards import queries
from reviewapp.city_calendar import city_today
from reviewapp.domain import commendation as rules
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import CommendationDecision, CommendationScan, Cycle
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder

SCAN_FOLDER = "commendation"
PDF_ONLY = frozenset({"pdf"})  # the scan is a PDF, judged by its content (domain/files.py)
ALREADY_RECORDED = N_("The commendation decision of this cycle is already recorded.")


def scan_path(scan: CommendationScan) -> Path:
    return upload_folder(SCAN_FOLDER) / scan.stored_name


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
    scan = store_upload(*upload, field="scan", allowed=PDF_ONLY, subfolder=SCAN_FOLDER) if upload else None
    decision = CommendationDecision(cycle_id=cycle.id, title=data["title"].strip(),
                                    document_number=data["document_number"].strip(), decided_on=data["decided_on"],
                                    text=text, recorded_by_id=acting.id)
    try:
        with kept_if_committed(scan):
            if scan is not None:
                decision.scan = CommendationScan(**scan.columns())
            db.session.add(decision)
            db.session.flush()
            audit.record("commendation_decision_recorded", decision, user=acting,
                         details={"cycle_id": cycle.id, "title": decision.title,
                                  "document_number": decision.document_number,
                                  "decided_on": decision.decided_on.isoformat(), "text": text is not None,
                                  "scan_sha256": scan.sha256 if scan else None})
            db.session.commit()
    except IntegrityError:  # another office user recorded it at the same moment: one per cycle
        raise Refused(ALREADY_RECORDED) from None
    return decision

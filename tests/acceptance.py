"""The one shared helper that gives an application what acceptance needs (Art. 15-16, reviewapp/domain/acceptance.py):
a small valid PDF of each required kind of material, stored like an upload, and the office's four judgements of
Art. 11 recorded as met. Tests that accept applications through the office's decision call it first."""
import hashlib
import uuid
from pathlib import Path

from flask import current_app

from reviewapp.domain.acceptance import REQUIRED_MATERIALS
from reviewapp.domain.eligibility import JUDGEMENT_ITEMS
from reviewapp.extensions import db
from reviewapp.models import JudgementRecord, Material, MaterialKind

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def complete_for_acceptance(application, judgements: bool = True):
    """Every required material (and, unless `judgements` is false, the four judgements met) for `application`."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    present = {m.kind.value for m in application.materials}
    for kind, _title in REQUIRED_MATERIALS:
        if kind in present:
            continue
        stored_name = uuid.uuid4().hex
        (folder / stored_name).write_bytes(PDF)
        db.session.add(Material(application_id=application.id, kind=MaterialKind(kind), original_name=f"{kind}.pdf",
                                stored_name=stored_name, mimetype="application/pdf", size=len(PDF),
                                sha256=hashlib.sha256(PDF).hexdigest()))
    if judgements:
        for item in JUDGEMENT_ITEMS:
            db.session.add(JudgementRecord(application_id=application.id, item=item, passed=True,
                                           note="经审查，符合本项条件。"))
    db.session.commit()
    db.session.refresh(application)
    return application

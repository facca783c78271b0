"""Panels (Art. 17): the experts' declarations; forming, checking and dissolving panels."""
from reviewapp import audit
from reviewapp.conflicts import service
from reviewapp.extensions import db
from reviewapp.models import (Application, ConflictDeclaration, Cycle, DeclarationKind, DeclarationStatus, Expert,
                              ImpartialityDeclaration)
from reviewapp.panels.declaration import DECLARATION_VERSION, declaration_sha256
from reviewapp.panels.queries import signed


class Refused(Exception):
    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message)
        self.message, self.params = message, params or {}


def sign_declaration(cycle: Cycle, expert: Expert, conflicts: dict[int, str], acting) -> ImpartialityDeclaration:
    """Sign the cycle's declaration; each applicant the expert marks (application id -> reason) becomes a declared
    conflict (R7) at the same moment."""
    if signed(cycle, expert) is not None:
        raise ValueError("already signed")
    for application_id, reason in conflicts.items():
        application = db.session.get(Application, application_id)
        if application is None or application.cycle_id != cycle.id:
            continue
        declaration = ConflictDeclaration(person_id=expert.person_id, organization_id=application.organization_id,
                                          kind=DeclarationKind.EXPERT, status=DeclarationStatus.ACCEPTED,
                                          reason=reason.strip(), recorded_by_id=acting.id)
        db.session.add(declaration)
        audit.record("conflict_declared", declaration, user=acting,
                     details={"organization_id": application.organization_id, "with_declaration": True})
    record = ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version=DECLARATION_VERSION,
                                     text_sha256=declaration_sha256())
    db.session.add(record)
    audit.record("impartiality_declaration_signed", record, user=acting,
                 details={"cycle_id": cycle.id, "version": DECLARATION_VERSION, "declared": sorted(conflicts)})
    db.session.commit()
    service.forget_engines()
    return record

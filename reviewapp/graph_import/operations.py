"""Writing an import: the whole file or nothing, in one transaction with one audit entry."""
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import insert

from reviewapp import audit, import_uploads
from reviewapp.conflicts.service import forget_engines
from reviewapp.domain.coi.graph_workbook import End, ImportPlan, Preview, plan_import, preview
from reviewapp.domain.coi.model import PERSON
from reviewapp.domain.files import safe_display_name
from reviewapp.extensions import db
from reviewapp.graph.notices import tell_late_conflicts
from reviewapp.graph_import import queries
from reviewapp.models import Organization, OrgKind, Person, Relation, RelationSource, RelationType


@dataclass
class Checked:
    sha256: str
    filename: str
    plan: ImportPlan
    preview: Preview | None


class Invalid(Exception):
    """The file has problems (or gained some since the dry run): nothing was written."""

    def __init__(self, checked: Checked):
        super().__init__(f"{len(checked.plan.errors)} problems")
        self.checked = checked


def check(data: bytes, filename: str) -> Checked:
    """The dry run. A valid file is kept under its sha256, so the import step reads these very bytes again
    instead of trusting anything the browser sends back."""
    sha256 = hashlib.sha256(data).hexdigest()
    plan = plan_import(data, filename, queries.resolve)
    if not plan.ok:
        return Checked(sha256, safe_display_name(filename), plan, None)
    import_uploads.keep(sha256, data)
    return Checked(sha256, safe_display_name(filename), plan, preview(plan, queries.present_keys(plan)))


def import_file(data: bytes, filename: str, acting) -> Checked:
    """Check the file again against the graph as it is now, then write everything or nothing."""
    checked = check(data, filename)
    if not checked.plan.ok:
        raise Invalid(checked)
    if checked.preview.changes_nothing:  # re-importing the same file changes nothing, not even the audit trail
        import_uploads.forget(checked.sha256)
        return checked
    try:
        created = _write(checked.preview, acting)
        audit.record("graph_imported", object_type="import", object_id=checked.sha256, user=acting, details={
            "filename": checked.filename, "sha256": checked.sha256,
            "entities_created": len(checked.preview.new_entities),
            "entities_matched": len(checked.preview.matched_entities),
            "relations_created": len(checked.preview.new_relations),
            "relations_present": len(checked.preview.present_relations), "created": created})
        tell_late_conflicts()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    forget_engines()
    import_uploads.forget(checked.sha256)
    return checked


def _write(changes: Preview, acting) -> dict[str, list[int]]:
    """Bulk INSERT … RETURNING: a file may hold tens of thousands of rows, far too many for one ORM object each."""
    people = [e for e in changes.new_entities if e.kind == PERSON]
    orgs = [e for e in changes.new_entities if e.kind != PERSON]
    made = dict(zip((e.id for e in people), (f"p{i}" for i in _insert(Person, [
        {"name": e.name, "import_key": e.id} for e in people]))))
    # What kind of body an organization is the file does not say; the office sets it on the organization's page.
    made |= dict(zip((e.id for e in orgs), (f"o{i}" for i in _insert(Organization, [
        {"name": e.name, "credit_code": e.uscc, "import_key": e.id, "kind": OrgKind.OTHER} for e in orgs]))))
    relations = _insert(Relation, [_relation(r, made, acting) for r in changes.new_relations])
    return {"people": [int(i[1:]) for i in made.values() if i[0] == "p"],
            "organizations": [int(i[1:]) for i in made.values() if i[0] == "o"], "relations": relations}


def _insert(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    return list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))


def _end(end: End, made: dict[str, str], side: str) -> dict:
    entity_id = end.known.id if end.known is not None else made[end.upload_id]
    return {f"{side}_{'person' if entity_id[0] == 'p' else 'org'}_id": int(entity_id[1:])}


def _relation(relation, made: dict[str, str], acting) -> dict:
    share = None if relation.share is None else Decimal(str(relation.share))
    return {"type": RelationType(relation.type), **_end(relation.source, made, "from"),
            **_end(relation.target, made, "to"), "start_date": relation.start, "end_date": relation.end,
            "share": share, "degree": relation.degree, "source": RelationSource.IMPORTED,
            "recorded_by_id": acting.id}

"""Merging duplicate entities (reversibly), dismissing suggestions, confirming possible conflicts."""
from sqlalchemy import or_, select, update

from reviewapp import audit
from reviewapp.conflicts import service
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.graph.notices import tell_late_conflicts
from reviewapp.models import (
    Application,
    AwardRecord,
    ConflictDeclaration,
    CreditRecord,
    EntityMerge,
    MisconductFinding,
    Organization,
    Person,
    Relation,
    RelationSource,
    RelationType,
    SuggestionDismissal,
)
from reviewapp.models.base import utcnow

# Every column that points at an entity and moves to the survivor on a merge.
REFERENCES = {
    "organization": [(Relation, "from_org_id"), (Relation, "to_org_id"), (ConflictDeclaration, "organization_id"),
                     (CreditRecord, "organization_id"), (AwardRecord, "organization_id"),
                     (MisconductFinding, "organization_id"), (Application, "recommender_id")],
    "person": [(Relation, "from_person_id"), (Relation, "to_person_id"), (ConflictDeclaration, "person_id")],
}
MODELS = {"organization": Organization, "person": Person}


def _related(kind: str, a_id: int, b_id: int) -> bool:
    """Two entities joined by a relation are two entities, not one entered twice."""
    if kind == "organization":
        pair = or_((Relation.from_org_id == a_id) & (Relation.to_org_id == b_id),
                   (Relation.from_org_id == b_id) & (Relation.to_org_id == a_id))
    else:
        pair = or_((Relation.from_person_id == a_id) & (Relation.to_person_id == b_id),
                   (Relation.from_person_id == b_id) & (Relation.to_person_id == a_id))
    return db.session.scalar(select(Relation.id).where(pair).limit(1)) is not None


def _check_mergeable(kind: str, survivor, merged) -> None:
    if survivor.id == merged.id or survivor.merged_into_id or merged.merged_into_id:
        raise Refused(N_("These two can no longer be merged (one was merged already)."))
    if _related(kind, survivor.id, merged.id):
        raise Refused(N_("%(a)s and %(b)s are linked by a relation, so they are two entities."),
                      {"a": survivor.name, "b": merged.name})
    if kind == "organization":
        if survivor.credit_code and merged.credit_code and survivor.credit_code != merged.credit_code:
            raise Refused(N_("Two different unified social credit codes are two different organizations."))
        if merged.credit_code and not survivor.credit_code:
            raise Refused(N_("Keep the organization that has the unified social credit code."))
        if db.session.scalar(select(Application.id).where(Application.organization_id == merged.id).limit(1)):
            raise Refused(N_("%(name)s has applications; keep it and merge the other one into it."),
                          {"name": merged.name})
    elif merged.user_id:
        raise Refused(N_("%(name)s has a login; keep that person and merge the other one into it."),
                      {"name": merged.name})


def merge(kind: str, survivor_id: int, merged_id: int, acting) -> EntityMerge:
    model = MODELS[kind]
    survivor, merged = db.get_or_404(model, survivor_id), db.get_or_404(model, merged_id)
    _check_mergeable(kind, survivor, merged)
    moved = {}
    for ref_model, column in REFERENCES[kind]:
        attribute = getattr(ref_model, column)
        ids = list(db.session.scalars(select(ref_model.id).where(attribute == merged.id)))
        if ids:
            # graph_rows: the rows a process re-reads to update its conflict engine in place (issue 19)
            db.session.execute(update(ref_model).where(ref_model.id.in_(ids)).values({column: survivor.id})
                               .execution_options(graph_rows={ref_model.__tablename__: ids}))
            moved[f"{ref_model.__tablename__}.{column}"] = ids
    merged.merged_into_id = survivor.id
    record = EntityMerge(kind=kind, survivor_id=survivor.id, merged_id=merged.id, moved=moved,
                         merged_by_id=acting.id)
    db.session.add(record)
    audit.record("entity_merged", record, user=acting,
                 details={"kind": kind, "survivor": [survivor.id, survivor.name], "merged": [merged.id, merged.name],
                          "moved": moved})
    tell_late_conflicts()
    db.session.commit()
    service.forget_engines()
    return record


def undo_merge(record: EntityMerge, acting) -> None:
    if record.undone_at:
        raise Refused(N_("This merge has already been undone."))
    columns = {f"{m.__tablename__}.{c}": (m, c) for m, c in REFERENCES[record.kind]}
    for key, ids in record.moved.items():
        ref_model, column = columns[key]
        db.session.execute(update(ref_model).where(ref_model.id.in_(ids)).values({column: record.merged_id})
                           .execution_options(graph_rows={ref_model.__tablename__: ids}))
    merged = db.session.get(MODELS[record.kind], record.merged_id)
    merged.merged_into_id = None
    record.undone_at, record.undone_by_id = utcnow(), acting.id
    audit.record("entity_merge_undone", record, user=acting, details={"kind": record.kind,
                                                                      "merged_id": record.merged_id})
    tell_late_conflicts()
    db.session.commit()
    service.forget_engines()


def dismiss(key: str, fingerprint: str, reason: str, acting) -> None:
    if db.session.scalar(select(SuggestionDismissal.id).where(SuggestionDismissal.key == key,
                                                              SuggestionDismissal.fingerprint == fingerprint)):
        return
    dismissal = SuggestionDismissal(key=key, fingerprint=fingerprint, reason=reason.strip(), dismissed_by_id=acting.id)
    db.session.add(dismissal)
    audit.record("suggestion_dismissed", dismissal, user=acting, details={"key": key, "reason": dismissal.reason})
    db.session.commit()


def confirm_possible_conflict(expert: Person, relation: Relation, member: Organization, acting) -> Relation:
    """The expert's employer is that organization of the applicant's group: record the employment there."""
    confirmed = Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.id, to_org_id=member.id,
                         start_date=relation.start_date, end_date=relation.end_date, source=RelationSource.OFFICE,
                         recorded_by_id=acting.id,
                         note=f"confirmed: the declared employer {relation.to_org.name} is {member.name}")
    db.session.add(confirmed)
    audit.record("possible_conflict_confirmed", confirmed, user=acting,
                 details={"expert": expert.name, "declared_employer": relation.to_org.name, "member": member.name})
    tell_late_conflicts()
    db.session.commit()
    service.forget_engines()
    return confirmed

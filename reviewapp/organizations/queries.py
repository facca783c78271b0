from sqlalchemy import or_, select

from reviewapp.city_calendar import city_today
from reviewapp.extensions import db
from reviewapp.models import Application, AwardKind, AwardRecord, Organization, OrgKind, Person, Relation, RelationType
from reviewapp.models.organization import RECOMMENDER_KINDS

HOLDER_TYPES = (RelationType.LEGAL_REPRESENTATIVE_OF, RelationType.PERSON_IN_CHARGE_OF)


def today():
    return city_today()


def award_record_exists(org_id: int):
    """For the award-history form: whether the organization already has an award of that kind on that day (an
    identical record would count twice for Art. 12)."""
    def exists(kind: str, awarded_on) -> bool:
        return db.session.scalar(select(AwardRecord.id).where(
            AwardRecord.organization_id == org_id, AwardRecord.kind == AwardKind(kind),
            AwardRecord.awarded_on == awarded_on).limit(1)) is not None
    return exists


def code_owner(exclude_id: int | None):
    """For the form: which other organization holds a credit code."""
    def owner(code: str) -> str | None:
        stmt = select(Organization.name).where(Organization.credit_code == code)
        if exclude_id is not None:
            stmt = stmt.where(Organization.id != exclude_id)
        return db.session.scalar(stmt)
    return owner


def organizations_page(q: str | None, kind: str | None, page: int, per_page: int = 30):
    stmt = select(Organization).where(Organization.merged_into_id.is_(None)).order_by(Organization.name)
    if q:
        pattern = f"%{q.strip()}%"
        stmt = stmt.where(or_(Organization.name.ilike(pattern), Organization.credit_code.ilike(pattern)))
    if kind:
        stmt = stmt.where(Organization.kind == OrgKind(kind))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def current_holders(org: Organization, on=None) -> dict[RelationType, Relation]:
    """The active legal representative and person in charge, from the affiliation graph."""
    on = on or today()
    rows = db.session.scalars(
        select(Relation).join(Person, Relation.from_person_id == Person.id)
        .where(Relation.to_org_id == org.id, Relation.type.in_(HOLDER_TYPES))
        .order_by(Relation.start_date.desc().nulls_last(), Relation.id.desc()))
    holders = {}
    for relation in rows:
        if relation.active_on(on) and relation.type not in holders:
            holders[relation.type] = relation
    return holders


def holder_history(org: Organization) -> list[Relation]:
    return list(db.session.scalars(
        select(Relation).where(Relation.to_org_id == org.id, Relation.type.in_(HOLDER_TYPES))
        .order_by(Relation.type, Relation.start_date.desc().nulls_last(), Relation.id.desc())))


def applications_of(org: Organization) -> list[Application]:
    return list(db.session.scalars(
        select(Application).where(Application.organization_id == org.id).order_by(Application.id.desc())))


def recommender_choices() -> list[Organization]:
    return list(db.session.scalars(
        select(Organization).where(Organization.kind.in_(RECOMMENDER_KINDS)).order_by(Organization.name)))



def all_applicant_choices() -> list[Organization]:
    """Organizations that may apply: everything but the recommending bodies."""
    return list(db.session.scalars(
        select(Organization).where(Organization.kind.not_in(RECOMMENDER_KINDS)).order_by(Organization.name)))

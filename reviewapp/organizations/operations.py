"""Registering organizations and the records the eligibility rules read. Every change is audited."""
from reviewapp import audit
from reviewapp.errors import StaleWrite
from reviewapp.extensions import db
from reviewapp.models import (
    AwardKind,
    AwardRecord,
    CreditRecord,
    CreditRecordKind,
    FindingKind,
    MisconductFinding,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
    RelationType,
    RevocationClause,
)
from reviewapp.organizations.queries import current_holders, today

ORG_FIELDS = ("name", "credit_code", "kind", "founded_on", "industry_code", "for_profit", "address",
              "contact_name", "contact_phone", "contact_email")


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _apply_fields(org: Organization, data: dict) -> dict:
    changes = {}
    for name in ORG_FIELDS:
        value = _clean(data[name])
        if name == "kind":
            value = OrgKind(value)
        if getattr(org, name) != value:
            changes[name] = [_plain(getattr(org, name)), _plain(value)]
            setattr(org, name, value)
    return changes


def _plain(value):
    return getattr(value, "value", value) if not hasattr(value, "isoformat") else value.isoformat()


def set_holder(org: Organization, relation_type: RelationType, name: str | None, acting) -> None:
    """Make `name` the organization's legal representative / person in charge in the affiliation graph.
    A different name ends the current relation today and starts a new one (the history stays)."""
    name = _clean(name)
    current = current_holders(org).get(relation_type)
    if current is not None and name == current.from_person.name:
        return
    day = today()
    if current is not None:
        current.end_date = max(day, current.start_date) if current.start_date else day
        audit.record("relation_ended", current, user=acting, details={"type": relation_type.value})
    if name:
        # A first holder has held the post since a date we do not know (not since today); a successor from today.
        relation = Relation(type=relation_type, from_person=Person(name=name), to_org=org,
                            start_date=day if current is not None else None,
                            source=RelationSource.OFFICE, recorded_by_id=acting.id)
        db.session.add(relation)
        audit.record("relation_created", relation, user=acting,
                     details={"type": relation_type.value, "person": name, "organization": org.name})


def create_organization(data: dict, acting) -> Organization:
    org = Organization()
    _apply_fields(org, data)
    db.session.add(org)
    audit.record("organization_created", org, user=acting, details={"name": org.name, "credit_code": org.credit_code})
    set_holder(org, RelationType.LEGAL_REPRESENTATIVE_OF, data.get("legal_representative"), acting)
    set_holder(org, RelationType.PERSON_IN_CHARGE_OF, data.get("person_in_charge"), acting)
    db.session.commit()
    return org


def update_organization(org: Organization, data: dict, expected_version: int, acting) -> None:
    if org.version != expected_version:
        raise StaleWrite
    changes = _apply_fields(org, data)
    if changes:
        audit.record("organization_updated", org, user=acting, details=changes)
    set_holder(org, RelationType.LEGAL_REPRESENTATIVE_OF, data.get("legal_representative"), acting)
    set_holder(org, RelationType.PERSON_IN_CHARGE_OF, data.get("person_in_charge"), acting)
    db.session.commit()


def add_credit_record(org: Organization, data: dict, acting) -> CreditRecord:
    record = CreditRecord(organization=org, kind=CreditRecordKind(data["kind"]), start_date=data["start_date"],
                          end_date=data.get("end_date"), source=data["source"].strip(),
                          description=_clean(data.get("description")), recorded_by_id=acting.id)
    db.session.add(record)
    audit.record("credit_record_added", record, user=acting,
                 details={"organization_id": org.id, "kind": record.kind.value, "date": record.start_date.isoformat()})
    db.session.commit()
    return record


def add_award_record(org: Organization, data: dict, acting) -> AwardRecord:
    article = int(data["revocation_article"]) if data.get("revocation_article") else None
    record = AwardRecord(organization=org, kind=AwardKind(data["kind"]), awarded_on=data["awarded_on"],
                         cycle_name=_clean(data.get("cycle_name")), repeat=bool(data.get("repeat")),
                         revoked_on=data.get("revoked_on"), revocation_article=article,
                         revocation_reason=_clean(data.get("revocation_reason")),
                         # Art. 31, 32: the city government's decision, the clause and the event, when known
                         revocation_document=_clean(data.get("revocation_document")),
                         revocation_clause=RevocationClause(data["revocation_clause"])
                         if data.get("revocation_clause") else None,
                         revocation_event_on=data.get("revocation_event_on"), recorded_by_id=acting.id)
    db.session.add(record)
    audit.record("award_record_added", record, user=acting,
                 details={"organization_id": org.id, "kind": record.kind.value,
                          "awarded_on": record.awarded_on.isoformat(), "revocation_article": article})
    db.session.commit()
    return record


def add_finding(org: Organization, data: dict, acting) -> MisconductFinding:
    finding = MisconductFinding(organization=org, kind=FindingKind(data["kind"]), found_on=data["found_on"],
                                description=data["description"].strip(), recorded_by_id=acting.id)
    db.session.add(finding)
    audit.record("finding_added", finding, user=acting,
                 details={"organization_id": org.id, "kind": finding.kind.value,
                          "found_on": finding.found_on.isoformat()})
    db.session.commit()
    return finding

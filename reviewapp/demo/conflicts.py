"""Demo experts and the affiliation graph around the demo applicants: one realistic conflict for every rule of
the recusal policy (R1-R7), a broad association that conflicts nobody, an employer typed under a short name
(a duplicate and a possible conflict for the office to settle) and an applicant's pending avoidance request. The
experts and organizations are in data/experts.json, the relations and declarations in data/affiliations.json."""
from datetime import date

from sqlalchemy import select

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.demo.data import credit_code, day_of, read
from reviewapp.extensions import db
from reviewapp.models import (
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    User,
)
from reviewapp.organizations.queries import current_holders

# username -> (display name, what the demo shows with this expert); data/experts.json
EXPERTS = {username: (expert["name"], expert["shows"]) for username, expert in read("experts")["experts"].items()}
# key -> (name, credit code's registration authority and category, division and organization code; or None for a
# name typed by an expert)
OTHER_ORGS = {key: (org["name"], tuple(org["credit_code"]) if org["credit_code"] else None)
              for key, org in read("experts")["organizations"].items()}


def _org(key: str, acting, summary) -> Organization:
    name, code_parts = OTHER_ORGS[key]
    code = credit_code(*code_parts) if code_parts else None
    stmt = select(Organization).where(Organization.credit_code == code) if code else \
        select(Organization).where(Organization.name == name, Organization.credit_code.is_(None))
    org = db.session.scalar(stmt)
    if org is None:
        kind = OrgKind.OTHER if code is None else (OrgKind.INSTITUTION if code.startswith("12") else OrgKind.ENTERPRISE)
        org = Organization(name=name, credit_code=code, kind=kind)
        db.session.add(org)
        audit.record("organization_created", org, user=acting, details={"name": name, "demo": True})
        summary.count("organizations")
    return org


def _expert(username: str, acting, summary) -> Person:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = create_user(username, EXPERTS[username][0], DEMO_PASSWORD, [Role.EXPERT], "zh", acting=acting)
        summary.count("expert accounts")
    return db.session.scalar(select(Person).where(Person.user_id == user.id))


def _relate(rel_type: RelationType, source, target, acting, summary, start: date | None = None,
            end: date | None = None, share=None, degree=None, declared: bool = False) -> None:
    ends = {("from_person_id" if isinstance(source, Person) else "from_org_id"): source.id,
            ("to_person_id" if isinstance(target, Person) else "to_org_id"): target.id}
    same_start = Relation.start_date.is_(None) if start is None else Relation.start_date == start
    existing = select(Relation.id).where(Relation.type == rel_type, same_start,
                                         *[getattr(Relation, column) == value for column, value in ends.items()])
    if db.session.scalar(existing):
        return
    relation = Relation(type=rel_type, start_date=start, end_date=end, share=share, degree=degree,
                        source=RelationSource.DECLARED if declared else RelationSource.OFFICE,
                        recorded_by_id=acting.id, **ends)
    db.session.add(relation)
    audit.record("relation_created", relation, user=acting, details={"type": rel_type.value, "demo": True})
    summary.count("relations")


def _declare(expert: Person, org: Organization, kind: DeclarationKind, status: DeclarationStatus, reason: str,
             acting, summary) -> None:
    if db.session.scalar(select(ConflictDeclaration.id).where(
            ConflictDeclaration.person_id == expert.id, ConflictDeclaration.organization_id == org.id,
            ConflictDeclaration.kind == kind)):
        return
    declaration = ConflictDeclaration(person_id=expert.id, organization_id=org.id, kind=kind, status=status,
                                      reason=reason, recorded_by_id=acting.id)
    db.session.add(declaration)
    audit.record("conflict_declared", declaration, user=acting, details={"kind": kind.value, "demo": True})
    summary.count("declarations")


def _ends(reference: str, applicants: dict[str, Organization], recommenders: dict[str, Organization],
          orgs: dict[str, Organization], experts: dict[str, Person]) -> list:
    """The people or organizations a link of data/affiliations.json names: "applicant:a", "recommender:gongxin",
    "organization:group", "expert:sunzj", "every:expert", "every:applicant", or "legal_representative_of:k" (the
    person recorded as that applicant's legal representative, when there is one)."""
    kind, _, key = reference.partition(":")
    if kind == "every":
        return list({"expert": experts, "applicant": applicants}[key].values())
    if kind == "legal_representative_of":
        legal = current_holders(applicants[key]).get(RelationType.LEGAL_REPRESENTATIVE_OF)
        return [legal.from_person] if legal is not None else []
    return [{"applicant": applicants, "recommender": recommenders, "organization": orgs, "expert": experts}[kind][key]]


def load_conflicts(applicants: dict[str, Organization], recommenders: dict[str, Organization], d: date, acting,
                   summary) -> tuple[dict[str, Person], Organization]:
    """`applicants` by the demo's keys (a-o); `recommenders` by key; `d` the current cycle's reference date.
    The relations and declarations are the links of data/affiliations.json, each with a note on what it shows.
    Returns the demo experts by username and the testing company of the 本钢 group (where pool experts work too)."""
    orgs = {key: _org(key, acting, summary) for key in OTHER_ORGS}
    experts = {username: _expert(username, acting, summary) for username in EXPERTS}
    db.session.flush()
    for link in read("affiliations")["links"]:
        targets = _ends(link["to"], applicants, recommenders, orgs, experts)
        for source in _ends(link["from"], applicants, recommenders, orgs, experts):
            for target in targets:
                if "declaration" in link:
                    _declare(source, target, DeclarationKind(link["declaration"]), DeclarationStatus(link["status"]),
                             link["reason"], acting, summary)
                else:
                    _relate(RelationType(link["type"]), source, target, acting, summary, day_of(link.get("start"), d),
                            day_of(link.get("end"), d), share=link.get("share"), declared=link.get("declared", False))
    db.session.commit()
    return experts, orgs["testing"]

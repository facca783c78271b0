"""Demo experts and the affiliation graph around the demo applicants: one realistic conflict for every rule of
the recusal policy (R1-R7), a broad association that conflicts nobody, an employer typed under a short name
(a duplicate and a possible conflict for the office to settle) and an applicant's pending avoidance request."""
from datetime import date, timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.demo.data import credit_code, read
from reviewapp.domain.dates import years_before
from reviewapp.extensions import db
from reviewapp.models import (ConflictDeclaration, DeclarationKind, DeclarationStatus, Organization, OrgKind, Person,
                              Relation, RelationSource, RelationType, Role, User)
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


def load_conflicts(applicants: dict[str, Organization], recommenders: dict[str, Organization], d: date, acting,
                   summary) -> tuple[dict[str, Person], Organization]:
    """`applicants` by the demo's keys (a-o); `recommenders` by key; `d` the current cycle's reference date.
    Returns the demo experts by username and the testing company of the 本钢 group (where pool experts work too)."""
    orgs = {key: _org(key, acting, summary) for key in OTHER_ORGS}
    experts = {username: _expert(username, acting, summary) for username in EXPERTS}
    db.session.flush()
    # The 本钢 group: the applicant 本溪华钢特种板材 and a testing company are subsidiaries of 本钢集团.
    _relate(RelationType.SUBSIDIARY_OF, applicants["a"], orgs["group"], acting, summary, date(2005, 1, 1))
    _relate(RelationType.SUBSIDIARY_OF, orgs["testing"], orgs["group"], acting, summary, date(2012, 6, 1))
    # R1 through the group.
    _relate(RelationType.EMPLOYED_BY, experts["expert"], orgs["testing"], acting, summary, years_before(d, 5))
    # R2: 8% of 本溪满乡食品 since 2019.
    _relate(RelationType.SHAREHOLDER_OF, experts["sunzj"], applicants["e"], acting, summary, date(2019, 4, 1),
            share=0.08)
    # R3: spouse of the legal representative of 本溪辽铸精密铸造.
    legal = current_holders(applicants["k"]).get(RelationType.LEGAL_REPRESENTATIVE_OF)
    if legal is not None:
        _relate(RelationType.SPOUSE_OF, experts["expert2"], legal.from_person, acting, summary)
    # R4: the consultancy coached the hospital's award application last year.
    _relate(RelationType.EMPLOYED_BY, experts["zhouzj"], orgs["consulting"], acting, summary, date(2018, 9, 1))
    coached_from = years_before(d, 1)
    _relate(RelationType.CONSULTED_FOR, orgs["consulting"], applicants["o"], acting, summary, coached_from,
            coached_from + timedelta(days=90))
    # R5: a declared direct competitor of 本溪药都制药.
    _relate(RelationType.EMPLOYED_BY, experts["wuzj"], orgs["rival"], acting, summary, date(2015, 3, 1))
    _relate(RelationType.COMPETITOR_OF, orgs["rival"], applicants["i"], acting, summary, date(2020, 1, 1))
    # R6: works at the 工业和信息化局, which recommended several applicants (the applications recorded that).
    _relate(RelationType.EMPLOYED_BY, experts["zhengzj"], recommenders["gongxin"], acting, summary,
            date(2016, 7, 1))
    # R7: declared by the expert.
    _declare(experts["leader"], applicants["d"], DeclarationKind.EXPERT, DeclarationStatus.ACCEPTED,
             "本人2023年曾任该公司技术顾问，申请回避。", acting, summary)
    # The employer typed by an expert: a duplicate of 本钢集团有限公司 and a possible conflict to settle.
    _relate(RelationType.EMPLOYED_BY, experts["qianzj"], orgs["typed"], acting, summary, date(2017, 2, 1),
            declared=True)
    # A clean expert, and an applicant's request to avoid him, pending the office's decision.
    _relate(RelationType.EMPLOYED_BY, experts["fengzj"], orgs["university"], acting, summary, date(2008, 9, 1))
    _declare(experts["fengzj"], applicants["g"], DeclarationKind.APPLICANT_REQUEST, DeclarationStatus.PENDING,
             "该专家曾在我公司环保处罚听证中担任对方技术专家，请求回避。", acting, summary)
    # A broad association: membership never makes a conflict.
    for person in experts.values():
        _relate(RelationType.MEMBER_OF, person, recommenders["xiehui"], acting, summary, date(2020, 1, 1))
    for org in applicants.values():
        _relate(RelationType.MEMBER_OF, org, recommenders["xiehui"], acting, summary, date(2020, 1, 1))
    db.session.commit()
    return experts, orgs["testing"]

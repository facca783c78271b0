"""The demo's expert pool (评审员专家库): the demo experts' profiles and some forty more experts across Benxi's main
industries (iron and steel, pharmaceuticals, mining, building materials, power, food, tourism, services, IT,
health), some working in corporate groups of the applicants, so that automatic assignment shows refusals and
explanations."""
import random
from datetime import date

from sqlalchemy import select

from reviewapp import audit
from reviewapp.demo.data import read
from reviewapp.extensions import db
from reviewapp.models import Expert, Organization, OrgKind, Person, Relation, RelationSource, RelationType

_POOL = read("pool")  # data/pool.json
SURNAMES = _POOL["surnames"]
GIVEN = _POOL["given_names"]
TITLES = _POOL["titles"]
# industry codes of GB/T 4754 with the employers the demo's experts come from
FIELDS = [(field["industries"], field["employer"]) for field in _POOL["fields"]]
CATEGORIES = _POOL["categories"]
POOL_SIZE = 40

# the demo login experts' profiles: username -> (title, specialties, strengths, certificate, can lead)
LOGIN_PROFILES = {username: (p["title"], p["specialties"], p["strengths"], p["certificate"], p["can_lead"])
                  for username, p in _POOL["login_profiles"].items()}


def pool_size() -> int:
    """The experts of the demo's pool: the demo experts with a login and the pool's own."""
    return len(LOGIN_PROFILES) + POOL_SIZE


def _organization(name: str, acting, summary) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, kind=OrgKind.INSTITUTION, for_profit=False)
        db.session.add(org)
        audit.record("organization_created", org, user=acting, details={"name": name, "demo": True})
        summary.count("organizations")
    return org


def _profile(expert: Expert, title, specialties, strengths, certificate, can_lead, reference: date) -> None:
    expert.title, expert.specialties, expert.strengths = title, specialties, strengths
    expert.certificate_number = certificate
    expert.certificate_expires = date(reference.year + 2, 12, 31) if certificate else None
    expert.can_lead = can_lead


def load_pool(login_experts: dict[str, Person], group_member: Organization, reference: date, acting,
              summary) -> None:
    """`login_experts`: the demo experts with a login, by username; `group_member`: an organization of an
    applicant's corporate group, where two pool experts work (a conflict the assignment must avoid)."""
    for username, person in login_experts.items():
        expert = db.session.scalar(select(Expert).where(Expert.person_id == person.id))
        if expert is not None and expert.title is None:
            _profile(expert, *LOGIN_PROFILES[username], reference)
    rng = random.Random(2026)  # the same pool on every run
    for index in range(POOL_SIZE):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        specialties, employer_name = FIELDS[index % len(FIELDS)]
        key = f"demo-pool-{index:02d}"
        if db.session.scalar(select(Person.id).where(Person.import_key == key)):
            continue
        person = Person(name=name, import_key=key)
        db.session.add(person)
        db.session.flush()
        # issue 17: the last two gave no e-mail address: the office's invitation page lists them as not invitable
        email = f"pool{index:02d}@example.cn" if index < POOL_SIZE - 2 else None
        expert = Expert(person_id=person.id, phone=f"139{index:08d}", email=email)
        certificate = f"ZJPS-20{18 + index % 6}-{index + 400:04d}" if index % 5 in (0, 1) else None
        _profile(expert, rng.choice(TITLES), list(specialties), sorted(rng.sample(CATEGORIES, 2)), certificate,
                 index % 3 == 0, reference)
        db.session.add(expert)
        employer = group_member if index in (0, 11) else _organization(employer_name, acting, summary)
        relation = Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=employer.id,
                            start_date=date(2000 + index % 20, 9, 1), source=RelationSource.OFFICE,
                            recorded_by_id=acting.id)
        db.session.add(relation)
        audit.record("expert_created", expert, user=acting, details={"name": name, "demo": True})
        summary.count("pool experts")
    db.session.commit()

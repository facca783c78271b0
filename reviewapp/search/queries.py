"""What the office's search finds (issue 17): by name, unified social credit code, application number, phone,
e-mail or certificate number, across all cycles; each kind capped, with whether more were found. Text is matched
anywhere in the field, case-insensitively, with the search's own % and _ taken literally; a search for a phone
number also matches what is stored with spaces or dashes ("024-4285 6120" for 02442856120)."""
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import Application, Cycle, Expert, Organization, Person

LIMIT = 20
PHONE = re.compile(r"\+?[\d\s-]{4,}")


@dataclass
class Found:
    items: list = field(default_factory=list)
    more: bool = False  # more than LIMIT found: the office narrows the search


@dataclass
class Results:
    applications: Found
    organizations: Found
    experts: Found
    people: Found

    @property
    def kinds(self) -> tuple[Found, ...]:
        return self.applications, self.organizations, self.experts, self.people

    @property
    def total(self) -> int:
        return sum(len(kind.items) for kind in self.kinds)

    @property
    def more(self) -> bool:
        return any(kind.more for kind in self.kinds)


def _digits(column):
    return func.replace(func.replace(column, "-", ""), " ", "")


def _matches(text: str, *columns, phones=()):
    """Any of `columns` contains the text; any of `phones` contains its digits, when the text reads as a phone."""
    conditions = [column.icontains(text, autoescape=True) for column in columns]
    if PHONE.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        conditions += [_digits(phone).contains(digits, autoescape=True) for phone in phones]
    return or_(*conditions)


def _capped(stmt) -> Found:
    rows = list(db.session.scalars(stmt.limit(LIMIT + 1)))
    return Found(rows[:LIMIT], len(rows) > LIMIT)


def search(text: str) -> Results:
    text = text.strip()
    organizations = _matches(text, Organization.name, Organization.credit_code, Organization.contact_name,
                             Organization.contact_email, phones=(Organization.contact_phone,))
    applications = (select(Application).join(Organization, Application.organization_id == Organization.id)
                    .join(Cycle, Application.cycle_id == Cycle.id)
                    .where(or_(Application.number.icontains(text, autoescape=True), organizations))
                    .options(selectinload(Application.organization), selectinload(Application.cycle))
                    .order_by(Cycle.year.desc(), Application.number))
    experts = (select(Expert).join(Person, Expert.person_id == Person.id)
               .where(Person.merged_into_id.is_(None),
                      _matches(text, Person.name, Expert.email, Expert.certificate_number, phones=(Expert.phone,)))
               .options(selectinload(Expert.person)).order_by(Person.name, Expert.id))
    people = (select(Person).where(Person.merged_into_id.is_(None), Person.name.icontains(text, autoescape=True),
                                   ~select(Expert.id).where(Expert.person_id == Person.id).exists())
              .order_by(Person.name, Person.id))
    return Results(
        applications=_capped(applications),
        organizations=_capped(select(Organization).where(Organization.merged_into_id.is_(None), organizations)
                              .order_by(Organization.name, Organization.id)),
        experts=_capped(experts), people=_capped(people))

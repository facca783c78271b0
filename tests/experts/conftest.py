"""Helpers for the expert pool's request tests. Messages are asserted in English (the msgids), which stay the same
whether or not the Chinese catalogue translates them: `english()` switches the logged-in user's language."""
import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from reviewapp.models import (
    AuditEntry,
    Expert,
    Panel,
    PanelMember,
    PanelStage,
    Person,
    Relation,
    RelationSource,
    RelationType,
)


@pytest.fixture
def english(client):
    def switch():
        client.post("/auth/language", data={"locale": "en", "next": "/"})
    return switch


@pytest.fixture
def make_expert(db):
    """make_expert("王专家", employer=org, certificate_number="ZJ-1", ...) -> Expert (a person of the graph, and an
    employed_by relation entered by the office when an employer is given)."""
    def make(name="王专家", employer=None, user=None, **fields) -> Expert:
        person = Person(name=name, user_id=user.id if user is not None else None)
        fields.setdefault("specialties", [])
        fields.setdefault("strengths", [])
        expert = Expert(person=person, **fields)
        db.session.add(expert)
        if employer is not None:
            db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person=person, to_org=employer,
                                    source=RelationSource.OFFICE))
        db.session.commit()
        return expert
    return make


@pytest.fixture
def make_panel(db):
    def make(cycle, *experts, dissolved=False, name="第一评审组") -> Panel:
        from reviewapp.models.base import utcnow

        panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name=name,
                      dissolved_at=utcnow() if dissolved else None)
        panel.members = [PanelMember(expert_id=e.id, is_leader=i == 0) for i, e in enumerate(experts)]
        db.session.add(panel)
        db.session.commit()
        return panel
    return make


def expert_of_user(db, user) -> Expert:
    return db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def counts(db) -> dict:
    from reviewapp.models import Organization, User

    return {m.__name__: count(db, m) for m in (Expert, Person, Organization, Relation, User, AuditEntry)}


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def names_in_list(response) -> list[str]:
    return re.findall(r'class="expert-name">([^<]+)<', response.get_data(as_text=True))


def xlsx(rows, sheet="专家") -> bytes:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()



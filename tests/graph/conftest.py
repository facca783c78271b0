"""Helpers for the graph's request tests. Messages are asserted in English (the msgids), which stay the same
whether or not the Chinese catalogue translates them; pages are otherwise rendered in the user's language."""
import pytest
from sqlalchemy import func, select

from reviewapp.models import Person, Relation, RelationSource, Role


@pytest.fixture
def english(client):
    """Switch the logged-in user's language to English."""
    def switch():
        client.post("/auth/language", data={"locale": "en", "next": "/"})
    return switch


@pytest.fixture
def make_expert(db, make_user):
    """make_expert("李专家", "lizj") -> the expert's Person (created with the login)."""
    def make(name="李专家", username="lizj") -> Person:
        user = make_user(username, Role.EXPERT, display_name=name)
        return db.session.scalar(select(Person).where(Person.user_id == user.id))
    return make


@pytest.fixture
def relate(db):
    def make(rel_type, source, target, source_kind=RelationSource.OFFICE, **fields) -> Relation:
        ends = {"from_person_id" if isinstance(source, Person) else "from_org_id": source.id,
                "to_person_id" if isinstance(target, Person) else "to_org_id": target.id}
        relation = Relation(type=rel_type, source=source_kind, **ends, **fields)
        db.session.add(relation)
        db.session.commit()
        return relation
    return make


def relation_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Relation))

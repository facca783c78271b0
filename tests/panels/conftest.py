"""Fixtures of the panels' tests."""
import pytest

from reviewapp.models import ApplicationStatus, Expert, Person, Relation, RelationSource, RelationType, Stage


@pytest.fixture
def pool_world(db, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.PANELS)
    cycle.settings = {**cycle.settings, "document_panel_size": 3}
    steel = make_application(cycle, make_org("本溪板材示例有限公司"), status=ApplicationStatus.ACCEPTED)
    pharma = make_application(cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for index in range(8):
        person = Person(name=f"专家{index}")
        db.session.add(person)
        db.session.flush()
        expert = Expert(person_id=person.id, can_lead=index < 3, specialties=["C31"] if index % 2 else ["C27"],
                        certificate_number=f"PJ-{index}")
        db.session.add(expert)
        experts.append(expert)
    db.session.flush()
    # 专家0 works at the steel applicant: R1, never on its panel
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=experts[0].person_id,
                            to_org_id=steel.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    return cycle, steel, pharma, experts


@pytest.fixture
def make_expert(db):
    def make(name, can_lead=False, specialties=("C31",), certificate="PJ-001", employer=None, **fields):
        person = Person(name=name)
        db.session.add(person)
        db.session.flush()
        expert = Expert(person_id=person.id, can_lead=can_lead, specialties=list(specialties),
                        certificate_number=certificate, **fields)
        db.session.add(expert)
        if employer is not None:
            db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=employer.id,
                                    source=RelationSource.OFFICE))
        db.session.commit()
        return expert
    return make

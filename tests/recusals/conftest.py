"""A small world for recusal requests (Art. 33): 华钢, an applicant with a verified login `huagang`, its accepted
application in the document review; 鞍钢, its competitor, whose employee 赵工 is in the expert pool; and 钱工, an
expert with no tie to either."""
from types import SimpleNamespace

import pytest

from reviewapp.models import (
    ApplicationStatus,
    Expert,
    OrganizationAccount,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from reviewapp.models.base import utcnow


@pytest.fixture
def make_account(db, make_user):
    def make(username, organization, role=Role.APPLICANT, verified=True):
        user = make_user(username, role, display_name=f"{username}（{organization.name}）")
        db.session.add(OrganizationAccount(user=user, organization=organization, organization_name=organization.name,
                                           credit_code=organization.credit_code,
                                           verified_at=utcnow() if verified else None))
        db.session.commit()
        return user
    return make


@pytest.fixture
def world(db, make_org, make_cycle, make_application, make_account, make_user):
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    huagang = make_org("本溪华钢特种板材有限公司")
    angang = make_org("鞍山竞争钢铁有限公司", division="210504")
    application = make_application(cycle, huagang, status=ApplicationStatus.ACCEPTED)
    zhao = Person(name="赵工")
    qian = Person(name="钱工")
    db.session.add_all([Expert(person=zhao, specialties=[], strengths=[]),
                        Expert(person=qian, specialties=[], strengths=[]),
                        Relation(type=RelationType.EMPLOYED_BY, from_person=zhao, to_org=angang,
                                 source=RelationSource.OFFICE)])
    db.session.commit()
    make_account("huagang", huagang)
    make_user("office", Role.OFFICE)
    return SimpleNamespace(cycle=cycle, huagang=huagang, angang=angang, application=application, zhao=zhao, qian=qian)

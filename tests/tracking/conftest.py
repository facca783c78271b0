import pytest

from reviewapp.models import OrganizationAccount, Role, Stage
from tests.acceptance import complete_for_acceptance


@pytest.fixture
def make_applicant(db, make_user):
    """make_applicant(organization, "huagang") -> a verified applicant login of that organization (issue 18)."""
    def make(organization, username="huagang", verified=True):
        user = make_user(username, Role.APPLICANT)
        db.session.add(OrganizationAccount(user_id=user.id, organization_id=organization.id,
                                           organization_name=organization.name,
                                           verified_at=user.created_at if verified else None))
        db.session.commit()
        return user
    return make


@pytest.fixture
def sent_back_world(db, today, make_cycle, make_application, make_applicant, make_user):
    """An application in the acceptance review, complete, with a verified applicant login and an office user."""
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    application = complete_for_acceptance(make_application(cycle))
    applicant = make_applicant(application.organization)
    office = make_user("office", Role.OFFICE)
    return {"cycle": cycle, "application": application, "applicant": applicant, "office": office}

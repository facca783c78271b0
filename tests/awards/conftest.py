"""The awards tests read the office's messages in English (the approval world: tests/awards/worlds.py)."""
import pytest

from reviewapp.models import Role


@pytest.fixture
def office(db, make_user, auth):
    """A logged-in office user who reads English: the assertions quote the message ids, whatever the catalogue
    says today."""
    user = make_user("office", Role.OFFICE)
    user.locale = "en"
    db.session.commit()
    auth.login("office")
    return user

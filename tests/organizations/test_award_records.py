"""The award history the office enters by hand feeds Art. 12 (five-year wait, repeat winner) and Art. 25 (who holds
the award): an award cannot be dated after today, and the same award is not entered twice."""
import pytest
from sqlalchemy import func, select

from reviewapp.models import AwardRecord, Role
from tests.conftest import audit_actions

TODAY = "2026-11-26"  # the tests' pinned today


@pytest.fixture
def office_en(db, make_user, auth):
    """An office user who reads English: the assertions quote the message ids, whatever the catalogue says."""
    user = make_user("office", Role.OFFICE)
    user.locale = "en"
    db.session.commit()
    auth.login("office")
    return user


def add_award(client, org, **fields):
    data = {"kind": "award", "awarded_on": "2024-12-01", "cycle_name": "第九届", "revocation_article": ""} | fields
    return client.post(f"/organizations/{org.id}/awards", data=data)


def records(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AwardRecord))


def awarded_on_errors(page: str) -> str:
    """The form re-rendered on the organization page, with the error under the award date."""
    start = page.index('id="awarded_on"')
    return page[start:page.index("</div>", page.index("invalid-feedback", start))]


def test_art12_an_award_dated_after_today_is_refused(db, office_en, client, make_org):
    org = make_org()
    response = add_award(client, org, awarded_on="2026-11-27")
    assert response.status_code == 422
    assert "in the future" in awarded_on_errors(response.get_data(as_text=True))
    assert records(db) == 0 and "award_record_added" not in audit_actions(db)


def test_an_award_dated_today_is_accepted(db, office_en, client, make_org):
    assert add_award(client, make_org(), awarded_on=TODAY).status_code == 302
    assert records(db) == 1


def test_a_revocation_dated_after_today_is_refused(db, office_en, client, make_org):
    response = add_award(client, make_org(), revoked_on="2026-12-01", revocation_article="32",
                         revocation_reason="发生重大质量事故")
    assert response.status_code == 422 and "in the future" in response.get_data(as_text=True)
    assert records(db) == 0


def test_art12_the_same_award_is_not_entered_twice(db, office_en, client, make_org):
    org = make_org()
    assert add_award(client, org).status_code == 302
    response = add_award(client, org, cycle_name="")
    assert response.status_code == 422
    assert "already in the award history" in awarded_on_errors(response.get_data(as_text=True))
    assert records(db) == 1 and audit_actions(db).count("award_record_added") == 1


def test_other_awards_of_the_same_organization_are_not_duplicates(db, office_en, client, make_org):
    org, other = make_org("甲公司"), make_org("乙公司")
    assert add_award(client, org).status_code == 302
    assert add_award(client, org, kind="nomination").status_code == 302  # another kind
    assert add_award(client, org, awarded_on="2019-12-01").status_code == 302  # another date
    assert add_award(client, other).status_code == 302  # another organization
    assert records(db) == 4

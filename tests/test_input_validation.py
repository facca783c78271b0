"""The form validators for what people mistype: a phone number with letters or too few digits, a certificate expiry
in 1900, a recommendation signed tomorrow, an asset contribution rate of 500 %, a cycle deadline years away from the
cycle's year. Each test posts a form that is valid but for one field, as the office: the form comes back with that
field's error (and no other), and nothing at all is written; the same form with a good value is then accepted, so
the refusal is the validator's and not some other mistake in the payload.

Some messages are asserted in Chinese (the default locale); the app's own new ones as their English msgids, with the
user's language switched to English, so these tests check the validators and not the wording of a translation."""
import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.models import Application, Cycle, Expert, Organization, OrgKind, Person, Stage
from tests.applications.test_applications import registration
from tests.conftest import credit_code
from tests.cycles.test_cycles import NEW_CYCLE

# --- helpers --------------------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    """Switch the logged-in user's language to English (for messages the Chinese catalogue does not translate)."""
    def switch():
        client.post("/auth/language", data={"locale": "en", "next": "/"})
    return switch


def database_rows(db) -> dict:
    """Every row of every table: "nothing written" means this is the same before and after a request."""
    db.session.rollback()  # end the test's transaction: read what the request committed
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables}


def field_errors(response) -> list[str]:
    """The error messages shown under the form's fields (templates/_macros/forms.html)."""
    page = response.get_data(as_text=True)
    return [html.unescape(re.sub(r"\s+", " ", text)).strip()
            for text in re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page, re.S)]


def invalid_fields(response) -> list[str]:
    """The names of the form's inputs marked invalid."""
    return re.findall(r'<(?:input|textarea|select)\b[^>]*\bclass="[^"]*\bis-invalid\b[^"]*"[^>]*\bname="([^"]+)"',
                      response.get_data(as_text=True))


def assert_refused(db, response, before: dict, status: int, field: str, message: str):
    """The form is shown again with the one field marked and its message, and the database is as it was."""
    assert response.status_code == status, response.headers.get("Location")
    assert invalid_fields(response) == [field]
    assert field_errors(response) == [message]
    assert database_rows(db) == before


def assert_accepted(response):
    assert response.status_code == 302, field_errors(response)


# --- 1. organizations: contact phone ---------------------------------------------------------------------------

ORGANIZATION = {"name": "本溪市平山制药有限公司", "kind": "enterprise", "founded_on": "2012-05-08",
                "industry_code": "c27",
                "for_profit": "y", "address": "本溪市平山区胜利路1号", "legal_representative": "王建国",
                "person_in_charge": "李明", "contact_name": "赵敏", "contact_phone": "024-4281234",
                "contact_email": "zhaomin@example.cn"}
PHONE_MESSAGE = "Not a phone number: use digits, with - + ( ) or spaces (e.g. 024-42843576)."
GOOD_PHONES = ["024-42843576", "+86 24 4284 3576 转 8001"]


def organizations(db) -> list[Organization]:
    db.session.expire_all()
    return list(db.session.scalars(select(Organization).order_by(Organization.id)))


@pytest.mark.parametrize("phone", ["电话号码abc", "12"])
def test_an_organization_with_a_phone_number_of_letters_or_too_few_digits_is_refused_and_nothing_written(
        db, office, client, english, phone):
    english()
    before = database_rows(db)
    response = client.post("/organizations/new", data={**ORGANIZATION, "credit_code": credit_code("210502", 7),
                                                        "contact_phone": phone})
    assert_refused(db, response, before, 200, "contact_phone", PHONE_MESSAGE)
    assert organizations(db) == []


@pytest.mark.parametrize("phone", GOOD_PHONES)
def test_an_organization_with_a_landline_or_an_international_number_with_extension_is_registered(
        db, office, client, phone):
    response = client.post("/organizations/new", data={**ORGANIZATION, "credit_code": credit_code("210502", 7),
                                                        "contact_phone": phone})
    assert_accepted(response)
    [org] = organizations(db)
    assert org.contact_phone == phone


@pytest.mark.parametrize("phone", ["电话号码abc", "12"])
def test_editing_an_organization_to_a_bad_phone_number_is_refused_and_the_record_is_unchanged(
        db, office, client, english, make_org, phone):
    english()
    org = make_org("本溪市平山制药有限公司", contact_phone="024-4281234")
    data = {**ORGANIZATION, "credit_code": org.credit_code, "version": org.version}
    before = database_rows(db)
    response = client.post(f"/organizations/{org.id}/edit", data={**data, "contact_phone": phone})
    assert_refused(db, response, before, 200, "contact_phone", PHONE_MESSAGE)
    assert organizations(db)[0].contact_phone == "024-4281234"


@pytest.mark.parametrize("phone", GOOD_PHONES)
def test_editing_an_organization_to_a_good_phone_number_is_saved(db, office, client, make_org, phone):
    org = make_org("本溪市平山制药有限公司", contact_phone="024-4281234")
    response = client.post(f"/organizations/{org.id}/edit", data={**ORGANIZATION, "credit_code": org.credit_code,
                                                                   "version": org.version, "contact_phone": phone})
    assert_accepted(response)
    assert organizations(db)[0].contact_phone == phone


def test_a_bad_phone_number_is_marked_on_the_chinese_form_too(db, office, client):
    """In the default (Chinese) locale the field is refused just the same; the message's language is the
    catalogue's business (see the module docstring)."""
    before = database_rows(db)
    response = client.post("/organizations/new", data={**ORGANIZATION, "credit_code": credit_code("210502", 7),
                                                        "contact_phone": "电话号码abc"})
    assert response.status_code == 200 and invalid_fields(response) == ["contact_phone"]
    assert len(field_errors(response)) == 1
    assert database_rows(db) == before


# --- 2. experts: phone and certificate expiry -------------------------------------------------------------------

EXPERT = {"name": "王刚", "title": "教授级高级工程师", "specialties": "c31, B08 C31", "strengths": ["4.5", "4.1"],
          "certificate_number": "ZJ-2024-001", "certificate_expires": "2027-12-31", "can_lead": "y",
          "phone": "13800000001", "email": "wang@example.com", "employer": ""}


def experts(db) -> list[Expert]:
    db.session.expire_all()
    return list(db.session.scalars(select(Expert).order_by(Expert.id)))


@pytest.fixture
def expert(db):
    """An expert of the pool, as the office would have registered it with EXPERT."""
    expert = Expert(person=Person(name="王刚"), title="教授级高级工程师", specialties=["C31", "B08"],
                    strengths=["4.1", "4.5"], certificate_number="ZJ-2024-001", certificate_expires=date(2027, 12, 31),
                    can_lead=True, phone="13800000001", email="wang@example.com")
    db.session.add(expert)
    db.session.commit()
    return expert


def test_an_expert_with_a_phone_number_of_letters_is_refused_and_nothing_written(db, office, client, english):
    english()
    before = database_rows(db)
    response = client.post("/experts/new", data={**EXPERT, "phone": "abc"})
    assert_refused(db, response, before, 422, "phone", PHONE_MESSAGE)
    assert experts(db) == []


def test_an_expert_with_a_mobile_number_is_registered(db, office, client):
    assert_accepted(client.post("/experts/new", data={**EXPERT, "phone": "139 1234 5678"}))
    assert [e.phone for e in experts(db)] == ["139 1234 5678"]


def test_editing_an_experts_phone_to_letters_is_refused_and_the_record_is_unchanged(db, office, client, english,
                                                                                    expert):
    english()
    before = database_rows(db)
    response = client.post(f"/experts/{expert.id}/edit", data={**EXPERT, "phone": "abc", "version": expert.version})
    assert_refused(db, response, before, 422, "phone", PHONE_MESSAGE)
    assert experts(db)[0].phone == "13800000001"
    good = client.post(f"/experts/{expert.id}/edit", data={**EXPERT, "phone": "024-42843576",
                                                           "version": expert.version})
    assert_accepted(good)
    assert experts(db)[0].phone == "024-42843576"


CERTIFICATE_1900 = "1900-01-01 is not a plausible date here: expected between 1990-01-01 and 2046-12-31."


def test_a_certificate_valid_until_1900_is_refused_and_nothing_written(db, office, client, english):
    english()
    before = database_rows(db)
    response = client.post("/experts/new", data={**EXPERT, "certificate_number": "ZJ-2024-001",
                                                 "certificate_expires": "1900-01-01"})
    assert_refused(db, response, before, 422, "certificate_expires", CERTIFICATE_1900)
    assert experts(db) == []


def test_a_certificate_valid_until_mid_2027_is_accepted(db, office, client):
    assert_accepted(client.post("/experts/new", data={**EXPERT, "certificate_number": "ZJ-2024-001",
                                                      "certificate_expires": "2027-06-30"}))
    assert [e.certificate_expires for e in experts(db)] == [date(2027, 6, 30)]


def test_editing_a_certificate_expiry_to_1900_is_refused_and_the_record_is_unchanged(db, office, client, english,
                                                                                     expert):
    english()
    before = database_rows(db)
    response = client.post(f"/experts/{expert.id}/edit", data={**EXPERT, "certificate_expires": "1900-01-01",
                                                               "version": expert.version})
    assert_refused(db, response, before, 422, "certificate_expires", CERTIFICATE_1900)
    assert experts(db)[0].certificate_expires == date(2027, 12, 31)
    good = client.post(f"/experts/{expert.id}/edit", data={**EXPERT, "certificate_expires": "2027-06-30",
                                                           "version": expert.version})
    assert_accepted(good)
    assert experts(db)[0].certificate_expires == date(2027, 6, 30)


# --- 3. applications: recommendation date and asset contribution rate ------------------------------------------

@pytest.fixture
def world(make_cycle, make_org):
    """A cycle taking applications (Stage.APPLICATION is one of operations.EDITABLE_STAGES), an applicant and a
    recommender."""
    cycle = make_cycle(stage=Stage.APPLICATION)
    org = make_org("本溪板材示例有限公司")
    recommender = make_org("本溪市工业和信息化局", kind=OrgKind.GOVERNMENT_DEPARTMENT)
    return cycle, org, recommender


def applications(db) -> list[Application]:
    db.session.expire_all()
    return list(db.session.scalars(select(Application).order_by(Application.id)))


FUTURE_SIGNATURE = "日期 2026-11-27 在未来（今天是 2026-11-26）。"  # today is 2026-11-26 (the `today` fixture)
RATE_500 = "数值大小必须介于 -100 到 100 之间。"  # WTForms' own Chinese catalogue


def test_a_recommendation_signed_after_today_is_refused_in_chinese_and_nothing_written(db, office, client, world):
    cycle, org, recommender = world
    before = database_rows(db)
    response = client.post(f"/applications/new/{cycle.id}",
                           data=registration(org, recommender, recommendation_date="2026-11-27"))
    assert_refused(db, response, before, 200, "recommendation_date", FUTURE_SIGNATURE)
    assert applications(db) == []


def test_a_recommendation_signed_today_is_accepted(db, office, client, world):
    cycle, org, recommender = world
    assert_accepted(client.post(f"/applications/new/{cycle.id}",
                                data=registration(org, recommender, recommendation_date="2026-11-26")))
    assert [a.recommendation_date for a in applications(db)] == [date(2026, 11, 26)]


def test_an_asset_contribution_rate_of_500_percent_is_refused_in_chinese_and_nothing_written(db, office, client,
                                                                                            world):
    cycle, org, recommender = world
    before = database_rows(db)
    response = client.post(f"/applications/new/{cycle.id}",
                           data=registration(org, recommender, **{"form_data-asset_contribution": "500"}))
    assert_refused(db, response, before, 200, "form_data-asset_contribution", RATE_500)
    assert applications(db) == []


def test_an_asset_contribution_rate_of_12_percent_is_accepted(db, office, client, world):
    cycle, org, recommender = world
    assert_accepted(client.post(f"/applications/new/{cycle.id}",
                                data=registration(org, recommender, **{"form_data-asset_contribution": "12"})))
    [application] = applications(db)
    assert application.form_data["asset_contribution"] == 12


@pytest.fixture
def registered(db, make_cycle, make_application):
    """A registered application in a cycle still taking applications, and the form that saves it unchanged."""
    application = make_application(make_cycle(stage=Stage.APPLICATION))
    data = registration(application.organization, application.recommender, recommendation_date="2026-11-16",
                        version=application.version)
    return application, data


def test_editing_the_recommendation_date_to_after_today_is_refused_and_the_application_is_unchanged(
        db, office, client, registered):
    application, data = registered
    before = database_rows(db)
    response = client.post(f"/applications/{application.id}/edit", data={**data, "recommendation_date": "2026-11-27"})
    assert_refused(db, response, before, 200, "recommendation_date", FUTURE_SIGNATURE)
    assert applications(db)[0].recommendation_date == date(2026, 11, 16)
    assert_accepted(client.post(f"/applications/{application.id}/edit",
                                data={**data, "recommendation_date": "2026-11-20"}))
    assert applications(db)[0].recommendation_date == date(2026, 11, 20)


def test_editing_the_asset_contribution_rate_to_500_percent_is_refused_and_the_application_is_unchanged(
        db, office, client, registered):
    application, data = registered
    before = database_rows(db)
    response = client.post(f"/applications/{application.id}/edit",
                           data={**data, "form_data-asset_contribution": "500"})
    assert_refused(db, response, before, 200, "form_data-asset_contribution", RATE_500)
    assert "asset_contribution" not in (applications(db)[0].form_data or {})
    assert_accepted(client.post(f"/applications/{application.id}/edit",
                                data={**data, "form_data-asset_contribution": "12"}))
    assert applications(db)[0].form_data["asset_contribution"] == 12


# --- 4. cycles: application deadline against the cycle's year --------------------------------------------------

CYCLE_2026 = {**NEW_CYCLE, "year": "2026", "reference_date": "2026-11-16"}
DEADLINE_MESSAGE = "The deadline should fall in the cycle's year or next to it."


def cycles(db) -> list[Cycle]:
    db.session.expire_all()
    return list(db.session.scalars(select(Cycle).order_by(Cycle.id)))


def test_a_2026_cycle_with_a_deadline_in_2020_is_refused_and_nothing_written(db, office, client, english):
    english()
    before = database_rows(db)
    response = client.post("/cycles/new", data={**CYCLE_2026, "application_deadline": "2020-01-01"})
    assert_refused(db, response, before, 200, "application_deadline", DEADLINE_MESSAGE)
    assert cycles(db) == []


def test_a_2026_cycle_with_a_deadline_in_january_2027_is_created(db, office, client):
    assert_accepted(client.post("/cycles/new", data={**CYCLE_2026, "application_deadline": "2027-01-15"}))
    assert [(c.year, c.application_deadline) for c in cycles(db)] == [(2026, date(2027, 1, 15))]


def test_editing_a_2026_cycles_deadline_to_2020_is_refused_and_the_cycle_is_unchanged(db, office, client, english,
                                                                                     make_cycle):
    english()
    cycle = make_cycle(stage=Stage.APPLICATION)  # year 2026, reference date 2026-11-16
    data = {**CYCLE_2026, "name": cycle.name, "version": cycle.version}
    before = database_rows(db)
    response = client.post(f"/cycles/{cycle.id}/edit", data={**data, "application_deadline": "2020-01-01"})
    assert_refused(db, response, before, 200, "application_deadline", DEADLINE_MESSAGE)
    assert cycles(db)[0].application_deadline is None
    assert_accepted(client.post(f"/cycles/{cycle.id}/edit", data={**data, "application_deadline": "2027-01-15"}))
    assert cycles(db)[0].application_deadline == date(2027, 1, 15)

"""Issue #5, the expert's own page: contact details and per-cycle availability, nothing the office keeps (status,
qualification, title, specialties); and the office recording an answer."""
from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.models import AuditEntry, ExpertAvailability, ExpertStatus, Role, Stage
from tests.conftest import audit_actions
from tests.experts.conftest import expert_of_user, page_text


@pytest.fixture
def me(db, make_user, auth):
    """A logged-in expert with a profile the office filled in."""
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = expert_of_user(db, user)
    expert.title, expert.specialties, expert.strengths = "高级工程师", ["C31"], ["4.1"]
    expert.certificate_number, expert.certificate_expires = "ZJ-7", date(2027, 1, 1)
    db.session.commit()
    auth.login("lizj")
    return expert


def answer(client, cycle, value, reason="", path="/experts/me/availability"):
    return client.post(f"{path}/{cycle.id}", data={f"c{cycle.id}-answer": value, f"c{cycle.id}-reason": reason})


def test_the_expert_sees_their_profile_and_a_link_to_their_affiliations(me, client, make_cycle):
    make_cycle(stage=Stage.PANELS)
    page = page_text(client.get("/experts/me"))
    assert "ZJ-7" in page and "高级工程师" in page and "C31" in page
    assert 'href="/graph/me"' in page and 'id="availability-' in page
    assert 'href="/experts/me"' in page_text(client.get("/"))  # from the home page


def test_the_expert_edits_their_contact_details(db, me, client):
    response = client.post("/experts/me/contact", data={"phone": "024-4412345", "email": "li@example.com",
                                                        "version": me.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert (me.phone, me.email) == ("024-4412345", "li@example.com")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expert_updated"))
    assert entry.details["by_expert"] is True


def test_posting_the_office_fields_changes_nothing_of_them(db, me, client):
    before = (me.title, list(me.specialties), list(me.strengths), me.certificate_number, me.certificate_expires,
              me.can_lead, me.status, me.status_reason, me.person.name)
    client.post("/experts/me/contact", data={
        "phone": "13900000000", "email": "", "version": me.version, "title": "院士", "specialties": "A01",
        "strengths": ["4.7"], "certificate_number": "FAKE", "certificate_expires": "2099-12-31", "can_lead": "y",
        "status": "active", "status_reason": "", "name": "别人", "action": "reactivate"})
    db.session.expire_all()
    assert me.phone == "13900000000"
    assert (me.title, me.specialties, me.strengths, me.certificate_number, me.certificate_expires, me.can_lead,
            me.status, me.status_reason, me.person.name) == before


def test_a_bad_email_is_refused(db, me, client, english):
    english()
    response = client.post("/experts/me/contact", data={"phone": "", "email": "nope", "version": me.version})
    assert response.status_code == 422 and "Not an e-mail address." in page_text(response)
    db.session.expire_all()
    assert me.email is None


def test_a_stale_contact_edit_is_refused(db, me, client):
    version = me.version
    client.post("/experts/me/contact", data={"phone": "024-42843571", "version": version})
    assert client.post("/experts/me/contact", data={"phone": "024-42843572", "version": version}).status_code == 409
    db.session.expire_all()
    assert me.phone == "024-42843571"


def test_a_suspended_expert_cannot_reactivate_themselves(db, me, client):
    me.status, me.status_reason = ExpertStatus.SUSPENDED, "待查"
    db.session.commit()
    assert "待查" in page_text(client.get("/experts/me"))
    client.post("/experts/me/contact", data={"phone": "024-42843571", "version": me.version, "status": "active"})
    db.session.expire_all()
    assert me.status is ExpertStatus.SUSPENDED


def test_the_expert_declines_a_cycle_with_a_reason(db, me, client, make_cycle):
    cycle = make_cycle(stage=Stage.PANELS)
    assert answer(client, cycle, "declined", "评审期间在外地出差").status_code == 302
    row = db.session.scalar(select(ExpertAvailability))
    assert (row.expert_id, row.cycle_id, row.available, row.reason) == (me.id, cycle.id, False, "评审期间在外地出差")
    assert "评审期间在外地出差" in page_text(client.get("/experts/me"))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expert_availability_recorded"))
    assert entry.details["available"] is False and entry.details["by_expert"] is True


def test_declining_needs_a_reason(db, me, client, english, make_cycle):
    english()
    cycle = make_cycle(stage=Stage.PANELS)
    response = answer(client, cycle, "declined", "  ")
    assert response.status_code == 422 and "Give the reason for declining." in page_text(response)
    assert db.session.scalar(select(ExpertAvailability)) is None


def test_the_expert_changes_their_answer_and_the_reason_goes(db, me, client, make_cycle):
    cycle = make_cycle(stage=Stage.PANELS)
    answer(client, cycle, "declined", "出差")
    answer(client, cycle, "available")
    db.session.expire_all()
    row = db.session.scalar(select(ExpertAvailability))
    assert row.available and row.reason is None
    answer(client, cycle, "available")  # the same answer again: nothing to record
    assert audit_actions(db).count("expert_availability_recorded") == 2


def test_closed_cycles_cannot_be_answered(db, me, client, make_cycle):
    cycle = make_cycle(stage=Stage.CLOSED)
    assert answer(client, cycle, "available").status_code == 404
    assert f'id="availability-{cycle.id}"' not in client.get("/experts/me").get_data(as_text=True)


def test_an_expert_on_a_panel_of_the_cycle_asks_the_office_instead_of_declining(db, me, client, english,
                                                                                make_cycle, make_panel):
    english()
    cycle = make_cycle(stage=Stage.PANELS)
    make_panel(cycle, me)
    response = answer(client, cycle, "declined", "生病")
    assert response.status_code == 422 and "ask the office to release you" in page_text(response)
    assert db.session.scalar(select(ExpertAvailability)) is None


def test_the_office_records_an_answer_given_otherwise(db, office, client, make_cycle, make_expert, make_panel):
    cycle = make_cycle(stage=Stage.PANELS)
    expert = make_expert("王刚")
    make_panel(cycle, expert)  # the office may record a decline even for a seated expert, and then replaces them
    response = answer(client, cycle, "declined", "电话告知：住院", path=f"/experts/{expert.id}/availability")
    assert response.status_code == 302
    row = db.session.scalar(select(ExpertAvailability))
    assert (row.expert_id, row.available, row.reason) == (expert.id, False, "电话告知：住院")
    listing = page_text(client.get("/experts/", query_string={"availability": "declined"}))
    assert "王刚" in listing


def test_the_office_answer_needs_a_reason_too(db, office, client, make_cycle, make_expert):
    cycle = make_cycle(stage=Stage.PANELS)
    expert = make_expert("王刚")
    assert answer(client, cycle, "declined", path=f"/experts/{expert.id}/availability").status_code == 422
    assert db.session.scalar(select(ExpertAvailability)) is None


def test_an_expert_reaches_only_their_own_record(db, me, client, make_expert, make_cycle):
    other = make_expert("王刚")
    cycle = make_cycle(stage=Stage.PANELS)
    assert client.get(f"/experts/{other.id}").status_code == 403
    assert answer(client, cycle, "declined", "x", path=f"/experts/{other.id}/availability").status_code == 403
    assert db.session.scalar(select(ExpertAvailability)) is None


def test_the_office_has_no_expert_page_of_its_own(office, client):
    assert client.get("/experts/me").status_code == 403
    assert client.post("/experts/me/contact", data={"phone": "1"}).status_code == 403


def test_anonymous_users_are_sent_to_the_login(client):
    for url in ("/experts/me", "/experts/"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")

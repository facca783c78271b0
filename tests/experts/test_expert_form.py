"""Issue #5, creating and editing experts (office): the profile with its validated codes, the current employer kept
as an employed_by relation, an optional login, optimistic locking, and status changes with their reason (Art. 33)."""
from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.models import (
    AuditEntry,
    Expert,
    ExpertStatus,
    Organization,
    OrgKind,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Role,
    User,
)
from tests.conftest import PASSWORD, audit_actions
from tests.experts.conftest import counts, page_text

FORM = {"name": "王刚", "title": "教授级高级工程师", "specialties": "c31, B08 C31", "strengths": ["4.5", "4.1"],
        "certificate_number": "ZJ-2024-001", "certificate_expires": "2027-12-31", "can_lead": "y",
        "phone": "13800000001", "email": "wang@example.com", "employer": ""}


def employment(db, expert) -> list[Relation]:
    return list(db.session.scalars(select(Relation).where(Relation.from_person_id == expert.person_id,
                                                          Relation.type == RelationType.EMPLOYED_BY)
                                   .order_by(Relation.id)))


def test_the_office_creates_an_expert_with_a_registered_employer(db, office, client, make_org):
    steel = make_org("本溪钢铁集团有限公司")
    response = client.post("/experts/new", data={**FORM, "employer": "本溪钢铁集团有限公司"})
    assert response.status_code == 302
    expert = db.session.scalar(select(Expert).join(Person).where(Person.name == "王刚"))
    assert response.headers["Location"] == f"/experts/{expert.id}"
    assert expert.title == "教授级高级工程师" and expert.specialties == ["C31", "B08"]
    assert expert.strengths == ["4.1", "4.5"]  # in the standard's order
    assert expert.certificate_expires == date(2027, 12, 31) and expert.can_lead and expert.status is ExpertStatus.ACTIVE
    [relation] = employment(db, expert)
    assert relation.to_org_id == steel.id and relation.source is RelationSource.OFFICE
    assert relation.start_date is None and relation.end_date is None  # a first employer: since a date not known
    assert "expert_created" in audit_actions(db) and "expert_employer_changed" in audit_actions(db)
    page = page_text(client.get(f"/experts/{expert.id}"))
    assert "本溪钢铁集团有限公司" in page and "ZJ-2024-001" in page


def test_a_new_employer_name_registers_an_organization_of_kind_other(db, office, client):
    client.post("/experts/new", data={**FORM, "employer": "本溪某咨询中心"})
    org = db.session.scalar(select(Organization).where(Organization.name == "本溪某咨询中心"))
    assert org.kind is OrgKind.OTHER
    assert employment(db, db.session.scalar(select(Expert)))[0].to_org_id == org.id


def test_the_employer_can_be_picked_by_credit_code_or_name_and_code(db, office, client, make_org):
    first, second = make_org("本溪同名公司"), make_org("本溪同名公司")
    response = client.post("/experts/new", data={**FORM, "employer": "本溪同名公司"})
    assert response.status_code == 422  # two organizations have that name
    assert count_experts(db) == 0
    assert "本溪同名公司 · " + second.credit_code in response.get_data(as_text=True)  # the picker tells them apart
    client.post("/experts/new", data={**FORM, "employer": f"本溪同名公司 · {second.credit_code}"})
    assert employment(db, db.session.scalar(select(Expert)))[0].to_org_id == second.id
    client.post("/experts/new", data={**FORM, "name": "李芳", "certificate_number": "", "certificate_expires": "",
                                      "employer": first.credit_code})
    li = db.session.scalar(select(Expert).join(Person).where(Person.name == "李芳"))
    assert employment(db, li)[0].to_org_id == first.id


def count_experts(db) -> int:
    return len(db.session.scalars(select(Expert)).all())


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "This field is required."),
    ("specialties", "C31, X12, C99", "X12 is not a GB/T 4754 code"),
    ("specialties", "C31, C99", "Division 99 does not belong to section C"),
    ("certificate_expires", "2027-02-30", "Not a valid date value."),
    ("email", "wang-at-example", "Not an e-mail address."),
    ("strengths", "9.9", "not a valid choice"),
    ("employer", "91210502MA0Y123450", "check character"),
])
def test_bad_input_is_refused_with_the_field_error_and_nothing_is_written(db, office, client, english, field, value,
                                                                          message):
    english()
    before = counts(db)
    response = client.post("/experts/new", data={**FORM, field: value})
    assert response.status_code == 422
    page = page_text(response)
    assert "is-invalid" in page and message in page
    assert counts(db) == before


def test_both_bad_codes_are_named(office, client, english):
    english()
    page = page_text(client.post("/experts/new", data={**FORM, "specialties": "X12 C99"}))
    assert "X12 is not a GB/T 4754 code" in page and "Division 99" in page


def test_a_certificate_number_belongs_to_one_expert(db, office, client, english, make_expert):
    english()
    make_expert("李芳", certificate_number="ZJ-2024-001")
    response = client.post("/experts/new", data=FORM)
    assert response.status_code == 422 and "already belongs to 李芳" in page_text(response)


def test_an_expiry_needs_a_certificate_number(office, client, english):
    english()
    response = client.post("/experts/new", data={**FORM, "certificate_number": ""})
    assert response.status_code == 422 and "An expiry date needs a certificate number." in page_text(response)


def test_a_login_can_be_created_with_the_expert(db, office, client, auth):
    response = client.post("/experts/new", data={**FORM, "username": "WangG", "password": "a-long-password-1"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "wangg"))
    assert user.roles == {Role.EXPERT}
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    assert person.name == "王刚"
    assert len(db.session.scalars(select(Expert)).all()) == 1  # no second, blank pool record for the login
    auth.logout()
    auth.login("wangg", "a-long-password-1")
    assert "ZJ-2024-001" in client.get("/experts/me").get_data(as_text=True)


@pytest.mark.parametrize("login, message", [
    ({"username": "office", "password": "a-long-password-1"}, "This user name is already taken."),
    ({"username": "wang gang", "password": "a-long-password-1"}, "Use letters, digits, dot, dash or underscore."),
    ({"username": "wangg", "password": "short"}, "at least"),
    ({"username": "wangg", "password": ""}, "Give an initial password for the new login."),
    ({"username": "", "password": "a-long-password-1"}, "Give the login name too."),
])
def test_the_login_is_validated_like_the_admin_form(db, office, client, english, login, message):
    english()
    before = counts(db)
    response = client.post("/experts/new", data={**FORM, **login})
    assert response.status_code == 422 and message in page_text(response)
    assert counts(db) == before


def test_a_login_added_later_is_linked_to_the_experts_person(db, office, client, make_expert):
    expert = make_expert("李芳", certificate_number="ZJ-9")
    form = {**FORM, "name": "李芳", "certificate_number": "ZJ-9", "version": expert.version,
            "username": "lifang", "password": "a-long-password-1"}
    assert client.post(f"/experts/{expert.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert expert.person.user.username == "lifang"
    assert db.session.scalars(select(Expert)).all() == [expert]
    edit_page = page_text(client.get(f"/experts/{expert.id}/edit"))
    assert 'id="existing-login"' in edit_page and 'name="username"' not in edit_page


def test_editing_keeps_the_employer_when_it_is_unchanged(db, office, client, make_org, make_expert):
    steel = make_org("本溪钢铁集团有限公司")
    expert = make_expert("王刚", employer=steel)
    page = client.get(f"/experts/{expert.id}/edit").get_data(as_text=True)
    assert 'value="本溪钢铁集团有限公司"' in page
    assert client.post(f"/experts/{expert.id}/edit", data={**FORM, "employer": "本溪钢铁集团有限公司",
                                                          "version": expert.version}).status_code == 302
    assert [(r.to_org_id, r.end_date) for r in employment(db, expert)] == [(steel.id, None)]


def test_changing_the_employer_ends_the_old_relation_today_and_starts_the_new_one_today(db, office, client,
                                                                                         make_org, make_expert):
    steel, pharma = make_org("本溪钢铁集团有限公司"), make_org("本溪制药有限公司")
    expert = make_expert("王刚", employer=steel)
    response = client.post(f"/experts/{expert.id}/edit", data={**FORM, "employer": "本溪制药有限公司",
                                                              "version": expert.version})
    assert response.status_code == 302
    old, new = employment(db, expert)
    assert (old.to_org_id, old.end_date) == (steel.id, date(2026, 11, 26))
    assert (new.to_org_id, new.start_date, new.end_date) == (pharma.id, date(2026, 11, 26), None)
    assert new.source is RelationSource.OFFICE and new.recorded_by_id == office.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expert_employer_changed"))
    assert entry.details["from"] == ["本溪钢铁集团有限公司"] and entry.details["to"] == "本溪制药有限公司"
    show = page_text(client.get(f"/experts/{expert.id}"))
    current = show.split('id="current-employer">')[1].split("</dd>")[0]
    assert "本溪制药有限公司" in current and "本溪钢铁集团有限公司" not in current


def test_an_empty_employer_ends_the_current_one(db, office, client, make_org, make_expert):
    expert = make_expert("王刚", employer=make_org("本溪钢铁集团有限公司"))
    client.post(f"/experts/{expert.id}/edit", data={**FORM, "employer": "", "version": expert.version})
    [relation] = employment(db, expert)
    assert relation.end_date == date(2026, 11, 26)


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(db, office, client, english, make_expert):
    english()
    expert = make_expert("王刚", title="工程师")
    stale_version = expert.version
    client.post(f"/experts/{expert.id}/edit", data={**FORM, "title": "高级工程师", "version": stale_version})
    response = client.post(f"/experts/{expert.id}/edit", data={**FORM, "title": "研究员", "version": stale_version})
    assert response.status_code == 409
    assert "Someone else changed this expert" in page_text(response)
    db.session.expire_all()
    assert expert.title == "高级工程师"


def test_an_edit_records_what_changed(db, office, client, make_expert):
    expert = make_expert("王刚", title="工程师")
    client.post(f"/experts/{expert.id}/edit", data={**FORM, "title": "高级工程师", "version": expert.version})
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expert_updated"))
    assert entry.details["title"] == ["工程师", "高级工程师"] and entry.user_id == office.id


# --- status (Art. 33) -------------------------------------------------------------------------------------------

def change(client, expert, action, reason, version=None):
    return client.post(f"/experts/{expert.id}/status",
                       data={"action": action, "reason": reason, "version": version or expert.version})


def test_suspend_and_reactivate_with_a_reason(db, office, client, make_expert):
    expert = make_expert("王刚")
    assert change(client, expert, "suspend", "正在接受调查").status_code == 302
    db.session.expire_all()
    assert expert.status is ExpertStatus.SUSPENDED and expert.status_reason == "正在接受调查"
    assert expert.status_changed_at is not None
    assert change(client, expert, "reactivate", "调查结束，无问题").status_code == 302
    db.session.expire_all()
    assert expert.status is ExpertStatus.ACTIVE
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "expert_status_changed")
                                 .order_by(AuditEntry.seq)).all()
    assert [(e.details["from"], e.details["to"], e.details["reason"]) for e in entries] == [
        ("active", "suspended", "正在接受调查"), ("suspended", "active", "调查结束，无问题")]


def test_a_status_change_without_a_reason_is_refused(db, office, client, english, make_expert):
    english()
    expert = make_expert("王刚")
    for reason in ("", "   "):
        response = change(client, expert, "disqualify", reason)
        assert response.status_code == 422
    assert "Give the reason for the change." in page_text(response)
    db.session.expire_all()
    assert expert.status is ExpertStatus.ACTIVE and "expert_status_changed" not in audit_actions(db)


def test_a_disqualified_expert_keeps_the_record_and_the_reason_and_it_is_final(db, office, client, english,
                                                                               make_expert, make_cycle, make_panel):
    english()
    expert = make_expert("王刚", certificate_number="ZJ-1")
    panel = make_panel(make_cycle(), expert)
    assert change(client, expert, "disqualify", "收受申报组织礼金").status_code == 302
    db.session.expire_all()
    assert expert.status is ExpertStatus.DISQUALIFIED and expert.certificate_number == "ZJ-1"
    page = page_text(client.get(f"/experts/{expert.id}"))
    assert "收受申报组织礼金" in page and "can no longer be assigned" in page
    assert 'id="seats-warning"' not in page  # Art. 33: off every active panel at once
    assert db.session.get(type(panel), panel.id).members == []
    assert 'id="status-form"' not in page
    listing = page_text(client.get("/experts/", query_string={"status": "disqualified"}))
    assert 'data-status="disqualified"' in listing and 'class="table-danger"' in listing
    assert change(client, expert, "reactivate", "误判").status_code == 422
    db.session.expire_all()
    assert expert.status is ExpertStatus.DISQUALIFIED


def test_a_status_change_on_a_stale_page_is_refused(db, office, client, make_expert):
    expert = make_expert("王刚")
    version = expert.version
    change(client, expert, "suspend", "原因一", version)
    assert change(client, expert, "disqualify", "原因二", version).status_code == 409
    db.session.expire_all()
    assert expert.status is ExpertStatus.SUSPENDED


def test_an_expert_cannot_use_the_office_forms(db, make_user, auth, client, make_expert):
    user = make_user("lizj", Role.EXPERT)
    auth.login("lizj", PASSWORD)
    from tests.experts.conftest import expert_of_user
    own = expert_of_user(db, user)
    assert client.post(f"/experts/{own.id}/edit", data={**FORM, "version": own.version}).status_code == 403
    assert change(client, own, "suspend", "x").status_code == 403
    assert client.post("/experts/new", data=FORM).status_code == 403


def test_a_disqualified_expert_loses_access_to_every_applicant(db, office, client, make_user, make_cycle,
                                                                make_application, make_panel):
    """Art. 33, through the same predicate the application pages use."""
    from reviewapp.models import ApplicationStatus, ImpartialityDeclaration, PanelApplicant, PanelStage, Stage
    from reviewapp.permissions import can_view_application
    from tests.experts.conftest import expert_of_user

    user = make_user("lizj", Role.EXPERT)
    expert = expert_of_user(db, user)
    cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
    application = make_application(cycle, status=ApplicationStatus.ACCEPTED)
    panel = make_panel(cycle, expert)
    db.session.add_all([PanelApplicant(panel_id=panel.id, application_id=application.id,
                                       stage=PanelStage.DOCUMENT_REVIEW),
                        ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="1",
                                                text_sha256="0" * 64)])
    db.session.commit()
    assert can_view_application(user, application)
    assert change(client, expert, "disqualify", "泄露评审信息").status_code == 302
    db.session.expire_all()
    assert not can_view_application(user, application)
    assert db.session.get(type(panel), panel.id).members == []  # off every active panel at once

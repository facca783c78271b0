"""R7: conflicts the office records, and applicants' avoidance requests that count once the office accepts them."""
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import ConflictDeclaration, DeclarationKind, DeclarationStatus, Person, Stage
from tests.conftest import audit_actions


def rules(cycle, person, org) -> list[str]:
    service.forget_engines()
    return [f.rule for f in service.conflicts_between(cycle, person.id, org.id)]


def request_form(person, org, reason="该专家曾与我公司有合同纠纷") -> dict:
    return {"request-person": person.entity_id, "request-organization": org.entity_id, "request-reason": reason}


def test_office_records_a_conflict_in_force_at_once(db, office, client, make_expert, make_cycle, make_org,
                                                    make_application):
    expert = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例")).organization
    response = client.post("/graph/declarations/office", data={
        "office-person": expert.entity_id, "office-organization": "本钢板材示例", "office-reason": "其子在该公司任职"})
    assert response.status_code == 302
    declaration = db.session.scalar(select(ConflictDeclaration))
    assert (declaration.kind, declaration.status, declaration.recorded_by_id) == (
        DeclarationKind.OFFICE, DeclarationStatus.ACCEPTED, office.id)
    assert "conflict_recorded" in audit_actions(db)
    assert rules(cycle, expert, applicant) == ["R7"]


def test_avoidance_request_counts_only_once_accepted(db, office, client, make_expert, make_cycle, make_org,
                                                     make_application):
    expert = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例")).organization
    client.post("/graph/declarations/requests", data=request_form(expert, applicant))
    declaration = db.session.scalar(select(ConflictDeclaration))
    assert (declaration.kind, declaration.status) == (DeclarationKind.APPLICANT_REQUEST, DeclarationStatus.PENDING)
    assert rules(cycle, expert, applicant) == []
    page = client.get("/graph/declarations?status=pending").get_data(as_text=True)
    assert f'data-declaration="{declaration.id}" data-status="pending"' in page
    response = client.post(f"/graph/declarations/{declaration.id}/decide",
                           data={"accept": "y", "note": "理由属实", "next": "/graph/declarations?status=pending"})
    assert response.headers["Location"] == "/graph/declarations?status=pending"
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.ACCEPTED and declaration.decided_by_id == office.id
    assert declaration.decided_at is not None and declaration.decision_note == "理由属实"
    assert audit_actions(db)[-2:] == ["avoidance_request_recorded", "avoidance_request_accepted"]
    assert rules(cycle, expert, applicant) == ["R7"]


def test_an_avoidance_request_needs_a_reason_and_an_expert(db, office, client, make_expert, make_org):
    expert, org = make_expert(), make_org()
    bystander = Person(name="王建国")
    db.session.add(bystander)
    db.session.commit()
    for data in (request_form(expert, org, reason="  "), request_form(bystander, org),
                 {**request_form(expert, org), "request-organization": expert.entity_id}):
        assert client.post("/graph/declarations/requests", data=data).status_code == 422
    assert db.session.scalar(select(ConflictDeclaration)) is None


def test_rejecting_a_request_needs_a_note_and_never_counts(db, office, english, client, make_expert, make_cycle,
                                                          make_org, make_application):
    english()
    expert = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org()).organization
    client.post("/graph/declarations/requests", data=request_form(expert, applicant))
    declaration = db.session.scalar(select(ConflictDeclaration))
    page = client.post(f"/graph/declarations/{declaration.id}/decide", data={"reject": "y", "note": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Give the reason for rejecting the request." in page
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.PENDING
    client.post(f"/graph/declarations/{declaration.id}/decide", data={"reject": "y", "note": "纠纷已了结，无利害关系"})
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.REJECTED and declaration.decision_note == "纠纷已了结，无利害关系"
    assert rules(cycle, expert, applicant) == []
    # decided once: a second decision is refused
    page = client.post(f"/graph/declarations/{declaration.id}/decide", data={"accept": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "This request has already been decided." in page
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.REJECTED
    assert audit_actions(db).count("avoidance_request_accepted") == 0


def test_withdrawing_needs_a_note_and_ends_r7(db, office, english, client, make_expert, make_cycle, make_org,
                                             make_application):
    english()
    expert = make_expert()
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org()).organization
    client.post("/graph/declarations/office", data={"office-person": expert.entity_id,
                                                     "office-organization": applicant.entity_id,
                                                     "office-reason": "其子在该公司任职"})
    declaration = db.session.scalar(select(ConflictDeclaration))
    page = client.post(f"/graph/declarations/{declaration.id}/withdraw", data={"note": ""}, follow_redirects=True)
    assert "Say why the declaration is withdrawn." in page.get_data(as_text=True)
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.ACCEPTED
    client.post(f"/graph/declarations/{declaration.id}/withdraw", data={"note": "其子已于2020年离职"})
    db.session.refresh(declaration)
    assert declaration.status is DeclarationStatus.WITHDRAWN and declaration.decision_note == "其子已于2020年离职"
    assert "declaration_withdrawn" in audit_actions(db)
    assert rules(cycle, expert, applicant) == []


def test_declarations_are_filtered_by_kind_and_status(db, office, client, make_expert, make_org):
    expert = make_expert()
    one, two = make_org("甲申报示例"), make_org("乙申报示例")
    client.post("/graph/declarations/requests", data=request_form(expert, one))
    client.post("/graph/declarations/office", data={"office-person": expert.entity_id,
                                                     "office-organization": two.entity_id, "office-reason": "亲属"})
    table = lambda url: client.get(url).get_data(as_text=True).split('id="declarations"')[1].split("</table>")[0]  # noqa: E731
    assert "甲申报示例" in table("/graph/declarations") and "乙申报示例" in table("/graph/declarations")
    assert "乙申报示例" not in table("/graph/declarations?kind=applicant_request")
    assert "甲申报示例" not in table("/graph/declarations?status=accepted")
    assert "甲申报示例" in table("/graph/declarations?kind=nonsense&status=")  # a bad filter is ignored


def test_person_and_organization_pages_list_their_declarations(db, office, client, make_expert, make_org):
    expert, org = make_expert(), make_org("本钢板材示例")
    client.post("/graph/declarations/requests", data=request_form(expert, org))
    assert "合同纠纷" in client.get(f"/graph/people/{expert.id}").get_data(as_text=True)
    assert "合同纠纷" in client.get(f"/graph/organizations/{org.id}").get_data(as_text=True)

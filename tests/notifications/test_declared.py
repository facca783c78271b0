"""Issue 16, Art. 33: what an expert declares reaches the office (to check the cycle's panels); and a conflict with an
applicant of the expert's own active panel, found after the assignment by whatever change to the graph (the
expert's declaration, the office's relation or recorded conflict, the employer in the pool), tells the expert it
takes them off that applicant and the office to replace them, once per pair."""
from sqlalchemy import select

from reviewapp.models import Notification, Organization, OrgKind, OutboxMessage, Role, User
from tests.experts.test_expert_form import FORM
from tests.graph.test_office_relations import relation_form

APPLICANT = "本溪板材示例有限公司"


def notices_of(db, username: str) -> list[Notification]:
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == username))
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_art33_a_conflict_declared_with_an_applicant_of_the_panel_reaches_the_office_and_the_expert(
        db, doc_panel, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    member = doc_panel.client("member1")
    org_id = doc_panel.application.organization_id
    assert member.post("/graph/me/declarations", data={"organization": org_id, "reason": "曾为其辅导申报"}
                       ).status_code == 302
    declared, late = notices_of(db, "office")
    person_id = doc_panel.experts[1].person_id
    assert declared.text == "李专家申报了利害关系：请核查评审组"
    assert declared.link == f"/graph/people/{person_id}"
    assert late.kind == "late_conflict_office" and late.text.startswith("李专家与其所在评审组（资料评审")
    [expert_notice] = notices_of(db, "member1")
    assert expert_notice.kind == "late_conflict" and "资料评审" in expert_notice.text
    assert APPLICANT not in expert_notice.text + late.text
    assert notices_of(db, "leader") == []


def told_of_late_conflicts(db) -> tuple[list[str], list[str]]:
    """The late-conflict notices: the expert's texts, the office's kinds."""
    return ([n.text for n in notices_of(db, "member1") if n.kind == "late_conflict"],
            [n.kind for n in notices_of(db, "office")])


def test_art33_a_relation_the_office_records_tells_the_expert_and_the_office_once(db, doc_panel, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    office = doc_panel.client("office")
    person_id, org_id = doc_panel.experts[1].person_id, doc_panel.application.organization_id
    assert office.post(f"/graph/people/{person_id}/relations",
                       data=relation_form(other=f"o{org_id}", start_date="2023-01-01")).status_code == 302
    expert_texts, office_kinds = told_of_late_conflicts(db)
    cycle = doc_panel.cycle.name
    assert expert_texts == [f"分配后发现利害关系：您已回避{cycle}评审组（资料评审）中的一家申报组织（第三十三条）"]
    assert office_kinds == ["late_conflict_office"]
    [late] = notices_of(db, "office")
    assert late.link == f"/panels/cycles/{doc_panel.cycle.id}/document_review#late-conflicts"
    assert "李专家" in office.get(late.link).get_data(as_text=True)
    # a second change that leaves the conflict standing tells nobody again
    assert office.post(f"/graph/people/{person_id}/relations",
                       data=relation_form(other=f"o{org_id}", type="consulted_for",
                                          start_date="2024-01-01")).status_code == 302
    assert told_of_late_conflicts(db) == (expert_texts, office_kinds)
    assert notices_of(db, "leader") == [] and notices_of(db, "member2") == []


def test_art33_the_experts_mail_of_a_late_conflict_goes_even_when_they_chose_essential_mails_only(db, doc_panel,
                                                                                                   make_user):
    make_user("office", Role.OFFICE)
    expert = doc_panel.experts[1]
    expert.email = "li@example.cn"
    expert.person.user.mail_essential_only = True
    db.session.commit()
    person_id, org_id = expert.person_id, doc_panel.application.organization_id
    assert doc_panel.client("office").post(f"/graph/people/{person_id}/relations", data=relation_form(
        other=f"o{org_id}", start_date="2023-01-01")).status_code == 302
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "late_conflict"))
    assert mail.address == "li@example.cn" and APPLICANT not in mail.body_text + mail.subject


def test_art33_a_conflict_the_office_records_tells_the_expert(db, doc_panel, make_user):
    make_user("office", Role.OFFICE)
    office = doc_panel.client("office")
    person_id = doc_panel.experts[1].person_id
    assert office.post("/graph/declarations/office", data={
        "office-person": f"p{person_id}", "office-organization": f"o{doc_panel.application.organization_id}",
        "office-reason": "其子在该公司任职"}).status_code == 302
    expert_texts, office_kinds = told_of_late_conflicts(db)
    assert len(expert_texts) == 1 and office_kinds == ["late_conflict_office"]


def test_art33_a_new_employer_entered_in_the_pool_tells_the_expert(db, doc_panel, make_user):
    make_user("office", Role.OFFICE)
    office = doc_panel.client("office")
    expert = doc_panel.experts[1]
    assert office.post(f"/experts/{expert.id}/edit", data={
        **FORM, "name": "李专家", "certificate_number": "ZJ-LI", "employer": APPLICANT,
        "version": expert.version}).status_code == 302
    expert_texts, office_kinds = told_of_late_conflicts(db)
    assert len(expert_texts) == 1 and office_kinds == ["late_conflict_office"]


def test_art33_a_relation_with_someone_off_the_panels_tells_nobody(db, doc_panel, make_user, make_org):
    make_user("office", Role.OFFICE)
    office = doc_panel.client("office")
    person_id = doc_panel.experts[1].person_id
    other = make_org("本溪水泥示例有限公司")
    assert office.post(f"/graph/people/{person_id}/relations",
                       data=relation_form(other=f"o{other.id}", start_date="2023-01-01")).status_code == 302
    assert told_of_late_conflicts(db) == ([], [])


def test_art33_an_affiliation_declared_reaches_the_office_and_a_refused_one_nothing(db, doc_panel, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    member = doc_panel.client("member1")
    data = {"type": "employed_by", "other": f"o{doc_panel.application.organization_id}",
            "start_date": "2022-07-01"}
    refused = member.post("/graph/me/relations", data={**data, "end_date": "2020-01-01"})  # ends before it starts
    assert refused.status_code == 422 and notices_of(db, "office") == []
    assert member.post("/graph/me/relations", data=data).status_code == 302
    notice, late = notices_of(db, "office")  # the affiliation is with an applicant of the expert's panel
    assert notice.kind == "affiliation_declared" and "李专家" in notice.text
    assert late.kind == "late_conflict_office"


def test_art33_merging_the_experts_employer_into_the_applicant_tells_the_expert(db, doc_panel, make_user):
    """The expert's employer was entered as 本溪板材 (a name only); the office finds it is the applicant and merges the
    two."""
    make_user("office", Role.OFFICE)
    office = doc_panel.client("office")
    short = Organization(name="本溪板材", kind=OrgKind.OTHER)
    db.session.add(short)
    db.session.commit()
    person_id, applicant_id = doc_panel.experts[1].person_id, doc_panel.application.organization_id
    assert office.post(f"/graph/people/{person_id}/relations",
                       data=relation_form(other=f"o{short.id}", start_date="2023-01-01")).status_code == 302
    assert told_of_late_conflicts(db) == ([], [])
    assert office.post("/duplicates/merge", data={"kind": "organization", "survivor_id": applicant_id,
                                                  "merged_id": short.id}).status_code == 302
    expert_texts, office_kinds = told_of_late_conflicts(db)
    assert len(expert_texts) == 1 and office_kinds == ["late_conflict_office"]

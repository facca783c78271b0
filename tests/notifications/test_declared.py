"""Issue 16, Art. 33: what an expert declares reaches the office (to check the cycle's panels), and a conflict the
expert declares with an applicant of their own panel tells them it takes them off that applicant."""
from sqlalchemy import select

from reviewapp.models import Notification, Role, User

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
    [office_notice] = notices_of(db, "office")
    person_id = doc_panel.experts[1].person_id
    assert office_notice.text == "李专家申报了利害关系：请核查评审组"
    assert office_notice.link == f"/graph/people/{person_id}"
    [expert_notice] = notices_of(db, "member1")
    assert expert_notice.kind == "late_conflict" and "资料评审" in expert_notice.text
    assert APPLICANT not in expert_notice.text
    assert notices_of(db, "leader") == []


def test_art33_an_affiliation_declared_reaches_the_office_and_a_refused_one_nothing(db, doc_panel, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    member = doc_panel.client("member1")
    data = {"type": "employed_by", "other": f"o{doc_panel.application.organization_id}",
            "start_date": "2022-07-01"}
    refused = member.post("/graph/me/relations", data={**data, "end_date": "2020-01-01"})  # ends before it starts
    assert refused.status_code == 422 and notices_of(db, "office") == []
    assert member.post("/graph/me/relations", data=data).status_code == 302
    [notice] = notices_of(db, "office")
    assert notice.kind == "affiliation_declared" and "李专家" in notice.text

"""Issue 17: the office's home is a to-do list. Each line says what waits, links to where it is handled, and is gone
once it is handled; the urgent ones come first. Only the office has one."""
import re
from datetime import date

from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    Channel,
    ConflictDeclaration,
    Organization,
    OrgKind,
    OutboxMessage,
    OutboxStatus,
    Person,
    PublicSubmission,
    Relation,
    RelationSource,
    RelationType,
    Role,
    Stage,
)
from tests.conftest import PASSWORD, counting_queries
from tests.duplicates.test_duplicates import relate
from tests.graph.test_declarations import request_form
from tests.submissions.worlds import decide, object_to, receipt_of


def todo(client) -> dict[str, tuple[str, str, str]]:
    """The to-do list of the home page: its lines' keys -> (tone, text, link), in the page's order."""
    home = client.get("/").get_data(as_text=True)
    assert 'id="todo"' in home
    lines = re.findall(r'<li class="list-group-item todo-item" id="todo-([^"]+)" data-tone="(\w+)">\s*'
                       r'<a class="[^"]*" href="([^"]+)">(.*?)</a>', home, re.S)
    return {key: (tone, _text(html), link) for key, tone, link, html in lines}


def _text(html: str) -> str:
    """A line's words after its badge."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.split("</span>", 1)[1])).strip()


def office_client(app, make_user):
    make_user("office", Role.OFFICE)
    client = app.test_client()
    client.post("/auth/login", data={"username": "office", "password": PASSWORD})
    return client


def test_nothing_to_do_says_so(db, app, make_user):
    client = office_client(app, make_user)
    assert todo(client) == {}
    assert "暂无待办事项" in client.get("/").get_data(as_text=True)


def test_art22_a_new_objection_waits_until_the_office_takes_it_up_and_a_notice_ending_soon_is_listed(
        db, app, client, make_user, proposed_notice):
    office = office_client(app, make_user)
    notice, apps = proposed_notice.notice, proposed_notice.apps
    assert object_to(client, notice, apps["A"]).status_code == 302
    receipt = receipt_of(client.get("/submissions/filed"))
    submission = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == receipt))
    lines = todo(office)
    tone, text, link = lines[f"submission-{submission.id}"]
    assert (tone, link) == ("decide", f"/submissions/{submission.id}")
    assert re.fullmatch(f"新的异议，回执号{receipt}，\\d+月\\d+日提交", text)  # the day it was filed
    # the proposed-winner notice ends tomorrow (2026-11-27): its objections are due then (Art. 22)
    tone, text, link = lines[f"notice-ending-{notice.id}"]
    assert (tone, link) == ("soon", f"/notices/{notice.id}") and "11月27日" in text
    assert office.get(link).status_code == 200 and office.get(f"/submissions/{submission.id}").status_code == 200
    decide(office, submission, ("acknowledged", ""))
    assert f"submission-{submission.id}" not in todo(office)


def test_art33_an_avoidance_request_waits_for_the_decision(db, app, make_user, make_cycle, make_application,
                                                          make_org):
    office = office_client(app, make_user)
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    applicant = make_application(cycle, make_org("本钢板材示例"), status=ApplicationStatus.ACCEPTED).organization
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    office.post("/graph/declarations/requests", data=request_form(person, applicant))
    tone, text, link = todo(office)["avoidance-requests"]
    assert (tone, text, link) == ("decide", "1项回避申请待决定（第三十三条）", "/graph/declarations?status=pending")
    declaration = db.session.scalar(select(ConflictDeclaration))
    office.post(f"/graph/declarations/{declaration.id}/decide", data={"accept": "y", "note": "理由属实"})
    assert "avoidance-requests" not in todo(office)


def test_art16_applications_awaiting_acceptance_are_listed_in_the_acceptance_stage(db, app, make_user, make_cycle,
                                                                                    make_application, make_org):
    office = office_client(app, make_user)
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    for name in ("甲钢铁有限公司", "乙药业有限公司"):
        make_application(cycle, make_org(name))
    tone, text, link = todo(office)[f"acceptance-{cycle.id}"]
    assert (tone, link) == ("decide", f"/cycles/{cycle.id}#applications")
    assert text == f"{cycle.name}：2份申报待作出受理决定（第十六条）"


def test_a_failed_notification_is_urgent_and_links_to_the_outbox(db, app, make_user):
    office = office_client(app, make_user)
    db.session.add(OutboxMessage(channel=Channel.EMAIL, address="nobody@example.cn", subject="s", body_text="b",
                                 kind="panel_member_added", status=OutboxStatus.FAILED))
    db.session.commit()
    assert todo(office)["failed-notifications"] == ("urgent", "1条通知发送失败：请核对地址",
                                                    "/notifications/outbox?status=failed")


def test_art18_overdue_sheets_and_a_late_conflict_come_first(db, app, make_user, doc_panel, today):
    office = office_client(app, make_user)
    cycle = doc_panel.cycle
    cycle.sheets_due_on = date(2026, 11, 20)
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=doc_panel.experts[1].person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    lines = todo(office)
    keys = list(lines)
    assert keys[:2] == [f"late-conflicts-{cycle.id}", f"overdue-sheets-{cycle.id}"]
    assert lines[keys[0]][2] == f"/panels/cycles/{cycle.id}/document_review#late-conflicts"
    # the expert in conflict no longer has the sheet to do: two of the three are overdue
    assert lines[keys[1]] == ("urgent", f"{cycle.name}：2位专家未提交资料评审评分表（截止11月20日）",
                              f"/reviews/cycles/{cycle.id}")
    assert all(tone == "stage" for tone, _text, _link in list(lines.values())[2:])
    today(date(2026, 11, 19))  # before the due date, nothing is overdue
    assert f"overdue-sheets-{cycle.id}" not in todo(office)


def test_the_list_is_the_offices_alone(db, app, make_user, doc_panel):
    expert = doc_panel.client("member1")
    assert 'id="todo"' not in expert.get("/").get_data(as_text=True)
    make_user("member", Role.LEADING_GROUP)
    member = app.test_client()
    member.post("/auth/login", data={"username": "member", "password": PASSWORD})
    assert 'id="todo"' not in member.get("/").get_data(as_text=True)


def test_the_home_page_asks_the_same_number_of_queries_however_many_submissions_wait(
        db, app, client, make_user, proposed_notice):
    office = office_client(app, make_user)
    notice, apps = proposed_notice.notice, proposed_notice.apps

    def queries_for_home() -> int:
        with counting_queries(db) as counted:
            office.get("/")
        return len(counted)

    object_to(client, notice, apps["A"])
    queries_for_home()  # the first visit counts the possible conflicts; later ones reuse the count
    one = queries_for_home()
    for key in ("B", "C"):
        object_to(app.test_client(), notice, apps[key])
    assert len([key for key in todo(office) if key.startswith("submission-")]) == 3
    assert queries_for_home() == one


def test_art33_a_possible_conflict_waits_until_the_office_confirms_or_dismisses_it(
        db, app, make_user, make_cycle, make_org, make_application):
    office = office_client(app, make_user)
    user = make_user("lizj", Role.EXPERT, display_name="李专家")
    expert = db.session.scalar(select(Person).where(Person.user_id == user.id))
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    parent = make_org("本钢集团有限公司")
    application = make_application(cycle, make_org("本钢板材股份有限公司"))
    relate(db, RelationType.SUBSIDIARY_OF, from_org_id=application.organization_id, to_org_id=parent.id)
    typed = Organization(name="本钢集团", kind=OrgKind.OTHER)  # what the expert typed as employer
    db.session.add(typed)
    db.session.commit()
    relate(db, RelationType.EMPLOYED_BY, from_person_id=expert.id, to_org_id=typed.id, start_date=date(2019, 5, 1))
    tone, text, link = todo(office)[f"possible-conflicts-{cycle.id}"]
    assert (tone, link) == ("decide", "/duplicates/#possible-conflicts") and "1处可能的利害关系" in text
    assert todo(office)[f"possible-conflicts-{cycle.id}"][1] == text  # the count kept, the same
    office.post("/duplicates/confirm", data={"key": f"possible:{cycle.id}:{expert.id}:{typed.id}:{parent.id}"})
    assert f"possible-conflicts-{cycle.id}" not in todo(office)  # now a proven conflict, no longer a possible one

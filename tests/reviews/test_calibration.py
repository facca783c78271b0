"""Reviewer calibration for the office (Art. 8(3), 8(5), 17): each expert's deviation from the panels' consensus per
item, per cycle and across cycles, with the leaning shown where panels are formed; excluded sheets (Art. 33) never
count."""
import re
from datetime import date

from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import (
    ApplicationStatus,
    Expert,
    ExpertStatus,
    PanelReport,
    PanelStage,
    Person,
    Relation,
    RelationSource,
    RelationType,
    ReportStatus,
    Role,
    Stage,
)
from reviewapp.models.base import utcnow
from reviewapp.reviews.evaluation.queries import leanings_by_expert
from tests.conftest import counting_queries
from tests.reviews.worlds import ITEMS, seat_panel, submit_sheet, uniform

DOC = PanelStage.DOCUMENT_REVIEW
URL = "/reviews/calibration"


def submit_report(db, application, panel, consensus, stage=DOC, status=ReportStatus.SUBMITTED):
    db.session.add(PanelReport(application_id=application.id, panel_id=panel.id, stage=stage, consensus=consensus,
                               status=status, submitted_at=utcnow() if status is ReportStatus.SUBMITTED else None))
    db.session.commit()


def scored(db, setup, values=(60, 70, 65), consensus=65):
    for expert, value in zip(setup.experts, values):
        submit_sheet(db, setup.application, expert, DOC, uniform(value))
    submit_report(db, setup.application, setup.panel, uniform(consensus))


def overall(page: str) -> dict[int, str]:
    """expert id -> the overall mean deviation as the page shows it."""
    return {int(expert): mean for expert, mean in re.findall(r'<tr data-expert="(\d+)" data-mean="([^"]+)"', page)}


def leaning_of(page: str, expert) -> str:
    row = page[page.index(f'data-expert="{expert.id}"'):]
    return re.search(r'data-leaning="(\w+)"', row).group(1)


def test_art17_calibration_is_each_experts_mean_deviation_from_the_panel_consensus(db, doc_panel, office, client):
    scored(db, doc_panel)  # 60, 70, 65 on every item; consensus 65
    page = client.get(URL).get_data(as_text=True)
    leader, member1, member2 = doc_panel.experts
    assert overall(page) == {leader.id: "-5.0", member1.id: "5.0", member2.id: "0.0"}
    assert f'data-expert="{leader.id}" data-mean="-5.0" data-spread="0.0" data-items="{len(ITEMS)}"' in page
    assert (leaning_of(page, leader), leaning_of(page, member1), leaning_of(page, member2)) == \
        ("severe", "lenient", "in_line")
    assert f'<tr data-cycle="{doc_panel.cycle.id}" data-mean="5.0">' in page  # the per-cycle breakdown
    assert "+5.0" in page and "-5.0" in page and 'id="calibration-explanation"' in page


def test_art17_calibration_is_sortable_by_mean_deviation(db, doc_panel, office, client):
    scored(db, doc_panel)
    leader, member1, member2 = doc_panel.experts
    assert list(overall(client.get(URL).get_data(as_text=True))) == [member1.id, member2.id, leader.id]
    assert list(overall(client.get(f"{URL}?sort=mean").get_data(as_text=True))) == [leader.id, member2.id,
                                                                                     member1.id]


def test_art18_only_submitted_reports_and_sheets_are_compared(db, doc_panel, office, client):
    submit_sheet(db, doc_panel.application, doc_panel.experts[0], DOC, uniform(60))
    submit_report(db, doc_panel.application, doc_panel.panel, uniform(65), status=ReportStatus.DRAFT)
    assert overall(client.get(URL).get_data(as_text=True)) == {}
    report = db.session.scalar(select(PanelReport))
    report.status, report.submitted_at = ReportStatus.SUBMITTED, utcnow()
    db.session.commit()
    assert overall(client.get(URL).get_data(as_text=True)) == {doc_panel.experts[0].id: "-5.0"}


def test_art33_a_late_conflict_keeps_the_members_sheet_out_of_the_calibration(db, doc_panel, office, client):
    scored(db, doc_panel, values=(60, 100, 70))
    conflicted = doc_panel.experts[1]
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=conflicted.person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    assert overall(client.get(URL).get_data(as_text=True)) == {doc_panel.experts[0].id: "-5.0",
                                                               doc_panel.experts[2].id: "5.0"}
    assert conflicted.id not in leanings_by_expert()


def test_art33_a_disqualified_experts_sheet_does_not_count(db, doc_panel, office, client):
    scored(db, doc_panel)
    doc_panel.experts[1].status = ExpertStatus.DISQUALIFIED
    db.session.commit()
    assert doc_panel.experts[1].id not in overall(client.get(URL).get_data(as_text=True))


def test_art17_a_sheet_from_an_expert_no_longer_on_the_panel_does_not_count(db, doc_panel, office, client):
    scored(db, doc_panel)
    member = next(m for m in doc_panel.panel.members if m.expert_id == doc_panel.experts[2].id)
    db.session.delete(member)
    db.session.commit()
    assert set(overall(client.get(URL).get_data(as_text=True))) == {e.id for e in doc_panel.experts[:2]}


def test_art17_calibration_spans_cycles_and_filters_by_cycle(db, doc_panel, office, client, make_cycle,
                                                             make_application, make_org):
    scored(db, doc_panel)  # the leader: -5 on every item
    earlier = make_cycle(name="第九届本溪市市长质量奖", stage=Stage.CLOSED, reference_date=date(2025, 6, 30))
    application = make_application(earlier, make_org("本溪钢铁示例有限公司"), status=ApplicationStatus.ACCEPTED)
    panel = seat_panel(db, earlier, DOC, "第一评审组", doc_panel.experts, [application])
    submit_sheet(db, application, doc_panel.experts[0], DOC, uniform(80))
    submit_report(db, application, panel, uniform(70))  # +10 on every item
    leader = doc_panel.experts[0].id
    page = client.get(URL).get_data(as_text=True)
    assert overall(page)[leader] == "2.5"  # every item of both cycles together
    assert f'<tr data-cycle="{earlier.id}" data-mean="10.0">' in page
    row = page[page.index(f'<tr data-expert="{leader}"'):]
    assert row.index(f'data-cycle="{earlier.id}"') < row.index(f'data-cycle="{doc_panel.cycle.id}"')  # oldest first
    assert leanings_by_expert()[leader].leaning == "in_line"
    filtered = client.get(f"{URL}?cycle={earlier.id}").get_data(as_text=True)
    assert overall(filtered) == {leader: "10.0"} and f'<option value="{earlier.id}" selected>' in filtered
    assert client.get(f"{URL}?cycle=9999").status_code == 404


def test_art8_calibration_is_for_the_office_only(db, doc_panel, client):
    response = client.get(URL)
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    assert doc_panel.leader().get(URL).status_code == 403


def _second_panel(db, doc_panel, make_user, make_application, make_org, values):
    application = make_application(doc_panel.cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for index in range(len(values)):
        user = make_user(f"other{index}", Role.EXPERT, display_name=f"专家{index}")
        experts.append(db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id)))
    panel = seat_panel(db, doc_panel.cycle, DOC, "第二评审组", experts, [application])
    for expert, value in zip(experts, values):
        submit_sheet(db, application, expert, DOC, uniform(value))
    submit_report(db, application, panel, uniform(65))


def test_calibration_page_queries_do_not_grow_with_experts_and_sheets(db, doc_panel, office, client, make_user,
                                                                      make_application, make_org):
    scored(db, doc_panel)
    # The first request after graph writes brings the conflict engine up to date (a build, or the changes since
    # its version: a different number of queries); counted is the page with an engine already current.
    assert client.get(URL).status_code == 200
    with counting_queries(db) as few:
        assert client.get(URL).status_code == 200
    _second_panel(db, doc_panel, make_user, make_application, make_org, (50, 55, 60, 75))
    assert client.get(URL).status_code == 200
    with counting_queries(db) as more:
        page = client.get(URL).get_data(as_text=True)
    assert len(overall(page)) == 7
    assert len(more) == len(few) <= 20


def test_art17_the_panels_page_shows_lenient_and_severe_experts(db, doc_panel, office, client):
    scored(db, doc_panel)
    page = client.get(f"/panels/cycles/{doc_panel.cycle.id}/document_review").get_data(as_text=True)
    assert page.count('data-leaning="lenient"') == 1 and page.count('data-leaning="severe"') == 1
    assert 'data-leaning="in_line"' not in page
    assert "+5.0" in page  # the mean deviation in the tooltip


def test_the_expert_pool_links_to_the_calibration(db, office, client):
    assert 'href="/reviews/calibration"' in client.get("/experts/").get_data(as_text=True)

"""The pages an expert lives in (their assignments on the home page, the score sheet) issue a bounded number of
SQL queries however many applicants they review: the count with six applicants equals the count with one. And a
small one: the user with their roles, the expert, the seats with panels, cycles and applicants (one joined query),
the declarations, the graph version (the conflict engine comes from the process's cache), sheets and reports."""

from reviewapp.models import ApplicationStatus, PanelApplicant, PanelStage, Relation, RelationSource, RelationType
from tests.conftest import counting_queries
from tests.reviews.worlds import submit_sheet, uniform

HOME_QUERIES, SHEET_QUERIES = 3, 3  # issue #8: measured 15 and 12 before the joins and the engine cache; issue 17:
# the home adds one query for the expert's past sheets (tests/experts/test_history.py: the same for 1 or 3); issue
# 19: the home's 9 became 5 (the user, every cycle with the declaration signed or not, the expert with their seats,
# applicants, sheet and report statuses in one joined query, the graph version, the past sheets), the sheet's 8
# became 5 (the user, the application with its cycle, organization and files, the seat with its expert and the
# signature, the graph version, the sheet); then 4 and 4: the graph version comes with the user (sessions.load_user);
# then 3 and 3: the cycles and the past sheets in one statement (panels.queries.cycles_of_user), the seat and the
# expert's sheet in one (panels.queries.expert_seat_and_sheet)


def add_applicants(db, setup, make_application, make_org, n):
    for index in range(n):
        application = make_application(setup.cycle, make_org(f"本溪示例{index}号有限公司"),
                                       status=ApplicationStatus.ACCEPTED)
        db.session.add(PanelApplicant(panel_id=setup.panel.id, application_id=application.id,
                                      stage=PanelStage.DOCUMENT_REVIEW))
        submit_sheet(db, application, setup.experts[0], PanelStage.DOCUMENT_REVIEW, uniform(60))
    db.session.commit()


def count(db, client, url):
    client.get(url)  # warm up what is cached per process (the standard's table)
    with counting_queries(db) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_experts_assignments_cost_the_same_queries_for_one_or_many_applicants(db, doc_panel, make_application,
                                                                                  make_org):
    leader = doc_panel.leader()
    one = count(db, leader, "/")
    add_applicants(db, doc_panel, make_application, make_org, 5)
    many = count(db, leader, "/")
    page = leader.get("/").get_data(as_text=True)
    assert page.count('class="score-link"') == 6 and page.count('class="consolidate-link"') == 6
    assert many == one, (one, many)
    assert one == HOME_QUERIES


def test_the_score_sheet_costs_the_same_queries_for_one_or_many_applicants(db, doc_panel, make_application, make_org):
    member = doc_panel.client("member1")
    url = f"/reviews/{doc_panel.application.id}/document_review"
    one = count(db, member, url)
    add_applicants(db, doc_panel, make_application, make_org, 5)
    many = count(db, member, url)
    assert many == one, (one, many)
    assert one == SHEET_QUERIES


def test_art33_a_late_conflict_hides_the_applicant_from_the_home_and_the_sheet_at_the_very_next_request(db, doc_panel):
    """Issue 19 made both pages cheaper without caching what they show: a conflict recorded between two requests
    (the engine of the earlier ones is warm in the process's cache) is applied by the next one."""
    member, application = doc_panel.client("member1"), doc_panel.application
    url, name = f"/reviews/{application.id}/document_review", application.organization.name
    assert name in member.get("/").get_data(as_text=True)
    assert member.get(url).status_code == 200
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=doc_panel.experts[1].person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    home = member.get("/").get_data(as_text=True)
    assert name not in home and "recused-note" in home
    assert member.get(url).status_code == 404

"""The leading group's review of the candidate list (Art. 20, 21): the group reads the ranking with the panels'
findings, blinded (applicants by code) until the office records the group's decision; the decision is checked
against the same rules as the office's proposal (Art. 4, 12), every departure carries its reason, and it is
recorded once."""
import re
from datetime import date

from sqlalchemy import func, select

from reviewapp.leading.queries import approved_list, decision_of
from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    AwardRecord,
    GroupDecision,
    ListChange,
    ListChangeSource,
    Panel,
    PanelReport,
    Role,
    Stage,
    User,
)
from reviewapp.permissions import is_blinded
from tests.conftest import audit_actions, counting_queries
from tests.leading.worlds import DOC, MEETING, NAMES, ONSITE, decide, nothing_written
from tests.reviews.worlds import submitted_report, uniform


def page_of(client, cycle) -> str:
    response = client.get(f"/leading/cycles/{cycle.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def codes_in(html: str) -> list[str]:
    """The blinded codes in the order they appear ("Candidate A" until translated as 候选A)."""
    return re.findall(r"(?:Candidate |候选)([A-Z]+)</td>", html)


def onsite_report(db, application) -> PanelReport:
    return db.session.scalar(select(PanelReport).where(PanelReport.application_id == application.id,
                                                       PanelReport.stage == ONSITE))


def test_art20_the_group_sees_the_ranking_blinded_by_code(db, proposed, member):
    cycle, apps = proposed
    page = page_of(member, cycle)
    assert 'id="blinded-notice"' in page
    assert not [name for name in NAMES.values() if name in page]
    assert not [a.number for a in apps.values() if a.number in page]
    assert "data-application" not in page and "/reviews/reports/" not in page
    onsite, document = page.split('id="ranking-onsite"')[1].split('id="ranking-document"')
    assert codes_in(onsite) == ["A", "B", "C"] and codes_in(document.split('id="profiles"')[0]) == ["D"]
    assert "870.00" in onsite and "630.00" in onsite  # the scores speak
    titles = re.findall(r"<title>([^<]*)</title>", page.split('id="profiles"')[1])
    assert titles and not [t for t in titles if any(name in t for name in NAMES.values())]
    # the reports name the applicant: not for the group while blinded
    assert member.get(f"/reviews/reports/{onsite_report(db, apps['A']).id}").status_code == 404


def test_art20_the_office_sees_names_while_the_group_is_blinded(db, proposed, office, client):
    cycle, apps = proposed
    page = page_of(client, cycle)
    assert all(name in page for name in NAMES.values()) and apps["A"].number in page
    assert 'id="office-blind-notice"' in page and 'id="blinded-notice"' not in page
    assert f"/reviews/reports/{onsite_report(db, apps['A']).id}" in page
    assert f"/leading/cycles/{cycle.id}/decision" in page


def test_art20_without_blinding_the_group_sees_names_at_once(db, proposed, member):
    cycle, _ = proposed
    cycle.settings = {**cycle.settings, "blind_group_review": 0}
    db.session.commit()
    page = page_of(member, cycle)
    assert all(name in page for name in NAMES.values()) and 'id="blinded-notice"' not in page


def test_art20_recording_the_decision_unblinds_the_group_and_is_audited(db, proposed, office, client, member):
    cycle, apps = proposed
    page = decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"}).get_data(as_text=True)
    assert "alert-success" in page
    decision = db.session.scalar(select(GroupDecision))
    assert decision.cycle_id == cycle.id and decision.meeting_reference == MEETING
    assert decision.decided_on == date(2026, 11, 25)
    assert db.session.scalar(select(func.count()).select_from(ListChange)) == 0  # as proposed: no departure
    assert audit_actions(db)[-2:] == ["group_decision_recorded", "ranking_unblinded"]
    page = page_of(member, cycle)
    assert all(name in page for name in NAMES.values()) and 'id="blinded-notice"' not in page
    report = onsite_report(db, apps["A"])
    assert f"/reviews/reports/{report.id}" in page
    assert NAMES["A"] in member.get(f"/reviews/reports/{report.id}").get_data(as_text=True)


def test_art20_no_unblinding_entry_when_the_cycle_did_not_blind(db, proposed, office, client):
    cycle, apps = proposed
    cycle.settings = {**cycle.settings, "blind_group_review": 0}
    db.session.commit()
    decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"})
    actions = audit_actions(db)
    assert "group_decision_recorded" in actions and "ranking_unblinded" not in actions


def test_art20_a_departure_from_the_proposal_needs_the_groups_reason(db, proposed, office, client):
    cycle, apps = proposed
    levels = {apps["A"]: "award", apps["B"]: "", apps["C"]: "nomination"}
    page = decide(client, cycle, levels, {apps["C"]: "现场评审发现改进显著"}).get_data(as_text=True)
    assert "alert-danger" in page and NAMES["B"] in page and nothing_written(db)
    reasons = {apps["B"]: "审议认为质量损失率偏高", apps["C"]: "现场评审发现改进显著"}
    assert "alert-success" in decide(client, cycle, levels, reasons).get_data(as_text=True)
    changes = {c.application_id: c for c in db.session.scalars(select(ListChange))}
    assert {key: (c.from_level, c.to_level, c.source) for key, c in changes.items()} == {
        apps["B"].id: (AwardKind.NOMINATION, None, ListChangeSource.GROUP),
        apps["C"].id: (None, AwardKind.NOMINATION, ListChangeSource.GROUP)}
    assert changes[apps["B"].id].reason == "审议认为质量损失率偏高"


def test_art4_the_approved_list_keeps_to_the_quota_and_nothing_is_written(db, proposed, office, client):
    cycle, apps = proposed
    cycle.award_quota = 1
    db.session.commit()
    page = decide(client, cycle, {apps["A"]: "award", apps["B"]: "award"}, {apps["B"]: "审议决定"}).get_data(
        as_text=True)
    assert "alert-danger" in page and nothing_written(db)


def test_art20_without_a_minimum_the_group_may_approve_a_low_score(db, proposed, office, client):
    cycle, apps = proposed
    levels = {apps["A"]: "award", apps["B"]: "nomination", apps["C"]: "award"}  # C: 535, the text sets no minimum
    page = decide(client, cycle, levels, {apps["C"]: "审议决定"}).get_data(as_text=True)
    assert "alert-success" in page
    assert {e.application_id: e.level for e in approved_list(cycle)}[apps["C"].id] is AwardKind.AWARD


def test_art19_art20_an_applicant_not_sent_on_site_is_not_on_the_approved_list(db, proposed, office, client):
    cycle, apps = proposed
    form = client.get(f"/leading/cycles/{cycle.id}/decision").get_data(as_text=True)
    assert f'name="level-{apps["A"].id}"' in form and f'name="level-{apps["D"].id}"' not in form
    levels = {apps["A"]: "award", apps["B"]: "nomination", apps["D"]: "nomination"}  # forged: D is not offered
    assert "alert-success" in decide(client, cycle, levels, {apps["D"]: "审议决定"}).get_data(as_text=True)
    assert apps["D"].id not in {e.application_id for e in approved_list(cycle)}


def test_art12_a_past_nominee_is_not_given_the_nomination_again(db, proposed, office, client):
    cycle, apps = proposed
    db.session.add(AwardRecord(organization_id=apps["B"].organization_id, kind=AwardKind.NOMINATION,
                               awarded_on=date(2022, 12, 1), cycle_name="第六届"))
    db.session.commit()
    page = decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"}).get_data(as_text=True)
    assert "alert-danger" in page and NAMES["B"] in page and nothing_written(db)


def test_art12_a_repeat_winner_approved_takes_no_quota_place(db, proposed, office, client):
    cycle, apps = proposed
    cycle.award_quota = 1
    db.session.add(AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.AWARD,
                               awarded_on=date(2019, 12, 1), cycle_name="第三届"))
    db.session.commit()
    page = decide(client, cycle, {apps["A"]: "award", apps["B"]: "award"}, {apps["B"]: "审议决定"})
    assert "alert-success" in page.get_data(as_text=True)
    entries = {e.application_id: (e.level, e.repeat_winner) for e in approved_list(cycle)}
    assert entries == {apps["A"].id: (AwardKind.AWARD, True), apps["B"].id: (AwardKind.AWARD, False)}


def test_art21_the_decision_is_recorded_once(db, proposed, office, client):
    cycle, apps = proposed
    decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"})
    page = decide(client, cycle, {apps["A"]: "award"}, {apps["B"]: "再议"}, meeting="第4次会议").get_data(as_text=True)
    assert "alert-danger" in page and 'id="decision-exists"' in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(GroupDecision)) == 1
    assert db.session.scalar(select(GroupDecision.meeting_reference)) == MEETING
    assert audit_actions(db).count("group_decision_recorded") == 1


def test_art20_the_decision_is_recorded_during_the_comprehensive_evaluation_only(db, proposed, office, client):
    cycle, apps = proposed
    cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    page = decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"}).get_data(as_text=True)
    assert "alert-danger" in page and nothing_written(db)


def test_art20_the_decision_date_is_a_day_that_has_come(db, proposed, office, client):
    cycle, apps = proposed
    levels = {apps["A"]: "award", apps["B"]: "nomination"}
    assert "alert-danger" in decide(client, cycle, levels, decided_on="2026-11-27").get_data(as_text=True)
    assert "alert-danger" in decide(client, cycle, levels, decided_on="2026-11-19").get_data(as_text=True)
    assert nothing_written(db)


def test_art20_nothing_for_the_group_before_the_candidate_list(db, evaluated, office, client, member):
    cycle, apps = evaluated
    assert member.get(f"/leading/cycles/{cycle.id}").status_code == 404
    assert cycle.name not in member.get("/leading/").get_data(as_text=True)
    assert client.get(f"/leading/cycles/{cycle.id}/decision").status_code == 404
    assert client.post(f"/leading/cycles/{cycle.id}/decision", data={"submit": "y"}).status_code == 404
    assert nothing_written(db)


def test_art20_the_group_and_the_office_find_the_proposed_cycles(db, proposed, member, make_cycle):
    cycle, _ = proposed
    make_cycle("第九届本溪市市长质量奖", stage=Stage.COMPREHENSIVE_EVALUATION, reference_date=date(2024, 3, 1))
    home = member.get("/").get_data(as_text=True)
    assert 'href="/leading/"' in home
    page = member.get("/leading/").get_data(as_text=True)
    assert cycle.name in page and "第九届" not in page and "blinded-badge" in page


def test_the_group_cannot_record_the_decision_and_experts_see_nothing(db, proposed, member, login):
    cycle, apps = proposed
    assert decide(member, cycle, {apps["A"]: "award", apps["B"]: "nomination"}).status_code == 403
    assert nothing_written(db)
    expert = login("expert1", Role.EXPERT)
    for url in ("/leading/", f"/leading/cycles/{cycle.id}", f"/leading/cycles/{cycle.id}/decision",
                f"/leading/cycles/{cycle.id}/decision/print"):
        assert expert.get(url).status_code == 403, url


def test_art21_the_decision_prints_with_its_changes_and_as_pdf(db, proposed, office, client, member):
    cycle, apps = proposed
    assert member.get(f"/leading/cycles/{cycle.id}/decision/print").status_code == 404  # not decided yet
    decide(client, cycle, {apps["A"]: "award", apps["B"]: ""}, {apps["B"]: "审议认为质量损失率偏高"},
           note="全体成员一致同意")
    page = member.get(f"/leading/cycles/{cycle.id}/decision/print").get_data(as_text=True)
    assert MEETING in page and NAMES["A"] in page and "审议认为质量损失率偏高" in page and "全体成员一致同意" in page
    assert page.index(NAMES["A"]) < page.index(NAMES["B"])  # the list, then the changes
    pdf = member.get(f"/leading/cycles/{cycle.id}/decision/print?format=pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert audit_actions(db)[-1] == "report_pdf_downloaded"


def test_art21_queries_expose_the_decision_and_the_approved_list(db, proposed, office, client, member):
    cycle, apps = proposed
    group_user = db.session.scalar(select(User).where(User.username == "member"))
    assert decision_of(cycle) is None and is_blinded(cycle, group_user) and not is_blinded(cycle, office)
    levels = {apps["C"]: "nomination", apps["B"]: "nomination", apps["A"]: "award"}
    decide(client, cycle, levels, {apps["C"]: "审议决定"})
    assert decision_of(cycle).meeting_reference == MEETING and not is_blinded(cycle, group_user)
    assert [(e.application_id, e.level) for e in approved_list(cycle)] == [
        (apps["A"].id, AwardKind.AWARD), (apps["B"].id, AwardKind.NOMINATION), (apps["C"].id, AwardKind.NOMINATION)]


def test_the_groups_page_costs_the_same_queries_for_few_or_many_applicants(db, proposed, member, make_application,
                                                                          make_org):
    cycle, apps = proposed

    def count():
        url = f"/leading/cycles/{cycle.id}"
        member.get(url)  # warm up what is cached per process (the standard's table)
        with counting_queries(db) as statements:
            assert member.get(url).status_code == 200
        return len(statements)

    few = count()
    doc_panel = db.session.scalar(select(Panel).where(Panel.stage == DOC))
    onsite_panel = db.session.scalar(select(Panel).where(Panel.stage == ONSITE))
    for index in range(4):
        application = make_application(cycle, make_org(f"本溪示例{index}号有限公司"), status=ApplicationStatus.ACCEPTED)
        application.goes_onsite = True
        submitted_report(db, application, doc_panel, DOC, uniform(60))
        submitted_report(db, application, onsite_panel, ONSITE, uniform(60))
    assert count() == few


def english(client) -> None:
    client.post("/auth/language", data={"locale": "en", "next": "/"})


def history_cells(html: str, table_id: str) -> list[str]:
    """The award-history column of a table, row by row (the column headed "Award history (Art. 12)")."""
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    head = re.findall(r"<th>(.*?)</th>", table.split("</thead>")[0])
    column = head.index("Award history (Art. 12)")
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[column].strip() for row in rows]


def test_art12_the_candidate_list_shows_the_same_award_history_as_the_ranking(db, proposed, office, client,
                                                                               member):
    """A past nomination winner proposed for the award: the candidate list says so, as the ranking below does,
    wherever the applicant is named, and where the office chose to show the blinded group (issue 13 item 7; by
    default the blinded group sees counts only: tests/leading/test_blinded_award_history.py)."""
    cycle, apps = proposed
    db.session.add(AwardRecord(organization_id=apps["A"].organization_id, kind=AwardKind.NOMINATION,
                               awarded_on=date(2022, 12, 1), cycle_name="第六届"))
    db.session.commit()
    assert client.post(f"/leading/cycles/{cycle.id}/award-history", data={"reason": "核对名额"}).status_code == 302
    for reader in (client, member):  # the office sees names, the group codes
        english(reader)
        page = page_of(reader, cycle)
        candidates, ranking = history_cells(page, "candidate-list"), history_cells(page, "ranking-onsite")
        assert candidates[0] == ranking[0]
        assert candidates[0].startswith("past nominee: not again for the nomination")
        # Art. 25, 12: and what each level would pay it, from the rule the ledger uses (domain/money.award_money)
        assert "the difference of 100,000 yuan (Art. 25)" in candidates[0]
        assert candidates[1] == ranking[1] == "—"

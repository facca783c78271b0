"""Issue #8 "Concurrency", the fast part (the gunicorn load test is bench/load.py, not run by pytest): two people
saving the same record from the same version at the same moment — one save wins, the other is refused as stale
with a message, never merged; and a burst of experts saving drafts at once loses no write. In-process through the
test client from threads, on the test database (a SQLite file, or the PostgreSQL of TEST_DATABASE_URL). A barrier
on the first write statement of each request makes "at the same moment" deterministic: both requests have read the
record before either writes. The bugs these tests found are fixed (bench/README.md tells them)."""
import html
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import event, func, select

from reviewapp.models import (
    ApplicationStatus,
    AuditEntry,
    Expert,
    ImpartialityDeclaration,
    Organization,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelReport,
    PanelStage,
    Person,
    Role,
    ScoreSheet,
    SheetStatus,
    Stage,
)
from tests.conftest import PASSWORD, version_in
from tests.reviews.worlds import ITEMS

SHEET_STALE = ("A newer version of this sheet was saved (from another tab or device, or the office reopened it). "
               "Nothing was saved here: what you typed stays in the fields, and the saved version is shown under each "
               "item that differs. Choose, then save the draft.")
REPORT_STALE = ("This report was saved from another tab or device after you opened it. Nothing was saved here: "
                "reload the page to see the latest version, then make your change again.")
PANEL_STALE = "Someone else changed this panel meanwhile. Look at it again and repeat your change."
SAVED_AT_ONCE = ("Someone else saved this record at the same time. Nothing was saved here: the page shows the record "
                 "as it is now; make your change again.")


def shows(app, page: str, message: str) -> bool:
    """The page carries the message, in English or in its Chinese translation (the users' locale)."""
    with app.test_request_context(), force_locale("zh"):
        translated = gettext(message)
    text = html.unescape(page)
    return message in text or translated in text


@contextmanager
def meeting_before(db, prefix: str, parties: int = 2):
    """Hold each thread's first statement starting with `prefix` until `parties` threads have reached theirs: every
    request has then read the record at the same version, and they write at the same moment."""
    barrier, seen = threading.Barrier(parties, timeout=15), threading.local()

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(prefix) and not getattr(seen, "met", False):
            seen.met = True
            barrier.wait()

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def at_once(*calls):
    """Run the calls in parallel threads; their results in order (an exception in a thread fails the test)."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result(timeout=60) for future in [pool.submit(call) for call in calls]]


def login(app, username: str):
    client = app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def review(db, make_user, make_cycle, make_application, make_org):
    """build(n_experts, n_applicants): one document-review panel per applicant, the experts dealt round the panels
    (the first of each leads), every expert signed; returns (applications, {username: application})."""
    def build(n_experts: int, n_applicants: int):
        cycle = make_cycle(stage=Stage.DOCUMENT_REVIEW)
        applications = [make_application(cycle, make_org(f"本溪并发示例{i}有限公司"), status=ApplicationStatus.ACCEPTED)
                        for i in range(n_applicants)]
        panels = [Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name=f"第{i + 1}评审组")
                  for i in range(n_applicants)]
        db.session.add_all(panels)
        db.session.flush()
        for panel, application in zip(panels, applications):
            db.session.add(PanelApplicant(panel_id=panel.id, application_id=application.id,
                                          stage=PanelStage.DOCUMENT_REVIEW))
        seats = {}
        for i in range(n_experts):
            user = make_user(f"expert{i}", Role.EXPERT, display_name=f"专家{i}")
            expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
            expert.can_lead = True
            db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                                   text_sha256="x" * 64))
            db.session.add(PanelMember(panel_id=panels[i % n_applicants].id, expert_id=expert.id,
                                       is_leader=i < n_applicants))
            seats[user.username] = applications[i % n_applicants]
        db.session.commit()
        return applications, seats
    return build


def sheet_form(percents: dict[str, int], version: int, submit: bool = False) -> dict[str, str]:
    data = {f"pct-{code}": str(value) for code, value in percents.items()}
    data.update({"version": str(version), "submit_sheet" if submit else "save_draft": "y"})
    return data


@pytest.mark.parametrize("saved_before", [False, True], ids=["first-save", "later-save"])
def test_two_tabs_saving_one_sheet_at_once_one_is_refused_as_stale(app, db, review, saved_before):
    """The first save creates the sheet (the second tab's insert meets the unique constraint); a later one moves its
    version (the second tab's update finds it moved). Either way one save wins and the other is refused."""
    (application,), _ = review(1, 1)
    url = f"/reviews/{application.id}/document_review"
    tab1, tab2 = login(app, "expert0"), login(app, "expert0")
    if saved_before:
        tab1.post(url, data=sheet_form({"4.1.2": 5}, version_in(tab1.get(url).get_data(as_text=True))))
    opened_at = version_in(tab1.get(url).get_data(as_text=True))
    values = {tab1: {code: 60 for code in ITEMS}, tab2: {code: 30 for code in ITEMS}}
    with meeting_before(db, "UPDATE SCORE_SHEET" if saved_before else "INSERT INTO SCORE_SHEET"):
        answers = at_once(*[lambda tab=tab: tab.post(url, data=sheet_form(values[tab], opened_at)) for tab in values])
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    winner, loser = (tab1, answers[1]) if answers[0].status_code == 302 else (tab2, answers[0])
    assert shows(app, loser.get_data(as_text=True), SHEET_STALE)
    db.session.expire_all()
    sheet = db.session.scalar(select(ScoreSheet))
    assert sheet.percents == values[winner] and sheet.version == opened_at + 1


@pytest.mark.parametrize("saved_before", [False, True], ids=["first-save", "later-save"])
def test_two_sessions_of_the_leader_saving_the_report_at_once_one_is_refused(app, db, review, saved_before):
    (application,), _ = review(3, 1)
    url = f"/reviews/{application.id}/document_review/report"
    first, second = login(app, "expert0"), login(app, "expert0")
    if saved_before:
        first.post(url, data={"summary": "草稿", "save_draft": "y",
                              "version": str(version_in(first.get(url).get_data(as_text=True)))})
    opened_at = version_in(first.get(url).get_data(as_text=True))
    summaries = {first: "第一台设备的综合评价", second: "第二台设备的综合评价"}
    with meeting_before(db, "UPDATE PANEL_REPORT" if saved_before else "INSERT INTO PANEL_REPORT"):
        answers = at_once(*[lambda c=c, text=text: c.post(url, data={"summary": text, "version": str(opened_at),
                                                                    "save_draft": "y"})
                            for c, text in summaries.items()])
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    winner = first if answers[0].status_code == 302 else second
    loser_page = answers[1 if winner is first else 0].get_data(as_text=True)
    assert shows(app, loser_page, REPORT_STALE)
    db.session.expire_all()
    assert db.session.scalar(select(PanelReport.summary)) == summaries[winner]


def test_two_office_users_changing_one_panel_at_once_one_is_refused(app, db, review, make_user):
    review(3, 1)
    make_user("office1", Role.OFFICE)
    make_user("office2", Role.OFFICE)
    panel = db.session.scalar(select(Panel))
    members = [m for m in panel.members if not m.is_leader]
    office1, office2 = login(app, "office1"), login(app, "office2")
    urls = [f"/panels/{panel.id}/members/{member.id}/lead" for member in members[:2]]
    with meeting_before(db, "UPDATE PANEL SET VERSION"):
        at_once(*[lambda c=c, url=url, version=panel.version: c.post(url, data={"version": version})
                  for c, url in zip((office1, office2), urls)])
    db.session.expire_all()
    leaders = db.session.scalars(select(PanelMember.id).where(PanelMember.is_leader)).all()
    assert len(leaders) == 1 and leaders[0] in {members[0].id, members[1].id}
    pages = [c.get(f"/panels/cycles/{panel.cycle_id}/document_review").get_data(as_text=True)
             for c in (office1, office2)]  # the flash of each redirect
    assert sum(shows(app, page, PANEL_STALE) for page in pages) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "panel_leader_set")) == 1


def test_two_office_users_editing_one_organization_at_once_one_is_refused(app, db, make_user, make_org):
    """The database's version check catches the second save at its flush: nothing of it is written, and the user
    is sent back to the record as it now is, with the message (reviewapp/__init__.py, stale_save)."""
    org = make_org("本溪并发测试有限公司")
    make_user("office1", Role.OFFICE)
    make_user("office2", Role.OFFICE)
    form = {"kind": "enterprise", "credit_code": org.credit_code, "version": str(org.version)}
    office1, office2 = login(app, "office1"), login(app, "office2")
    with meeting_before(db, "UPDATE ORGANIZATION"):
        answers = at_once(*[lambda c=c, name=name: c.post(f"/organizations/{org.id}/edit", data={**form, "name": name})
                            for c, name in ((office1, "第一位的修改"), (office2, "第二位的修改"))])
    assert [answer.status_code for answer in answers] == [302, 302]
    db.session.expire_all()
    assert db.session.get(Organization, org.id).version == 2
    assert db.session.get(Organization, org.id).name in ("第一位的修改", "第二位的修改")
    pages = [client.get(f"/organizations/{org.id}/edit").get_data(as_text=True) for client in (office1, office2)]
    assert sum(shows(app, page, SAVED_AT_ONCE) for page in pages) == 1  # the loser is told, on the fresh page


def test_a_burst_of_experts_saving_drafts_at_once_loses_no_write(app, db, review):
    experts, drafts = 10, 5
    _, seats = review(experts, 2)
    urls = {username: f"/reviews/{application.id}/document_review" for username, application in seats.items()}

    def expert_session(username: str) -> list[dict[str, int]]:
        client, url = login(app, username), urls[username]
        version, sent = version_in(client.get(url).get_data(as_text=True)), []
        for n in range(drafts + 1):
            percents = {code: (5 * (n + i + len(username))) % 105 for i, code in enumerate(ITEMS)}
            answer = client.post(url, data=sheet_form(percents, version, submit=n == drafts))
            assert answer.status_code == 302, answer.status_code
            sent.append(percents)
            version = version_in(client.get(url).get_data(as_text=True))
        return sent

    with ThreadPoolExecutor(experts) as pool:
        sent = dict(zip(seats, pool.map(expert_session, seats, timeout=120)))
    db.session.expire_all()
    sheets = {sheet.expert.person.user.username: sheet for sheet in db.session.scalars(select(ScoreSheet))}
    assert set(sheets) == set(seats)
    for username, sheet in sheets.items():
        assert sheet.status is SheetStatus.SUBMITTED and sheet.percents == sent[username][-1]
        assert sheet.version == 1 + drafts + 1  # every acknowledged save moved the version once
    saved = dict(db.session.execute(select(AuditEntry.action, func.count()).group_by(AuditEntry.action)).all())
    assert saved["score_sheet_saved"] == experts * drafts and saved["score_sheet_submitted"] == experts

"""The demo's register of winners (Art. 27, 29): a sharing event on the public results, a received and an overdue
use-of-funds report on the office's home page, whatever the day of loading; a second load adds nothing."""
from datetime import date

from sqlalchemy import func, select

from reviewapp.demo.applications import PREVIOUS_CYCLE_NAME
from reviewapp.demo.winners import load_winners_register
from reviewapp.models import AwardKind, AwardRecord, Cycle, FundsReport, Role, TitleMisuseReport, WinnerActivity
from tests.demo_data import load_demo


def _counts(db):
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (WinnerActivity, FundsReport,
                                                                             TitleMisuseReport)]


def test_art27_art29_the_demo_winners_have_a_register_with_an_overdue_report(app, db, client, auth, make_user,
                                                                            today):
    today(date(2026, 12, 7))
    load_demo(app)
    counts = _counts(db)
    assert all(counts)
    ninth = db.session.scalar(select(Cycle).where(Cycle.name == PREVIOUS_CYCLE_NAME))
    results = client.get(f"/awards/results/{ninth.id}").get_data(as_text=True)
    assert 'id="sharing-events"' in results and "卓越绩效管理经验分享会" in results
    make_user("office-h8", Role.OFFICE)
    auth.login("office-h8")
    home = client.get("/").get_data(as_text=True)
    assert 'id="todo-funds-' in home and "#funds" in home
    today(date(2030, 1, 1))  # later, the demo's overdue report is still overdue
    assert 'id="todo-funds-' in client.get("/").get_data(as_text=True)
    load_demo(app)
    assert _counts(db) == counts


def test_art29_the_demo_step_alone_leaves_one_report_received_and_the_next_overdue(db, office, client, make_org,
                                                                                   winner):
    nominee = AwardRecord(organization_id=make_org("乙药业有限公司").id, kind=AwardKind.NOMINATION,
                          awarded_on=date(2023, 11, 16), cycle_name="第八届本溪市市长质量奖")
    db.session.add(nominee)
    db.session.commit()
    assert load_winners_register(office) > 0
    received = db.session.scalars(select(FundsReport)).all()
    assert {(r.award_record_id, r.report_year) for r in received} == {(winner.id, 1), (nominee.id, 1)}
    home = client.get("/").get_data(as_text=True)
    assert f'href="/winners/{winner.id}#funds"' in home and f'href="/winners/{nominee.id}#funds"' in home
    assert "/winners/misuse/" in home  # the nominee's misuse report, open 45 days
    counts = _counts(db)
    assert load_winners_register(office) == 0 and _counts(db) == counts

"""Issue 17: the office publishes or withdraws several notices at once; each notice's own rules still apply (its
stage and list, never back-dated, at least the cycle's working days: Art. 16, 21); all or nothing."""
from datetime import date

from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Notice, NoticeKind, Stage
from tests.conftest import audit_actions


def accepted_cycle(make_cycle, make_application, name):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW, name=name)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    return cycle


def notices(db):
    db.session.expire_all()
    return db.session.scalars(select(Notice).order_by(Notice.id)).all()


def test_art16_two_acceptance_notices_are_published_at_once_from_the_prefilled_rows(
        db, office, client, make_cycle, make_application, today):
    today(date(2026, 11, 23))
    first = accepted_cycle(make_cycle, make_application, "第九届")
    second = accepted_cycle(make_cycle, make_application, "第十届")
    page = client.get("/cycles/notices").get_data(as_text=True)
    key = f"{first.id}-acceptance"
    assert f'name="end-{key}" id="end-{key}" value="2026-11-27"' in page and "data-confirm" in page
    assert "notices-many-link" in client.get("/cycles/").get_data(as_text=True)
    form = {name: value for name, value in _fields(page).items()}
    client.post("/cycles/notices/publish", data={**form, "publish": [key, f"{second.id}-acceptance"]})
    published = notices(db)
    assert [(n.cycle_id, n.end_date) for n in published] == [(first.id, date(2026, 11, 27)),
                                                            (second.id, date(2026, 11, 27))]
    assert audit_actions(db).count("notice_published") == 2


def test_art16_a_notice_too_short_refuses_the_whole_batch_and_says_which(db, office, client, make_cycle,
                                                                       make_application, today):
    today(date(2026, 11, 23))
    first = accepted_cycle(make_cycle, make_application, "第九届")
    second = accepted_cycle(make_cycle, make_application, "第十届")
    form = _fields(client.get("/cycles/notices").get_data(as_text=True))
    bad = f"{second.id}-acceptance"
    page = client.post("/cycles/notices/publish", data={**form, f"end-{bad}": "2026-11-24",
                                                        "publish": [f"{first.id}-acceptance", bad]}
                       ).get_data(as_text=True)
    assert notices(db) == []
    row = page.split(f'data-key="{bad}"')[1].split("publish-row")[0]
    assert "row-refusal" in row and 'value="2026-11-24"' in row  # what was typed stays
    client.post("/cycles/notices/publish", data={**form, f"end-{bad}": "not a date", "publish": [bad]})
    client.post("/cycles/notices/publish", data={**form, f"start-{bad}": "2026-11-01", "publish": [bad]})
    client.post("/cycles/notices/publish", data={**form, "publish": []})
    assert notices(db) == []


def test_art16_21_several_notices_are_withdrawn_with_one_reason_unless_one_may_not_be(
        db, office, client, make_cycle, today):
    today(date(2026, 11, 23))
    open_cycle, later = make_cycle(stage=Stage.ACCEPTANCE_REVIEW, name="第九届"), make_cycle(
        stage=Stage.PANELS, name="第十届")
    mine = [Notice(cycle_id=c.id, kind=NoticeKind.ACCEPTANCE, title=f"受理公示{c.name}", body="名单如下。",
                   start_date=date(2026, 11, 23), end_date=date(2026, 11, 27), working_days=5, entries=[])
            for c in (open_cycle, later)]
    db.session.add_all(mine)
    db.session.commit()
    page = client.post("/cycles/notices/withdraw", data={"reason": "名单有误",
                                                         "withdraw": [str(n.id) for n in mine]}).get_data(as_text=True)
    assert not any(n.withdrawn for n in notices(db)) and "row-refusal" in page
    client.post("/cycles/notices/withdraw", data={"reason": "", "withdraw": [str(mine[0].id)]})
    assert not any(n.withdrawn for n in notices(db))
    client.post("/cycles/notices/withdraw", data={"reason": "名单有误",
                                                  "withdraw": [str(mine[0].id)]})
    assert [n.withdrawal_reason for n in notices(db)] == ["名单有误", None]


def _fields(page: str) -> dict:
    import re

    fields = dict(re.findall(r'<input class="form-control form-control-sm"(?: type="date")? name="([^"]+)" '
                             r'id="[^"]+"(?: maxlength="200")? value="([^"]*)"', page))
    fields.update(re.findall(r'<textarea class="form-control form-control-sm mt-1" rows="3" maxlength="20000" '
                             r'name="([^"]+)" id="[^"]+">([^<]*)</textarea>', page))
    return fields

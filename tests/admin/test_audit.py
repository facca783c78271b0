from datetime import timedelta

from sqlalchemy import select, update

from reviewapp import audit
from reviewapp.models import AuditEntry, Role
from reviewapp.models.base import utcnow


def run_verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_events_are_chained_in_order(db, auth, make_user):
    make_user("alice", Role.EXPERT)
    auth.login("alice", "wrong-password")
    auth.login("alice")
    auth.logout()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [e.action for e in entries] == ["user_created", "login_failed", "login", "logout"]
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(entries, entries[1:]))


def test_verify_reports_ok_for_an_intact_chain(app, db, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    result = run_verify(app)
    assert result.exit_code == 0 and "OK" in result.output


def test_verify_finds_a_row_altered_in_the_database(app, db, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    auth.logout()
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(details={"remote_addr": "10.0.0.9"}))
    db.session.commit()
    result = run_verify(app)
    assert result.exit_code != 0
    assert "seq=2" in result.output and "content" in result.output


def test_verify_finds_a_deleted_row(app, db, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    auth.logout()
    db.session.delete(db.session.scalar(select(AuditEntry).where(AuditEntry.seq == 2)))
    db.session.commit()
    assert "seq=2" in run_verify(app).output


def test_verify_finds_the_last_row_deleted(app, db, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    db.session.delete(db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)))
    db.session.commit()
    result = run_verify(app)
    assert result.exit_code != 0 and "truncated" in result.output


def test_an_entry_rolls_back_with_its_transaction(db, make_user):
    make_user("alice", Role.EXPERT)
    audit.record("something", object_type="x", object_id=1)
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "something")) is None
    audit.record("after", object_type="x", object_id=1)
    db.session.commit()
    assert audit.verify_chain() is None


def test_office_reads_the_log_with_filters(db, office, make_user, auth, client, app):
    make_user("alice", Role.EXPERT)
    other = app.test_client()
    other.post("/auth/login", data={"username": "alice", "password": "wrong"})
    page = client.get("/admin/audit?action=login_failed").get_data(as_text=True)
    assert "登录失败" in page and "alice" in page and "创建用户" not in page.split("<table")[1]
    page = client.get("/admin/audit?user=office").get_data(as_text=True)
    assert "登录 (login)" in page
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    page = client.get(f"/admin/audit?date_from={tomorrow}").get_data(as_text=True)
    assert "没有符合条件的记录" in page


def test_audit_log_paginates(db, office, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_PAGE_SIZE", 2)
    for i in range(5):
        audit.record("probe", object_type="x", object_id=i)
    db.session.commit()
    page = client.get("/admin/audit?action=probe&page=2").get_data(as_text=True)
    assert 'class="page-item active"' in page and "x #2" in page and "x #4" not in page


def test_bad_date_range_is_reported_not_a_crash(office, client):
    response = client.get("/admin/audit?date_from=2026-12-01&date_to=2026-11-01")
    assert response.status_code == 200
    assert "截止日期早于起始日期" in response.get_data(as_text=True)
    assert client.get("/admin/audit?date_from=not-a-date&page=x").status_code == 200

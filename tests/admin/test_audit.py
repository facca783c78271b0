import json
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, event, select, update

from config import DEVELOPMENT_AUDIT_KEY, ProductionConfig
from reviewapp import audit, create_app
from reviewapp.domain.audit_chain import GENESIS_HASH, LEGACY, entry_hash
from reviewapp.extensions import db as _db
from reviewapp.models import AuditEntry, AuditHead, Role
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
    assert '<td data-label="操作" data-code="login" class="audit-action">登录</td>' in page  # the name, not the code
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


# --- issue 13, item 3: a keyed chain, anchors, rekeying ----------------------------------------------------------

def recompute_chain(db, key, changed_seq=None, **change):
    """What someone with write access to the database does: change one entry, then recompute every hash and the
    tip with `key` (plain sha256, LEGACY, when he does not hold AUDIT_KEY; or a key of his own); the entries
    before the changed one keep their hashes. Without changed_seq, the whole chain is recomputed."""
    prev = GENESIS_HASH
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if entry.seq < (changed_seq or 1):
            prev = entry.hash
            continue
        if entry.seq == changed_seq:
            for name, value in change.items():
                setattr(entry, name, value)
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(key, prev, entry.seq, entry.at, entry.user_id, entry.action,
                                       entry.object_type, entry.object_id, entry.details)
    db.session.execute(update(AuditHead).values(last_hash=prev))
    db.session.commit()


def a_short_trail(make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    auth.logout()
    auth.login("alice", "wrong-password")  # 4 entries: created, login, logout, failed


def cli(app, *args, **kwargs):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args], **kwargs)


def test_item3_verify_detects_a_chain_recomputed_with_plain_sha256(app, db, make_user, auth):
    """Before AUDIT_KEY, anyone who could write to the database rewrote an entry, recomputed every later hash and
    the tip, and `flask audit verify` reported the chain intact."""
    a_short_trail(make_user, auth)
    recompute_chain(db, LEGACY, changed_seq=2, details={"remote_addr": "10.0.0.9"})

    result = run_verify(app)

    assert result.exit_code != 0
    assert "seq=2" in result.output and "unkeyed" in result.output


def test_item3_verify_detects_a_chain_recomputed_with_a_wrong_key(app, db, make_user, auth):
    a_short_trail(make_user, auth)
    recompute_chain(db, b"a-key-of-his-own-not-the-audit-key", changed_seq=3, action="login")

    result = run_verify(app)

    assert result.exit_code != 0 and "seq=3" in result.output and "content" in result.output


def test_item3_the_chain_is_keyed_by_audit_key_not_by_the_secret_key(app, db, make_user, auth, monkeypatch):
    a_short_trail(make_user, auth)
    monkeypatch.setitem(app.config, "AUDIT_KEY", "another-audit-key-than-the-one-that-wrote")
    assert audit.verify_chain().reason == "content"
    monkeypatch.setitem(app.config, "AUDIT_KEY", app.config["SECRET_KEY"])
    assert audit.verify_chain() is not None


def test_item3_anchor_exports_the_tip_as_json(app, db, make_user, auth, tmp_path):
    a_short_trail(make_user, auth)
    tip = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))

    printed = cli(app, "audit", "anchor")
    written = cli(app, "audit", "anchor", "--output", tmp_path / "anchor.json")
    again = cli(app, "audit", "anchor", "--output", tmp_path / "anchor.json")

    assert printed.exit_code == 0, printed.output
    anchor = json.loads(printed.stdout)
    assert {k: anchor[k] for k in ("format", "version", "seq", "hash")} == \
        {"format": "reviewapp-audit-anchor", "version": 1, "seq": tip.seq, "hash": tip.hash}
    assert datetime.fromisoformat(anchor["at"]).utcoffset() == timedelta(0)
    assert anchor["key_id"] == audit.current_key_id()
    assert written.exit_code == 0 and json.loads((tmp_path / "anchor.json").read_text())["hash"] == tip.hash
    assert again.exit_code != 0 and "exists already" in again.output  # an anchor is kept, never replaced


def test_item3_entries_cut_after_an_anchor_are_detected(app, db, make_user, auth, tmp_path):
    """Deleting the last entries and setting the tip back leaves every remaining hash valid: only the anchor,
    kept outside the database, shows the cut."""
    a_short_trail(make_user, auth)
    (tmp_path / "anchor.json").write_text(cli(app, "audit", "anchor").stdout)
    db.session.execute(delete(AuditEntry).where(AuditEntry.seq >= 3))
    third = db.session.scalar(select(AuditEntry).where(AuditEntry.seq == 2))
    db.session.execute(update(AuditHead).values(seq=2, last_hash=third.hash))
    db.session.commit()

    assert run_verify(app).exit_code == 0  # the key alone cannot tell
    result = cli(app, "audit", "verify", "--anchor", tmp_path / "anchor.json")

    assert result.exit_code != 0 and "seq=3" in result.output and "truncated" in result.output


def test_item3_verify_checks_every_anchor_given(app, db, make_user, auth, tmp_path):
    a_short_trail(make_user, auth)
    early = cli(app, "audit", "anchor").stdout
    auth.login("alice")
    late = cli(app, "audit", "anchor").stdout
    (tmp_path / "anchors.jsonl").write_text(early + late)
    (tmp_path / "late.json").write_text(late)

    ok = cli(app, "audit", "verify", "--anchor", tmp_path / "anchors.jsonl", "--anchor", tmp_path / "late.json")
    assert ok.exit_code == 0 and "2 anchor" not in ok.output and "seq=5" in ok.output, ok.output

    forged = json.loads(early) | {"hash": "f" * 64}
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    result = cli(app, "audit", "verify", "--anchor", tmp_path / "forged.json")
    assert result.exit_code != 0 and f"seq={forged['seq']}" in result.output and "anchor" in result.output


@pytest.mark.parametrize("content, message", [("not json at all", "not JSON"), ('{"format": "x"}', "not a ")])
def test_a_bad_anchor_file_is_refused_with_its_name(app, db, make_user, auth, tmp_path, content, message):
    a_short_trail(make_user, auth)
    (tmp_path / "bad.json").write_text(content)
    result = cli(app, "audit", "verify", "--anchor", tmp_path / "bad.json")
    assert result.exit_code != 0 and "bad.json" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_no_anchor_is_taken_of_a_broken_or_empty_chain(app, db, make_user, auth):
    assert "empty" in cli(app, "audit", "anchor").output
    a_short_trail(make_user, auth)
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="logout"))
    db.session.commit()
    result = cli(app, "audit", "anchor")
    assert result.exit_code != 0 and "seq=2" in result.output and "no anchor" in result.output


def test_item3_an_unkeyed_chain_of_an_installed_database_is_rekeyed(app, db, make_user, auth):
    """An installation from before AUDIT_KEY holds a sha256 chain: verify says it must be rekeyed; rekey --legacy
    checks it, rewrites it under the key in one go, records that, and prints the new anchor."""
    a_short_trail(make_user, auth)
    recompute_chain(db, LEGACY)
    audit.record("after-upgrade", object_type="x", object_id=1)  # the app ran with the key before the rekey
    db.session.commit()

    before = run_verify(app)
    rekeyed = cli(app, "audit", "rekey", "--legacy")

    assert before.exit_code != 0 and "flask audit rekey --legacy" in before.output
    assert rekeyed.exit_code == 0, rekeyed.output
    anchor = json.loads(rekeyed.stdout)
    last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert (last.action, last.details["entries"], last.details["from"]) == ("audit_rekeyed", 5, "sha256 without a key")
    assert (anchor["seq"], anchor["hash"]) == (last.seq, last.hash)
    assert audit.verify_chain() is None
    again = cli(app, "audit", "rekey", "--legacy")
    assert again.exit_code != 0 and "already keyed" in again.output
    recompute_chain(db, LEGACY)  # rewritten later by someone without the key: never blessed by a second rekey
    forged = cli(app, "audit", "rekey", "--legacy")
    assert forged.exit_code != 0 and f"earlier rekeying (entry seq={last.seq})" in forged.output


def test_item3_rekey_refuses_a_broken_chain_and_changes_nothing(app, db, make_user, auth):
    a_short_trail(make_user, auth)
    recompute_chain(db, LEGACY)
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(action="login"))
    db.session.commit()
    before = db.session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq)).all()

    result = cli(app, "audit", "rekey", "--legacy")

    assert result.exit_code != 0 and "seq=3" in result.output and "nothing rewritten" in result.output
    db.session.expire_all()
    assert db.session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq)).all() == before


def test_item3_changing_the_audit_key_rekeys_under_the_old_one(app, db, make_user, auth, monkeypatch, tmp_path):
    old = "the-old-audit-key-which-is-being-replaced"
    monkeypatch.setitem(app.config, "AUDIT_KEY", old)
    a_short_trail(make_user, auth)
    (tmp_path / "old-anchor.json").write_text(cli(app, "audit", "anchor").stdout)
    monkeypatch.setitem(app.config, "AUDIT_KEY", "the-new-audit-key-that-replaces-the-old")

    before = run_verify(app)
    wrong = cli(app, "audit", "rekey", "--old-key", "not-the-old-key-at-all-no-no")
    neither = cli(app, "audit", "rekey")
    rekeyed = cli(app, "audit", "rekey", "--anchor", tmp_path / "old-anchor.json", env={"AUDIT_OLD_KEY": old})
    stale = cli(app, "audit", "verify", "--anchor", tmp_path / "old-anchor.json")

    assert before.exit_code != 0 and "--old-key" in before.output
    assert wrong.exit_code != 0 and "nothing rewritten" in wrong.output
    assert neither.exit_code != 0 and "--legacy" in neither.output
    assert rekeyed.exit_code == 0, rekeyed.output
    assert run_verify(app).exit_code == 0
    assert stale.exit_code != 0 and "another audit key" in stale.output


@pytest.mark.parametrize("audit_key", [None, "short", DEVELOPMENT_AUDIT_KEY, "same-as-the-secret-key-0123456789"])
def test_item3_production_refuses_to_start_without_its_own_audit_key(audit_key):
    class Production(ProductionConfig):
        SECRET_KEY = "same-as-the-secret-key-0123456789"
        AUDIT_KEY = None

    Production.AUDIT_KEY = audit_key
    with pytest.raises(RuntimeError, match="AUDIT_KEY must be set in production.*different from SECRET_KEY"):
        create_app(Production)


def test_verify_while_the_app_appends_reads_one_state(app, db, make_user, auth):
    """The tip and the entries are read in one snapshot: an entry committed between reading the tip and reading
    the entries (the app serving during `flask audit verify`) is not reported as a cut."""
    a_short_trail(make_user, auth)
    appended = []

    def append() -> None:
        with app.app_context():
            audit.record("meanwhile", object_type="x", object_id=1)
            _db.session.commit()
            appended.append(True)

    def mid_verify(connection, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is threading.main_thread() and "FROM audit_entry" in statement \
                and statement.lstrip().startswith("SELECT") and not appended:
            writer = threading.Thread(target=append)
            writer.start()
            writer.join(timeout=60)

    event.listen(db.engine, "before_cursor_execute", mid_verify)
    try:
        broken = audit.verify_chain()
    finally:
        event.remove(db.engine, "before_cursor_execute", mid_verify)
    assert appended and broken is None
    assert audit.verify_chain() is None

"""Issue 13, item 2: sessions end on the server. Logout, "log out everywhere", a password change, a reset and a
deactivation end them; so do the idle limit and the lifetime (with the clock moved); the database holds only a hash
of each token."""
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, text

from reviewapp.auth import sessions
from reviewapp.domain.sessions import token_hash
from reviewapp.models import AuditEntry, Role, UserSession
from reviewapp.models.base import utcnow
from tests.conftest import PASSWORD, audit_actions, counting_queries


class Clock:
    """The sessions' clock, moved forward by a test (the server's idea of now, not the test's)."""

    def __init__(self):
        self.offset = timedelta()

    def now(self):
        return utcnow() + self.offset

    def move(self, **delta):
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    moved = Clock()
    monkeypatch.setattr(sessions, "utcnow", moved.now)
    return moved


def log_in(app, username, remember=False):
    client = app.test_client()
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302 and "/auth/login" not in response.headers["Location"], username
    return client


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found is not None else None


def session_token(app, client) -> str:
    """The token the browser holds: Flask-Login's user id in the signed session cookie."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie(client, "session"))["_user_id"]


def logged_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def last_entry(db) -> AuditEntry:
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()


# --- logout ------------------------------------------------------------------------------------------------------

def test_item2_after_logout_the_old_session_cookie_opens_nothing(app, make_user):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    stolen = cookie(client, "session")
    client.post("/auth/logout")
    client.set_cookie("session", stolen)  # a copy kept by the browser, a proxy or a thief
    assert not logged_in(client)


def test_item2_after_logout_the_remember_cookie_alone_opens_nothing(app, make_user):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice", remember=True)
    remembered = cookie(client, "remember_token")
    assert remembered
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remembered)
    assert logged_in(fresh)  # before the logout it does log in, as "remember me" promises
    client.post("/auth/logout")
    other = app.test_client()
    other.set_cookie("remember_token", remembered)
    assert not logged_in(other)


def test_item2_logout_deletes_the_session_row_and_is_audited(app, db, make_user):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    assert db.session.scalar(select(UserSession.id)) is not None
    client.post("/auth/logout")
    assert db.session.scalar(select(UserSession.id)) is None
    assert audit_actions(db)[-1] == "logout"


def test_item2_an_old_style_id_in_the_cookie_is_just_not_logged_in(app, make_user, db):
    """Cookies from before the upgrade held "id:token": they open nothing and cause no error."""
    user = make_user("alice", Role.EXPERT)
    client = app.test_client()
    with client.session_transaction() as cookie_session:
        cookie_session["_user_id"] = f"{user.id}:0123456789abcdef0123456789abcdef"
    assert client.get("/").status_code == 302
    with client.session_transaction() as cookie_session:
        assert "_user_id" not in cookie_session  # not looked up again on every request


# --- only a hash in the database -----------------------------------------------------------------------------------

def test_item2_the_database_holds_no_token_that_opens_a_session(app, db, make_user):
    """What a backup or a reader of the database gets (every table, every column) contains no session token; the
    hash that is stored, used as a token, opens nothing."""
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice", remember=True)
    token = session_token(app, client)
    assert token in cookie(client, "remember_token")
    everything = []
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(text(f'SELECT * FROM "{table.name}"')).all()
        everything.append(json.dumps([list(map(str, row)) for row in rows], ensure_ascii=False))
    secret = token.rpartition(":")[2]  # before issue 13 the cookie held "user id:token"
    assert len(secret) >= 32 and secret not in "".join(everything)
    stored = db.session.scalar(select(UserSession.token_hash))
    assert stored == token_hash(token)
    forger = app.test_client()
    with forger.session_transaction() as cookie_session:
        cookie_session["_user_id"] = stored
    assert not logged_in(forger)


def test_item2_every_request_loads_its_session_and_user_in_one_query(app, db, make_user):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    with counting_queries(db) as statements:
        assert client.get("/auth/password").status_code == 200
    loads = [s for s in statements if "user_session" in s and "user_role" in s]
    assert len(loads) == 1, statements
    assert not [s for s in statements if s not in loads and "user_role" in s]  # the roles come in the same one


def test_item2_last_seen_is_written_at_most_once_a_minute(app, db, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    with counting_queries(db) as statements:
        client.get("/auth/password")
        clock.move(seconds=30)
        client.get("/auth/password")
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE USER_SESSION")]
    clock.move(seconds=40)
    with counting_queries(db) as statements:
        client.get("/auth/password")
        client.get("/auth/password")
    assert len([s for s in statements if s.lstrip().upper().startswith("UPDATE USER_SESSION")]) == 1
    db.session.expire_all()
    seen = db.session.scalar(select(UserSession.last_seen_at))
    assert abs((seen - clock.now()).total_seconds()) < 5


# --- idle limit and lifetime ---------------------------------------------------------------------------------------

def test_item2_the_office_is_logged_out_after_30_idle_minutes_with_the_reason_and_the_way_back(app, db, make_user,
                                                                                            clock):
    make_user("office", Role.OFFICE)
    client = log_in(app, "office")
    clock.move(minutes=29)
    assert client.get("/cycles/").status_code == 200
    clock.move(minutes=31)
    response = client.get("/cycles/?page=1")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/auth/login" and parse_qs(location.query)["next"] == ["/cycles/?page=1"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "30 分钟未操作，已自动退出登录" in page and "请登录后查看此页面" not in page
    assert audit_actions(db)[-1] == "session_idle_ended"
    assert db.session.scalar(select(UserSession.id)) is None
    again = client.post("/auth/login", data={"username": "office", "password": PASSWORD,
                                             "next": "/cycles/?page=1"})
    assert again.headers["Location"] == "/cycles/?page=1"


def test_item2_an_expert_keeps_the_longer_idle_limit(app, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    clock.move(minutes=100)
    assert logged_in(client)  # the request counts as activity
    clock.move(minutes=119)
    assert logged_in(client)
    clock.move(minutes=121)
    assert not logged_in(client)


def test_item2_activity_does_not_outlive_the_absolute_lifetime(app, db, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    for _ in range(11):
        clock.move(minutes=60)
        assert logged_in(client)
    clock.move(minutes=61)
    response = client.get("/")
    assert response.status_code == 302
    assert "会话已达到最长时限" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert audit_actions(db)[-1] == "session_lifetime_ended"


def test_item2_remember_me_is_bounded(app, db, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice", remember=True)
    remembered = cookie(client, "remember_token")
    clock.move(days=6)
    browser_reopened = app.test_client()
    browser_reopened.set_cookie("remember_token", remembered)
    assert logged_in(browser_reopened)  # no idle limit for a remembered login
    clock.move(days=1, minutes=1)
    later = app.test_client()
    later.set_cookie("remember_token", remembered)
    response = later.get("/")
    assert response.status_code == 302
    assert cookie(later, "remember_token") is None  # the dead cookie is deleted, not looked up on every request
    assert audit_actions(db)[-1] == "session_lifetime_ended"


def test_item2_the_page_tells_the_script_when_the_session_ends(app, make_user):
    make_user("office", Role.OFFICE)
    make_user("alice", Role.EXPERT)
    office_page = log_in(app, "office").get("/").get_data(as_text=True)
    expert_page = log_in(app, "alice").get("/").get_data(as_text=True)
    assert 'data-expires-in="1800"' in office_page or 'data-expires-in="1799"' in office_page
    assert 'data-expires-in="7200"' in expert_page or 'data-expires-in="7199"' in expert_page
    assert 'data-warn-before="300"' in expert_page and "session-expiry.js" in expert_page
    assert "session-expiry.js" not in app.test_client().get("/auth/login").get_data(as_text=True)


# --- keep-alive ------------------------------------------------------------------------------------------------------

def test_item2_keep_alive_moves_the_idle_end(app, db, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    clock.move(minutes=116)
    answer = client.post("/auth/session/keep-alive", headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.json["can_extend"] is True
    assert 7190 <= answer.json["expires_in"] <= 7200
    clock.move(minutes=100)
    assert logged_in(client)


def test_item2_keep_alive_after_the_end_answers_401_for_the_script(app, make_user, clock):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    clock.move(minutes=121)
    answer = client.post("/auth/session/keep-alive", headers={"Accept": "application/json"})
    assert answer.status_code == 401 and answer.json == {"error": "session_ended"}


def test_item2_keep_alive_needs_the_csrf_token(app, make_user, monkeypatch):
    from tests.conftest import csrf_token_from

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user("alice", Role.EXPERT)
    client = app.test_client()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    page = client.get("/").get_data(as_text=True)
    assert client.post("/auth/session/keep-alive").status_code == 400
    header = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    assert client.post("/auth/session/keep-alive", headers={"X-CSRFToken": header}).status_code == 200


# --- ending every session of a user -----------------------------------------------------------------------------------

def test_item2_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, db, make_user):
    make_user("alice", Role.EXPERT)
    here = log_in(app, "alice")
    elsewhere = log_in(app, "alice", remember=True)
    remembered = cookie(elsewhere, "remember_token")
    response = here.post("/auth/password", data={"current_password": PASSWORD, "new_password": "a-new-pass-phrase-8",
                                                  "confirm": "a-new-pass-phrase-8"})
    assert response.status_code == 302
    assert logged_in(here) and not logged_in(elsewhere)
    reopened = app.test_client()
    reopened.set_cookie("remember_token", remembered)
    assert not logged_in(reopened)
    entry = last_entry(db)
    assert entry.action == "password_changed" and entry.details == {"sessions_ended": 1}


def test_item2_deactivation_ends_every_session_and_remember_cookie(app, db, make_user, office):
    alice = make_user("alice", Role.EXPERT)
    remembered = cookie(log_in(app, "alice", remember=True), "remember_token")
    plain = log_in(app, "alice")
    office_client = log_in(app, "office")
    office_client.post(f"/admin/users/{alice.id}/deactivate")
    reopened = app.test_client()
    reopened.set_cookie("remember_token", remembered)
    assert not logged_in(plain) and not logged_in(reopened)
    entry = last_entry(db)
    assert entry.action == "user_deactivated" and entry.details == {"sessions_ended": 2}


def test_item2_an_office_reset_ends_every_session_of_the_user(app, db, make_user, office):
    alice = make_user("alice", Role.EXPERT)
    alice_client = log_in(app, "alice", remember=True)
    office_client = log_in(app, "office")
    office_client.post(f"/admin/users/{alice.id}/password", data={"password": "reset-password-22"})
    assert not logged_in(alice_client) and logged_in(office_client)
    assert last_entry(db).details == {"sessions_ended": 1}


def test_item2_log_out_everywhere_ends_every_session_this_one_included(app, db, make_user):
    make_user("alice", Role.EXPERT)
    make_user("bob", Role.EXPERT)
    here = log_in(app, "alice")
    phone = log_in(app, "alice", remember=True)
    remembered = cookie(phone, "remember_token")
    bob = log_in(app, "bob")
    page = here.get("/auth/password").get_data(as_text=True)
    assert page.count('class="badge text-bg-primary"') == 1 and "log-out-everywhere" in page
    assert "data-confirm=" in page.split('id="log-out-everywhere"', 1)[1].split(">", 1)[0]
    response = here.post("/auth/sessions/end-all")
    assert response.headers["Location"] == "/auth/login"
    assert "已在所有设备上退出登录" in here.get("/auth/login").get_data(as_text=True)
    reopened = app.test_client()
    reopened.set_cookie("remember_token", remembered)
    assert not logged_in(here) and not logged_in(phone) and not logged_in(reopened)
    assert logged_in(bob)  # another user's sessions are theirs
    entry = last_entry(db)
    assert entry.action == "logout_everywhere" and entry.details == {"sessions_ended": 2}


def test_item2_log_out_everywhere_without_the_csrf_token_changes_nothing(app, db, make_user, monkeypatch):
    make_user("alice", Role.EXPERT)
    client = log_in(app, "alice")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post("/auth/sessions/end-all").status_code == 400
    assert logged_in(client)


def test_item2_the_password_page_lists_ones_sessions(app, make_user):
    make_user("alice", Role.EXPERT)
    log_in(app, "alice", remember=True)
    client = app.test_client()
    client.post("/auth/login", data={"username": "alice", "password": PASSWORD},
                headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                                       "Gecko) Chrome/120.0.0.0 Safari/537.36"})
    page = client.get("/auth/password").get_data(as_text=True)
    table = page.split('id="my-sessions"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 3  # the header and two sessions
    assert "Chrome · Windows" in table and "本浏览器" in table and "已记住" in table

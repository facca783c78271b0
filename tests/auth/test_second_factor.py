"""Issue 13, item 5: a second factor (TOTP) with enrolment by QR code and recovery codes, required for the office
where the configuration says so, optional for others; an office member who lost the device is reset by another
office member, audited."""
import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from reviewapp.models import AuditEntry, LoginAttempt, RecoveryCode, Role, User
from reviewapp.models.base import utcnow
from tests.auth.conftest import enrol, next_code, secret_in
from tests.conftest import PASSWORD

CODE_PAGE = "/auth/login/code"


def last_audit(db):
    return db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


def fresh(db, username) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


@pytest.fixture
def enrolled(make_user, auth, client):
    """alice (an expert) with a second factor, logged out again: (user, secret, recovery codes)."""
    user = make_user("alice", Role.EXPERT)
    auth.login("alice")
    secret, codes = enrol(client)
    auth.logout()
    return user, secret, codes


def test_enrolment_shows_the_qr_code_in_the_page_and_the_key_as_text(db, make_user, auth, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert "设置双重验证" in client.get("/auth/two-factor").get_data(as_text=True)
    client.post("/auth/two-factor/start")
    response = client.get("/auth/two-factor")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" alt="身份验证器应用的二维码"', page)
    secret = secret_in(page)
    stored = fresh(db, "alice")
    assert stored.totp_secret and secret not in stored.totp_secret  # encrypted at rest
    assert stored.totp_enabled_at is None  # not before a code confirms it


def test_enrolment_needs_a_right_code_and_then_shows_ten_recovery_codes_once(db, make_user, auth, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    client.post("/auth/two-factor/start")
    secret = secret_in(client.get("/auth/two-factor").get_data(as_text=True))
    wrong = client.post("/auth/two-factor/confirm", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000"
                                                           else "111111"})
    assert wrong.status_code == 302 and fresh(db, "alice").totp_enabled_at is None
    response = client.post("/auth/two-factor/confirm", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r">([a-z2-9]{5}-[a-z2-9]{5})<", response.get_data(as_text=True))
    assert len(set(codes)) == 10 and response.headers["Cache-Control"] == "no-store"
    assert fresh(db, "alice").totp_enabled_at is not None
    hashes = set(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(hashes) == 10 and not hashes & set(codes)  # stored hashed
    assert last_audit(db).action == "second_factor_enabled"
    assert not re.findall(r">([a-z2-9]{5}-[a-z2-9]{5})<", client.get("/auth/two-factor").get_data(as_text=True))


def test_after_the_password_nobody_is_logged_in_until_the_code_is_right(db, enrolled, auth, client):
    user, secret, _ = enrolled
    response = auth.login("alice", next="/auth/password")
    assert response.status_code == 302 and response.headers["Location"] == CODE_PAGE
    assert client.get("/").status_code == 302  # not logged in yet
    assert "六位验证码" in client.get(CODE_PAGE).get_data(as_text=True)
    wrong = client.post(CODE_PAGE, data={"code": "12345x"})
    assert "验证码错误或已使用过" in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302
    right = client.post(CODE_PAGE, data={"code": next_code(secret)})
    assert right.status_code == 302 and right.headers["Location"] == "/auth/password"
    assert client.get("/").status_code == 200
    entry = last_audit(db)
    assert entry.action == "login" and entry.details["second_factor"] == "totp"


def test_a_code_cannot_be_used_twice(db, app, enrolled, auth, client):
    _, secret, _ = enrolled
    code = next_code(secret)
    auth.login("alice")
    assert client.post(CODE_PAGE, data={"code": code}).status_code == 302
    other = app.test_client()
    other.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    replay = other.post(CODE_PAGE, data={"code": code})
    assert "验证码错误或已使用过" in replay.get_data(as_text=True)
    assert other.get("/").status_code == 302


def test_a_recovery_code_lets_in_once(db, app, enrolled, auth, client):
    _, _, codes = enrolled
    auth.login("alice")
    assert client.post(CODE_PAGE, data={"code": codes[0].upper()}).status_code == 302
    assert last_audit(db).details["second_factor"] == "recovery_code"
    other = app.test_client()
    other.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    assert "验证码错误或已使用过" in other.post(CODE_PAGE, data={"code": codes[0]}).get_data(as_text=True)
    assert other.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)
                             .where(RecoveryCode.used_at.is_not(None))) == 1


def test_the_code_page_without_a_right_password_leads_to_the_login(client, enrolled):
    response = client.post(CODE_PAGE, data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"


def test_the_pending_login_expires(app, enrolled, auth, client, monkeypatch):
    _, secret, _ = enrolled
    monkeypatch.setitem(app.config, "LOGIN_SECOND_FACTOR_MINUTES", -1)
    auth.login("alice")
    response = client.post(CODE_PAGE, data={"code": next_code(secret)})
    assert response.headers["Location"] == "/auth/login" and client.get("/").status_code == 302


def test_five_wrong_codes_ask_for_the_password_again(db, enrolled, auth, client):
    _, secret, _ = enrolled
    auth.login("alice")
    for _ in range(4):
        assert client.post(CODE_PAGE, data={"code": "000000"}).status_code == 200
    assert client.post(CODE_PAGE, data={"code": "000000"}).headers["Location"] == "/auth/login"
    assert client.post(CODE_PAGE, data={"code": next_code(secret)}).headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302
    assert last_audit(db).action == "login_second_factor_failed"


def test_codes_are_throttled_like_passwords_and_a_right_password_does_not_reset_them(db, enrolled, auth, client):
    _, secret, _ = enrolled
    now = utcnow()
    db.session.add_all(LoginAttempt(username="alice", at=now - timedelta(milliseconds=i), succeeded=False,
                                    remote_addr=f"203.0.113.{i}", stage="second_factor") for i in range(9))
    db.session.commit()
    auth.login("alice")  # the right password: recorded as a success of the password stage
    page = client.post(CODE_PAGE, data={"code": next_code(secret)}).get_data(as_text=True)
    assert "请等待" in page and client.get("/").status_code == 302


def test_others_may_turn_their_second_factor_off_with_a_code(db, enrolled, auth, client):
    _, secret, codes = enrolled
    auth.login("alice")
    client.post(CODE_PAGE, data={"code": next_code(secret)})
    client.post("/auth/two-factor/disable", data={"disable-code": "000000"})
    assert fresh(db, "alice").totp_enabled_at is not None
    client.post("/auth/two-factor/disable", data={"disable-code": codes[3]})
    assert fresh(db, "alice").totp_secret is None and last_audit(db).action == "second_factor_disabled"
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    auth.logout()
    assert auth.login("alice").headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old(db, enrolled, auth, client):
    _, secret, codes = enrolled
    auth.login("alice")
    client.post(CODE_PAGE, data={"code": codes[0]})
    page = client.post("/auth/two-factor/recovery-codes", data={"renew-code": codes[1]}).get_data(as_text=True)
    renewed = re.findall(r">([a-z2-9]{5}-[a-z2-9]{5})<", page)
    assert len(renewed) == 10 and not set(renewed) & set(codes)
    assert last_audit(db).action == "recovery_codes_renewed"


# --- the office ------------------------------------------------------------------------------------------------

@pytest.fixture
def required(app, monkeypatch):
    """REQUIRE_OFFICE_TOTP, as in production (ProductionConfig)."""
    monkeypatch.setitem(app.config, "REQUIRE_OFFICE_TOTP", True)


def test_production_requires_the_office_second_factor_and_tests_do_not():
    from config import DevelopmentConfig, ProductionConfig, TestingConfig

    assert ProductionConfig.REQUIRE_OFFICE_TOTP is True
    assert DevelopmentConfig.REQUIRE_OFFICE_TOTP is False and TestingConfig.REQUIRE_OFFICE_TOTP is False


def test_an_office_account_without_a_second_factor_is_sent_to_enrolment_first(db, required, make_user, auth, client):
    make_user("office", Role.OFFICE)
    auth.login("office")
    for url in ("/", "/cycles/", "/admin/users", "/auth/password"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/auth/two-factor", url
    assert client.get("/auth/two-factor").status_code == 200
    enrol(client)
    assert client.get("/admin/users").status_code == 200


def test_the_requirement_is_for_the_office_only(db, required, make_user, auth, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert client.get("/").status_code == 200


def test_the_office_cannot_turn_its_own_second_factor_off_where_required(db, required, make_user, auth, client):
    make_user("office", Role.OFFICE)
    auth.login("office")
    secret, _ = enrol(client)
    client.post("/auth/two-factor/disable", data={"disable-code": next_code(secret)})
    assert fresh(db, "office").totp_enabled_at is not None


@pytest.fixture
def two_offices(db, app, make_user):
    """office1 (logged in, on `client`) and office2 with a second factor who lost their phone."""
    make_user("office1", Role.OFFICE)
    lost = make_user("office2", Role.OFFICE)
    other = app.test_client()
    other.post("/auth/login", data={"username": "office2", "password": PASSWORD})
    enrol(other)
    return lost


def test_another_office_member_resets_a_lost_second_factor_audited(db, two_offices, auth, client):
    auth.login("office1")
    users = client.get("/admin/users").get_data(as_text=True)
    row = users[users.index('id="user-office2"'):]
    assert "登录时使用双重验证" in row[:row.index("</tr>")]
    page = client.get(f"/admin/users/{two_offices.id}").get_data(as_text=True)
    assert "重置双重验证" in page and "data-confirm" in page
    response = client.post(f"/admin/users/{two_offices.id}/second-factor/reset")
    assert response.status_code == 302
    user = fresh(db, "office2")
    assert user.totp_secret is None and user.totp_enabled_at is None
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    entry = last_audit(db)
    assert entry.action == "second_factor_reset" and entry.object_id == str(user.id)
    assert entry.user_id == fresh(db, "office1").id
    auth.logout()
    assert auth.login("office2").headers["Location"] == "/"  # no code asked: they enrol again


def test_nobody_resets_their_own_second_factor_that_way(db, make_user, auth, client):
    make_user("office", Role.OFFICE)
    auth.login("office")
    enrol(client)
    office = fresh(db, "office")
    assert "重置双重验证" not in client.get(f"/admin/users/{office.id}").get_data(as_text=True)
    response = client.post(f"/admin/users/{office.id}/second-factor/reset", follow_redirects=True)
    assert "不能重置自己的双重验证" in response.get_data(as_text=True)
    assert fresh(db, "office").totp_enabled_at is not None


def test_non_office_users_cannot_reset_anyones_second_factor(db, two_offices, make_user, auth, client):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    assert client.post(f"/admin/users/{two_offices.id}/second-factor/reset").status_code == 403
    assert fresh(db, "office2").totp_enabled_at is not None


def test_production_refuses_a_totp_key_that_is_no_fernet_key():
    from cryptography.fernet import Fernet

    from config import ProductionConfig

    class Configured(ProductionConfig):
        SECRET_KEY = "s" * 48
        AUDIT_KEY = "a" * 48
        TOTP_KEY = "not-a-key"

    with pytest.raises(RuntimeError, match="TOTP_KEY must be a Fernet key"):
        Configured.validate()
    Configured.TOTP_KEY = Fernet.generate_key().decode()
    Configured.validate()


def test_secrets_enrolled_before_totp_key_was_set_still_work(app, db, enrolled, auth, client, monkeypatch):
    """TOTP_KEY encrypts; the key derived from SECRET_KEY still decrypts what was enrolled before it was set."""
    from cryptography.fernet import Fernet

    _, secret, _ = enrolled
    monkeypatch.setitem(app.config, "TOTP_KEY", Fernet.generate_key().decode())
    auth.login("alice")
    assert client.post("/auth/login/code", data={"code": next_code(secret)}).headers["Location"] == "/"

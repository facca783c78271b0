import importlib

import pytest
from sqlalchemy import text

import config
from config import ProductionConfig
from reviewapp import create_app
from reviewapp.permissions import ensure


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure_httponly_and_lax():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY and ProductionConfig.REMEMBER_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax" == ProductionConfig.REMEMBER_COOKIE_SAMESITE


def test_default_database_is_a_sqlite_file_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    fresh = importlib.reload(config)
    assert fresh.Config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{fresh.INSTANCE_DIR / 'reviewapp.sqlite'}"


def test_database_url_switches_the_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db.example/reviewapp")
    assert importlib.reload(config).Config.SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")
    monkeypatch.delenv("DATABASE_URL")
    importlib.reload(config)


def test_sqlite_runs_with_foreign_keys_and_wal(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_session_cookie_is_httponly_and_lax(client, make_user):
    from reviewapp.models import Role

    make_user("alice", Role.EXPERT)
    response = client.post("/auth/login", data={"username": "alice", "password": "correct-horse-battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_ensure_refuses_with_403(app):
    from werkzeug.exceptions import Forbidden

    ensure(True)
    with pytest.raises(Forbidden):
        ensure(False)

"""Production hashes passwords with argon2id at argon2's own default cost; every other test runs under
TestingConfig's smallest cost (a hundred times faster). These are the tests of the production cost."""
import argon2
import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from config import ProductionConfig
from reviewapp import create_app
from reviewapp.auth.hashing import password_hashing
from reviewapp.extensions import db as _db
from reviewapp.models import Role, User

PRODUCTION_COST = (argon2.DEFAULT_TIME_COST, argon2.DEFAULT_MEMORY_COST, argon2.DEFAULT_PARALLELISM)


def cost_of(password_hash: str) -> tuple[int, int, int]:
    parameters = extract_parameters(password_hash)
    return parameters.time_cost, parameters.memory_cost, parameters.parallelism


@pytest.fixture
def production(app, monkeypatch):
    """An app under ProductionConfig (with its keys, without CSRF) on the test database."""
    for name in ("PASSWORD_HASH_TIME_COST", "PASSWORD_HASH_MEMORY_COST", "PASSWORD_HASH_PARALLELISM"):
        monkeypatch.delenv(name, raising=False)

    class Production(ProductionConfig):
        SECRET_KEY = "s" * 48
        AUDIT_KEY = "a" * 48
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]
        WTF_CSRF_ENABLED = False

    production = create_app(Production)
    yield production
    with production.app_context():
        _db.engine.dispose()


def test_production_hashes_at_argon2s_default_cost_and_the_tests_at_the_smallest(app, production):
    assert ProductionConfig.PASSWORD_HASH_TIME_COST is None  # unset: argon2's defaults
    with production.app_context():
        assert cost_of(password_hashing().hash("correct-horse-battery")) == PRODUCTION_COST
    with app.app_context():
        assert cost_of(password_hashing().hash("correct-horse-battery")) == (1, 8, 1)


def test_a_login_in_production_turns_a_cheap_hash_into_a_production_one(db, make_user, production):
    make_user("alice", Role.EXPERT, password="correct-horse-battery")
    stored = db.session.scalar(select(User.password_hash).where(User.username == "alice"))
    assert cost_of(stored) == (1, 8, 1)

    response = production.test_client().post("/auth/login", data={"username": "alice",
                                                                   "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.expire_all()
    rehashed = db.session.scalar(select(User.password_hash).where(User.username == "alice"))
    assert cost_of(rehashed) == PRODUCTION_COST
    assert argon2.PasswordHasher().verify(rehashed, "correct-horse-battery")

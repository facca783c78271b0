"""Shared fixtures: one app per test session on SQLite (a temporary file) or on the PostgreSQL server named by
TEST_DATABASE_URL; every test starts with empty tables; factories build the small world a test needs. The pure
domain tests (tests/domain) take none of it: no app, no database."""
import contextvars
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, event, exists, literal, select, union_all

from config import TestingConfig
from reviewapp import create_app
from reviewapp.admin.operations import create_user as create_user_operation
from reviewapp.extensions import db as _db
from reviewapp.models import Role

# The worlds that tests of several features build on, registered once for every test (a test module that imported a
# fixture to get it would shadow it, and need a noqa to keep the import). A module comes after those it imports, so
# that pytest rewrites the asserts of each.
pytest_plugins = [
    "tests.reviews.worlds",
    "tests.submissions.worlds",
    "tests.awards.worlds",
    "tests.cycles.worlds",
    "tests.leading.worlds",
    "tests.fuzz.worlds",
]

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


class IsolatedClient(FlaskClient):
    """Each request runs in an empty context, as under a real server: its own app context, `g` and database
    session, even while the test holds an app context for its factories and assertions. (Flask reuses an app
    context that is already pushed, which would share Flask-Login's cached user between clients.)"""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    class SessionConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        UPLOAD_FOLDER = str(tmp_path_factory.mktemp("uploads"))

    app = create_app(SessionConfig)
    app.test_client_class = IsolatedClient
    with app.app_context():
        event.listen(_db.engine, "connect", no_fsync)
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def no_fsync(dbapi_connection, _record) -> None:
    """SQLite waits for the disk at every commit (2.6 ms here, a few per request), into a database thrown away
    after each test: the tests' database does not wait. Nothing else about it changes (the app's own pragmas stay:
    WAL, foreign keys, busy timeout)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


@pytest.fixture
def make_app(app):
    """Another app on the same database, for tests that must add routes (Flask forbids that once an app has
    served a request). Its engine is disposed afterwards."""
    made = []

    def make():
        class SameDatabase(TestingConfig):
            SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]

        other = create_app(SameDatabase)
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


DOMAIN_TESTS = Path(__file__).parent / "domain"


@pytest.fixture(autouse=True)
def app_world(request):
    """Every test but the domain's runs in an app context, on tables emptied after it (`db`) and on a fixed
    "today" (`today`). The domain's rules are plain functions: their tests create no app (STYLE.md)."""
    if request.path.is_relative_to(DOMAIN_TESTS):
        return
    request.getfixturevalue("db")
    request.getfixturevalue("today")


@pytest.fixture
def db(app):
    """An app context per test, and empty tables after it."""
    with app.app_context():
        yield _db
        _db.session.remove()
        empty_tables()


def filled_tables(connection, tables) -> set[str]:
    """The names of those of `tables` that hold any row, in one query (a query per table costs a round trip each,
    on PostgreSQL 0.2-0.4 ms)."""
    return set(connection.scalars(union_all(
        *(select(literal(table.name)).where(exists().select_from(table)) for table in tables))))


def empty_tables() -> None:
    """Deletes the rows of every table that has any, children first. One query finds them: a test fills a few
    of the 45 tables, and a DELETE per table costs 10-20 ms per test on either database (TRUNCATE, 150 ms)."""
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as connection:
        filled = filled_tables(connection, tables)
        for table in tables:
            if table.name in filled:
                connection.execute(delete(table))


@pytest.fixture
def today(app, monkeypatch):
    """Every test runs on a fixed "today" in Benxi (2026-11-26); set_today(date) moves it."""
    from datetime import date

    def set_today(day: date) -> date:
        monkeypatch.setitem(app.config, "TODAY", day)
        return day

    set_today(date(2026, 11, 26))
    return set_today


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(db):
    """make_user("alice", Role.EXPERT, ...) -> User, with password PASSWORD unless given."""
    def make(username: str, *roles: Role, password: str = PASSWORD, active: bool = True, display_name=None):
        user = create_user_operation(username, display_name or username.title(), password, list(roles), "zh")
        if not active:
            user.active = False
            db.session.commit()
        return user
    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = PASSWORD, **extra):
        return self.client.post("/auth/login", data={"username": username, "password": password, **extra})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def office(make_user, auth):
    """A logged-in office user."""
    user = make_user("office", Role.OFFICE)
    auth.login("office")
    return user


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


# --- award-cycle factories -------------------------------------------------------------------------------

REFERENCE_DATE = __import__("datetime").date(2026, 11, 16)


def version_in(page: str) -> int:
    """The record version a page was rendered with (its hidden "version" field): what a tab sends back on save."""
    return int(re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1))


def credit_code(division: str = "210502", serial: int = 1, prefix: str = "91") -> str:
    """A valid unified social credit code registered in `division` (GB 32100 check character)."""
    from reviewapp.domain.credit_code import credit_code_check_char

    first17 = f"{prefix}{division}{serial:08d}A"[:17]
    return first17 + credit_code_check_char(first17)


@pytest.fixture
def make_org(db):
    from datetime import date

    from reviewapp.models import Organization, OrgKind

    serials = iter(range(1, 10_000))

    def make(name: str = "本溪示例制造有限公司", division: str = "210502", founded_on=date(2005, 3, 1),
             kind=OrgKind.ENTERPRISE, **fields) -> Organization:
        org = Organization(name=name, credit_code=credit_code(division, next(serials)), kind=kind,
                           founded_on=founded_on, industry_code="C31", **fields)
        db.session.add(org)
        db.session.commit()
        return org
    return make


@pytest.fixture
def make_cycle(db):
    from reviewapp.domain.cycle_settings import default_settings
    from reviewapp.models import Cycle, Stage

    def make(name: str = "第十届本溪市市长质量奖", stage=Stage.APPLICATION, reference_date=REFERENCE_DATE, **fields):
        cycle = Cycle(name=name, year=reference_date.year, reference_date=reference_date,
                      standard_version="GB/T 19580-2012", award_quota=2, nomination_quota=5, stage=stage,
                      open_for_applications=stage is Stage.APPLICATION, settings=default_settings(), **fields)
        db.session.add(cycle)
        db.session.commit()
        return cycle
    return make


def publish_call(db, cycle, deadline=None, media=(("本溪日报", None),), acting=None):
    """Art. 14: a published call for `cycle` with its media record (the shared worlds' shortcut; the office's
    way is POST /cycles/<id>/call). The cycle's deadline becomes the call's, as publish_call does."""
    from reviewapp.domain.call import CallContent
    from reviewapp.models import CallPublication, Notice, NoticeKind

    deadline = deadline or cycle.application_deadline or cycle.reference_date
    content = CallContent(awards="市长质量奖、提名奖", conditions="第十一条", award_quota=cycle.award_quota,
                          nomination_quota=cycle.nomination_quota, deadline=deadline, where_to_apply="市市场监管局",
                          contact_person="王科长", contact_phone="024-42800000", contact_email="zlj@benxi.gov.cn")
    start = min(cycle.reference_date, deadline)
    call = Notice(cycle_id=cycle.id, kind=NoticeKind.CALL, title=f"{cycle.name}申报通告", body="申报通告",
                  start_date=start, end_date=deadline, working_days=0, entries=[], details=content.as_json(),
                  published_by_id=acting.id if acting else None)
    db.session.add(call)
    db.session.flush()
    for outlet, day in media:
        db.session.add(CallPublication(notice_id=call.id, outlet=outlet, published_on=day or start))
    cycle.application_deadline = deadline
    db.session.commit()
    return call


@pytest.fixture
def make_application(db, make_org):
    from reviewapp.models import Application, ApplicationStatus, AwardKind, OrgKind

    def make(cycle, org=None, status=ApplicationStatus.REGISTERED, award=AwardKind.AWARD, number=None):
        org = org or make_org()
        recommender = make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
        count = len(cycle_applications(db, cycle))
        application = Application(cycle_id=cycle.id, organization_id=org.id,
                                  number=number or f"{cycle.year}-{count + 1:03d}",
                                  award=award, recommender_id=recommender.id, recommendation_opinion="同意推荐",
                                  recommendation_signatory="张会长", recommendation_date=REFERENCE_DATE,
                                  status=status)
        db.session.add(application)
        db.session.commit()
        return application
    return make


def cycle_applications(db, cycle):
    from sqlalchemy import select

    from reviewapp.models import Application

    return db.session.scalars(select(Application).where(Application.cycle_id == cycle.id)).all()


def audit_actions(db) -> list[str]:
    from sqlalchemy import select

    from reviewapp.models import AuditEntry

    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


@contextmanager
def counting_queries(db):
    """The SQL statements run inside the block: pages assert they stay bounded however much data there is."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)

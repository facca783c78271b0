"""Fuzzing of every form and upload (issue #8): the fuzzer, a speed-up that changes nothing the app does, and the
count of requests printed at the end of the run. The worlds (tests/fuzz/worlds.py) are a plugin of tests/conftest.py.
How many examples: tests/fuzz/profiles.py."""
import pytest
from sqlalchemy import event

from tests.fuzz.harness import STATS, Fuzzer
from tests.fuzz.known_bugs import HITS
from tests.fuzz.profiles import PROFILE


@pytest.fixture
def fuzzer(app, db):
    return Fuzzer(app, db, STATS)


@pytest.fixture(autouse=True)
def throwaway_durability(db):
    """SQLite waits for the disk at every commit, and the fuzzing commits thousands of times into a database thrown
    away after each test: without the wait the run takes a third less time. Nothing else about the database changes
    (the app's own pragmas stay: WAL, foreign keys, busy timeout)."""
    def no_fsync(dbapi_connection, _record, _proxy):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            dbapi_connection.execute("PRAGMA synchronous=OFF")

    event.listen(db.engine, "checkout", no_fsync)
    yield
    event.remove(db.engine, "checkout", no_fsync)


def pytest_terminal_summary(terminalreporter):
    if not STATS.requests:
        return
    terminalreporter.write_sep("-", f"fuzzing ({PROFILE} profile)")
    terminalreporter.write_line(STATS.summary())
    if STATS.never_accepted():
        terminalreporter.write_line(f"fuzz: every submission refused at {', '.join(STATS.never_accepted())}")
    for name, hits in sorted(HITS.items()):
        terminalreporter.write_line(f"fuzz: known bug hit {hits} times: tests/fuzz/test_found_bugs.py::{name}")

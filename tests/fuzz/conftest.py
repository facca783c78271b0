"""Fuzzing of every form and upload (issue #8): the fuzzer and the count of requests printed at the end of the run.
The worlds (tests/fuzz/worlds.py) are a plugin of tests/conftest.py. How many examples: tests/fuzz/profiles.py."""
import pytest

from tests.fuzz.harness import STATS, Fuzzer
from tests.fuzz.known_bugs import HITS
from tests.fuzz.profiles import PROFILE


@pytest.fixture
def fuzzer(app, db):
    return Fuzzer(app, db, STATS)


def pytest_terminal_summary(terminalreporter):
    if not STATS.requests:
        return
    terminalreporter.write_sep("-", f"fuzzing ({PROFILE} profile)")
    terminalreporter.write_line(STATS.summary())
    if STATS.never_accepted():
        terminalreporter.write_line(f"fuzz: every submission refused at {', '.join(STATS.never_accepted())}")
    for name, hits in sorted(HITS.items()):
        terminalreporter.write_line(f"fuzz: known bug hit {hits} times: tests/fuzz/test_found_bugs.py::{name}")

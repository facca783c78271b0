"""Logging (issue 14, the operator's basics; reviewapp/logs.py): one line per request with method, path, status,
duration, user and request id; the id in X-Request-ID; errors with their traceback and the request id; JSON lines
when configured; nothing secret."""
import json
import re

import pytest
from sqlalchemy.exc import OperationalError

from reviewapp import logs
from reviewapp.models import Role

REQUEST_LINE = re.compile(r"INFO reviewapp\.request \[(?P<id>[^\]]+)\] (?P<method>\S+) (?P<path>\S+) (?P<status>\d+) "
                          r"(?P<ms>[\d.]+)ms user=(?P<user>\S+)$")


@pytest.fixture
def log_output(app, capsys):
    """What the app's handler writes to standard error during the test, as lines; the text format afterwards.
    The handler is put back first, as create_app leaves it: an in-process `flask db upgrade` (test_migrations)
    hands the root logger to alembic.ini's configuration."""
    logs.configure(level=app.config["LOG_LEVEL"], output="text")
    capsys.readouterr()
    yield lambda: capsys.readouterr().err.splitlines()
    logs.configure(level=app.config["LOG_LEVEL"], output="text")


def request_lines(lines: list[str]) -> list[re.Match]:
    return [match for line in lines if (match := REQUEST_LINE.search(line))]


def test_each_request_logs_one_line_with_method_path_status_duration_user_and_id(client, log_output):
    response = client.get("/auth/login")
    [line] = request_lines(log_output())
    assert (line["method"], line["path"], line["status"], line["user"]) == ("GET", "/auth/login", "200", "-")
    assert float(line["ms"]) >= 0
    assert line["id"] == response.headers["X-Request-ID"] and re.fullmatch(r"[0-9a-f]{32}", line["id"])


def test_the_line_names_the_logged_in_user(client, auth, make_user, log_output):
    alice = make_user("alice", Role.OFFICE)
    auth.login("alice")
    log_output()
    client.get("/")
    [line] = request_lines(log_output())
    assert line["user"] == str(alice.id)


def test_a_refused_request_is_logged_too(client, log_output):
    response = client.get("/admin/users")  # not logged in: sent to the login page before any view runs
    [line] = request_lines(log_output())
    assert line["status"] == str(response.status_code) == "302" and line["id"] == response.headers["X-Request-ID"]


@pytest.mark.parametrize("incoming", ["3f2b9c1e-7a4d-4e8b-9f00-1234567890ab", "c0ffee42c0ffee42c0ffee42c0ffee42"])
def test_a_sane_incoming_request_id_is_kept(client, log_output, incoming):
    response = client.get("/auth/login", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] == incoming
    assert request_lines(log_output())[0]["id"] == incoming


@pytest.mark.parametrize("incoming", ["short", "two words here", "x" * 65, "abcdefgh] INFO forged", "ünïcödé-id-1"])
def test_an_incoming_request_id_that_does_not_look_like_one_is_replaced(client, log_output, incoming):
    response = client.get("/auth/login", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert "forged" not in "\n".join(log_output())


def test_neither_the_query_string_nor_form_fields_reach_the_log(client, log_output, make_user):
    make_user("alice", Role.OFFICE)
    client.post("/auth/login?next=/secret-place&token=tok-123456", data={"username": "alice",
                                                                        "password": "pw-never-logged-42"})
    output = "\n".join(log_output())
    assert "POST /auth/login " in output
    for secret in ("pw-never-logged-42", "tok-123456", "secret-place", "next="):
        assert secret not in output


def test_an_unhandled_error_logs_its_traceback_with_the_request_id(make_app, log_output):
    broken_app = make_app()
    broken_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer like production
    broken_app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    broken_app.view_functions["boom"].access = "public"
    response = broken_app.test_client().get("/boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    output = log_output()
    error_line = next(line for line in output if " ERROR reviewapp " in line)
    assert f"[{request_id}]" in error_line and "/boom" in error_line
    assert "Traceback" in "\n".join(output) and "ZeroDivisionError" in "\n".join(output)
    assert request_lines(output)[0]["status"] == "500"


def test_json_lines_when_configured(client, log_output, make_user):
    alice = make_user("alice", Role.OFFICE)
    logs.configure(level="INFO", output="json")
    response = client.get("/auth/login", headers={"X-Request-ID": "lb-0123456789"})
    records = [json.loads(line) for line in log_output() if line.startswith("{")]
    [line] = [record for record in records if record["logger"] == "reviewapp.request"]
    assert line["level"] == "INFO" and line["request_id"] == "lb-0123456789" == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/auth/login", 200, "-")
    assert isinstance(line["duration_ms"], float) and "time" in line and alice.id


def test_the_log_format_must_be_text_or_json():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logs.configure(output="yaml")


def test_a_database_error_is_described_without_its_statement_or_parameters():
    error = OperationalError("UPDATE user SET password_hash=%(h)s", {"h": "$argon2id$secret-hash"},
                             ConnectionError("server closed the connection unexpectedly\n\tThis probably means..."))
    assert logs.database_error(error) == "ConnectionError: server closed the connection unexpectedly"
    assert "secret-hash" not in logs.database_error(error)


def test_a_second_app_replaces_the_handler_instead_of_adding_one(make_app):
    import logging

    make_app()
    make_app()
    assert sum(isinstance(h, logs.StderrHandler) for h in logging.getLogger().handlers) == 1

"""Logging (issue 14, the operator's basics): one line per request, warnings and errors with the request's context,
plain text or JSON lines.

- Every request ends with one INFO line on the logger `reviewapp.request`: method, path, status, duration in ms,
  user id (or -) and the request id. The request id is also sent back in the X-Request-ID response header, so that
  a user's "it failed at 10:02" can be found; a sane X-Request-ID from the client or the proxy (nginx's
  $request_id, a UUID) is kept, anything else is replaced by a fresh one.
- Every record logged while a request is handled, by any logger (an unhandled exception's traceback, which Flask
  logs on `reviewapp`, among them), carries request_id, user_id, method and path.
- Nothing secret: the path without its query string (a query can carry a token or a person's search), never a
  form field, a header or a cookie.
- LOG_LEVEL (INFO) and LOG_FORMAT ("text", or "json" for one JSON object a line via python-json-logger) come from
  the environment through config.py. The handler writes to standard error and sits on the root logger, so that
  Werkzeug's, Alembic's and gunicorn's application-side messages share the format; create_app replaces it rather
  than adding another when called again (the tests create many apps)."""
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# Looks like an id: letters, digits and . _ - only (no spaces, no newlines to forge a log line), 8 to 64 of them.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
# The load balancer asks every few seconds (reviewapp/health.py): its successful checks are DEBUG, not INFO.
QUIET_PATHS = frozenset({"/healthz"})

request_log = logging.getLogger("reviewapp.request")


def init_app(app: Flask) -> None:
    """Call first in create_app, so that the request id exists before any other before_request function runs (one
    that refuses still gets its line)."""
    configure(level=app.config.get("LOG_LEVEL", "INFO"), output=app.config.get("LOG_FORMAT", "text"))
    app.before_request(_start_request)
    app.after_request(_log_request)


def configure(level: str = "INFO", output: str = "text") -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.addFilter(RequestContext())
    handler.setFormatter(_formatter(output))
    root.addHandler(handler)
    # LOG_LEVEL is the app's; the libraries' INFO chatter (Alembic's plugins) stays out, their warnings and errors
    # come through. Werkzeug's development server (scripts/run-demo.sh) keeps its INFO lines: "Running on
    # http://...", and its own line per request beside ours.
    root.setLevel(logging.WARNING)
    logging.getLogger("reviewapp").setLevel(level.upper())
    logging.getLogger("werkzeug").setLevel(logging.INFO)


def _formatter(output: str) -> logging.Formatter:
    if output == "json":
        from pythonjsonlogger.json import JsonFormatter  # only when asked for: start-up stays small

        return JsonFormatter(JSON_FIELDS, rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})
    if output != "text":
        raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {output!r}")
    return logging.Formatter(TEXT_FORMAT)


class StderrHandler(logging.StreamHandler):
    """Writes to the sys.stderr of the moment (a test runner replaces it per test) rather than the one it was
    created with."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


class RequestContext(logging.Filter):
    """Adds the request's id, user, method and path to every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id", "-")
            record.user_id = _user_id()
            record.method = request.method
            record.path = request.path
        else:
            record.request_id = record.__dict__.get("request_id", "-")
        return True


def database_error(error: Exception) -> str:
    """The driver's own message, first line only: SQLAlchemy's text of an error adds the statement and its
    parameters, which may hold a password hash or a token."""
    cause = getattr(error, "orig", None) or error
    return f"{type(cause).__name__}: {str(cause).strip().splitlines()[0] if str(cause).strip() else ''}"


def request_id_from(header_value: str | None) -> str:
    """The incoming id when it looks like one, else a fresh random one."""
    if header_value and _SANE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def _user_id() -> str:
    """The logged-in user's id if this request has loaded one already; never loads it (a static file, a refused
    request, a database that is down must not cost a query here)."""
    user = g.get("_login_user")  # where Flask-Login keeps the user it loaded for this request
    return str(user.id) if user is not None and getattr(user, "is_authenticated", False) else "-"


def _start_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    request_id = g.get("request_id") or request_id_from(None)
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    level = logging.DEBUG if request.path in QUIET_PATHS and response.status_code == 200 else logging.INFO
    request_log.log(level, "%s %s %s %sms user=%s", request.method, request.path, response.status_code, duration_ms,
                     _user_id(), extra={"status": response.status_code, "duration_ms": duration_ms})
    return response

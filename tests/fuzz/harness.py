"""One fuzzed request and the three properties of issue #8 checked on it:

1. never a server error (a 5xx, or an exception escaping the view: TESTING propagates them);
2. never a script that runs: no page answered, nor any page showing what was stored (the redirect's target and the
   target's own views), holds a <script> calling alert(, an on* attribute (the app's own pages have none: its CSP
   allows no inline script), a javascript: URL or a frame/object/embed element;
3. nothing written on a rejection (4xx, the form shown again, or a "danger" message): every table's content and the
   set of files in the upload folder are exactly as before.
"""
import hashlib
import io
import traceback
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from reviewapp.models import Base
from tests.conftest import filled_tables

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class ScriptFinder(HTMLParser):
    """Everything in a page that a browser would run or load from a stored value."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False
        self._lines = html.splitlines(keepends=True)

    def _flag(self, what: str) -> None:
        line, _column = self.getpos()
        source = "".join(self._lines[max(0, line - 2):line + 1])
        self.found.append(f"{what} at line {line}: ...{source[:400]!r}...")

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self._flag(f"<{tag}> element")
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self._flag("<meta http-equiv=refresh>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._flag(f"<{tag} {name}={value[:60]!r}>")
            squeezed = "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(BAD_SCHEMES):
                self._flag(f"<{tag} {name}={value[:60]!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and ("alert(" in data or "prompt(" in data):
            self._flag(f"<script>{data[:60]!r}")


def scripts_in(html: str) -> list[str]:
    if "alert(" not in html:  # every script payload calls alert(): a page without it stores none of them
        return []
    finder = ScriptFinder(html)
    finder.feed(html)
    finder.close()
    return finder.found


# --- what the database and the upload folder hold -----------------------------------------------------------------

# Written by any request of a logged-in user, whatever it does: a session's last activity, recorded at most once a
# minute (issue 13, item 2). A thorough run's test lasts longer than that, and the touch is not the target's write.
BOOKKEEPING = {"user_session": {"last_seen_at"}}


EMPTY = hashlib.sha256(b"").hexdigest()


def fingerprint(db) -> dict[str, str]:
    """Per table, a hash of its whole content (row counts alone miss an update or a half-written record). A world
    fills a third of the tables: one query finds which, and only those are read (two fingerprints a request, each
    a query per table, were a third of the fuzzing's time on PostgreSQL)."""
    prints = {}
    with db.engine.connect() as connection:
        filled = filled_tables(connection, Base.metadata.sorted_tables)
        for table in Base.metadata.sorted_tables:
            if table.name not in filled:
                prints[table.name] = EMPTY  # the hash of no rows, as below
                continue
            columns = [c for c in table.columns if c.name not in BOOKKEEPING.get(table.name, ())]
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(*columns)))
            prints[table.name] = hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass")).hexdigest()
    return prints


def stored_files(app) -> set[tuple[str, int]]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {(str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()}


# --- the request ----------------------------------------------------------------------------------------------------

@dataclass
class Stats:
    """Counted over the whole session and printed by tests/fuzz/conftest.py."""
    requests: int = 0
    posts: int = 0
    page_checks: int = 0
    server_errors: int = 0
    endpoints: set = field(default_factory=set)
    rejected: int = 0
    accepted: int = 0
    scripts: int = 0
    known: int = 0  # failures that are known bugs (tests/fuzz/known_bugs.py)
    accepted_by_endpoint: Counter = field(default_factory=Counter)

    def never_accepted(self) -> list[str]:
        """Endpoints whose fuzzed submissions were all refused: their success path was not fuzzed."""
        return sorted(e for e in self.endpoints if not self.accepted_by_endpoint[e])

    def summary(self) -> str:
        return (f"fuzz: {self.requests} requests across {len(self.endpoints)} endpoints ({self.posts} fuzzed "
                f"submissions: {self.accepted} accepted, {self.rejected} rejected; {self.page_checks} pages checked "
                f"for scripts), {self.server_errors} server errors and {self.scripts} scripts in pages, "
                f"{self.server_errors + self.scripts - self.known} of them outside the known bugs")


STATS = Stats()


class ServerError(AssertionError):
    pass


class ScriptInPage(AssertionError):
    pass


def multipart(fields: dict) -> dict:
    """A multipart body encoded in memory. (The test client spools bodies over 500 KB to a temporary file that it
    never closes, which pytest reports as an unclosed file.) Files are given as (bytes, filename)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    values = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            values.add(name, FileStorage(io.BytesIO(item[0]), filename=item[1]) if isinstance(item, tuple) else item)
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def flashes(client) -> list[tuple[str, str]]:
    """The messages a redirect left in the session for the next page, without consuming them."""
    with client.session_transaction() as session:
        return [tuple(f) for f in session.get("_flashes", [])]


@dataclass
class Answer:
    status: int
    location: str | None
    html: str | None
    messages: list
    rejected: bool
    wrote: bool


class Fuzzer:
    def __init__(self, app, db, stats: Stats):
        self.app, self.db, self.stats = app, db, stats

    def open(self, client, endpoint: str, url: str, method: str = "POST", **kwargs):
        """The request; an exception out of the view is a server error (TESTING propagates them)."""
        self.stats.requests += 1
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - whatever escapes the view is the 500 a user would get
            self.stats.server_errors += 1
            raise ServerError(f"{endpoint} {method} {url}: {type(error).__name__}: {error}\n"
                              f"{traceback.format_exc()}") from error
        if response.status_code >= 500:
            self.stats.server_errors += 1
            raise ServerError(f"{endpoint} {method} {url}: {response.status_code}")
        return response

    def check_page(self, client, endpoint: str, url: str, what: str = "page") -> str | None:
        """GET a page that shows stored data: no server error, no script that runs."""
        self.stats.page_checks += 1
        response = self.open(client, endpoint, url, method="GET")
        return self.check_html(response, f"{what} {url}")

    def check_html(self, response, where: str) -> str | None:
        if response.mimetype != "text/html":
            return None
        html = response.get_data(as_text=True)
        found = scripts_in(html)
        if found:
            self.stats.scripts += 1
            raise ScriptInPage(f"a script that runs in {where}: {found}")
        return html

    def post(self, client, target, url: str, **kwargs) -> Answer:
        """POST once and check the three properties (a rejection may still write the tables the target names in
        its writes_on_rejection, such as the login throttle's attempts)."""
        before, files_before = fingerprint(self.db), stored_files(self.app)
        self.stats.posts += 1
        self.stats.endpoints.add(target.endpoint)
        response = self.open(client, target.endpoint, url, **kwargs)
        html = self.check_html(response, f"the answer of {target.endpoint}")
        location = response.headers.get("Location")
        messages = flashes(client) if location else []
        rejected = target.is_rejection(response.status_code, messages)
        after = fingerprint(self.db)
        if rejected:
            self.stats.rejected += 1
            changed = sorted(name for name in before
                             if before[name] != after[name] and name not in target.writes_on_rejection)
            assert not changed, (f"{target.endpoint} answered {response.status_code} {messages} but wrote to "
                                 f"{changed}")
            assert stored_files(self.app) == files_before, f"{target.endpoint} rejected but left files behind"
        else:
            self.stats.accepted += 1
            self.stats.accepted_by_endpoint[target.endpoint] += 1
        if location:
            parts = urlsplit(location)
            assert parts.scheme in ("", "http") and parts.netloc in ("", "localhost"), \
                f"{target.endpoint} redirects off the site: {location!r}"
            self.check_page(client, target.endpoint, parts.path + (f"?{parts.query}" if parts.query else ""),
                            "the redirect target")
        return Answer(response.status_code, location, html, messages, rejected, before != after)

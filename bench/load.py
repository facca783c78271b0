"""Load test (issue #8 "Concurrency"): gunicorn with 4 workers on 127.0.0.1, 100 experts saving drafts and submitting
score sheets at once while office users and panel leaders read the consolidation pages; then every write is
checked in the database.

    .venv/bin/python -m bench.load [--db sqlite|postgres|both] [--experts 100] [--drafts 20] [--servers 1|2]

Each configuration gets a fresh database (`flask db upgrade` on a temporary SQLite file, WAL mode; or a fresh
PostgreSQL database on the server of BENCH_PG_ADMIN_URL, default the one of scripts/start-postgres.sh), a seeded
document review (20 applicants, the experts seated on panels reviewing one or two of them, declarations signed)
and its own uploads folder. The servers run bench.http_wsgi:app (ProductionConfig minus Secure cookies: plain HTTP
on loopback) with a fixed SECRET_KEY. With --servers 2 (PostgreSQL only) two gunicorn instances on two ports share
the database and the uploads folder, and every client alternates between them request by request.

Each expert is one client (a thread with its own cookie jar): log in (CSRF token from the form), open each sheet,
save --drafts drafts, each from the version of the page the previous save led to, then submit. Some experts save
one draft, or submit, from two tabs at once with the same version: one save must win and the other be refused
with the stale message.

Meanwhile (issue 18) --organizations applicant organizations (default 200), each with its verified login and an online
application draft in a second cycle taking applications, upload one --upload-mb file each (default 10 MB, a PDF
by its content) through the draft's page, --uploaders at a time: every acknowledged upload must be in the database
once, on its draft, with the sent bytes on disk (sha256). Exit status 1 on any lost write or file, 5xx or other
error."""
import argparse
import hashlib
import html
import http.client
import http.cookiejar
import itertools
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "bench-load-shared-secret-0123456789abcdef"  # the same on every server: sessions work on both
AUDIT_KEY_FOR_BENCH = "bench-load-audit-key-not-secret-0123456789"  # production requires one (issue 13 item 3)
PASSWORD = "bench-password-2026"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:55432/postgres")
PG_DATABASE = "reviewapp_load"
STAGE = "document_review"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
SELECT = re.compile(r'<select[^>]*name="pct-([^"]+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'value="(\d+)" selected')
COMMENT = re.compile(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', re.S)
MESSAGES = {
    "locked": "This sheet has been submitted and is locked; the office can reopen it.",
    "lockout": "Too many failed attempts. Please wait %(seconds)s seconds, then try again.",
}


# --- databases -----------------------------------------------------------------------------------------------

def sqlite_url(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'load.sqlite'}"


def fresh_postgres(admin_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `admin_url`; its SQLAlchemy URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def server_env(url: str, uploads: Path) -> dict[str, str]:
    return {**os.environ, "REVIEWAPP_ENV": "production", "SECRET_KEY": SECRET_KEY, "AUDIT_KEY": AUDIT_KEY_FOR_BENCH,
            "DATABASE_URL": url, "UPLOAD_FOLDER": str(uploads), "PYTHONUNBUFFERED": "1",
            "REQUIRE_OFFICE_TOTP": "0"}  # a load test: the office's second factor is tested in tests/auth


def flask_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def migrate(env: dict) -> None:
    done = flask_cli(env, "db", "upgrade")
    if done.returncode:
        raise SystemExit(f"flask db upgrade failed:\n{done.stderr[-3000:]}")


def local_app(url: str, uploads: Path):
    """An app in this process on the same database, to seed it and to check it afterwards."""
    from config import Config
    from reviewapp import create_app

    class LocalConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        UPLOAD_FOLDER = str(uploads)
        AUDIT_KEY = AUDIT_KEY_FOR_BENCH  # the servers' key: they and this process write one chain

    return create_app(LocalConfig)


def dispose(app) -> None:
    from reviewapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- the seeded review ---------------------------------------------------------------------------------------

@dataclass
class Member:
    username: str
    applications: list[int]


@dataclass
class World:
    cycle_id: int
    applications: list[int]
    experts: list[Member]
    leaders: list[Member]
    office: list[str]
    items: list[str]
    step: int
    max_failures: int
    messages: dict[str, tuple[str, ...]]
    materials: dict[int, tuple[int, str]] = field(default_factory=dict)  # application -> (material id, sha256)
    uploaders: list["Uploader"] = field(default_factory=list)  # issue 18: the organizations applying online


@dataclass
class Uploader:
    """An applicant organization's login uploading one file to its online draft (issue 18)."""
    username: str
    draft_id: int
    serial: int
    sha256: str = ""
    size: int = 0
    acknowledged: bool = False
    errors: list[str] = field(default_factory=list)


def deal_panels(n_experts: int, n_applicants: int) -> list[tuple[list[int], list[int]]]:
    """(experts, applicants) per panel, as indexes: some panels review two applicants, the others one; the experts
    are dealt round the panels, the first dealt to a panel leads it."""
    n_panels = max(1, min(n_experts, math.ceil(n_applicants * 0.7)))
    doubles = min(n_panels, n_applicants - n_panels)
    applicants = [[2 * p, 2 * p + 1] if p < doubles else [doubles + p] for p in range(n_panels)]
    return [(list(range(p, n_experts, n_panels)), [a for a in applicants[p] if a < n_applicants])
            for p in range(n_panels)]


def credit_code(serial: int) -> str:
    from reviewapp.domain.credit_code import credit_code_check_char

    first17 = f"91210502{serial:08d}A"[:17]
    return first17 + credit_code_check_char(first17)


def seed(url: str, uploads: Path, n_experts: int, n_applicants: int, n_organizations: int = 0) -> World:
    """The review as the office leaves it just before the document review: applicants registered (their materials
    are uploaded through the servers), panels seated, declarations signed. Users through the admin operation, with
    one password hash for all (argon2 takes 0.2 s per hash here)."""
    from reviewapp.domain.passwords import PasswordHashing
    from reviewapp.domain.standard import load_standard

    app = local_app(url, uploads)
    known = PasswordHashing().hash(PASSWORD)  # one real hash, reused: the load test measures requests, not argon2
    with app.app_context(), mock.patch.object(PasswordHashing, "hash", lambda _self, _password: known):
        world = _seed_review(n_experts, n_applicants)
        world.uploaders = _seed_online(n_organizations)
        standard = load_standard()
        world.items, world.step = [item.code for item in standard.items], standard.percent_step
        # past the free failures, four more: the next attempt waits 32 s, long enough to ask every server
        world.max_failures = app.config["LOGIN_ACCOUNT_FREE_FAILURES"] + 4
        from reviewapp.reviews.scoring.routes import SHEET_STALE  # the sheet's own words, whatever they become

        world.messages = translations(app, {**MESSAGES, "stale": SHEET_STALE}, {"seconds": "\x00"})
        # the wait's number of seconds varies: recognise the message by what comes before it
        world.messages["lockout"] = tuple(text.split("\x00")[0] for text in world.messages["lockout"])
    dispose(app)
    return world


def _seed_review(n_experts: int, n_applicants: int) -> World:
    from sqlalchemy import select

    from reviewapp.admin.operations import create_user
    from reviewapp.domain.cycle_settings import default_settings
    from reviewapp.extensions import db
    from reviewapp.models import (
        Application,
        ApplicationStatus,
        AwardKind,
        Cycle,
        Expert,
        ImpartialityDeclaration,
        Organization,
        OrgKind,
        Panel,
        PanelApplicant,
        PanelMember,
        PanelStage,
        Person,
        Role,
        Stage,
    )

    office = [create_user(f"office{i}", f"办公室{i}", PASSWORD, [Role.OFFICE], "zh").username for i in (1, 2)]
    cycle = Cycle(name="第十一届本溪市市长质量奖（负载测试）", year=2026, reference_date=date(2026, 11, 16),
                  standard_version="GB/T 19580-2012", award_quota=2, nomination_quota=5,
                  stage=Stage.ACCEPTANCE_REVIEW, settings=default_settings())
    recommender = Organization(name="本溪市质量协会", credit_code=credit_code(9999),
                               kind=OrgKind.INDUSTRY_ASSOCIATION)
    orgs = [Organization(name=f"本溪负载示例{i + 1:02d}有限公司", credit_code=credit_code(i + 1),
                         kind=OrgKind.ENTERPRISE,
                         founded_on=date(2005, 3, 1), industry_code="C31") for i in range(n_applicants)]
    db.session.add_all([cycle, recommender, *orgs])
    db.session.flush()
    applications = [Application(cycle_id=cycle.id, organization_id=org.id, number=f"2026-{i + 1:03d}",
                                award=AwardKind.AWARD, recommender_id=recommender.id,
                                recommendation_opinion="同意推荐", recommendation_signatory="张会长",
                                recommendation_date=date(2026, 11, 1), status=ApplicationStatus.REGISTERED)
                    for i, org in enumerate(orgs)]
    db.session.add_all(applications)
    db.session.commit()
    users = [create_user(f"expert{i:03d}", f"专家{i:03d}", PASSWORD, [Role.EXPERT], "zh") for i in range(n_experts)]
    experts = [db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id)) for user in users]
    db.session.add_all(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                               text_sha256="0" * 64) for expert in experts)
    members, leaders = [Member(user.username, []) for user in users], []
    for number, (seated, reviewed) in enumerate(deal_panels(n_experts, n_applicants), start=1):
        panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name=f"第{number}评审组")
        db.session.add(panel)
        db.session.flush()
        db.session.add_all(PanelMember(panel_id=panel.id, expert_id=experts[i].id, is_leader=i == seated[0])
                           for i in seated)
        db.session.add_all(PanelApplicant(panel_id=panel.id, application_id=applications[a].id,
                                          stage=PanelStage.DOCUMENT_REVIEW) for a in reviewed)
        for i in seated:
            members[i].applications = [applications[a].id for a in reviewed]
        leaders.append(members[seated[0]])
    db.session.commit()
    return World(cycle.id, [a.id for a in applications], members, leaders, office, [], 0, 0, {})


def _seed_online(n_organizations: int) -> list[Uploader]:
    """Issue 18: a second cycle taking applications under its published call (Art. 14), and the organizations
    applying online, each with a verified applicant login and a draft started."""
    from datetime import timedelta

    from reviewapp.admin.operations import create_user
    from reviewapp.city_calendar import city_today
    from reviewapp.domain.call import CallContent
    from reviewapp.domain.cycle_settings import default_settings
    from reviewapp.extensions import db
    from reviewapp.models import (
        ApplicationDraft,
        CallPublication,
        Cycle,
        Notice,
        NoticeKind,
        Organization,
        OrganizationAccount,
        OrgKind,
        Role,
        Stage,
    )
    from reviewapp.models.base import utcnow

    if not n_organizations:
        return []
    today = city_today()
    deadline = today + timedelta(days=30)
    cycle = Cycle(name="第十二届本溪市市长质量奖（负载测试：网上申报）", year=2027, reference_date=today,
                  standard_version="GB/T 19580-2012", award_quota=2, nomination_quota=5, stage=Stage.APPLICATION,
                  settings=default_settings(), application_deadline=deadline)
    db.session.add(cycle)
    db.session.flush()
    content = CallContent(awards="市长质量奖、提名奖", conditions="第十一条", award_quota=2, nomination_quota=5,
                          deadline=deadline, where_to_apply="本系统网上申报", contact_person="王科长",
                          contact_phone="024-42800000", contact_email="zlj@benxi.gov.cn")
    call = Notice(cycle_id=cycle.id, kind=NoticeKind.CALL, title=f"{cycle.name}申报通告", body="申报通告",
                  start_date=today, end_date=deadline, working_days=0, entries=[], details=content.as_json())
    db.session.add(call)
    db.session.flush()
    db.session.add(CallPublication(notice_id=call.id, outlet="本溪日报", published_on=today))
    db.session.commit()
    uploaders = []
    for i in range(n_organizations):
        org = Organization(name=f"本溪网上申报负载{i + 1:03d}有限公司", credit_code=credit_code(10_000 + i),
                           kind=OrgKind.ENTERPRISE, founded_on=date(2008, 5, 1), industry_code="C33")
        db.session.add(org)
        db.session.flush()
        user = create_user(f"org{i + 1:03d}", f"申报联系人{i + 1:03d}", PASSWORD, [Role.APPLICANT], "zh", commit=False)
        db.session.add(OrganizationAccount(user_id=user.id, organization_id=org.id, organization_name=org.name,
                                           credit_code=org.credit_code, verified_at=utcnow()))
        draft = ApplicationDraft(cycle_id=cycle.id, organization_id=org.id, form_data={}, self_assessment={},
                                 created_by_id=user.id, updated_by_id=user.id)
        db.session.add(draft)
        db.session.flush()
        uploaders.append(Uploader(user.username, draft.id, i + 1))
    db.session.commit()
    return uploaders


def translations(app, messages: dict[str, str], params: dict) -> dict[str, tuple[str, ...]]:
    """Each message in English and in Chinese (the users' locale), as the pages show it."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("zh"):
        return {key: (text % params, gettext(text) % params) if "%(" in text else (text, gettext(text))
                for key, text in messages.items()}


def sqlite_review(work: Path, experts: int, applicants: int) -> tuple[str, Path, dict, "World"]:
    """A migrated SQLite database in `work` with its uploads folder, seeded and in the document review: (url,
    uploads, the servers' environment, the world). bench/throughput.py and bench/pages_inprocess.py start here."""
    url, uploads = sqlite_url(work), work / "uploads"
    uploads.mkdir()
    env = server_env(url, uploads)
    migrate(env)
    world = seed(url, uploads, experts, applicants)
    open_document_review(url, uploads, world)
    return url, uploads, env, world


def open_document_review(url: str, uploads: Path, world: World) -> None:
    """The office's acceptance is done: the applicants are accepted and the document review begins."""
    from reviewapp.extensions import db
    from reviewapp.models import Application, ApplicationStatus, Cycle, Stage

    app = local_app(url, uploads)
    with app.app_context():
        db.session.get(Cycle, world.cycle_id).stage = Stage.DOCUMENT_REVIEW
        for application_id in world.applications:
            db.session.get(Application, application_id).status = ApplicationStatus.ACCEPTED
        db.session.commit()
    dispose(app)


# --- gunicorn --------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One app server: `gunicorn -w N -b 127.0.0.1:PORT --no-control-socket bench.http_wsgi:app`."""

    def __init__(self, env: dict, workers: int, log: Path, app: str = "bench.http_wsgi:app",
                 ready_path: str = "/auth/login"):
        self.port, self.log_path, self.ready_path = free_port(), log, ready_path
        self.command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
                        "--no-control-socket", "--timeout", "30", app]
        self.log = open(log, "w")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=5) as answer:
                    if answer.status == 200 and len(self.workers()) > 0:
                        return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn on {self.base} did not answer within {timeout} s")

    def busy_workers(self) -> list[int]:
        """The workers holding an open connection from a client: serving a request right now."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                columns = line.split()
                if int(columns[1].rsplit(":", 1)[1], 16) == self.port and columns[3] == "01":  # ESTABLISHED
                    inodes.add(f"socket:[{columns[9]}]")
        busy = []
        for pid in self.workers():
            try:
                links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
            except OSError:
                continue
            if links & inodes:
                busy.append(pid)
        return busy

    def workers(self) -> list[int]:
        """The worker processes: the master's children."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                pid, rest = stat.read_text().split(" ", 1)
            except OSError:
                continue
            if int(rest.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                children.append(int(pid))
        return sorted(children)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- the HTTP clients --------------------------------------------------------------------------------------------

@dataclass
class Hit:
    kind: str
    status: int  # 0: no answer (connection cut, refused or timed out)
    start: float
    latency: float
    server: str
    error: str = ""
    body: str = ""  # kept for answers >= 500 only


class Cut(Exception):
    """The request got no HTTP answer."""


@dataclass
class Page:
    status: int
    body: bytes
    location: str | None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One user's browser: its own cookie jar (it honours the Secure flag), the CSRF token of the last page it got,
    the servers used in turn, request by request. Redirects are not followed: callers GET the page they expect."""

    def __init__(self, bases: list[str], hits: list[Hit], timeout: float = 60, inflight: dict | None = None,
                 first: int = 0):
        self.bases, self.hits, self.timeout = bases, hits, timeout
        self.inflight = {} if inflight is None else inflight  # token -> (kind, start) of the requests under way
        self.turn, self.csrf = itertools.count(first), None
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                  urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def get(self, kind: str, path: str, at: int | None = None) -> Page:
        return self.send(kind, path, None, {}, at)

    def post(self, kind: str, path: str, fields: dict[str, str], at: int | None = None) -> Page:
        body = urllib.parse.urlencode(fields).encode()
        return self.send(kind, path, body, {"Content-Type": "application/x-www-form-urlencoded"}, at)

    def post_file(self, kind: str, path: str, fields: dict[str, str], name: str, filename: str, data: bytes,
                  at: int | None = None) -> Page:
        boundary = f"----bench{random.getrandbits(64):x}"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                 for key, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.send(kind, path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, at)

    def send(self, kind: str, path: str, body: bytes | None, headers: dict, at: int | None) -> Page:
        base = self.bases[at if at is not None else next(self.turn) % len(self.bases)]
        request = urllib.request.Request(base + path, data=body, headers={
            **headers, "Accept-Language": "zh-CN,zh;q=0.9", "User-Agent": "bench.load"})
        start, token = time.perf_counter(), object()
        self.inflight[token] = (kind, start)
        try:
            try:
                with self.opener.open(request, timeout=self.timeout) as answer:
                    page = Page(answer.status, answer.read(), answer.headers.get("Location"))
            except urllib.error.HTTPError as answer:  # redirects and errors: still an answer
                page = Page(answer.code, answer.read(), answer.headers.get("Location"))
            finally:
                del self.inflight[token]
        except (OSError, http.client.HTTPException) as error:
            self.hits.append(Hit(kind, 0, start, time.perf_counter() - start, base, type(error).__name__))
            raise Cut(f"{kind} {path}: {type(error).__name__}") from error
        self.hits.append(Hit(kind, page.status, start, time.perf_counter() - start, base,
                             body=page.text[:2000] if page.status >= 500 else ""))
        if page.status == 200:
            found = CSRF.search(page.text)
            self.csrf = found.group(1) if found else self.csrf
        return page


def shows(page: Page, messages: tuple[str, ...]) -> bool:
    text = html.unescape(page.text)
    return any(message in text for message in messages)


def login(browser: Browser, username: str, password: str = PASSWORD, at: int | None = None) -> Page:
    browser.get("login page", "/auth/login", at=at)
    return browser.post("login", "/auth/login", {"csrf_token": browser.csrf or "", "username": username,
                                                 "password": password}, at=at)


def shown_percents(page: Page) -> dict[str, int]:
    shown = {}
    for code, options in SELECT.findall(page.text):
        chosen = SELECTED.search(options)
        if chosen:
            shown[code] = int(chosen.group(1))
    return shown


def shown_comment(page: Page) -> str:
    found = COMMENT.search(page.text)
    return html.unescape(found.group(1)).strip() if found else ""


# --- the experts ------------------------------------------------------------------------------------------------

@dataclass
class SheetLog:
    """What one expert's client knows about one sheet: the saves acknowledged, what it last submitted."""
    username: str
    application_id: int
    acknowledged: int = 0
    submitted: dict | None = None
    comment: str | None = None
    stale_refusals: int = 0
    lost: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def sheet_fields(browser: Browser, version: int, percents: dict, comment: str, submit: bool) -> dict[str, str]:
    fields = {"csrf_token": browser.csrf or "", "version": str(version), "comment": comment,
              "submit_sheet" if submit else "save_draft": "1"}
    fields.update({f"pct-{code}": str(value) for code, value in percents.items()})
    first = next(iter(percents))
    fields.update({f"str-{first}": f"{comment}：优势", f"opp-{first}": f"{comment}：改进机会"})
    return fields


class ExpertClient:
    """One expert's scenario, sheet after sheet: open it, save drafts from the version of the last page, submit."""

    def __init__(self, browser: Browser, member: Member, world: World, drafts: int, pair_draft: int | None,
                 pair_submit: bool, rng: random.Random):
        self.browser, self.member, self.world, self.drafts = browser, member, world, drafts
        self.pair_draft, self.pair_submit, self.rng = pair_draft, pair_submit, rng
        self.logs: list[SheetLog] = []

    def fetch(self, kind: str, path: str) -> Page:
        return self.browser.get(kind, path)

    def log_in(self) -> Page:
        return login(self.browser, self.member.username)

    def run(self) -> list[SheetLog]:
        answer = self.log_in()
        if answer.status != 302:
            self.logs.append(SheetLog(self.member.username, 0, errors=[f"login answered {answer.status}"]))
            return self.logs
        for application_id in self.member.applications:
            log = SheetLog(self.member.username, application_id)
            self.logs.append(log)
            try:
                self.review(application_id, log)
            except Cut as cut:
                log.errors.append(str(cut))
        return self.logs

    def percents(self) -> dict[str, int]:
        return {code: self.rng.randrange(0, 101, self.world.step) for code in self.world.items}

    def review(self, application_id: int, log: SheetLog) -> None:
        url = f"/reviews/{application_id}/{STAGE}"
        version = self.open(url, log)
        if version is None:
            return
        self.download(application_id, log)
        for n in range(self.drafts + 1):
            submit = n == self.drafts
            comment = f"{self.member.username} {'提交' if submit else f'草稿{n + 1}'}"
            if (n == self.pair_draft) or (submit and self.pair_submit):
                version = self.save_from_two_tabs(url, version, comment, submit, log)
            else:
                version = self.save(url, version, self.percents(), comment, submit, log)
            if version is None:
                return

    def open(self, url: str, log: SheetLog) -> int | None:
        page = self.fetch("sheet page", url)
        found = VERSION.search(page.text) if page.status == 200 else None
        if found is None:
            log.errors.append(f"sheet page answered {page.status}")
            return None
        return int(found.group(1))

    def download(self, application_id: int, log: SheetLog) -> None:
        material_id, sha256 = self.world.materials[application_id]
        page = self.fetch("download", f"/applications/materials/{material_id}")
        if page.status != 200 or hashlib.sha256(page.body).hexdigest() != sha256:
            log.errors.append(f"material {material_id}: answered {page.status}, or other bytes")

    def save(self, url: str, version: int, percents: dict, comment: str, submit: bool, log: SheetLog) -> int | None:
        answer = self.browser.post("submit" if submit else "draft", url,
                                   sheet_fields(self.browser, version, percents, comment, submit))
        if answer.status != 302:
            stale = shows(answer, self.world.messages["stale"])
            log.errors.append(f"a lone save from the latest version answered {answer.status}"
                              + (" (refused as stale)" if stale else ""))
            return None
        self.acknowledged(log, percents, comment, submit)
        return self.check_page(url, percents, comment, log)

    def save_from_two_tabs(self, url: str, version: int, comment: str, submit: bool, log: SheetLog) -> int | None:
        """Two tabs save from the same version at once: exactly one may win; the other must be refused with the
        message, and the sheet must then show the winner's values."""
        tries = [(self.percents(), f"{comment} 标签页{tab}") for tab in (1, 2)]
        kind = "submit" if submit else "draft"
        with ThreadPoolExecutor(2) as tabs:
            answers = list(tabs.map(lambda t: self.browser.post(
                kind, url, sheet_fields(self.browser, version, t[0], t[1], submit)), tries))
        won = [t for t, answer in zip(tries, answers) if answer.status == 302]
        refused = [answer for answer in answers if answer.status == 200]
        if len(won) == 2:
            log.lost.append("both tabs' saves from the same version were accepted: one overwrote the other")
            return None
        if len(won) != 1 or len(refused) != 1:
            log.errors.append(f"two tabs answered {[a.status for a in answers]}")
            return None
        messages = self.world.messages["stale"] + (self.world.messages["locked"] if submit else ())
        if not shows(refused[0], messages):
            log.errors.append("the refused tab got no stale message")
            return None
        log.stale_refusals += 1
        self.acknowledged(log, *won[0], submit)
        return self.check_page(url, *won[0], log)

    @staticmethod
    def acknowledged(log: SheetLog, percents: dict, comment: str, submit: bool) -> None:
        log.acknowledged += 1
        if submit:
            log.submitted, log.comment = percents, comment

    def check_page(self, url: str, percents: dict, comment: str, log: SheetLog) -> int | None:
        """Read your write: the page after the save shows exactly what was saved."""
        page = self.fetch("sheet page", url)
        if page.status != 200:
            log.errors.append(f"sheet page answered {page.status}")
            return None
        if shown_percents(page) != percents or shown_comment(page) != comment:
            log.lost.append("the page after an acknowledged save shows other values")
        found = VERSION.search(page.text)
        return int(found.group(1)) if found else -1  # a submitted sheet is locked: no form, no version


# --- the readers -----------------------------------------------------------------------------------------------

def office_reader(browser: Browser, username: str, world: World, stop: threading.Event, errors: list) -> None:
    rng = random.Random(username)
    _read(browser, username, stop, errors, lambda: [f"/reviews/cycles/{world.cycle_id}",
                                                   f"/reviews/applications/{rng.choice(world.applications)}/sheets"])


def leader_reader(browser: Browser, leader: Member, stop: threading.Event, errors: list) -> None:
    _read(browser, leader.username, stop, errors,
          lambda: [f"/reviews/{application_id}/{STAGE}/report" for application_id in leader.applications])


def _read(browser: Browser, username: str, stop: threading.Event, errors: list, paths) -> None:
    try:
        if login(browser, username).status != 302:
            errors.append(f"{username}: login refused")
            return
        while not stop.is_set():
            for path in paths():
                kind = ("report page" if path.endswith("/report") else "overview" if "/cycles/" in path
                        else "sheets list")
                page = browser.get(kind, path)
                if page.status != 200:
                    errors.append(f"{username}: {path} answered {page.status}")
            stop.wait(0.05)
    except Cut as cut:
        errors.append(f"{username}: {cut}")


# --- checks before the load: shared uploads, shared lockout ----------------------------------------------------

def tiny_pdf(label: str) -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + label.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def big_pdf(serial: int, size: int) -> bytes:
    """A PDF by its content (header and trailer where the upload check looks), `size` bytes, one per organization."""
    head = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + f"organization {serial}".encode() + b"\n"
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    line = (f"% {serial:06d} ".encode() + b"x" * 69 + b"\n")
    body = line * ((size - len(head) - len(tail)) // len(line) + 1)
    return head + body[:size - len(head) - len(tail)] + tail


def upload_online(browser: Browser, uploader: Uploader, size: int) -> Uploader:
    """Issue 18: an organization logs in, opens its draft, uploads its supporting evidence and sees it listed."""
    try:
        login(browser, uploader.username)
        browser.get("draft page", f"/online/drafts/{uploader.draft_id}")
        data = big_pdf(uploader.serial, size)
        uploader.sha256, uploader.size = hashlib.sha256(data).hexdigest(), len(data)
        name = f"证明材料-{uploader.serial:03d}.pdf"
        answer = browser.post_file("org upload", f"/online/drafts/{uploader.draft_id}/files",
                                   {"csrf_token": browser.csrf or "", "kind": "supporting"}, "file", name, data)
        del data
        uploader.acknowledged = answer.status == 302
        if not uploader.acknowledged:
            uploader.errors.append(f"{uploader.username}: the upload answered {answer.status}")
            return uploader
        page = browser.get("draft page", f"/online/drafts/{uploader.draft_id}")
        if name not in html.unescape(page.text):
            uploader.errors.append(f"{uploader.username}: the uploaded file is not listed on its draft")
    except Cut as cut:
        uploader.errors.append(f"{uploader.username}: {cut}")
    return uploader


def check_uploads(url: str, uploads: Path, world: World) -> list[str]:
    """Every acknowledged upload once in the database, on its own draft, its bytes on disk as sent."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import Material

    app = local_app(url, uploads)
    lost = []
    with app.app_context():
        by_draft = {}
        for material in db.session.scalars(select(Material).where(Material.draft_id.is_not(None))):
            by_draft.setdefault(material.draft_id, []).append(material)
        for uploader in world.uploaders:
            found = by_draft.get(uploader.draft_id, [])
            if not uploader.acknowledged:
                continue
            if len(found) != 1 or found[0].sha256 != uploader.sha256 or found[0].size != uploader.size:
                lost.append(f"{uploader.username}: {len(found)} file(s) on draft {uploader.draft_id}, "
                            f"not the one acknowledged")
                continue
            stored = uploads / found[0].stored_name
            if not stored.is_file() or hashlib.sha256(stored.read_bytes()).hexdigest() != uploader.sha256:
                lost.append(f"{uploader.username}: the stored file of draft {uploader.draft_id} is not what was sent")
    dispose(app)
    return lost


def upload_materials(url: str, uploads: Path, world: World, bases: list[str]) -> list[str]:
    """The office uploads each applicant's self-assessment report through the first server; the last server serves
    it back byte for byte (one uploads folder shared by every server)."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import Material

    hits, problems = [], []
    office = Browser(bases, hits)
    login(office, world.office[0])
    for application_id in world.applications:
        office.get("application page", f"/applications/{application_id}", at=0)
        answer = office.post_file("upload", f"/applications/{application_id}/materials",
                                  {"csrf_token": office.csrf or "", "kind": "self_assessment_report"},
                                  "file", f"自评报告-{application_id}.pdf", tiny_pdf(f"applicant {application_id}"),
                                  at=0)
        if answer.status != 302:
            problems.append(f"upload for application {application_id} answered {answer.status}")
    app = local_app(url, uploads)
    with app.app_context():
        for material in db.session.scalars(select(Material)):
            world.materials[material.application_id] = (material.id, material.sha256)
    dispose(app)
    for material_id, sha256 in world.materials.values():
        page = office.get("download", f"/applications/materials/{material_id}", at=-1)
        if page.status != 200 or hashlib.sha256(page.body).hexdigest() != sha256:
            problems.append(f"material {material_id} uploaded via {bases[0]} not served by {bases[-1]}")
    if len(world.materials) != len(world.applications):
        problems.append(f"{len(world.materials)} materials stored for {len(world.applications)} uploads")
    return problems + [f"{hit.kind} answered {hit.status}" for hit in hits if hit.status >= 500 or not hit.status]


def lockout_across_servers(world: World, bases: list[str]) -> list[str]:
    """Failed logins for one user name, spread over the servers, slow it down on every server: the attempts are
    counted in the database, not in a process."""
    browser, problems = Browser(bases, []), []
    for attempt in range(world.max_failures):
        login(browser, "bench-nobody", "wrong-password", at=attempt % len(bases))
    for at in range(len(bases)):
        page = login(browser, "bench-nobody", "wrong-password", at=at)
        if not shows(page, world.messages["lockout"]):
            problems.append(f"{bases[at]} did not refuse the locked user name")
    return problems


# --- the load ------------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    hits: list[Hit]
    logs: list[SheetLog]
    reader_errors: list[str]
    wall: float
    upload_errors: list[str] = field(default_factory=list)


def drive(world: World, bases: list[str], drafts: int, readers: int, seed: int, upload_bytes: int = 0,
          uploaders: int = 20) -> Outcome:
    hits, reader_errors, stop = [], [], threading.Event()
    rng = random.Random(seed)
    clients = [ExpertClient(Browser(bases, hits, first=i), member, world, drafts,
                            pair_draft=drafts // 2 if i % 5 == 0 and drafts else None, pair_submit=i % 10 == 3,
                            rng=random.Random(rng.random())) for i, member in enumerate(world.experts)]
    reading = [threading.Thread(target=office_reader, args=(Browser(bases, hits, first=i), world.office[i % 2],
                                                            world, stop, reader_errors))
               for i in range(min(2, readers))]
    reading += [threading.Thread(target=leader_reader, args=(Browser(bases, hits, first=i), leader, stop,
                                                             reader_errors))
                for i, leader in enumerate(world.leaders[:max(0, readers - 2)])]
    start = time.perf_counter()
    for thread in reading:
        thread.start()
    # issue 18: the organizations upload their files while the experts score, `uploaders` at a time
    upload_pool = ThreadPoolExecutor(max(1, uploaders))
    uploading = [upload_pool.submit(upload_online, Browser(bases, hits, first=i), uploader, upload_bytes)
                 for i, uploader in enumerate(world.uploaders)]
    with ThreadPoolExecutor(len(clients)) as pool:
        logs = [log for result in pool.map(_run_safely, clients) for log in result]
    for done in uploading:
        done.result()
    upload_pool.shutdown()
    wall = time.perf_counter() - start
    stop.set()
    for thread in reading:
        thread.join()
    return Outcome(hits, logs, reader_errors, wall, [e for uploader in world.uploaders for e in uploader.errors])


def _run_safely(client: ExpertClient) -> list[SheetLog]:
    try:
        return client.run()
    except Cut as cut:
        return client.logs + [SheetLog(client.member.username, 0, errors=[str(cut)])]


# --- the checks after the load ---------------------------------------------------------------------------------

def check_database(url: str, uploads: Path, world: World, logs: list[SheetLog]) -> tuple[list[str], dict]:
    """Every sheet in the database once, submitted with the values of the acknowledged submission; its version
    moved once per acknowledged save and the audit trail holds one entry per save: nothing lost, nothing extra."""
    from sqlalchemy import func, select

    from reviewapp.extensions import db
    from reviewapp.models import AuditEntry, Expert, LoginAttempt, Person, ScoreSheet, SheetStatus, User

    app = local_app(url, uploads)
    lost = []
    with app.app_context():
        rows = db.session.execute(select(ScoreSheet, User.username).join(Expert, ScoreSheet.expert_id == Expert.id)
                                  .join(Person, Expert.person_id == Person.id).join(User, Person.user_id == User.id))
        sheets = {(username, sheet.application_id): sheet for sheet, username in rows}
        entries = Counter((action, object_id) for action, object_id in db.session.execute(
            select(AuditEntry.action, AuditEntry.object_id).where(AuditEntry.object_type == "score_sheet")))
        for log in (log for log in logs if log.application_id):
            sheet = sheets.get((log.username, log.application_id))
            where = f"{log.username} on application {log.application_id}"
            if sheet is None:
                lost.append(f"{where}: no sheet")
                continue
            saved, submitted = (entries[(action, str(sheet.id))] for action in ("score_sheet_saved",
                                                                                 "score_sheet_submitted"))
            if log.submitted is not None and (sheet.status is not SheetStatus.SUBMITTED
                                              or sheet.percents != log.submitted or sheet.comment != log.comment):
                lost.append(f"{where}: the stored sheet is not the acknowledged submission")
            if sheet.status is SheetStatus.SUBMITTED and len(sheet.percents) != len(world.items):
                lost.append(f"{where}: submitted with {len(sheet.percents)} of {len(world.items)} items")
            if sheet.version != 1 + log.acknowledged or saved + submitted != log.acknowledged:
                lost.append(f"{where}: {log.acknowledged} saves acknowledged, version {sheet.version}, "
                            f"{saved} + {submitted} audit entries")
        extra = len(sheets) - len({(log.username, log.application_id) for log in logs if log.application_id})
        logins = db.session.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.succeeded))
        facts = {"sheets": len(sheets), "submitted": sum(s.status is SheetStatus.SUBMITTED for s in sheets.values()),
                 "extra sheets": extra, "successful logins in the database": logins}
    dispose(app)
    return lost, facts


def audit_verify(env: dict) -> str:
    done = flask_cli(env, "audit", "verify")
    return (done.stdout + done.stderr).strip() if done.returncode == 0 else f"FAILED: {done.stderr.strip()}"


def audit_tampering_detected(url: str, uploads: Path, env: dict) -> str:
    """After the run: alter one entry in the middle of the trail, as someone with database access might, and check
    that `flask audit verify` now fails and names it. The database is the benchmark's own, thrown away after."""
    from sqlalchemy import func, select, update

    from reviewapp.extensions import db
    from reviewapp.models import AuditEntry

    app = local_app(url, uploads)
    with app.app_context():
        seq = db.session.scalar(select(func.max(AuditEntry.seq))) // 2
        db.session.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(details={"altered": True}))
        db.session.commit()
    dispose(app)
    done = flask_cli(env, "audit", "verify")
    found = done.returncode != 0 and f"seq={seq}" in done.stdout + done.stderr
    return f"entry seq={seq} altered -> {'detected' if found else 'NOT DETECTED'}"


def journal_mode(url: str) -> str:
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]


# --- figures ---------------------------------------------------------------------------------------------------------

def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))]


def latency_line(hits: list[Hit]) -> str:
    values = sorted(hit.latency for hit in hits)
    return (f"p50 {percentile(values, 50) * 1000:,.0f} ms, p95 {percentile(values, 95) * 1000:,.0f} ms, "
            f"p99 {percentile(values, 99) * 1000:,.0f} ms, max {values[-1] * 1000:,.0f} ms" if values else "-")


@dataclass
class Result:
    label: str
    requests: int
    rps: float
    latency: str
    lost: int
    errors: int
    server_errors: int
    stale: int
    details: list[str]

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.errors == 0


def summarize(label: str, outcome: Outcome, lost_in_db: list[str], pre_problems: list[str], audit: str,
              facts: dict) -> Result:
    hits, logs = outcome.hits, outcome.logs
    server_errors = [hit for hit in hits if hit.status >= 500]
    cut = [hit for hit in hits if hit.status == 0]
    client_errors = [error for log in logs for error in log.errors] + outcome.reader_errors + outcome.upload_errors
    lost = [problem for log in logs for problem in log.lost] + lost_in_db
    stale = sum(log.stale_refusals for log in logs)
    per_server = Counter(hit.server for hit in hits)
    details = [f"{len(hits):,} requests in {outcome.wall:.1f} s ("
               + ", ".join(f"{count:,} to {server}" for server, count in sorted(per_server.items())) + ")"]
    for kind in sorted({hit.kind for hit in hits}):
        of_kind = [hit for hit in hits if hit.kind == kind]
        details.append(f"  {kind:<12} {len(of_kind):>6,}  {latency_line(of_kind)}")
    details.append(f"sheets in the database: {facts['sheets']} ({facts['submitted']} submitted, "
                   f"{facts['extra sheets']} not expected); successful logins recorded: "
                   f"{facts['successful logins in the database']}")
    if facts.get("organizations"):
        details.append(f"online uploads: {facts['uploads acknowledged']} of {facts['organizations']} organizations' "
                       f"files acknowledged ({facts['upload MB']:,} MB), every one stored once, byte for byte, "
                       f"unless LOST below")
    details.append(f"flask audit verify: {audit}")
    details += [f"LOST: {problem}" for problem in lost[:20]]
    details += [f"ERROR: {problem}" for problem in (client_errors + pre_problems)[:20]]
    details += [f"5xx: {hit.kind} on {hit.server}: {hit.status} {hit.body[:300]!r}" for hit in server_errors[:5]]
    errors = len(server_errors) + len(cut) + len(client_errors) + len(pre_problems) + (not audit.startswith("OK"))
    return Result(label, len(hits), len(hits) / outcome.wall, latency_line(hits), len(lost), errors,
                  len(server_errors), stale, details)


# --- one configuration ------------------------------------------------------------------------------------------

def run(db_kind: str, args) -> Result:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-load-{db_kind}-"))
    uploads = workdir / "uploads"
    uploads.mkdir()
    url = sqlite_url(workdir) if db_kind == "sqlite" else fresh_postgres(args.pg_admin_url, PG_DATABASE)
    env = server_env(url, uploads)
    label = f"{db_kind}{' (WAL)' if db_kind == 'sqlite' else ''}, {args.servers} server(s) x {args.workers} workers"
    print(f"\n== {label}: preparing {workdir}", flush=True)
    migrate(env)
    world = seed(url, uploads, args.experts, args.applicants, args.organizations)
    if db_kind == "sqlite":
        label += f", journal_mode={journal_mode(url)}"
    servers = [Gunicorn(env, args.workers, workdir / f"gunicorn-{n}.log") for n in range(args.servers)]
    try:
        for server in servers:
            server.wait_ready()
        bases = [server.base for server in servers]
        pre = upload_materials(url, uploads, world, bases) + lockout_across_servers(world, bases)
        open_document_review(url, uploads, world)
        load = os.getloadavg()[0]
        print(f"   servers {', '.join(bases)}; {len(world.experts)} experts, "
              f"{sum(len(m.applications) for m in world.experts)} sheets, {args.drafts} drafts each, "
              f"{args.readers} readers, {len(world.uploaders)} organizations uploading {args.upload_mb} MB each "
              f"({args.uploaders} at a time); load average {load:.1f}", flush=True)
        outcome = drive(world, bases, args.drafts, args.readers, args.seed, int(args.upload_mb * 1024 * 1024),
                        args.uploaders)
        label += f"; load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    finally:
        for server in servers:
            server.stop()
    lost, facts = check_database(url, uploads, world, outcome.logs)
    lost += check_uploads(url, uploads, world)
    facts |= {"organizations": len(world.uploaders),
              "uploads acknowledged": sum(uploader.acknowledged for uploader in world.uploaders),
              "upload MB": round(sum(uploader.size for uploader in world.uploaders if uploader.acknowledged) / 2**20)}
    result = summarize(label, outcome, lost, pre, audit_verify(env), facts)
    tampering = audit_tampering_detected(url, uploads, env)
    result.details.append(f"flask audit verify after tampering: {tampering}")
    result.errors += "NOT DETECTED" in tampering
    if db_kind == "postgres" and not args.keep:
        drop_postgres(args.pg_admin_url, PG_DATABASE)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def print_result(result: Result) -> None:
    print(f"\n{result.label}")
    print(f"  {result.rps:.1f} req/s; {result.latency}")
    print(f"  lost writes {result.lost}, errors {result.errors} (5xx {result.server_errors}), "
          f"stale refusals {result.stale} -> {'PASS' if result.ok else 'FAIL'}")
    for line in result.details:
        print(f"  {line}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--experts", type=int, default=100)
    parser.add_argument("--drafts", type=int, default=20, help="drafts per sheet before it is submitted")
    parser.add_argument("--servers", type=int, choices=(1, 2), default=1)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per server")
    parser.add_argument("--applicants", type=int, default=20)
    parser.add_argument("--readers", type=int, default=5, help="office (2) and leader clients reading meanwhile")
    parser.add_argument("--organizations", type=int, default=200,
                        help="applicant organizations uploading a file to their online drafts meanwhile (issue 18)")
    parser.add_argument("--upload-mb", type=float, default=10, help="size of each organization's file")
    parser.add_argument("--uploaders", type=int, default=20, help="organizations uploading at the same time")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument("--keep", action="store_true", help="keep the databases, uploads and gunicorn logs")
    args = parser.parse_args(argv)
    if args.servers == 2 and args.db != "postgres":
        parser.error("--servers 2 runs on PostgreSQL only (two hosts cannot share a SQLite file): add --db postgres")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = [run(kind, args) for kind in kinds]
    print(f"\n{os.cpu_count()} cores; figures measured while other work shares the machine are pessimistic.")
    for result in results:
        print_result(result)
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())

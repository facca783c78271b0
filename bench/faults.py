"""Faults (issue #8 "Faults"), against gunicorn with 4 workers on 127.0.0.1 (see bench/load.py):

(a) kill: experts save drafts and submit while gunicorn workers are killed with SIGKILL, one every --kill-every
    seconds. Afterwards every sheet is either submitted with all its items or still a draft; every save a client
    saw acknowledged is in the database, and every save in the database has its audit entry (a killed request
    committed all of it or nothing); gunicorn has respawned the workers. A client whose request was cut reloads the
    page, as a person would, and saves again unless the page shows its save went through.
(b) restart: experts keep saving drafts and the office keeps reading while PostgreSQL is stopped (pg_ctl stop -m
    fast), kept down for --outage seconds and started again. During the outage the app must answer clean error
    pages (5xx without a traceback) without hanging; once PostgreSQL is back it must recover by itself (pool
    pre-ping) within --recovery seconds, and nothing acknowledged may be lost.

    .venv/bin/python -m bench.faults [--part kill|restart|both] [--db sqlite|postgres|both] [--experts 60]

PostgreSQL runs in a private cluster (data in --pgdata, port --pgport; created and started by
scripts/start-postgres.sh with REVIEWAPP_PGDATA/PGPORT), never the shared server of the test suites: restarting
that one would break everyone else's tests. pg_ctl runs as the postgres user (runuser) when we are root. The
private cluster is stopped at the end. Exit status 1 when a check fails."""
import argparse
import html
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import (
    ROOT,
    VERSION,
    Browser,
    Cut,
    ExpertClient,
    Gunicorn,
    Page,
    SheetLog,
    World,
    audit_verify,
    check_database,
    dispose,
    drop_postgres,
    fresh_postgres,
    latency_line,
    local_app,
    login,
    migrate,
    open_document_review,
    seed,
    server_env,
    sheet_fields,
    shown_comment,
    shown_percents,
    sqlite_url,
    upload_materials,
)

PG_OPTIONS = ("-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=/tmp -c fsync=off "
              "-c synchronous_commit=off -c full_page_writes=off")  # as scripts/start-postgres.sh starts it
FAULTS_DATABASE = "reviewapp_faults"


# --- the private PostgreSQL cluster -----------------------------------------------------------------------------

class PrivatePostgres:
    def __init__(self, data: Path, port: int):
        self.data, self.port, self.log = data, port, data.parent / f"{data.name}.log"
        self.bindir = max((b for b in Path("/usr/lib/postgresql").glob("*/bin") if (b / "initdb").exists()),
                          key=lambda b: [int(part) for part in b.parent.name.split(".") if part.isdigit()])

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start_first(self) -> None:
        env = {**os.environ, "PGPORT": str(self.port), "REVIEWAPP_PGDATA": str(self.data),
               "REVIEWAPP_PGLOG": str(self.log)}
        done = subprocess.run(["bash", str(ROOT / "scripts/start-postgres.sh")], env=env, capture_output=True,
                              text=True, timeout=300)
        if done.returncode:
            raise SystemExit(f"scripts/start-postgres.sh failed:\n{done.stderr[-3000:]}")

    def pg_ctl(self, *args: str) -> None:
        owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*owner, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args], cwd="/tmp", check=True,
                       capture_output=True, timeout=120)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def start(self) -> None:
        self.pg_ctl("-l", str(self.log), "-w", "-t", "60", "-o", PG_OPTIONS.format(port=self.port), "start")


# --- (a) SIGKILL a worker in the middle of submissions ----------------------------------------------------------

class ResilientExpert(ExpertClient):
    """After a cut request: reload the page (until a worker answers), see whether the save went through, save again
    from the fresh version if it did not."""

    unanswered_commits = 0

    def fetch(self, kind: str, path: str) -> Page:
        for _ in range(50):
            try:
                return self.browser.get(kind, path)
            except Cut:
                time.sleep(0.2)
        raise Cut(f"{kind} {path}: no answer in 50 tries")

    def log_in(self) -> Page:
        for _ in range(50):
            try:
                return login(self.browser, self.member.username)
            except Cut:
                time.sleep(0.2)
        raise Cut("login: no answer in 50 tries")

    def save(self, url: str, version: int, percents: dict, comment: str, submit: bool, log: SheetLog) -> int | None:
        for _ in range(20):
            try:
                answer = self.browser.post("submit" if submit else "draft", url,
                                           sheet_fields(self.browser, version, percents, comment, submit))
            except Cut:
                page = self.fetch("sheet page", url)
                if shown_percents(page) == percents and shown_comment(page) == comment:
                    self.unanswered_commits += 1  # committed, then the worker died before answering
                    self.acknowledged(log, percents, comment, submit)
                    found = VERSION.search(page.text)
                    return int(found.group(1)) if found else -1
                found = VERSION.search(page.text)
                if found is None:
                    log.errors.append("after a cut save the sheet is locked with other values")
                    return None
                version = int(found.group(1))
                continue
            if answer.status != 302:
                log.errors.append(f"a save answered {answer.status}")
                return None
            self.acknowledged(log, percents, comment, submit)
            return self.check_page(url, percents, comment, log)
        log.errors.append("20 cut saves in a row")
        return None


def killer(server: Gunicorn, inflight: dict, stop: threading.Event, kills: int, every: float,
           killed: list) -> None:
    """Whenever a submission has been under way for 30 ms, SIGKILL one of the workers serving a request (the one
    serving the submission, or another), then wait `every` seconds."""
    rng = random.Random(19580)
    while len(killed) < kills and not stop.is_set():
        now = time.perf_counter()
        if not any(kind == "submit" and now - start > 0.03 for kind, start in list(inflight.values())):
            stop.wait(0.005)
            continue
        busy = server.busy_workers()
        if busy:
            pid = rng.choice(busy)
            os.kill(pid, signal.SIGKILL)
            killed.append((now, pid))
            stop.wait(every)


def kill_test(db_kind: str, args, postgres: PrivatePostgres | None) -> list[str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-faults-kill-{db_kind}-"))
    url, env, world, uploads = prepare(db_kind, workdir, args, postgres)
    server = Gunicorn(env, args.workers, workdir / "gunicorn.log")
    hits, killed, stop, inflight = [], [], threading.Event(), {}
    try:
        server.wait_ready()
        problems = upload_materials(url, uploads, world, [server.base])
        open_document_review(url, uploads, world)
        clients = [ResilientExpert(Browser([server.base], hits, inflight=inflight), member, world, args.drafts,
                                   None, False, random.Random(i)) for i, member in enumerate(world.experts)]
        murderer = threading.Thread(target=killer, args=(server, inflight, stop, args.kills, args.kill_every,
                                                         killed))
        start = time.perf_counter()
        murderer.start()
        with ThreadPoolExecutor(len(clients)) as pool:
            logs = [log for result in pool.map(lambda client: client.run(), clients) for log in result]
        wall = time.perf_counter() - start
        stop.set()
        murderer.join()
        time.sleep(2)
        workers = server.workers()
    finally:
        server.stop()
    lost, facts = check_database(url, uploads, world, logs)
    problems += lost + [error for log in logs for error in log.errors] + half_written(url, uploads, world)
    if len(workers) != args.workers or {pid for _, pid in killed} & set(workers):
        problems.append(f"gunicorn has {len(workers)} workers after the kills (want {args.workers}, all new)")
    respawned = server.log_path.read_text().count("was sent SIGKILL")
    audit = audit_verify(env)
    problems += [] if audit.startswith("OK") else [f"flask audit verify: {audit}"]
    cut = Counter(hit.kind for hit in hits if hit.status == 0)
    server_errors = [hit for hit in hits if hit.status >= 500]
    problems += [f"{hit.kind} answered {hit.status}" for hit in server_errors]
    print(f"\n(a) SIGKILL, {db_kind}: {len(killed)} workers killed in {wall:.1f} s "
          f"({respawned} respawns logged by gunicorn, {len(workers)} workers at the end)")
    print(f"  {len(hits):,} requests; cut by a kill: {sum(cut.values())} ({dict(cut)}); "
          f"saves committed but unanswered (the page showed them after the reload): "
          f"{sum(c.unanswered_commits for c in clients)}; 5xx: {len(server_errors)}")
    print(f"  sheets: {facts['sheets']}, submitted {facts['submitted']}; lost writes {len(lost)}; "
          f"flask audit verify: {audit}")
    report(problems)
    cleanup(db_kind, workdir, args, postgres)
    return problems


def half_written(url: str, uploads: Path, world: World) -> list[str]:
    """A sheet is either submitted with every item and its submission in the audit trail, or a draft."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import AuditEntry, ScoreSheet, SheetStatus

    app = local_app(url, uploads)
    problems = []
    with app.app_context():
        submitted = set(db.session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "score_sheet_submitted")))
        for sheet in db.session.scalars(select(ScoreSheet)):
            if sheet.status is SheetStatus.SUBMITTED and (len(sheet.percents) != len(world.items)
                                                          or sheet.submitted_at is None
                                                          or str(sheet.id) not in submitted):
                problems.append(f"sheet {sheet.id}: half-written submission")
            if sheet.status is SheetStatus.DRAFT and (sheet.submitted_at is not None or str(sheet.id) in submitted):
                problems.append(f"sheet {sheet.id}: a draft with a submission on record")
    dispose(app)
    return problems


# --- (b) restart PostgreSQL while requests are running ---------------------------------------------------------

@dataclass
class Saver:
    """An expert who keeps saving drafts of one sheet: what was acknowledged, what failed with an unknown outcome."""
    member: object
    acknowledged: int = 0
    last: tuple | None = None
    uncertain: list = field(default_factory=list)  # (percents, comment) of failed saves, in order
    after_last: list = field(default_factory=list)  # the failed saves after the last acknowledged one
    errors: list = field(default_factory=list)


def log_in_until_done(browser: Browser, username: str, stop: threading.Event) -> None:
    """Log in, again after a cut connection or a refusal (a worker killed, the database down), until in or stopped."""
    while not stop.is_set():
        try:
            if login(browser, username).status == 302:
                return
        except Cut:
            pass
        stop.wait(0.2)


def keep_saving(browser: Browser, saver: Saver, world: World, stop: threading.Event, rng: random.Random) -> None:
    url = f"/reviews/{saver.member.applications[0]}/document_review"
    expect, n = None, 0
    log_in_until_done(browser, saver.member.username, stop)
    while not stop.is_set():
        try:
            page = browser.get("sheet page", url)
            if page.status != 200:
                stop.wait(0.2)
                continue
            if expect and (shown_percents(page), shown_comment(page)) != expect:
                saver.errors.append("the page after an acknowledged save shows other values")
            expect, n, version = None, n + 1, VERSION.search(page.text)
            if version is None:
                saver.errors.append("the sheet page has no form")
                stop.wait(0.2)
                continue
            percents = {code: rng.randrange(0, 101, world.step) for code in world.items}
            comment = f"{saver.member.username} 草稿{n}"
            try:
                answer = browser.post("draft", url, sheet_fields(browser, int(version.group(1)), percents, comment,
                                                                  False))
            except Cut:
                answer = None
            if answer is not None and answer.status == 302:
                saver.acknowledged, saver.last, saver.after_last = saver.acknowledged + 1, (percents, comment), []
                expect = (percents, comment)
            elif answer is None or answer.status >= 500:
                saver.uncertain.append((percents, comment))
                saver.after_last.append((percents, comment))
                stop.wait(0.2)
            else:
                saver.errors.append(f"a save answered {answer.status}")
        except Cut:
            stop.wait(0.2)


def keep_reading(browser: Browser, username: str, world: World, stop: threading.Event) -> None:
    log_in_until_done(browser, username, stop)
    while not stop.is_set():
        try:
            browser.get("overview", f"/reviews/cycles/{world.cycle_id}")
        except Cut:
            pass
        stop.wait(0.1)


def restart_test(args, postgres: PrivatePostgres) -> list[str]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-restart-"))
    url, env, world, uploads = prepare("postgres", workdir, args, postgres)
    server = Gunicorn(env, args.workers, workdir / "gunicorn.log")
    hits, stop = [], threading.Event()
    savers = [Saver(member) for member in world.experts[:args.savers]]
    try:
        server.wait_ready()
        problems = upload_materials(url, uploads, world, [server.base])
        open_document_review(url, uploads, world)
        threads = [threading.Thread(target=keep_saving, args=(Browser([server.base], hits, timeout=args.timeout),
                                                              saver, world, stop, random.Random(i)))
                   for i, saver in enumerate(savers)]
        threads += [threading.Thread(target=keep_reading, args=(Browser([server.base], hits, timeout=args.timeout),
                                                                username, world, stop)) for username in world.office]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        t_stop = time.perf_counter()
        postgres.stop()
        t_down = time.perf_counter()
        time.sleep(args.outage)
        t_start = time.perf_counter()
        postgres.start()
        t_up = time.perf_counter()
        time.sleep(args.after)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    during = [hit for hit in hits if t_stop <= hit.start < t_up]
    after = sorted((hit for hit in hits if hit.start >= t_up), key=lambda hit: hit.start)
    first_ok = next((hit for hit in after if 0 < hit.status < 500), None)
    recovered_in = first_ok.start + first_ok.latency - t_up if first_ok else float("inf")
    late_failures = [hit for hit in after if hit.start >= t_up + args.recovery and not 0 < hit.status < 500]
    dirty = [hit for hit in during + after if hit.status >= 500 and ("Traceback" in hit.body or "psycopg" in hit.body)]
    cut = [hit for hit in during + after if hit.status == 0]
    problems += check_restart_database(url, uploads, savers) + [e for saver in savers for e in saver.errors]
    if recovered_in > args.recovery:
        problems.append(f"no success within {args.recovery} s after PostgreSQL was back")
    if late_failures:
        problems.append(f"{len(late_failures)} failures more than {args.recovery} s after the restart")
    problems += [f"{len(dirty)} error pages show a traceback or a driver message"] if dirty else []
    problems += [f"{len(cut)} requests got no answer (timeout {args.timeout} s or cut)"] if cut else []
    audit = audit_verify(env)
    problems += [] if audit.startswith("OK") else [f"flask audit verify: {audit}"]
    statuses = Counter(hit.status for hit in during)
    print(f"\n(b) PostgreSQL restart: stop took {t_down - t_stop:.1f} s, down {t_start - t_down:.1f} s, "
          f"start took {t_up - t_start:.1f} s; {len(hits):,} requests in all")
    print(f"  while stopped/starting: {len(during)} requests, statuses {dict(sorted(statuses.items()))}, "
          f"latency {latency_line(during)}")
    print(f"  after the start: first success {recovered_in:.2f} s after PostgreSQL was up; "
          f"{sum(1 for hit in after if not 0 < hit.status < 500)} failures after it, "
          f"{len(late_failures)} of them later than {args.recovery} s; latency {latency_line(after)}")
    print(f"  saves acknowledged {sum(s.acknowledged for s in savers)}, failed with unknown outcome "
          f"{sum(len(s.uncertain) for s in savers)}; flask audit verify: {audit}")
    sample = next((hit for hit in during if hit.status >= 500), None)
    if sample:
        print(f"  an outage answer ({sample.status}): {' '.join(html.unescape(sample.body).split())[:160]!r}")
    report(problems)
    cleanup("postgres", workdir, args, postgres)
    return problems


def check_restart_database(url: str, uploads: Path, savers: list[Saver]) -> list[str]:
    """Each acknowledged save is in the database; a failed save may or may not be (its commit may have happened
    before the connection died), but then completely, with its audit entry."""
    from sqlalchemy import func, select

    from reviewapp.extensions import db
    from reviewapp.models import AuditEntry, Expert, Person, ScoreSheet, User

    app = local_app(url, uploads)
    problems = []
    with app.app_context():
        for saver in savers:
            sheet = db.session.scalar(select(ScoreSheet).join(Expert).join(Person).join(User)
                                      .where(User.username == saver.member.username))
            if sheet is None:
                problems.append(f"{saver.member.username}: no sheet")
                continue
            entries = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.object_type == "score_sheet", AuditEntry.object_id == str(sheet.id)))
            saves = sheet.version - 1
            if not saver.acknowledged <= saves <= saver.acknowledged + len(saver.uncertain) or entries != saves:
                problems.append(f"{saver.member.username}: {saver.acknowledged} acknowledged, "
                                f"{len(saver.uncertain)} uncertain, version {sheet.version}, {entries} audit entries")
            stored = (sheet.percents, sheet.comment)
            if saver.last and stored != saver.last and stored not in saver.after_last:
                problems.append(f"{saver.member.username}: the stored draft is not the last acknowledged one")
    dispose(app)
    return problems


# --- shared ------------------------------------------------------------------------------------------------------

def prepare(db_kind: str, workdir: Path, args, postgres: PrivatePostgres | None):
    uploads = workdir / "uploads"
    uploads.mkdir()
    url = sqlite_url(workdir) if db_kind == "sqlite" else fresh_postgres(postgres.admin_url, FAULTS_DATABASE)
    env = server_env(url, uploads)
    migrate(env)
    return url, env, seed(url, uploads, args.experts, args.applicants), uploads


def cleanup(db_kind: str, workdir: Path, args, postgres: PrivatePostgres | None) -> None:
    if args.keep:
        print(f"  kept {workdir}")
        return
    if db_kind == "postgres":
        drop_postgres(postgres.admin_url, FAULTS_DATABASE)
    shutil.rmtree(workdir, ignore_errors=True)


def report(problems: list[str]) -> None:
    for problem in problems[:20]:
        print(f"  FAIL: {problem}")
    print(f"  -> {'PASS' if not problems else f'FAIL ({len(problems)} problems)'}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("kill", "restart", "both"), default="both")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both", help="for the kill part")
    parser.add_argument("--experts", type=int, default=60)
    parser.add_argument("--applicants", type=int, default=20)
    parser.add_argument("--drafts", type=int, default=2, help="kill part: drafts per sheet before the submission")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--kill-every", type=float, default=1.0)
    parser.add_argument("--savers", type=int, default=20, help="restart part: experts saving drafts meanwhile")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--outage", type=float, default=5)
    parser.add_argument("--after", type=float, default=15)
    parser.add_argument("--recovery", type=float, default=5, help="seconds allowed to recover after the restart")
    parser.add_argument("--timeout", type=float, default=35, help="client timeout: an answer slower is a hang")
    parser.add_argument("--pgdata", type=Path, default=Path("/tmp/reviewapp-faults-pgdata"))
    parser.add_argument("--pgport", type=int, default=55439)
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    needs_postgres = args.part != "kill" or args.db != "sqlite"
    postgres = PrivatePostgres(args.pgdata, args.pgport) if needs_postgres else None
    if postgres:
        postgres.start_first()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; the machine is shared: timings are "
          "pessimistic.")
    problems = []
    try:
        if args.part in ("kill", "both"):
            for db_kind in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
                problems += kill_test(db_kind, args, postgres)
        if args.part in ("restart", "both"):
            problems += restart_test(args, postgres)
    finally:
        if postgres:
            postgres.stop()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

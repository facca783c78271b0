"""Page cost under gunicorn (issue #8, issue 19 "Yardsticks that tell the truth"): the expert's home (assignment
list) and score sheet, each beside the page of the same shape of a reference app served the same way in the same
run, with the server CPU per request measured from the workers.

    .venv/bin/python -m bench.throughput [--seconds 15] [--connections 16] [--experts 100] [--workers 4] [--quick]

Three gunicorn servers side by side, each with --workers sync workers on loopback: the app (bench.http_wsgi:app,
ProductionConfig on a seeded SQLite (WAL) database: 100 experts on document-review panels, declarations signed, as
bench/load.py seeds it), the floor (bench.floor_wsgi:app, a bare Flask page) and the reference
(bench/reference/refapp.py, vendored from ../shared/perf-reference: Flask-Login loading the user through
Flask-SQLAlchemy, a CSRF token in a layout of the app's size, security headers; "/" renders one query of 20 rows,
"/sheet" a 190 KB form).

Every client logs in (argon2) before any clock starts. Each page is then measured twice:
- saturated: --connections clients (distinct experts) request it in a loop without pause. The figure is the
  workers' CPU per request: the sum of utime + stime of the worker processes (/proc/<pid>/stat) over the measured
  window divided by the requests answered in it. It is stable on a busy machine where req/s is not;
- 100 experts: every expert of the seed, each a client with its own session, requesting their own page and
  pausing a random think time (exponential, mean --think seconds) between requests, as people do. p50/p95/p99
  come from this load (a closed loop of 100 clients without pause would only measure the queue: its latency is
  100 / req/s by Little's law, whatever the page).

The client threads share the machine with the servers; the load average is printed. The aims (issue 19): the home's
CPU per request <= 1.3x the reference "/" and <= 3 queries, the sheet's <= 1.2x the reference "/sheet", the
logged-in pipeline <= 1 ms over the bare page, p99 < 100 ms for both pages with the 100 experts on 4 workers. The
queries per page are counted in this process (Flask's test client on the same database).
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/throughput.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load  # noqa: E402
from bench.aims import aim  # noqa: E402

AIM_HOME, AIM_SHEET, AIM_PIPELINE_MS, AIM_HOME_QUERIES, AIM_P99_S = 1.3, 1.2, 1.0, 3, 0.100
WARM_UP_S = 2
TICK = os.sysconf("SC_CLK_TCK")


def worker_cpu(server: load.Gunicorn) -> dict[int, float]:
    """CPU seconds (user + system) of each worker process of `server` so far."""
    found = {}
    for pid in server.workers():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime: fields 14 and 15 of stat(5)
    return found


class Client:
    """One logged-in browser and the page it asks for."""

    def __init__(self, browser: load.Browser, path: str):
        self.browser, self.path = browser, path


def hammer(server: load.Gunicorn, clients: list[Client], seconds: float, think: float = 0.0) -> dict:
    """Each client requests its page for WARM_UP_S + `seconds` (each worker's first requests compile templates and
    build the conflict engine: not counted), pausing `think` seconds on average between requests (0: no pause).
    Returns req/s, latency percentiles of the 200s in the window, errors, and the workers' CPU per request."""
    latencies, errors, stop, counting = [], [], threading.Event(), threading.Event()

    def run(client: Client, seed: int):
        rng = random.Random(seed)
        if think:
            stop.wait(rng.uniform(0, think))  # the experts do not all start at the same instant
        while not stop.is_set():
            start = time.perf_counter()
            try:
                page = client.browser.get("page", client.path)
            except load.Cut:
                errors.append(time.perf_counter() - start)
                continue
            if counting.is_set():
                (latencies if page.status == 200 else errors).append(time.perf_counter() - start)
            if think:
                stop.wait(rng.expovariate(1 / think))

    threads = [threading.Thread(target=run, args=(client, n)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP_S)
    cpu_before, load_before = worker_cpu(server), os.getloadavg()[0]
    counting.set()
    started = time.perf_counter()
    time.sleep(seconds)
    counting.clear()
    elapsed = time.perf_counter() - started
    cpu_after = worker_cpu(server)
    stop.set()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")

    respawned = set(cpu_before) != set(cpu_after)  # a worker that died and came back: its CPU is not comparable
    cpu = sum(cpu_after.get(pid, 0) - cpu_before.get(pid, 0) for pid in cpu_before)
    return {"rps": len(latencies) / elapsed, "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "mean": statistics.fmean(ordered) if ordered else float("nan"), "errors": len(errors),
            "requests": len(latencies), "cpu_ms": 1000 * cpu / len(latencies) if latencies else float("nan"),
            "respawned": respawned, "load": (load_before, os.getloadavg()[0])}


def line(name: str, figures: dict) -> str:
    return (f"  {name:34} {figures['cpu_ms']:6.2f} ms CPU/req  {figures['rps']:7.1f} req/s   "
            f"p50 {figures['p50'] * 1000:6.1f}  p95 {figures['p95'] * 1000:6.1f}  p99 {figures['p99'] * 1000:6.1f} ms"
            f"   errors {figures['errors']}" + ("   (a worker respawned)" if figures["respawned"] else ""))


def serve_reference(work: Path, workers: int) -> load.Gunicorn:
    """The reference app on its own SQLite file (refapp.setup() writes its rows), served like the app."""
    env = {**os.environ, "REF_DB": str(work / "ref.sqlite"), "PYTHONUNBUFFERED": "1"}
    subprocess.run([sys.executable, "-c", "from bench.reference import refapp; refapp.setup()"], cwd=load.ROOT,
                   env=env, check=True)
    return load.Gunicorn(env, workers, work / "ref.log", app="bench.reference.refapp:app", ready_path="/auth/login")


def count_queries(env: dict, username: str, paths: dict[str, str]) -> dict[str, int]:
    """The SQL statements of each page for one expert, counted through Flask's test client on the same database
    and configuration as the servers, in a process of its own (config.py reads the environment at import)."""
    done = subprocess.run([sys.executable, "-m", "bench.throughput", "--count-queries", username, json.dumps(paths)],
                          cwd=load.ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _count_queries_here(username: str, paths: dict[str, str]) -> dict[str, int]:
    from sqlalchemy import event

    from bench.http_wsgi import app
    from reviewapp.extensions import db

    client = app.test_client()
    found = load.CSRF.search(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"csrf_token": found.group(1), "username": username, "password": load.PASSWORD})
    with app.app_context():
        engine = db.engine
    counts = {}
    for name, path in paths.items():
        assert client.get(path).status_code == 200, path  # warms what is cached per process
        statements = []

        def before(conn, cursor, statement, parameters, context, executemany, statements=statements):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        counts[name] = len(statements)
    return counts


def logged_in(bases: list[str], usernames: list[str], path_of, at_once: int) -> list[Client]:
    """A client per user name, logged in now, `at_once` at a time (argon2 at the production cost: before any
    clock)."""
    def one(username: str) -> Client:
        browser = load.Browser(bases, [])
        answer = load.login(browser, username)
        if answer.status != 302:
            raise SystemExit(f"{username}: login answered {answer.status}")
        return Client(browser, path_of(username))

    with ThreadPoolExecutor(at_once) as pool:
        return list(pool.map(one, usernames))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15, help="measured seconds per page and load")
    parser.add_argument("--connections", type=int, default=16, help="clients of the saturated runs")
    parser.add_argument("--experts", type=int, default=100, help="experts seeded, all of them clients of the p99 run")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause of an expert between two pages (s)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="6 seconds per page")
    parser.add_argument("--count-queries", nargs=2, metavar=("USERNAME", "PATHS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count_queries:  # the child process of count_queries()
        print(json.dumps(_count_queries_here(args.count_queries[0], json.loads(args.count_queries[1]))))
        return 0
    seconds = 6 if args.quick else args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _, _, env, world = load.sqlite_review(work, args.experts, 20)
        sheet_of = {member.username: f"/reviews/{member.applications[0]}/document_review" for member in world.experts}
        first = world.experts[0].username
        queries = count_queries(env, first, {"pipeline": "/_bench/logged-in", "home": "/", "sheet": sheet_of[first]})
        servers = {"app": load.Gunicorn(env, args.workers, work / "app.log"),
                   "floor": load.Gunicorn(env, args.workers, work / "floor.log", app="bench.floor_wsgi:app",
                                          ready_path="/"),
                   "reference": serve_reference(work, args.workers)}
        try:
            for server in servers.values():
                server.wait_ready()
            app, ref = [servers["app"].base], [servers["reference"].base]
            usernames = [member.username for member in world.experts]
            started = time.perf_counter()
            experts = logged_in(app, usernames, lambda _name: "/", args.workers)  # every expert: the p99 runs
            # the reference has one user with rows: every one of its clients is that user, each with its own session
            ref_users = logged_in(ref, ["expert000"] * len(usernames), lambda _name: "/", args.workers)
            print(f"   {len(experts) + len(ref_users)} logins in {time.perf_counter() - started:.0f} s, "
                  f"before any clock; load average {os.getloadavg()[0]:.1f}", flush=True)
            some, ref_some = experts[:args.connections], ref_users[:args.connections]
            floor_clients = [Client(load.Browser([servers["floor"].base], []), "/") for _ in some]

            def at(clients, path_of):
                return [Client(client.browser, path_of(client)) for client in clients]

            def own_sheet(client):
                return sheet_of[usernames[experts.index(client)]]

            runs = [  # (name, server, clients, think)
                ("floor: bare Flask page", "floor", floor_clients, 0),
                ("app: logged-in minimal page", "app", at(some, lambda c: "/_bench/logged-in"), 0),
                ("app: layout only", "app", at(some, lambda c: "/_bench/layout"), 0),
                ("app: home's data under the layout", "app", at(some, lambda c: "/_bench/home-data"), 0),
                ("reference: / (20 rows)", "reference", at(ref_some, lambda c: "/"), 0),
                ("expert: home (assignments)", "app", at(some, lambda c: "/"), 0),
                ("reference: /sheet (190 KB form)", "reference", at(ref_some, lambda c: "/sheet"), 0),
                ("expert: score sheet", "app", at(some, own_sheet), 0),
                (f"reference: / , {len(ref_users)} users", "reference", at(ref_users, lambda c: "/"), args.think),
                (f"expert: home, {len(experts)} experts", "app", at(experts, lambda c: "/"), args.think),
                (f"reference: /sheet, {len(ref_users)} users", "reference", at(ref_users, lambda c: "/sheet"),
                 args.think),
                (f"expert: sheet, {len(experts)} experts", "app", at(experts, own_sheet), args.think),
            ]
            load_start = os.getloadavg()[0]
            print(f"gunicorn {args.workers} sync workers per server, SQLite (WAL), loopback, {seconds:g} s per run "
                  f"after {WARM_UP_S} s of warm-up; saturated runs: {args.connections} clients without pause; "
                  f"then {len(experts)} clients pausing {args.think:g} s on average; load average {load_start:.1f}")
            results = {}
            for name, server, clients, think in runs:
                if think and len(results) == len(runs) - 4:
                    print(f"  -- every expert of the seed, each pausing {args.think:g} s on average (the p99 aim):")
                results[name] = hammer(servers[server], clients, seconds, think)
                print(line(name, results[name]), flush=True)
        finally:
            for server in servers.values():
                server.stop()
    report(results, queries, args, len(world.experts))
    return 0


def report(results: dict, queries: dict, args, n_experts: int) -> None:
    paced = list(results)[-4:]  # the runs with every expert, pausing: reference /, home, reference /sheet, sheet
    floor, pipeline = results["floor: bare Flask page"], results["app: logged-in minimal page"]
    home, ref_home = results["expert: home (assignments)"], results["reference: / (20 rows)"]
    sheet, ref_sheet = results["expert: score sheet"], results["reference: /sheet (190 KB form)"]
    home_100, sheet_100 = results[paced[1]], results[paced[3]]
    print(f"  queries per page (in process): logged-in minimal page {queries['pipeline']}, home {queries['home']}, "
          f"sheet {queries['sheet']}; the reference: 1 (user) + 1 (rows)")
    layout, data = results["app: layout only"], results["app: home's data under the layout"]
    print(f"  the home's server CPU by part: bare Flask {floor['cpu_ms']:.2f} ms, + pipeline "
          f"{pipeline['cpu_ms'] - floor['cpu_ms']:.2f}, + layout {layout['cpu_ms'] - pipeline['cpu_ms']:.2f}, "
          f"+ its data "
          f"{data['cpu_ms'] - layout['cpu_ms']:.2f}, + its template {home['cpu_ms'] - data['cpu_ms']:.2f} = "
          f"{home['cpu_ms']:.2f} ms; the reference page {ref_home['cpu_ms']:.2f} ms")
    over = pipeline["cpu_ms"] - floor["cpu_ms"]
    aim("throughput", "logged-in pipeline over a bare page (server CPU per request)",
        f"{pipeline['cpu_ms']:.2f} - {floor['cpu_ms']:.2f} ms = {over:.2f} ms", f"<= {AIM_PIPELINE_MS:g} ms",
        over <= AIM_PIPELINE_MS)
    ratio = home["cpu_ms"] / ref_home["cpu_ms"]
    aim("throughput", "expert's home vs the reference page (server CPU per request)",
        f"{home['cpu_ms']:.2f} vs {ref_home['cpu_ms']:.2f} ms = {ratio:.2f}x", f"<= {AIM_HOME:g}x", ratio <= AIM_HOME)
    aim("throughput", "expert's home: SQL queries", f"{queries['home']} (reference 2)", f"<= {AIM_HOME_QUERIES}",
        queries["home"] <= AIM_HOME_QUERIES)
    ratio = sheet["cpu_ms"] / ref_sheet["cpu_ms"]
    aim("throughput", "score sheet vs the reference form (server CPU per request)",
        f"{sheet['cpu_ms']:.2f} vs {ref_sheet['cpu_ms']:.2f} ms = {ratio:.2f}x", f"<= {AIM_SHEET:g}x",
        ratio <= AIM_SHEET)
    for what, figures, ref in (("home", home_100, results[paced[0]]), ("sheet", sheet_100, results[paced[2]])):
        aim("throughput", f"p99 of the {what} with {n_experts} experts on {args.workers} workers",
            f"{figures['p99'] * 1000:.0f} ms at {figures['rps']:.0f} req/s (reference {ref['p99'] * 1000:.0f} ms)",
            f"< {AIM_P99_S * 1000:.0f} ms", figures["p99"] < AIM_P99_S and not figures["errors"])


if __name__ == "__main__":
    sys.exit(main())

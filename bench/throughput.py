"""Page throughput (issue #8, "Benchmarks"): the expert's assignment list (home) and score sheet against a minimal
Flask page served the same way (gunicorn, same workers, 16 keep-alive-less connections on loopback).

    .venv/bin/python -m bench.throughput [--seconds 15] [--connections 16] [--workers 4] [--quick]

Seeds a SQLite (WAL) database as bench/load.py does (20 experts on panels, signed), serves the app with gunicorn
(bench.http_wsgi:app) and the floor (bench.floor_wsgi:app), and has each connection request its page in a loop
for the given time. Prints requests per second and p50/p95/p99 latency for each, the ratio to the floor, and the
aims of issue #8 (at least half the floor's requests per second, p99 under 100 ms) as PASS/MISS. The client
threads share the machine's cores with the server: on 2 cores the figures are a lower bound.
"""
import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/throughput.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load  # noqa: E402

AIM_RATIO, AIM_P99_S = 0.5, 0.100


WARM_UP_S = 2


def hammer(make_browser, path: str, seconds: float, connections: int) -> dict:
    """Each connection requests `path` for `seconds`, after WARM_UP_S seconds not counted (each worker's first
    requests compile templates and load translations and the conflict engine: a cold start, not the steady
    state); returns req/s and latency percentiles of the 200s. Every connection logs in (argon2, costly) before
    any is started, so no login falls in the warm-up or the measured window (issue #19)."""
    latencies, errors, stop, counting = [], [], threading.Event(), threading.Event()
    browsers = [make_browser() for _ in range(connections)]

    def run(browser):
        while not stop.is_set():
            start = time.perf_counter()
            page = browser.get("page", path)
            if counting.is_set():
                (latencies if page.status == 200 else errors).append(time.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP_S)
    counting.set()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")

    return {"rps": len(latencies) / elapsed, "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "mean": statistics.fmean(ordered) if ordered else float("nan"), "errors": len(errors),
            "requests": len(latencies)}


def line(name: str, figures: dict, floor: dict | None) -> str:
    text = (f"  {name:29} {figures['rps']:8.1f} req/s   p50 {figures['p50'] * 1000:6.1f} ms   "
            f"p95 {figures['p95'] * 1000:6.1f} ms   p99 {figures['p99'] * 1000:6.1f} ms   errors {figures['errors']}")
    if floor:
        ratio = figures["rps"] / floor["rps"]
        text += (f"   {ratio:.0%} of the floor {'PASS' if ratio >= AIM_RATIO else 'MISS'}"
                 f" / p99 < 100 ms {'PASS' if figures['p99'] < AIM_P99_S else 'MISS'}")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="5 seconds per page")
    args = parser.parse_args(argv)
    seconds = 5 if args.quick else args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url, uploads = load.sqlite_url(work), work / "uploads"
        uploads.mkdir()
        env = load.server_env(url, uploads)
        load.migrate(env)
        world = load.seed(url, uploads, 20, 10)
        load.open_document_review(url, uploads, world)
        app_server = load.Gunicorn(env, args.workers, work / "app.log")
        floor_server = load.Gunicorn(env, args.workers, work / "floor.log", app="bench.floor_wsgi:app",
                                     ready_path="/")
        try:
            app_server.wait_ready()
            floor_server.wait_ready()
            expert = world.experts[0]

            def expert_browser():
                browser = load.Browser([app_server.base], [])
                load.login(browser, expert.username)
                return browser

            results = {
                "floor (minimal Flask page)": hammer(lambda: load.Browser([floor_server.base], []), "/", seconds,
                                                     args.connections),
                "app: logged-in minimal page": hammer(expert_browser, "/_bench/logged-in", seconds,
                                                      args.connections),
                "app: layout only": hammer(expert_browser, "/_bench/layout", seconds, args.connections),
                "expert: assignments (home)": hammer(expert_browser, "/", seconds, args.connections),
                "expert: score sheet": hammer(expert_browser, f"/reviews/{expert.applications[0]}/document_review",
                                              seconds, args.connections),
            }
        finally:
            app_server.stop()
            floor_server.stop()
    floor = results["floor (minimal Flask page)"]
    print(f"gunicorn {args.workers} workers, {args.connections} connections, {seconds:g} s per page, SQLite (WAL), "
          f"loopback")
    for name, figures in results.items():
        print(line(name, figures, floor if name.startswith("expert") else None))
    print("  (the app lines show where a page's time goes: the app's request pipeline - session, user and roles,\n"
          "   access check, headers - then the layout every page extends; the aims apply to the expert's pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

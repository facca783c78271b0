"""Server CPU of the expert's pages in one process, without gunicorn or HTTP: Flask's test client, the request log
off, `time.process_time` (issue 19). Seeds as bench/throughput.py does (100 experts, 20 applicants a panel) into a
temporary directory, then times each page for the first expert, or profiles it with cProfile:

    .venv/bin/python -m bench.pages_inprocess [--pages pipeline,layout,home-data,home,sheet] [-n 300]
        [--profile tottime [--grep REGEX]] [--request-log]

At a high load the medians move by +-25% from run to run; compare profiles (calls per request) as well."""
import argparse
import cProfile
import logging
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load

PATHS = {"pipeline": "/_bench/logged-in", "layout": "/_bench/layout", "home-data": "/_bench/home-data", "home": "/"}


def measure(username: str, sheet: str, pages: list[str], n: int, profile: str | None, grep: str | None = None) -> None:
    """In the child process (config.py reads the environment at import)."""
    from bench.http_wsgi import app

    if os.environ.get("BENCH_REQUEST_LOG") != "1":  # --request-log: as served, one line a request to stderr
        logging.getLogger("reviewapp.request").disabled = True
    client = app.test_client()
    found = load.CSRF.search(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"csrf_token": found.group(1), "username": username, "password": load.PASSWORD})
    for name in pages:
        path = {**PATHS, "sheet": sheet}[name]
        for _ in range(20):  # what is cached per process
            assert client.get(path).status_code == 200, path
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                client.get(path)
            profiler.disable()
            print(f"--- {name}: {n} requests")
            stats = pstats.Stats(profiler).sort_stats(profile)
            stats.print_stats(*([grep] if grep else []), int(os.environ.get("BENCH_TOP", 40)))
            if os.environ.get("BENCH_CALLERS"):
                stats.print_callers(os.environ["BENCH_CALLERS"])
            if os.environ.get("BENCH_CALLEES"):
                stats.print_callees(os.environ["BENCH_CALLEES"])
            continue
        runs = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(n):
                client.get(path)
            runs.append((time.process_time() - started) / n * 1000)
        print(f"  {name:9s} {statistics.median(runs):6.2f} ms CPU/request (runs {' '.join(f'{r:.2f}' for r in runs)})",
              flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="pipeline,layout,home-data,home,sheet")
    parser.add_argument("-n", type=int, default=300, help="requests per run (5 runs, the median)")
    parser.add_argument("--profile", metavar="SORT", help="cProfile instead of timing, sorted by SORT")
    parser.add_argument("--grep", metavar="REGEX", help="with --profile: only the functions whose line matches REGEX")
    parser.add_argument("--request-log", action="store_true",
                        help="keep the request log on (a line a request to standard error, as gunicorn serves it)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pages = args.pages.split(",")
    if args.child:
        measure(args.child[0], args.child[1], pages, args.n, args.profile, args.grep)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _, _, env, world = load.sqlite_review(work, 100, 20)
        first = world.experts[0]
        print(f"in process, load average {os.getloadavg()[0]:.1f}", flush=True)
        subprocess.run([sys.executable, "-m", "bench.pages_inprocess", "--pages", args.pages, "-n", str(args.n),
                        *(["--profile", args.profile] if args.profile else []),
                        *(["--grep", args.grep] if args.grep else []),
                        "--child", first.username, f"/reviews/{first.applications[0]}/document_review"],
                       cwd=load.ROOT, env={**env, "BENCH_REQUEST_LOG": "1" if args.request_log else "0"}, check=True)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every benchmark in one command (issue #8, "Benchmarks"):

    .venv/bin/python -m bench            # conflict matrix and assignment at city and province scale, pages
    .venv/bin/python -m bench --quick    # the same at city scale only

Prints, in turn: the conflict-of-interest matrix (bench/coi.py), automatic assignment (bench/assign.py), SQL
queries per page as the data grows 10x and report PDF render times (bench/pages.py), and page throughput against
a minimal Flask page under gunicorn (bench/throughput.py, when present). Each part can also run on its own with
more options; bench/README.md explains what is measured and lists the latest figures.
"""
import argparse
import importlib
import os
import sys
import time


def section(title: str) -> None:
    print(f"\n{'=' * 8} {title} {'=' * (70 - len(title))}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="city scale only, fewer repetitions")
    args = parser.parse_args(argv)
    scales = "city" if args.quick else "city,province"
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    section("conflict matrix (bench/coi.py)")
    importlib.import_module("bench.coi").main(["--scales", scales])
    section("conflict engine after one write (bench/coi_incremental.py)")
    importlib.import_module("bench.coi_incremental").main(["--scale", "city" if args.quick else "province", "--app"])
    section("automatic assignment (bench/assign.py)")
    importlib.import_module("bench.assign").main(["--scales", scales])
    section("pages: queries as data grows 10x, PDF render (bench/pages.py)")
    importlib.import_module("bench.pages").main(["--repeat", "3" if args.quick else "5"])
    try:
        throughput = importlib.import_module("bench.throughput")
    except ModuleNotFoundError:
        pass
    else:
        section("page throughput under gunicorn (bench/throughput.py)")
        throughput.main(["--quick"] if args.quick else [])
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every benchmark in one command (issue #8, "Benchmarks"; issue #19, "Done when"):

    .venv/bin/python -m bench                       # every part at city, province and national scale: ~25 min, ~3 GB
    .venv/bin/python -m bench --scales city,province   # without the national scale: ~8 min
    .venv/bin/python -m bench --quick               # city scale only, fewer repetitions: ~2 min

Prints, in turn: the conflict-of-interest matrix against its references (bench/coi.py), the engine's in-place
updates (bench/coi_incremental.py), automatic assignment and its gap to a proven bound (bench/assign.py), SQL
queries per page as the data grows 10x and report PDF render times (bench/pages.py), and page throughput and
server CPU per request against a reference app served the same way (bench/throughput.py). Every aim is printed
beside its figure as PASS/MISS as it is measured, and all of them again at the end (bench/aims.py). Each part can
also run on its own with more options; bench/README.md explains what is measured and lists the latest figures.
"""
import argparse
import importlib
import os
import sys
import time

from bench.aims import summary


def section(title: str) -> None:
    print(f"\n{'=' * 8} {title} {'=' * (70 - len(title))}", flush=True)


# (module, title, arguments for (scales, quick)); a part whose module is missing is skipped
PARTS = (
    ("bench.coi", "conflict matrix (bench/coi.py)", lambda scales, quick: ["--scales", scales]),
    ("bench.coi_incremental", "conflict engine: in-place updates (bench/coi_incremental.py)",
     lambda scales, quick: ["--scale", "city" if quick else "province", "--app"]),
    ("bench.assign", "automatic assignment (bench/assign.py)", lambda scales, quick: ["--scales", scales]),
    ("bench.pages", "pages: queries as data grows 10x, PDF render (bench/pages.py)",
     lambda scales, quick: ["--repeat", "3" if quick else "5"]),
    ("bench.throughput", "page throughput and server CPU under gunicorn (bench/throughput.py)",
     lambda scales, quick: ["--quick"] if quick else []),
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="city scale only, fewer repetitions")
    parser.add_argument("--scales", default="city,province,national",
                        help="scales of the conflict and assignment parts (default: all three)")
    args = parser.parse_args(argv)
    scales = "city" if args.quick else args.scales
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    for module, title, arguments in PARTS:
        try:
            part = importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            continue
        section(title)
        part.main(arguments(scales, args.quick))
    summary()
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s, load average at the end "
          f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

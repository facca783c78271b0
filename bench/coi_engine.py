"""The recusal engine alone (issue #19): build and full-matrix CPU time and the process's peak memory, on the data
of bench/coi.py, without the naive baseline (whose graph alone takes gigabytes at national scale).

    .venv/bin/python -m bench.coi_engine [--scales city,province,national] [--repeat 3] [--seed N] [--before]

--before measures the engine as it was before issue #19 (networkx layers; the frozen copy the tests compare with,
tests/domain/coi/frozen_engine.py) on the same data.

Each scale runs in a fresh process (so that the peak memory is the scale's own): the generator, then `repeat`
builds (each on its own, the previous engine freed) and `repeat` matrices on the last engine (warm caches, as in
bench/coi.py). Medians of CPU time (time.process_time), wall time beside it; the peak is the resident set's
high-water mark (generated data included, printed apart)."""
import argparse
import gc
import resource
import statistics
import subprocess
import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(scale_name: str, seed: int, repeat: int, old_engine: bool) -> None:
    from bench.coi import AS_OF, SCALES, generate
    from reviewapp.domain.coi import ConflictEngine, load_policy

    if old_engine:
        from tests.domain.coi.frozen_engine import FrozenConflictEngine as ConflictEngine

    gc.disable()
    data = generate(SCALES[scale_name], seed)
    gc.enable()
    gc.collect()
    policy, data_mb = load_policy(), rss_mb()
    builds, matrices, engine, engine_mb, findings = [], [], None, 0.0, []
    for _ in range(repeat):
        engine = None
        gc.collect()
        rss_before, cpu, wall = rss_mb(), time.process_time(), time.perf_counter()
        engine = ConflictEngine(data.entities, data.relations, AS_OF, policy, data.declared)
        builds.append((time.process_time() - cpu, time.perf_counter() - wall))
        engine_mb = rss_mb() - rss_before
    for _ in range(repeat):
        findings = None
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        findings = engine.matrix(data.experts, data.applicants)
        matrices.append((time.process_time() - cpu, time.perf_counter() - wall))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def median(runs, i):
        return statistics.median(run[i] for run in runs)

    label = "before" if old_engine else "now"
    print(f"  {scale_name:9} {label:6} build CPU {median(builds, 0):7.3f} s (wall {median(builds, 1):.3f})   "
          f"matrix CPU {median(matrices, 0):7.3f} s (wall {median(matrices, 1):.3f})   {len(findings):,} findings   "
          f"peak {peak:,.0f} MB (data {data_mb:,.0f} MB, engine +{engine_mb:,.0f} MB)", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="city,province,national")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", action="store_true", help="the engine before issue #19")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one scale
    options = parser.parse_args(argv)
    if options.one:
        run(options.one, options.seed, options.repeat, options.before)
        return 0
    print(f"COI engine: build, matrix and peak memory (medians of {options.repeat}; load average "
          f"{open('/proc/loadavg').read().split()[0]})", flush=True)
    for name in (s.strip() for s in options.scales.split(",") if s.strip()):
        subprocess.run([sys.executable, "-m", "bench.coi_engine", "--one", name, "--seed", str(options.seed),
                        "--repeat", str(options.repeat)] + (["--before"] if options.before else []), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

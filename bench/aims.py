"""The aims of the benchmarks, each printed beside its reference with PASS/MISS (issue #19, "Done when").

Every bench module calls `aim(...)` for each figure the issues set an aim on; the line is printed at once, and
`python -m bench` prints all of them again as one table at the end (`summary()`), so that a run's verdict is on one
screen. Nothing is asserted: a MISS is a finding, not a failure.

    aim("coi", "province matrix vs typed sparse reference", "0.41 s vs 0.30 s = 1.37x", "<= 1.5x", ok=True)
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Aim:
    part: str        # the bench module: coi, assign, pages, throughput, pdf ...
    name: str        # what is measured
    figure: str      # the measurement, with its reference from the same run where there is one
    target: str      # the aim, in words ("<= 1.5x the reference", "< 1 s")
    ok: bool

    def line(self) -> str:
        return f"  {'PASS' if self.ok else 'MISS'}  [{self.part}] {self.name}: {self.figure} (aim {self.target})"


RESULTS: list[Aim] = []


def aim(part: str, name: str, figure: str, target: str, ok: bool) -> Aim:
    """Record one aim's verdict and print it."""
    result = Aim(part, name, figure, target, bool(ok))
    RESULTS.append(result)
    print(result.line(), flush=True)
    return result


def summary() -> int:
    """Print every recorded aim; return the number of MISSes."""
    print(f"\n{'=' * 8} aims: {sum(r.ok for r in RESULTS)} PASS, {sum(not r.ok for r in RESULTS)} MISS {'=' * 40}")
    for result in RESULTS:
        print(result.line())
    return sum(not r.ok for r in RESULTS)

"""Start-up cost (issue 14, "the operator's basics"): the CPU time of `import wsgi` and of `flask --help`, each in a
fresh interpreter, the median of several runs. Every gunicorn worker, every `flask` command and the notice sender
pay the first; the second is what any `flask ...` command pays before it starts its own work.

    .venv/bin/python -m bench.startup              # 7 runs each
    .venv/bin/python -m bench.startup --runs 15
    .venv/bin/python -m bench.startup --modules    # also list the heaviest top-level packages `import wsgi` loads

CPU time (user + system of the child, from os.wait4) rather than wall time: on a shared machine it does not count
the time spent waiting for a core. Aim: `import wsgi` under 1 s."""
import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLASK = str(Path(PYTHON).with_name("flask"))
AIM_SECONDS = 1.0

COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "import wsgi": [PYTHON, "-c", "import wsgi"],
    "flask --help": [FLASK, "--app", "wsgi", "--help"],
}


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """The user + system CPU time of one run of `command`, its output thrown away."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return usage.ru_utime + usage.ru_stime


def heaviest_packages(env: dict[str, str], count: int = 15) -> list[tuple[float, str]]:
    """Top-level packages by cumulative import time (python -X importtime), in seconds of wall time."""
    result = subprocess.run([PYTHON, "-X", "importtime", "-c", "import wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    totals = {}
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        if "." not in name:
            totals[name] = max(totals.get(name, 0), int(parts[1]) / 1e6)
    return sorted(((seconds, name) for name, seconds in totals.items()), reverse=True)[:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--modules", action="store_true", help="list the heaviest top-level packages")
    args = parser.parse_args(argv)
    # A configuration is needed for create_app; the development one needs no secret. Nothing is served. Bytecode
    # is written (the warm-up run writes the app's __pycache__, as a deployed server has it), whatever the shell
    # says: compiling the sources on every start would be measured otherwise.
    env = {**os.environ, "REVIEWAPP_ENV": os.environ.get("REVIEWAPP_ENV", "development")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name, command in COMMANDS.items():
        cpu_seconds(command, env)  # warm the file cache and the bytecode
        times = [cpu_seconds(command, env) for _ in range(args.runs)]
        verdict = ""
        if name == "import wsgi":
            verdict = "  PASS" if statistics.median(times) < AIM_SECONDS else "  MISS"
            verdict += f" (aim < {AIM_SECONDS:.1f} s)"
        print(f"{name:16} CPU median {statistics.median(times):.3f} s  min {min(times):.3f}  max {max(times):.3f}"
              f"  ({args.runs} runs){verdict}")
    if args.modules:
        print("\nheaviest top-level packages imported by `import wsgi` (cumulative wall time, one run):")
        for seconds, name in heaviest_packages(env):
            print(f"  {seconds:6.3f} s  {name}")


if __name__ == "__main__":
    main()

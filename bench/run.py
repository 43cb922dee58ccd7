"""The benchmark, in one run on this machine: `make bench` (or `python bench/run.py`).

1. Seeds the small and the large data set (bench/seed.py), each into a scratch SQLite
   database under a temporary folder, and measures every page on each
   (bench/pages.py): query counts, which must not differ between the sizes, and
   median times as a ratio to /healthz.
2. Issues certificate batches of 10 and 1,000 through the `certificates` command
   (bench/certificates.py): time per certificate and memory growth.
3. Load-tests the app with locust (bench/load.py): in the development profile on the
   small data set in SQLite, then in the production profile brought up as `make smoke`
   brings it up (bench/production.py: gunicorn, PostgreSQL at BENCH_POSTGRES_URL,
   default postgres://postgres@127.0.0.1:5432, Redis at 127.0.0.1:6379, the worker),
   seeded with the small data set.

Writes bench/results.json (every figure, the machine, the date, the commit) and
bench/results.md (the tables), and prints the tables. BENCH_SCALE (default 1) shrinks the
data sets and batches for a quick run while developing; BENCH_LOAD_SECONDS (default 50)
sets each load test's length.
"""

import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
SCALE = float(os.environ.get("BENCH_SCALE", 1))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 50))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
BATCHES = (10, max(int(1000 * SCALE), 50))

from bench.report import DEVELOPMENT, PRODUCTION, evaluate, markdown  # noqa: E402


def step(label: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {label}", flush=True)


class StepFailed(SystemExit):
    """A bench script exited with an error; unless caught, the bench stops with it."""

    def __init__(self, script: str, output: str) -> None:
        super().__init__(f"bench: {script} failed")
        self.output = output


def python(*args: str) -> str:
    """Run a bench script in a process of its own; its standard output."""
    done = subprocess.run(  # noqa: S603 (our own scripts)
        [PY, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise StepFailed(" ".join(args[:2]), done.stdout + done.stderr)
    return done.stdout


def seed(size: str, database: str, scale: float = SCALE) -> dict:
    started = time.perf_counter()
    output = python("bench/seed.py", "--size", size, "--database", database, "--scale", str(scale))
    counts = {}
    for line in output.splitlines():
        label, _, count = line.rpartition(" ")
        counts[label.strip()] = int(count)
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


def pages(database: str, work: Path) -> dict:
    out = work / "pages.json"
    python("bench/pages.py", "--database", database, "--out", str(out))
    return json.loads(out.read_text())


def certificates(work: Path) -> list[dict]:
    """Each batch twice, on two copies of one prepared database: timed without tracing,
    then again under tracemalloc for the peak of Python memory (tracing slows it down)."""
    timed_file, traced_file = work / "certificates.sqlite3", work / "certificates-traced.sqlite3"
    database = f"sqlite:///{timed_file}"
    seed("small", database, scale=0.04)
    batches = ",".join(map(str, BATCHES))
    python("bench/certificates.py", "prepare", "--database", database, "--batches", batches)
    shutil.copyfile(timed_file, traced_file)

    def run(size: int, file: Path, *extra: str) -> dict:
        arguments = ["batch", "--database", f"sqlite:///{file}", "--batches", batches]
        output = python("bench/certificates.py", *arguments, "--size", str(size), *extra)
        return json.loads(output)

    results = []
    for size in BATCHES:
        result = run(size, timed_file)
        result["tracemalloc_peak_kb"] = run(size, traced_file, "--tracemalloc")[
            "tracemalloc_peak_kb"
        ]
        results.append(result)
    return results


def load(where: list[str], out: Path) -> dict:
    python("bench/load.py", *where, "--out", str(out), "--seconds", str(LOAD_SECONDS))
    return json.loads(out.read_text())


def load_production(work: Path) -> dict:
    """The production profile's load test; when the profile cannot be brought up (no
    PostgreSQL or Redis, a failed check), the reason, and the rest of the bench kept."""
    try:
        return load(["--production"], work / "load-production.json")
    except StepFailed as failure:
        reason = " / ".join(failure.output.strip().splitlines()[-3:]).replace("|", "/")
        return {"skipped": f"the production profile failed: {reason}"}


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    return {
        "platform": platform.platform(),
        "cpu": model,
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def git_commit() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty", "--abbrev=40"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def main() -> None:
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="awards-bench-"))
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
        "scale": SCALE,
        "seed": {},
        "pages": {},
    }
    try:
        for size in ("small", "large"):
            folder = work / size
            folder.mkdir()
            database = f"sqlite:///{folder / 'bench.sqlite3'}"
            step(f"seeding the {size} data set")
            results["seed"][size] = seed(size, database)
            step(f"measuring the pages at the {size} size")
            results["pages"][size] = pages(database, folder)
        step(f"certificate batches of {BATCHES[0]} and {BATCHES[1]}")
        results["certificates"] = certificates(work)
        step(f"load test, development profile on SQLite ({LOAD_SECONDS} s)")
        small = f"sqlite:///{work / 'small' / 'bench.sqlite3'}"
        results["load"] = {DEVELOPMENT: load(["--database", small], work / "load-development.json")}
        step(f"load test, production profile ({LOAD_SECONDS} s)")
        results["load"][PRODUCTION] = load_production(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started)
    results["budgets"] = evaluate(results)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (ROOT / "bench" / "results.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()

"""`make bench-xl`: the pages at a third size, beyond what one program receives.

Seeds the large data set (10,000 nominations, 200 panelists, 30,000 reviews in the
review cycle) and the xl one (100,000 / 500 / 300,000) into two scratch PostgreSQL
databases `awards_bench_<size>_<pid>` (created and dropped here, at BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432), measures every page of bench/pages.py on
each, and writes bench/results-xl.json and bench/results-xl.md: each page's queries and
median time at both sizes and how much it grew. PostgreSQL only: at this size SQLite is
not what an agency would run. BENCH_SCALE shrinks both sizes for a quick run.
"""

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import size_line  # noqa: E402
from bench.run import POSTGRES, SCALE, git_commit, machine, pages, seed, step  # noqa: E402
from bench.seed import SIZES  # noqa: E402

XL_SIZES = ("large", "xl")


def measure(size: str, work: Path) -> dict:
    import psycopg

    name = f"awards_bench_{size}_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            database = f"{POSTGRES}/{name}"
            step(f"seeding the {size} data set in PostgreSQL")
            seeded = seed(size, database)
            step(f"measuring the pages at the {size} size")
            folder = work / size
            folder.mkdir()
            return {"seed": seeded, "pages": pages(database, folder)}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def markdown(results: dict) -> str:
    large, xl = (results["sizes"][size] for size in XL_SIZES)
    lines = [
        f"Benchmark of {results['date']}, commit {results['git_commit'][:12]}, PostgreSQL "
        f"{results['server_version']}, {results['machine']['cpus']} × "
        f"{results['machine']['cpu']}; {results['seconds']} s in all.",
        "",
        "Data sets: "
        + "; ".join(f"{size} {size_line(results['sizes'][size]['seed'])}" for size in XL_SIZES)
        + ".",
        "",
        "| Page | Queries (large / xl) | Median ms (large / xl) | Xl ÷ large |",
        "|---|---|---|---|",
    ]
    for label, row in large["pages"].items():
        if "queries" not in row:
            continue
        other = xl["pages"][label]
        flag = "" if row["queries"] == other["queries"] else " **MISMATCH**"
        lines.append(
            f"| {label} | {row['queries']} / {other['queries']}{flag} "
            f"| {row['median_ms']:.1f} / {other['median_ms']:.1f} "
            f"| {other['median_ms'] / row['median_ms']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    import psycopg

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="awards-bench-xl-"))
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
        "server_version": version,
        "scale": SCALE,
        "planned": {size: SIZES[size] for size in XL_SIZES},
        "sizes": {},
    }
    try:
        for size in XL_SIZES:
            results["sizes"][size] = measure(size, work)
            # Kept as each size is done: the xl size alone takes the better part of an hour.
            results["seconds"] = round(time.perf_counter() - started)
            (ROOT / "bench" / "results-xl.json").write_text(json.dumps(results, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = markdown(results)
    (ROOT / "bench" / "results-xl.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()

"""The load test: gunicorn serves the app from this checkout, locust drives it headless.

    python bench/load.py --database URL --out load.json [--seconds 60] [--users 24]

The database must hold a seeded data set (bench/seed.py). The script picks the users
(nominators start drafts in the open cycle; panelists score their assignments in the
review cycle, whose reviews it clears so there is scoring to do), starts gunicorn on a
free port of 127.0.0.1 with a few workers, DEBUG and MFA off, runs
bench/locustfile.py, stops the server, and prints one JSON line: requests, failures,
server errors, "database is locked" lines in the server log, throughput and p50/p99
latency (milliseconds), overall and per request type.
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
WORKERS = int(os.environ.get("BENCH_WORKERS", 3))


def plan(users: int) -> dict:
    """Who signs in and what they work on; clears the chosen panelists' reviews."""
    from django.db import transaction

    from bench.seed import OPEN_YEAR, PASSWORD, REVIEW_YEAR
    from nominations.models import Cycle
    from reviews.models import Assignment, PanelMember, Review

    panelists = max(users * 2 // 5, 1)
    nominators = max(users - panelists, 1)
    cycle = Cycle.objects.get(award_year=OPEN_YEAR)
    members = list(
        PanelMember.objects.filter(panel__cycle__award_year=REVIEW_YEAR)
        .select_related("user")
        .order_by("pk")[1 : panelists + 1]
    )
    with transaction.atomic():
        Review.objects.filter(member__in=members).delete()
    return {
        "password": PASSWORD,
        "open_cycle": cycle.pk,
        "performance_start": cycle.performance_start.isoformat(),
        "performance_end": cycle.performance_end.isoformat(),
        "nominators": [f"nominator{i}@bench.example.org" for i in range(1, nominators + 1)],
        "panelists": [
            {
                "email": member.user.email,
                "nominations": list(
                    # Only what the panel still scores: a nomination already advanced
                    # to the slate refuses new scores.
                    Assignment.objects.filter(member=member, nomination__state="in_review")
                    .order_by("nomination_id")
                    .values_list("nomination_id", flat=True)
                ),
            }
            for member in members
        ],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered: see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def run(database: str, *, seconds: int, users: int, work: Path) -> dict:
    plan_file = work / "users.json"
    plan_file.write_text(json.dumps(plan(users)))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "DATABASE_URL": database,
        "DEBUG": "off",
        "AWARDS_REQUIRE_MFA": "off",
        "LOG_LEVEL": "WARNING",
        "BENCH_LOAD_USERS": str(plan_file),
    }
    log_path = work / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [str(BIN / "gunicorn"), "awards_site.wsgi", "--workers", str(WORKERS)]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--error-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(host + "/healthz", server)
            subprocess.run(  # noqa: S603 (a fixed command line)
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
                + ["--users", str(users), "--spawn-rate", str(max(users // 4, 1))]
                + ["--run-time", f"{seconds}s", "--host", host, "--only-summary"]
                + ["--csv", str(work / "locust"), "--loglevel", "WARNING"],
                cwd=ROOT,
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=open(work / "locust.log", "w"),  # noqa: SIM115 (closed with the process)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return summary(work / "locust_stats.csv", log_path.read_text(), seconds=seconds, users=users)


def summary(stats_csv: Path, server_log: str, *, seconds: int, users: int) -> dict:
    with open(stats_csv) as handle:
        rows = list(csv.DictReader(handle))

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "throughput_rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p99_ms": float(row["99%"]),
        }

    total = next(row for row in rows if row["Name"] == "Aggregated")
    with open(stats_csv.with_name("locust_failures.csv")) as handle:
        failures = [
            f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(handle)
        ]
    return {
        "seconds": seconds,
        "users": users,
        "workers": WORKERS,
        **figures(total),
        "server_errors": server_log.count("Internal Server Error"),
        "database_locked": server_log.lower().count("database is locked"),
        "tracebacks": server_log.count("Traceback (most recent call last)"),
        "server_exceptions": exceptions(server_log),
        "failure_kinds": failures,
        "by_request": {row["Name"]: figures(row) for row in rows if row["Name"] != "Aggregated"},
    }


def exceptions(server_log: str) -> dict[str, int]:
    """Each distinct exception line that ends a traceback in the server log, counted."""
    found: dict[str, int] = {}
    lines = server_log.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last)"):
            continue
        tail = next(
            (
                later
                for later in lines[index + 1 :]
                if later and not later.startswith((" ", "Traceback", "During", "The above"))
            ),
            "",
        )
        found[tail[:300]] = found.get(tail[:300], 0) + 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=16)
    args = parser.parse_args()
    from bench.seed import configure

    configure(args.database)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as work:
        result = run(args.database, seconds=args.seconds, users=args.users, work=Path(work))
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps({key: value for key, value in result.items() if key != "by_request"}))


if __name__ == "__main__":
    main()

"""The load test: locust drives the app headless, as nominators, panelists and staff.

    python bench/load.py --production --out load.json [--seconds 60] [--users 16]
    python bench/load.py --database URL --out load.json [--seconds 60] [--users 16]

--production: bench/production.py brings up the production profile (PostgreSQL with the
app's own role, Redis, S3 storage, the task worker, gunicorn with
deploy/gunicorn.conf.py, MFA required) with the small data set, and locust talks to it
as the TLS-terminating proxy does. --database URL: gunicorn serves this checkout in the
development profile (DEBUG and MFA off) on a database already seeded (bench/seed.py).

Either way the script picks the users (`plan`): nominators start drafts in the open
cycle; panelists score their assignments in the review cycle, whose reviews it clears so
there is scoring to do; two members of staff open the results and the queue. Panelists
and staff get an authenticator app (TOTP) and sign in with its code after the password,
as MFA requires. It runs bench/locustfile.py, stops the servers, and prints one JSON
line: requests, failures, server errors, tracebacks and "database is locked" lines in
the servers' logs, throughput and p50/p99 latency (milliseconds), overall and per
request type, and in the production profile the e-mails the worker sent.
"""

import argparse
import csv
import datetime as dt
import json
import os
import signal
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
SCALE = float(os.environ.get("BENCH_SCALE", 1))
STAFF_USERS = 2


def plan(users: int, *, proxy: dict | None) -> dict:
    """Who signs in and what they work on; clears the chosen panelists' reviews and gives
    the panelists and staff chosen a new authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction
    from django.urls import reverse

    from accounts.models import User
    from bench.seed import OPEN_YEAR, PASSWORD, REVIEW_YEAR
    from nominations.models import Cycle
    from reviews.models import Assignment, PanelMember, Review
    from reviews.services.figures import panel_figures_rebuild

    staff = min(STAFF_USERS, max(users // 8, 1))
    panelists = max(users * 2 // 5, 1)
    nominators = max(users - panelists - staff, 1)
    cycle = Cycle.objects.get(award_year=OPEN_YEAR)
    review = Cycle.objects.get(award_year=REVIEW_YEAR)
    members = list(
        PanelMember.objects.filter(panel__cycle=review)
        .select_related("user")
        .order_by("pk")[1 : panelists + 1]
    )
    # staff0 is the one bench/pages.py signs in as.
    staff_users = list(
        User.objects.filter(email__in=[f"staff{i}@bench.example.org" for i in range(1, staff + 1)])
    )
    secrets = {}
    with transaction.atomic():
        Review.objects.filter(member__in=members).delete()
        # Deleted in bulk, past the services: the stored figures are recomputed.
        panel_figures_rebuild(review)
        enrolled = [member.user for member in members] + staff_users
        Authenticator.objects.filter(user__in=enrolled, type=Authenticator.Type.TOTP).delete()
        for user in enrolled:
            secrets[user.email] = generate_totp_secret()
            TOTP.activate(user, secrets[user.email])
    results = reverse("reviews:results", args=[review.pk])
    queue = f"{reverse('nominations:staff_queue')}?cycle={review.pk}"
    return {
        "password": PASSWORD,
        "proxy": proxy,
        "open_cycle": cycle.pk,
        "performance_start": cycle.performance_start.isoformat(),
        "performance_end": cycle.performance_end.isoformat(),
        "nominators": [f"nominator{i}@bench.example.org" for i in range(1, nominators + 1)],
        "panelists": [
            {
                "email": member.user.email,
                "totp_secret": secrets[member.user.email],
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
        "staff": [
            {"email": user.email, "totp_secret": secrets[user.email]} for user in staff_users
        ],
        "staff_pages": {
            "results": results,
            "results by score, page 2": f"{results}?sort=score&dir=desc&page=2",
            "staff queue": queue,
            "staff queue, page 2": f"{queue}&page=2",
        },
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


def write_plan(work: Path, users: int, *, proxy: dict | None = None) -> Path:
    path = work / "users.json"
    path.write_text(json.dumps(plan(users, proxy=proxy)))
    return path


def drive(host: str, plan_file: Path, *, seconds: int, users: int, work: Path) -> None:
    """Run bench/locustfile.py against `host`; its figures land in work/locust_*.csv."""
    with open(work / "locust.log", "w") as log:
        subprocess.run(  # noqa: S603 (a fixed command line)
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
            + ["--users", str(users), "--spawn-rate", str(max(users // 4, 1))]
            + ["--run-time", f"{seconds}s", "--host", host, "--only-summary"]
            + ["--csv", str(work / "locust"), "--loglevel", "WARNING"],
            cwd=ROOT,
            env=os.environ | {"BENCH_LOAD_USERS": str(plan_file)},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def development(database: str, *, seconds: int, users: int, work: Path) -> dict:
    from bench.seed import configure

    configure(database)
    plan_file = write_plan(work, users)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "DATABASE_URL": database,
        "DEBUG": "off",
        "AWARDS_REQUIRE_MFA": "off",
        "LOG_LEVEL": "WARNING",
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
            drive(host, plan_file, seconds=seconds, users=users, work=work)
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures = summary(work, log_path.read_text(), seconds=seconds, users=users)
    return {"profile": "development"} | figures


def production(*, seconds: int, users: int, work: Path) -> dict:
    from bench.production import SITE_URL, BenchStack
    from bench.seed import configure

    stack = BenchStack(size="small", scale=SCALE, workers=WORKERS)
    # SIGTERM unwinds through the `finally`, which takes the stack down.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        stack.prepare()
        configure(stack.owner_url)
        plan_file = write_plan(work, users, proxy={"upstream": stack.address})
        began = dt.datetime.now(dt.UTC).isoformat()
        drive(SITE_URL, plan_file, seconds=seconds, users=users, work=work)
        outbox = stack.outbox(began)
        version = stack.sql("SHOW server_version")[0][0]
        log = stack.logs()
    finally:
        stack.cleanup()
    figures = summary(work, log, seconds=seconds, users=users)
    return {"profile": "production", "server_version": version} | figures | {"outbox": outbox}


def summary(work: Path, server_log: str, *, seconds: int, users: int) -> dict:
    with open(work / "locust_stats.csv") as handle:
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
    with open(work / "locust_failures.csv") as handle:
        failures = [
            f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(handle)
        ]
    server_log = readable(server_log)
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


def readable(log: str) -> str:
    """The log as text: a JSON line (the production profile's format) becomes its message
    followed by its traceback's lines, so that both formats are searched alike."""
    lines = []
    for line in log.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            lines.append(str(record.get("message", "")))
            lines.extend(str(record.get("exception", "")).splitlines())
        else:
            lines.append(line)
    return "\n".join(lines)


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
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--production", action="store_true")
    where.add_argument("--database")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        work = Path(folder)
        if args.production:
            result = production(seconds=args.seconds, users=args.users, work=work)
        else:
            result = development(args.database, seconds=args.seconds, users=args.users, work=work)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps({key: value for key, value in result.items() if key != "by_request"}))


if __name__ == "__main__":
    main()

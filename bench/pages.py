"""Query count and median time of every list, dashboard, results and public page.

    python bench/pages.py --database URL --out pages.json

Run on a database bench/seed.py filled. Each page is requested through
`django.test.Client` (the full middleware stack), signed in as the role that uses it:
once to warm up and check the answer is 200, once inside CaptureQueriesContext for the
query count, then up to REPEAT more times for the median (a page slower than a second:
twice, its counted request being one). `/healthz` (no query; answered half-way down the
middleware stack, before the host check) is the trivial view every median is divided by.
DEBUG is off, as in production, so Django keeps no query log while timing.
"""

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
REPEAT = int(os.environ.get("BENCH_REPEAT", 15))
# A slow page stops repeating once it has used this many seconds (and has 5 samples).
PAGE_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", 6))
# A page whose first request takes longer is timed twice only.
SLOW_MS = 1000
# The whole-cycle exports: timed per row, and their peak of Python memory traced.
EXPORTS = ("staff queue export (CSV)", "results.csv")


def pages() -> list[tuple[str, str | None, str]]:
    """(label, signed-in email or None, path) of every page measured."""
    from django.urls import reverse

    from bench.seed import (
        BENCH_NOMINATOR,
        BENCH_OFFICIAL,
        BENCH_STAFF,
        OPEN_YEAR,
        PAST_YEARS,
        REVIEW_YEAR,
        SELECTION_YEAR,
    )
    from nominations.models import Certificate, Cycle, Nomination
    from reviews.models import Assignment, PanelMember

    cycles = {cycle.award_year: cycle for cycle in Cycle.objects.all()}
    review, selection = cycles[REVIEW_YEAR].pk, cycles[SELECTION_YEAR].pk
    chair = PanelMember.objects.select_related("user").get(panel__cycle_id=review, is_chair=True)
    assigned = (
        Assignment.objects.filter(member=chair).order_by("nomination_id").first().nomination_id
    )
    serial = Certificate.objects.filter(nomination__cycle__award_year=PAST_YEARS[-1]).first()
    own = (
        Nomination.objects.filter(cycle_id=review, nominator__email=BENCH_NOMINATOR)
        .order_by("pk")
        .first()
    )

    def url(name: str, *args) -> str:
        return reverse(name, args=args)

    staff, panelist = BENCH_STAFF, chair.user.email
    return [
        ("staff home", staff, url("nominations:staff_home")),
        ("staff queue", staff, url("nominations:staff_queue")),
        ("staff queue export (CSV)", staff, url("nominations:staff_export")),
        ("staff cycles", staff, url("nominations:staff_cycles")),
        ("staff cycle page", staff, url("nominations:staff_cycle", review)),
        ("staff outbox", staff, url("nominations:staff_outbox")),
        ("staff nomination page", staff, url("nominations:staff_nomination", assigned)),
        ("slate (review cycle)", staff, url("selection:slate", review)),
        ("slate (selection cycle)", staff, url("selection:slate", selection)),
        ("decision memo", staff, url("selection:decision_memo", selection)),
        ("citations overview", staff, url("selection:cycle_citations", selection)),
        ("panel manage", staff, url("reviews:panel_manage", review)),
        ("conflicts", staff, url("reviews:conflict_list", review)),
        ("assignments", staff, url("reviews:assignment_overview", review)),
        ("results", staff, url("reviews:results", review)),
        ("results.csv", staff, url("reviews:results_csv", review)),
        ("calibration", staff, url("reviews:calibration", review)),
        ("progress", staff, url("reviews:progress", review)),
        ("selection page", BENCH_OFFICIAL, url("selection:selection_cycle", selection)),
        ("panelist home", panelist, url("reviews:panelist_home")),
        ("panel nominations", panelist, url("reviews:panel_nominations", chair.panel_id)),
        ("scoring page", panelist, url("reviews:review_nomination", assigned)),
        ("my nominations", BENCH_NOMINATOR, url("nominations:my_nominations")),
        ("nominator's nomination", BENCH_NOMINATOR, url("nominations:nomination_detail", own.pk)),
        (
            "announcement (staff)",
            staff,
            url("selection:press_statement", cycles[PAST_YEARS[-1]].pk),
        ),
        ("public home", None, url("nominations:home")),
        ("call page", None, url("nominations:cycle_call", cycles[OPEN_YEAR].pk)),
        ("announcement", None, url("selection:press_statement_public", PAST_YEARS[-1])),
        ("verify page", None, url("selection:certificate_verify", serial.serial)),
    ]


def measure(client, path: str, label: str) -> tuple[int, float, int]:
    """(queries, median milliseconds, samples) of GET `path`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = timed_get(client, path)
    if first.status != 200:
        raise SystemExit(f"{label}: {path} answered {first.status}")
    with CaptureQueriesContext(connection) as captured:
        counted = timed_get(client, path)
    # Read now: the captured list is a slice of the connection's log, which the next
    # request clears.
    queries = len(captured)
    timings = []
    if first.ms > SLOW_MS:
        # A page this slow is warm after one request; its counted request is a sample too,
        # so the run stays within its time budget.
        timings = [counted.ms, timed_get(client, path).ms]
    started = time.perf_counter()
    while len(timings) < REPEAT:
        timings.append(timed_get(client, path).ms)
        if len(timings) >= 5 and time.perf_counter() - started > PAGE_SECONDS:
            break
    return queries, statistics.median(timings), len(timings)


class Timed(NamedTuple):
    status: int
    ms: float


def timed_get(client, path: str) -> Timed:
    before = time.perf_counter()
    response = client.get(path)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return Timed(response.status_code, (time.perf_counter() - before) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    from bench.seed import configure

    configure(args.database)
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    clients: dict[str | None, Client] = {}
    trivial: dict[str | None, float] = {}
    results = {}
    for label, email, path in pages():
        if email not in clients:
            clients[email] = client = Client()
            if email:
                client.force_login(users.get(email=email))
            # The trivial view, as this role: a signed-in request also loads its session
            # and user, as every page does.
            samples = [measure(client, "/healthz", "healthz")[1] for _ in range(4)]
            trivial[email] = statistics.median(samples)
            results[f"healthz ({email or 'anonymous'})"] = {
                "path": "/healthz",
                "role": email or "anonymous",
                "median_ms": round(trivial[email], 3),
            }
        queries, median, samples = measure(clients[email], path, label)
        ratio = median / trivial[email]
        results[label] = {
            "path": path,
            "role": email or "anonymous",
            "queries": queries,
            "median_ms": round(median, 2),
            "trivial_ms": round(trivial[email], 3),
            "ratio": round(ratio, 1),
            "samples": samples,
        }
        print(f"{label:<28} {queries:>4} queries {median:>9.1f} ms {ratio:>7.1f}×", flush=True)
        if label in EXPORTS:
            rows, size, peak_kb = traced_export(clients[email], path)
            results[label] |= {
                "rows": rows,
                "per_row_ms": round(median / rows, 4),
                "csv_bytes_per_row": round(size / rows),
                "tracemalloc_peak_kb": round(peak_kb),
            }
            print(f"{'':<28} {rows} rows, peak of Python memory {peak_kb / 1024:.1f} MB")
    Path(args.out).write_text(json.dumps(results, indent=2))


def traced_export(client, path: str) -> tuple[int, int, float]:
    """(data rows, bytes, peak of Python memory in KB) of one download of a CSV export, the
    peak traced from the request's start to the last byte read. The chunks are counted
    and let go, not kept: the exported cells are single lines, so a row is a line."""
    tracemalloc.start()
    try:
        response = client.get(path)
        lines = size = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return lines - 1, size, peak / 1024


if __name__ == "__main__":
    main()

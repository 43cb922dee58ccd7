"""The benchmark's budgets and its Markdown tables."""

RESULTS_PAGE = "results"
# Results page: at most this many times the trivial view at the large size.
RESULTS_TRIVIAL_RATIO = 15
# Pages about one object (DESIGN's per-object pages): at most this many times their time
# at the small size, since nothing on them depends on the size of the cycle.
PER_OBJECT_PAGES = (
    "staff nomination page",
    "scoring page",
    "nominator's nomination",
    "verify page",
    "call page",
    "announcement",
    "announcement (staff)",
)
PER_OBJECT_GROWTH = 1.3
# Pages that show the panel's figures, read from the stored figures a page at a time.
FIGURE_PAGES = (
    "results",
    "calibration",
    "slate (review cycle)",
    "slate (selection cycle)",
    "selection page",
    "decision memo",
    "progress",
    "assignments",
    "panel nominations",
)
FIGURE_GROWTH = 2
# Whole-cycle exports (bench/pages.py EXPORTS): time per row at the large size at most
# this many times the small size's, and memory flat by MEMORY_SHARE of the extra bytes.
EXPORT_SPREAD = 1.2
# Certificates: per-certificate times of the two batches at most this far apart.
CERTIFICATE_SPREAD = 1.2
# Memory is flat when the big batch's peak of Python memory (tracemalloc, after a warm-up)
# exceeds the small batch's by less than a tenth of what holding its extra PDFs would
# take. The process's resident size is reported too, but the allocator keeps what it
# once took, so it is not the yardstick.
MEMORY_SHARE = 0.1
# The two load tests, as bench/run.py names them.
DEVELOPMENT = "development profile (SQLite)"
PRODUCTION = "production profile (PostgreSQL, Redis, worker)"


def evaluate(results: dict) -> list[dict]:
    """Each budget with its figure and whether it is met."""
    budgets = []
    small, large = results["pages"]["small"], results["pages"]["large"]
    mismatched = [
        f"{label} ({small[label]['queries']} vs {large[label]['queries']})"
        for label in small
        if "queries" in small[label] and small[label]["queries"] != large[label]["queries"]
    ]
    budgets.append(
        {
            "budget": "query count equal at both sizes, every page",
            "figure": "; ".join(mismatched) or "all equal",
            "met": not mismatched,
        }
    )
    ratio = large[RESULTS_PAGE]["ratio"]
    budgets.append(
        {
            "budget": f"results page (large) ≤ {RESULTS_TRIVIAL_RATIO}× /healthz",
            "figure": f"{ratio}×",
            "met": ratio <= RESULTS_TRIVIAL_RATIO,
        }
    )
    for pages, limit, what in (
        (PER_OBJECT_PAGES, PER_OBJECT_GROWTH, "per-object pages"),
        (FIGURE_PAGES, FIGURE_GROWTH, "panel-figure pages"),
    ):
        growth = {label: large[label]["median_ms"] / small[label]["median_ms"] for label in pages}
        over = [f"{label} {ratio:.1f}×" for label, ratio in growth.items() if ratio > limit]
        budgets.append(
            {
                "budget": f"{what} (large) ≤ {limit}× their time at the small size",
                "figure": "; ".join(over) or f"all within (highest {max(growth.values()):.1f}×)",
                "met": not over,
            }
        )
    for label in (name for name in small if "per_row_ms" in small[name]):
        few, many = small[label], large[label]
        growth = many["per_row_ms"] / few["per_row_ms"]
        budgets.append(
            {
                "budget": f"{label}: time per row (large) ≤ {EXPORT_SPREAD}× the small size's",
                "figure": f"{few['per_row_ms'] * 1000:.0f} vs {many['per_row_ms'] * 1000:.0f} µs "
                f"({growth:.2f}×; {few['rows']} and {many['rows']} rows)",
                "met": growth <= EXPORT_SPREAD,
            }
        )
        extra = many["tracemalloc_peak_kb"] - few["tracemalloc_peak_kb"]
        held = (many["rows"] - few["rows"]) * many["csv_bytes_per_row"] / 1024
        budgets.append(
            {
                "budget": f"{label}: memory flat (streamed): peak of Python memory",
                "figure": f"{few['tracemalloc_peak_kb'] / 1024:.1f} MB vs "
                f"{many['tracemalloc_peak_kb'] / 1024:.1f} MB (holding the extra rows: "
                f"{held / 1024:.1f} MB)",
                "met": extra < MEMORY_SHARE * held,
            }
        )
    few, many = results["certificates"]
    spread = max(few["per_certificate_ms"], many["per_certificate_ms"]) / min(
        few["per_certificate_ms"], many["per_certificate_ms"]
    )
    budgets.append(
        {
            "budget": f"certificate time per PDF, batches {few['batch']} and {many['batch']}, "
            f"≤ {CERTIFICATE_SPREAD}× apart",
            "figure": f"{few['per_certificate_ms']} vs {many['per_certificate_ms']} ms "
            f"({spread:.2f}×)",
            "met": spread <= CERTIFICATE_SPREAD,
        }
    )
    extra = many["tracemalloc_peak_kb"] - few["tracemalloc_peak_kb"]
    held = (many["batch"] - few["batch"]) * many["pdf_bytes"] / 1024
    budgets.append(
        {
            "budget": "certificate memory flat (streamed): peak of Python memory",
            "figure": f"{few['tracemalloc_peak_kb'] / 1024:.1f} MB vs "
            f"{many['tracemalloc_peak_kb'] / 1024:.1f} MB (holding the extra PDFs: "
            f"{held / 1024:.0f} MB)",
            "met": extra < MEMORY_SHARE * held,
        }
    )
    for profile, load in results["load"].items():
        budget = f"load test, {profile}: 0 failures, 0 server errors, 0 tracebacks"
        if profile == PRODUCTION:
            budget += ", every e-mail sent by the worker"
        else:
            budget += ", 0 'database is locked'"
        if "skipped" in load:
            budgets.append({"budget": budget, "figure": load["skipped"], "met": False})
            continue
        unsent = sum(count for status, count in load.get("outbox", {}).items() if status != "sent")
        problems = load["failures"] + load["server_errors"] + load["tracebacks"]
        budgets.append(
            {
                "budget": budget,
                "figure": f"{load['failures']} failures, {load['server_errors']} server errors, "
                f"{load['tracebacks']} tracebacks, "
                + (
                    f"{load['outbox'].get('sent', 0)} e-mails sent, {unsent} not"
                    if profile == PRODUCTION
                    else f"{load['database_locked']} locked"
                ),
                "met": problems + load["database_locked"] + unsent == 0,
            }
        )
    return budgets


def markdown(results: dict) -> str:
    small, large = results["pages"]["small"], results["pages"]["large"]
    seed = results["seed"]
    lines = [
        f"Benchmark of {results['date']}, commit {results['git_commit'][:12]}, on "
        f"{results['machine']['cpus']} × {results['machine']['cpu']} "
        f"({results['machine']['memory_gb']} GB), Python {results['machine']['python']}, "
        f"SQLite {results['machine']['sqlite']}; load average at start "
        f"{results['machine']['load_average_at_start'][0]}; {results['seconds']} s in all.",
        "",
        f"Data sets: small {size_line(seed['small'])}; large {size_line(seed['large'])}.",
        "",
        "| Page | Queries (small / large) | Median ms (small / large) "
        "| × /healthz (small / large) | Large ÷ small |",
        "|---|---|---|---|---|",
    ]
    for label, row in small.items():
        if "queries" not in row:
            continue
        other = large[label]
        flag = "" if row["queries"] == other["queries"] else " **MISMATCH**"
        lines.append(
            f"| {label} | {row['queries']} / {other['queries']}{flag} "
            f"| {row['median_ms']:.1f} / {other['median_ms']:.1f} "
            f"| {row['ratio']} / {other['ratio']} "
            f"| {other['median_ms'] / row['median_ms']:.1f} |"
        )
    trivial = next(row for label, row in small.items() if label.startswith("healthz"))
    lines += ["", f"/healthz median: {trivial['median_ms']} ms (small data set).", ""]
    lines += [
        "| Certificates | Per PDF ms | Warm-up s | PDF bytes | Python memory peak MB "
        "| RSS growth MB (after the first tenth) |"
    ]
    lines += ["|---|---|---|---|---|---|"]
    for batch in results["certificates"]:
        lines.append(
            f"| batch of {batch['batch']} | {batch['per_certificate_ms']} "
            f"| {batch['startup_seconds']} | {batch['pdf_bytes']} "
            f"| {batch['tracemalloc_peak_kb'] / 1024:.1f} "
            f"| {batch['rss_growth_kb'] / 1024:.1f} "
            f"({batch['rss_growth_after_first_tenth_kb'] / 1024:.1f}) |"
        )
    lines += load_tables(results["load"])
    lines += ["", "| Budget | Figure | Met |", "|---|---|---|"]
    for budget in results["budgets"]:
        met = "met" if budget["met"] else "**not met**"
        lines.append(f"| {budget['budget']} | {budget['figure']} | {met} |")
    return "\n".join(lines) + "\n"


def load_tables(loads: dict) -> list[str]:
    """The load tests' totals, then each request type's figures side by side."""
    lines = ["", "| Load test | Users | Requests | Failures | Server errors | Tracebacks "]
    lines[-1] += "| req/s | p50 ms | p99 ms |"
    lines += ["|---|---|---|---|---|---|---|---|---|"]
    measured = {profile: load for profile, load in loads.items() if "skipped" not in load}
    for profile, load in loads.items():
        if profile not in measured:
            lines.append(f"| {profile} | skipped: {load['skipped']} | | | | | | | |")
            continue
        lines.append(
            f"| {profile}, {load['seconds']} s, {load['workers']} gunicorn workers "
            f"| {load['users']} | {load['requests']} | {load['failures']} "
            f"| {load['server_errors']} | {load['tracebacks']} | {load['throughput_rps']} "
            f"| {load['p50_ms']:.0f} | {load['p99_ms']:.0f} |"
        )
    if not measured:
        return lines
    lines += [
        "",
        "| Request | " + " | ".join(f"{profile}: n, p50 / p99 ms" for profile in measured),
    ]
    lines[-1] += " |"
    lines.append("|---|" + "---|" * len(measured))
    names = sorted({name for load in measured.values() for name in load["by_request"]})
    for name in names:
        cells = []
        for load in measured.values():
            row = load["by_request"].get(name)
            cells.append(
                f"{row['requests']}, {row['p50_ms']:.0f} / {row['p99_ms']:.0f}" if row else "–"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def size_line(seed: dict) -> str:
    rows = seed["rows"]
    return (
        f"{rows['review-cycle nominations']} nominations / "
        f"{rows['review-cycle panelists']} panelists / {rows['review-cycle reviews']} reviews "
        f"in the review cycle, {rows['nominations']} nominations in all, seeded in "
        f"{seed['seconds']} s"
    )

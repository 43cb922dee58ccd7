"""Certificate generation: time per certificate and memory, by batch size.

    python bench/certificates.py prepare --database URL --batches 10,1000,50
    python bench/certificates.py batch --database URL --size 1000 [--tracemalloc]

`prepare` adds, to a seeded database, one announced cycle per batch size whose every
nomination is awarded with an approved full citation and no certificate yet. `batch`
runs the production path on one of them, in a process of its own so memory figures
start from the same place: the `certificates` management command with `--issue-as`,
which issues each certificate through `certificate_issue` (render, store, audit) and
writes its copy to a folder. It prints one JSON line: the seconds, the time per
certificate (start-up, a warm-up batch through the same command, timed apart), the
process's resident memory before and at its peak (its growth is what the batch kept),
and with `--tracemalloc` the traced Python peak (much slower, so the runner uses it on
small batches only).
"""

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# One year per batch size, before the data set's own cycles, and a warm-up cycle of a few
# certificates per batch in the years before those.
FIRST_YEAR = 2000
WARM_UP_SIZE = 5


def year_for(size: int, batches: list[int]) -> int:
    return FIRST_YEAR + sorted(batches).index(size)


def warm_up_year_for(size: int, batches: list[int]) -> int:
    return FIRST_YEAR - 1 - sorted(batches).index(size)


def prepare(batches: list[int]) -> None:
    from django.core.files.storage import default_storage

    from accounts.models import User
    from bench.dataset import Builder
    from bench.dataset_records import SHARED_PDF
    from bench.seed import BENCH_STAFF
    from demo.seeding import PROGRAM_SLUG
    from nominations.models import AwardProgram
    from nominations.states import CycleState, NominationState

    program = AwardProgram.objects.get(slug=PROGRAM_SLUG)
    with default_storage.open(SHARED_PDF, "rb") as handle:
        pdf = handle.read()
    cycles = [(size, year_for(size, batches)) for size in sorted(batches)] + [
        (WARM_UP_SIZE, warm_up_year_for(size, batches)) for size in sorted(batches)
    ]
    for size, year in cycles:
        builder = Builder(program, nominations=size, panelists=1, pdf=pdf)
        builder.staff = User.objects.get(email=BENCH_STAFF)
        builder.nominators = list(User.objects.filter(groups__name="Nominator").order_by("pk"))
        cycle = builder.cycle(year, CycleState.ANNOUNCED, opened_days_ago=3000)
        nominations = builder.nominations(cycle, [NominationState.AWARDED] * size)
        builder.citations(nominations)
        builder.audit.flush()


def current_rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


def batch(size: int, year: int, warm_up_year: int, *, trace: bool) -> dict:
    from django.core.management import call_command

    from bench.seed import BENCH_STAFF

    # One-time start-up (reportlab's modules, the embedded fonts, the QR encoder, the
    # command's and the ORM's first calls) is timed apart: the process first issues a
    # warm-up cycle of WARM_UP_SIZE certificates through the same command, so the
    # per-certificate figure and the memory growth are the measured batch's own.
    warming = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-certificates-warm-up-") as out:
        call_command(
            "certificates", cycle=warm_up_year, out=out, issue_as=BENCH_STAFF, stdout=_Null()
        )
    startup = time.perf_counter() - warming
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as out:
        rss_before = current_rss_kb()
        if trace:
            tracemalloc.start()
        sampler = RssSampler()
        started = time.perf_counter()
        with sampler:
            call_command("certificates", cycle=year, out=out, issue_as=BENCH_STAFF, stdout=_Null())
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        files = list(Path(out).glob("*.pdf"))
        written = len(files)
        pdf_bytes = sum(path.stat().st_size for path in files) // max(written, 1)
    if written != size:
        raise SystemExit(f"expected {size} certificates, the command wrote {written}")
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "batch": size,
        "startup_seconds": round(startup, 2),
        "seconds": round(seconds, 2),
        "per_certificate_ms": round(seconds * 1000 / size, 1),
        "pdf_bytes": pdf_bytes,
        "rss_before_kb": rss_before,
        "rss_peak_kb": rss_peak,
        "rss_growth_kb": rss_peak - rss_before,
        # Memory that grows with the batch shows as growth after its first tenth.
        "rss_growth_after_first_tenth_kb": sampler.growth_after(0.1),
        "tracemalloc_peak_kb": round(peak / 1024) if peak is not None else None,
    }


class RssSampler:
    """Samples the process's resident memory every 20 ms while the batch runs."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(current_rss_kb())

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(current_rss_kb())
            self._stop.wait(0.02)

    def growth_after(self, share: float) -> int:
        """The peak after the first `share` of the run minus the peak before it."""
        cut = max(1, int(len(self.samples) * share))
        return max(self.samples[cut:] or [0]) - max(self.samples[:cut])


class _Null:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["prepare", "batch"])
    parser.add_argument("--database", required=True)
    parser.add_argument("--batches", default="10,1000", help="Every batch size prepared.")
    parser.add_argument("--size", type=int, help="The batch to run (batch).")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    from bench.seed import configure

    configure(args.database)
    batches = [int(size) for size in args.batches.split(",")]
    if args.action == "prepare":
        prepare(batches)
        return
    result = batch(
        args.size,
        year_for(args.size, batches),
        warm_up_year_for(args.size, batches),
        trace=args.tracemalloc,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""The benchmark's data set, built with bulk_create: `python bench/seed.py --size small`.

    python bench/seed.py --size small|large|xl --database URL [--scale 0.05]

Migrates the database, then builds one program with:
- the cycle in panel review (the one the benchmark pages look at): NOMINATIONS
  nominations, all sent to the panel, PANELISTS signed panelists, three reviewers per
  nomination (REVIEWS reviews, most submitted with scores, some drafts), declared and
  suggested conflicts, a few nominations advanced to the slate;
- a cycle in selection with a slate, an open cycle with drafts and nominations in
  vetting, and two announced past cycles with awarded recipients, approved citations
  and issued certificates (the public pages);
- for every submitted nomination: nominee, one or two attachment rows (every file is
  the same small PDF), a letter of support, checklist results, a submitted version, an
  outbox email and its audit events (a valid hash chain: `verify_audit` passes).

Rows go in by bulk_create, so the audit trail is written here directly rather than by
the services; the pages read the same rows either way. Every user's password is
PASSWORD; MFA is not enrolled (the bench server runs with AWARDS_REQUIRE_MFA=off).
`--scale` shrinks a size for a quick run while developing (BENCH_SCALE does the same).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"small": (1_000, 50), "large": (10_000, 200), "xl": (100_000, 500)}
PASSWORD = "bench-password-2025"
BENCH_STAFF = "staff0@bench.example.org"
BENCH_OFFICIAL = "official@bench.example.org"
BENCH_NOMINATOR = "nominator0@bench.example.org"
REVIEW_YEAR, SELECTION_YEAR, OPEN_YEAR, PAST_YEARS = 2025, 2024, 2026, (2022, 2023)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--database", required=True, help="A database URL, e.g. sqlite:////tmp/x")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--media", default="", help="MEDIA_ROOT (default: beside an SQLite file)")
    args = parser.parse_args()
    configure(args.database, media=args.media)
    from bench.dataset import build

    summary = build(*scaled(args.size, args.scale))
    gather_statistics()
    for label, count in summary.items():
        print(f"{label:<28} {count:>8}")


def gather_statistics() -> None:
    """On PostgreSQL, ANALYZE the tables just filled, as autovacuum does to a database in
    use: without statistics the planner takes every bulk-loaded table for empty and picks
    nested loops that read the cycle thousands of times over."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def scaled(size: str, scale: float) -> tuple[int, int]:
    nominations, panelists = SIZES[size]
    return max(int(nominations * scale), 40), max(int(panelists * scale), 6)


def configure(database: str, *, media: str = "") -> None:
    """Point Django at `database` (and a media folder of its own), set it up, migrate."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awards_site.settings")
    os.environ.setdefault("DEBUG", "off")
    os.environ.setdefault("AWARDS_REQUIRE_MFA", "off")
    if media:
        os.environ["MEDIA_ROOT"] = media
    elif database.startswith("sqlite:///"):
        os.environ.setdefault(
            "MEDIA_ROOT", str(Path(database[len("sqlite:///") :]).parent / "media")
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


if __name__ == "__main__":
    main()

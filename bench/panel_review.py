"""Benchmarks of panel review at the size of a large cycle: `make bench`.

Measures the pure assignment planner and results arithmetic, then the selectors and
pages staff and panelists open most, on a scratch SQLite database (or the one
DATABASE_URL names) filled with one cycle of NOMINATIONS nominations, PANELISTS
panelists, K reviewers each, every review submitted. Prints the best of REPEAT runs
and, for pages, the number of queries. Nothing here is a test: timings depend on the
machine; the query counts should not move with the data (see the query-count tests).
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

NOMINATIONS = int(os.environ.get("BENCH_NOMINATIONS", 300))
PANELISTS = 30
K = 3
REPEAT = 5

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awards_site.settings")
SCRATCH = Path(tempfile.mkdtemp(prefix="awards-bench-")) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from reviews.assignment import plan_balanced_assignment  # noqa: E402
from reviews.scoring import ReviewRecord, panel_results  # noqa: E402


def best_of(function, repeat: int = REPEAT) -> float:
    """The fastest of `repeat` runs, in milliseconds."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


def report(label: str, milliseconds: float, queries: int | None = None) -> None:
    extra = "" if queries is None else f"  {queries:>3} queries"
    print(f"{label:<58} {milliseconds:>9.1f} ms{extra}")


def pure() -> None:
    rng = random.Random(2023)
    nominations = range(1, NOMINATIONS + 1)
    panelists = range(1, PANELISTS + 1)
    conflicts = {(n, p) for n in nominations for p in panelists if rng.random() < 0.05}
    report(
        f"plan_balanced_assignment {NOMINATIONS}×{PANELISTS}, k={K}, 5% conflicts",
        best_of(
            lambda: plan_balanced_assignment(
                nominations=nominations, panelists=panelists, conflicts=conflicts, k=K
            )
        ),
    )
    records = [
        ReviewRecord(
            nomination_id=n,
            panelist_id=(n + i) % PANELISTS + 1,
            overall=rng.randint(1, 9),
            criteria={c: rng.randint(1, 9) for c in range(1, 5)},
        )
        for n in nominations
        for i in range(K)
    ]
    report(
        f"panel_results {len(records)} reviews, 4 criteria",
        best_of(lambda: panel_results(records, nominations)),
    )


def database() -> None:
    from django.conf import settings

    # Users are made with a fast hash: the benchmark measures pages, not sign-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from nominations.models import NominationState, RubricCriterion
    from reviews.models import Assignment, Review, ReviewState
    from reviews.selectors.progress import progress_for_cycle
    from reviews.selectors.results import results_for_cycle
    from tests import factories

    call_command("migrate", verbosity=0)
    cycle = factories.CycleFactory(state="review", configured=False)
    criteria = [
        RubricCriterion.objects.create(cycle=cycle, position=i, name=f"Criterion {i}")
        for i in range(1, 5)
    ]
    nominations = [
        factories.nomination_in(NominationState.IN_REVIEW, cycle=cycle) for _ in range(NOMINATIONS)
    ]
    members = [factories.seat(cycle) for _ in range(PANELISTS)]
    chair = members[0]
    now = timezone.now()
    rng = random.Random(2023)
    assignments, reviews = [], []
    for index, nomination in enumerate(nominations):
        for offset in range(K):
            member = members[(index + offset) % PANELISTS]
            assignments.append(Assignment(nomination=nomination, member=member))
            reviews.append(
                Review(
                    nomination=nomination,
                    member=member,
                    state=ReviewState.SUBMITTED,
                    submitted_at=now,
                    overall=rng.randint(1, 9),
                    criterion_scores={str(c.pk): rng.randint(1, 9) for c in criteria},
                )
            )
    Assignment.objects.bulk_create(assignments)
    Review.objects.bulk_create(reviews)

    report("results_for_cycle (selector)", best_of(lambda: results_for_cycle(cycle)))
    report("progress_for_cycle (selector)", best_of(lambda: progress_for_cycle(cycle)))

    staff = factories.award_staff()
    pages = [
        (staff, "results page", reverse("reviews:results", args=[cycle.pk])),
        (staff, "results CSV", reverse("reviews:results_csv", args=[cycle.pk])),
        (staff, "calibration page", reverse("reviews:calibration", args=[cycle.pk])),
        (staff, "progress page", reverse("reviews:progress", args=[cycle.pk])),
        (staff, "assignments page", reverse("reviews:assignment_overview", args=[cycle.pk])),
        (chair.user, "panelist dashboard", reverse("reviews:panelist_home")),
        (
            chair.user,
            "panel nominations",
            reverse("reviews:panel_nominations", args=[chair.panel_id]),
        ),
        (
            chair.user,
            "scoring page",
            reverse("reviews:review_nomination", args=[nominations[0].pk]),
        ),
    ]
    for user, label, url in pages:
        client = Client()
        client.force_login(user)
        get = page_getter(client, url, label)
        reset_queries()  # with DEBUG on the log is full of the set-up's queries
        with CaptureQueriesContext(connection) as captured:
            get()
        report(f"{label} ({NOMINATIONS} nominations)", best_of(get), len(captured))


def page_getter(client, url: str, label: str):
    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)

    return get


if __name__ == "__main__":
    print(f"Panel review benchmarks (best of {REPEAT}; database {connection.vendor})")
    pure()
    database()

"""Every URL pattern, requested by every actor (MFA enrolled or not as the role needs),
answers as the table in authorization_table.py says, and every refusal by one of this
project's views is audited and changes nothing.

The world is built once for the module and every request runs in a savepoint that is
rolled back, so the matrix runs once (a few thousand requests) and the tests below read
its answers.
"""

import logging
import shutil
import tempfile

import pytest
from django.db import transaction
from django.test import override_settings

from core.models import AuditEvent
from tests.awards_site.authorization_paths import PATHS
from tests.awards_site.authorization_run import (
    ALLOWED,
    DENIED,
    LOGIN,
    MFA,
    NOT_FOUND,
    run_matrix,
    url_patterns,
)
from tests.awards_site.authorization_table import (
    ABSENT,
    ALLAUTH_ROWS,
    ENDORSER_ACTORS,
    MATRIX,
    PAST_CYCLE_ROWS,
    SEATS,
    TABLE,
)
from tests.awards_site.authorization_world import (
    ACTORS,
    CODE_PENDING,
    PASSWORD_ONLY,
    SIGNED_IN,
    build_world,
)

pytestmark = pytest.mark.django_db

REFUSALS = (DENIED, NOT_FOUND, ABSENT, LOGIN, MFA, "405", "gone")


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """(answers, world) of the whole matrix, with MFA required as in production."""
    media = tempfile.mkdtemp(prefix="authorization-matrix-")
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # thousands of expected 403/404 warnings
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                AWARDS_REQUIRE_MFA=True,
                MEDIA_ROOT=media,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
            transaction.atomic(),
        ):
            world = build_world()
            answers = run_matrix(world, MATRIX, refused_first=REFUSALS)
            transaction.set_rollback(True)
    finally:
        request_log.setLevel(level)
        shutil.rmtree(media, ignore_errors=True)
    return answers, world


def test_authorization_table_covers_every_url_pattern():
    keys = [pattern.key for pattern in url_patterns()]

    missing = sorted(set(keys) - set(TABLE))
    stale = sorted(set(TABLE) - set(keys))
    no_path = sorted(set(keys) - set(PATHS))

    assert len(keys) == len(set(keys)), "two URL patterns share a key"
    assert missing == [], f"URL patterns missing from the expected-outcome table: {missing}"
    assert stale == [], f"table entries that match no URL pattern any more: {stale}"
    assert no_path == [], f"URL patterns the matrix has no path for: {no_path}"


def test_authorization_table_rows_name_every_actor_and_post_exactly_when_accepted():
    accepts_post = {pattern.key: pattern.accepts_post for pattern in url_patterns()}
    problems = []
    for key, row in MATRIX.items():
        pattern = key.split(" [")[0]
        extra = ENDORSER_ACTORS if key == "nominations:endorse" else ()
        for method, expected in (("GET", row.get), ("POST", row.post)):
            if expected is not None and sorted(expected) != sorted((*ACTORS, *extra)):
                problems.append(f"{key} {method}: actors {sorted(expected)}")
        if (row.post is not None) != accepts_post.get(pattern, False):
            problems.append(
                f"{key}: POST in table {row.post is not None}, view takes POST "
                f"{accepts_post.get(pattern)}"
            )

    assert problems == []


def test_authorization_matrix_every_answer_as_expected(matrix):
    answers, _ = matrix

    mismatches = [
        f"{a.method} {a.path} ({a.key}) as {a.actor}: expected {a.expected}, got {a.got}"
        for a in answers
        if a.got != (NOT_FOUND if a.expected == ABSENT else a.expected)
    ]

    assert len(answers) > 4000
    assert mismatches == [], "\n".join([f"{len(mismatches)} unexpected answers:", *mismatches])


def test_authorization_matrix_no_unexpected_success(matrix):
    answers, _ = matrix

    successes = [
        f"{a.method} {a.path} ({a.key}) as {a.actor}: expected {a.expected}"
        for a in answers
        if a.got == ALLOWED and a.expected != ALLOWED
    ]

    assert successes == []


def test_authorization_matrix_password_only_sessions_reach_no_role_page(matrix):
    """Staff, panelists, the official and the superuser who gave only their password
    reach no page of theirs: only public pages, signing out and the MFA pages."""
    answers, _ = matrix
    role_pages = {
        key
        for key, row in MATRIX.items()
        if key not in ALLAUTH_ROWS and row.get["anonymous"] != ALLOWED
    }

    reached = sorted(
        f"{a.method} {a.path} ({a.key}) as {a.actor}"
        for a in answers
        if a.actor in PASSWORD_ONLY + CODE_PENDING and a.key in role_pages and a.got == ALLOWED
    )
    sent_to_mfa = {a.actor for a in answers if a.got == MFA}

    assert len(role_pages) > 120
    assert reached == []
    assert sent_to_mfa == set(PASSWORD_ONLY) | set(CODE_PENDING)


def test_authorization_matrix_past_cycle_rows_are_panel_pages_of_a_real_pattern():
    patterns = {key.split(" [")[0] for key in PAST_CYCLE_ROWS}
    cycles = {key.split(" [")[1].rstrip("]") for key in PAST_CYCLE_ROWS}

    assert patterns <= set(TABLE)
    assert all(pattern.startswith("reviews:") for pattern in patterns)
    assert len(patterns) == 8
    assert cycles == {"announced", "archived"}


def test_no_signed_panelist_opens_a_nomination_once_its_cycle_is_announced_or_archived(matrix):
    """The seats that open the review cycle's nominations (signed, assigned or not, the
    chair) open nothing of a nomination their panel reviewed once its cycle is past the
    decision: not the nomination, its files, its letters or its discussion."""
    answers, _ = matrix
    past = [a for a in answers if a.key in PAST_CYCLE_ROWS and a.actor in SEATS]
    opened = [
        f"{a.method} {a.path} ({a.key}) as {a.actor}: {a.got}" for a in past if a.got == ALLOWED
    ]
    nomination_pages = {a.got for a in past if "panel_nominations" not in a.key}

    assert len(past) == 2 * 13 * len(SEATS)
    assert opened == []
    assert nomination_pages == {NOT_FOUND}


def test_authorization_matrix_denials_are_audited_once_naming_the_actor(matrix):
    answers, world = matrix
    audited_rows = {key for key, row in MATRIX.items() if row.audited}

    unaudited = [
        f"{a.method} {a.path} ({a.key}) as {a.actor}: {a.got}, denied events {a.denied_events}"
        for a in answers
        if a.key in audited_rows
        and a.actor in SIGNED_IN
        and a.got in (DENIED, NOT_FOUND)
        and a.expected != ABSENT
        and [actor_id for actor_id, _ in a.denied_events] != [world.users[a.actor].pk]
    ]

    assert unaudited == []


def test_authorization_matrix_refusals_change_nothing(matrix):
    answers, _ = matrix

    changed = sorted({f"{a.method} {a.path} ({a.key})" for a in answers if a.state_changed})

    assert changed == []


def test_authorization_matrix_leaves_no_audit_event_behind(matrix):
    assert AuditEvent.objects.count() == 0

"""Fixtures shared across the suite, the switch for browser tests, and the Hypothesis
profiles."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase


def is_ci(environ) -> bool:
    """CI=true, as .ci/run sets it."""
    return environ.get("CI", "").lower() == "true"


CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
IN_CI = is_ci(os.environ)

# -- Hypothesis (docs/testing.md) -----------------------------------------------------------
# No deadline in either profile: a deadline times the machine as much as the code, and on
# a loaded 2-core machine an example that is quick alone can take seconds (the fuzz tests
# each render pages). The too_slow health check is a timing too, so it is off as well.
# Both start from Hypothesis's "default" profile, not from whichever profile Hypothesis
# loaded on import (its own "ci" when a CI variable is set).
#
# "ci": derandomized, so every run tries the same examples and a failure comes back on a
# rerun; no example database then (derandomize implies none). "dev": random examples,
# each failing one saved under .hypothesis/ (git-ignored) and tried first on the next
# run. Both print the failing example and the @reproduce_failure blob that replays it.
settings.register_profile(
    "ci",
    settings.get_profile("default"),
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# "mutation": CI's examples without the shrinking phase, for `make mutation`
# (mutation/run.py): each planted bug needs only one failing example, and shrinking it
# to the smallest would take seconds per mutant, most of a whole run's time.
settings.register_profile(
    "mutation",
    settings.get_profile("ci"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    print_blob=False,
)
settings.register_profile(
    "dev",
    settings.get_profile("default"),
    database=DirectoryBasedExampleDatabase(
        Path(__file__).parent.parent / ".hypothesis" / "examples"
    ),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def hypothesis_profile(environ) -> str:
    """HYPOTHESIS_PROFILE if set (HYPOTHESIS_PROFILE=ci runs CI's examples locally),
    else "ci" under CI=true and "dev" otherwise."""
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if is_ci(environ) else "dev")


# Loaded here, before any test module is imported: a test's own @settings(...) takes
# what it does not set from the profile loaded when the module creates it.
settings.load_profile(hypothesis_profile(os.environ))

# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    _deselect_postgres_only(config, items)
    if CHROMIUM:
        return
    for item in items:
        if "browser" in item.keywords:
            if IN_CI:
                item.add_marker(pytest.mark.usefixtures("_chromium_required"))
            else:
                item.add_marker(pytest.mark.skip(reason="Chromium not found; set CHROMIUM_PATH"))


def _deselect_postgres_only(config, items):
    """Drop @pytest.mark.postgres tests unless the suite runs on PostgreSQL.

    Deselected, not skipped: what they test (row locks under real concurrency, the
    append-only trigger) does not exist on SQLite, so they are not part of that run, and
    a skip in any run still means something that should have run did not.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if "postgres" not in item.keywords]


@pytest.fixture(autouse=True)
def _role_groups_after_flush(request):
    """Put back the role groups that the accounts migration creates.

    A transactional test (threads, the browser's live server) ends by flushing every
    table, role groups included, and any test that runs after one would find no roles.
    pytest-django runs transactional tests last, but a test can be moved among them (a
    parameter named like a Playwright fixture does it), so every database test checks.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    request.getfixturevalue("db")
    if Group.objects.count() < len(Role):
        for role in Role:
            Group.objects.get_or_create(name=role.value)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Files a test stores (uploads, certificates) never land in the repository."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


TEST_SIGNER = "Awards Office (test)"


@pytest.fixture(scope="session")
def _test_signing_identity(tmp_path_factory):
    """One self-signed signing key for the whole run, made once."""
    from core.pdf.signing import create_self_signed_identity

    path = tmp_path_factory.mktemp("signing") / "test.p12"
    create_self_signed_identity(path, passphrase="test", common_name=TEST_SIGNER)
    return path


@pytest.fixture(autouse=True)
def _signing_identity_of_the_tests(settings, _test_signing_identity):
    """PDFs are signed with the run's own key, never with a file in the repository."""
    settings.AWARDS_SIGNING_P12 = str(_test_signing_identity)
    settings.AWARDS_SIGNING_P12_PASSPHRASE = "test"
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False
    settings.AWARDS_SIGNING_EARLIER_CERTIFICATES = []


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Every test hashes with one fast hasher: the production one (PBKDF2) is slow by
    design and proves nothing here. The live server of the browser tests shares it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def _chromium_required():
    pytest.fail("CI=true but Chromium was not found: install it (apt-get install -y chromium).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM or None,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# -- people and clients most tests need ---------------------------------------------------


@pytest.fixture
def staff():
    from tests.factories import award_staff

    return award_staff()


@pytest.fixture
def official():
    from tests.factories import selecting_official

    return selecting_official()


@pytest.fixture
def staff_client(client, staff):
    """The test client signed in as `staff`."""
    client.force_login(staff)
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT

"""Fixtures shared across the suite, and the switch for browser tests."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
IN_CI = os.environ.get("CI", "").lower() == "true"

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

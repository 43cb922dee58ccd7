"""Fixtures for the browser journeys: a live server, roles, and a checked page visit.

Every page a journey visits goes through `check_page`: axe-core must report no WCAG 2.1
A/AA violation and the console must show no Content Security Policy violation.
"""

import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page

from tests import factories
from tests.browser.axe import axe_violations, format_violations


class OneRequestAtATimeServer(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and every live-server thread shares one
    connection to it; two requests at once (an autosave racing an upload) then misuse
    that connection ("bad parameter or other API misuse"). Serving requests one after
    another removes the race without changing what the pages do; each response closes
    its connection, so the browser never waits on a held one.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() already installs the shared connections in its thread.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATimeServer

PASSWORD = "correct horse battery staple"
# Set SCREENSHOT_DIR to keep a full-page PNG of every page a journey checks.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


@pytest.fixture(autouse=True)
def _empty_cache(transactional_db):
    """allauth's rate limits live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console messages and page errors that mention the Content Security Policy."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


@pytest.fixture
def check_page(page: Page, console_errors: list[str]):
    """check_page(label) asserts the current page is accessible and CSP-clean."""

    def _check(label: str) -> None:
        page.wait_for_load_state("load")
        if SCREENSHOT_DIR:
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            # caret="initial": hiding the caret injects a style the CSP (rightly) blocks.
            page.screenshot(
                path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True, caret="initial"
            )
        violations = axe_violations(page)
        assert violations == [], f"axe on {label} ({page.url}):\n{format_violations(violations)}"
        assert console_errors == [], f"console on {label} ({page.url}): {console_errors}"

    return _check


@pytest.fixture
def verified():
    """verified(user) gives the user the confirmed primary address that login needs."""

    def _verified(user):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    return _verified


@pytest.fixture
def lone_panelist_scoring(live_server, page, check_page, verified) -> str:
    """A panel of one with one nomination to score: its panelist signs in and opens the
    scoring page, whose address this returns."""
    from tests.browser.test_journeys import sign_in  # which imports this module

    cycle = factories.review_cycle(nominations=1, panelists=1)
    seat = cycle.panel.members.get()
    verified(seat.user)
    sign_in(page, live_server.url, seat.user.email, check_page)
    url = f"{live_server.url}/review/nominations/{cycle.nominations.get().pk}/"
    page.goto(url)
    return url


# The path of the link an endorser is emailed.
ENDORSER_LINK = re.compile(r"https?://[^/\s]+(/endorse/[A-Za-z0-9_-]{43}/)")


def htmx_settled(page: Page) -> None:
    """Wait until htmx has swapped and settled, as a person reading the result would.

    axe-core run in the middle of htmx's settle step makes Chromium report an inline
    style; run a moment later, on the settled page, neither reports anything.
    """
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling,"
        " .htmx-added')"
    )

"""The session warning in every signed-in page (accounts/templatetags/session_warning.py):
the seconds the session has left when the page was made, for the script to count down."""

import re

import pytest
from django.urls import reverse

from accounts.authentication import SIGNED_IN_AT_SESSION_KEY
from tests.factories import nominator

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60
DIALOG = re.compile(
    r'<dialog class="site-session-dialog" id="session-warning"[^>]*'
    r'data-seconds-left="(\d+)" data-warning-seconds="(\d+)">'
)


def dialog_numbers(response) -> tuple[int, int] | None:
    found = DIALOG.search(response.content.decode())
    return (int(found[1]), int(found[2])) if found else None


def test_a_signed_in_page_carries_the_seconds_its_session_has_left(client):
    client.force_login(nominator())
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] -= 3 * 60 * 60
    session.save()

    left, warning = dialog_numbers(client.get(reverse("nominations:my_nominations")))

    assert EIGHT_HOURS - 3 * 60 * 60 - 5 <= left <= EIGHT_HOURS - 3 * 60 * 60
    assert warning == 5 * 60


def test_the_warning_of_a_short_session_opens_halfway(client, settings):
    settings.AWARDS_SESSION_MAX_AGE = 6 * 60
    client.force_login(nominator())

    _left, warning = dialog_numbers(client.get(reverse("nominations:my_nominations")))

    assert warning == 3 * 60


def test_a_page_for_a_visitor_who_is_not_signed_in_has_no_warning(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert dialog_numbers(response) is None
    assert b"<dialog" not in response.content


def test_the_page_that_confirms_who_the_person_is_has_no_warning(client):
    """ "Stay signed in" opens it: a warning over it would hide the password field."""
    client.force_login(nominator())

    response = client.get(reverse("account_reauthenticate"))

    assert response.status_code == 200
    assert b"<dialog" not in response.content

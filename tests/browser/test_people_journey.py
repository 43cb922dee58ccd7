"""People and sessions in the browser, with axe-core and the CSP check on each page:
staff find a person and give them a role, invite a selecting official who then sets up
their account through the link; a person reads their sessions."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.rules import role_names
from tests import factories
from tests.browser.conftest import PASSWORD
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JOIN_LINK = re.compile(r"https?://[^/\s]+(/join/[A-Za-z0-9_-]{43}/)")


def test_staff_give_a_role_and_invite_an_official_who_joins(
    live_server, page, check_page, verified
):
    staff = verified(factories.award_staff(full_name="Sam Staff"))
    person = factories.nominator(full_name="Nina Nominator")

    sign_in(page, live_server.url, staff.email, check_page)
    page.get_by_role("link", name="People").click()
    check_page("people")
    page.get_by_label("Name or email address").fill("Nina")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Nina Nominator").click()
    check_page("a person")
    page.get_by_label("Role").select_option("Panelist")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Nina Nominator now has the role Panelist.")).to_be_visible()
    check_page("a person, a role given")
    assert role_names(type(person).objects.get(pk=person.pk)) == {"Nominator", "Panelist"}

    page.goto(f"{live_server.url}/staff/people/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#id_full_name-error")).to_have_text("Enter the person's full name.")
    check_page("invite, errors")
    page.get_by_label("Full name").fill("Nora Official")
    page.get_by_label("Email address").fill("nora@state.example.gov")
    page.get_by_text("Selecting official", exact=True).click()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to nora@state.example.gov")).to_be_visible()
    check_page("invite, one waiting")

    page.get_by_role("button", name="Sign out").click()
    link = JOIN_LINK.search(mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    check_page("join as selecting official")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Selection"))
    check_page("the new official's landing page")


def test_a_person_reads_their_sessions(live_server, page, check_page, verified):
    person = verified(factories.nominator())

    sign_in(page, live_server.url, person.email, check_page)
    page.goto(f"{live_server.url}/accounts/sessions/")

    expect(page.get_by_text("This session")).to_be_visible()
    expect(page.get_by_text("This is your only session.")).to_be_visible()
    check_page("your sessions")

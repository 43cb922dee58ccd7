"""Real journeys in Chromium: the home page, signing up, signing in, each role's landing.

Each page visited is checked with axe-core (WCAG 2.1 A and AA) and for CSP violations.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from nominations.states import CycleState, NominationState
from reviews.models import Panel, PanelMember
from tests import factories
from tests.browser.conftest import PASSWORD
from tests.nominations import recipients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long enough passphrase 42"


def sign_in(page: Page, base_url: str, email: str, check_page, password: str = PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    check_page("sign in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_home_page_shows_program_deadline_and_past_recipients(live_server, page, check_page):
    cycle = recipients.open_cycle()
    recipients.announced_cycle(2022)
    recipients.past_recipient(2019, "Ms. Kendis Paris", "for her leadership")

    page.goto(live_server.url)

    expect(page.get_by_role("heading", level=1)).to_have_text(cycle.program.name)
    expect(page.get_by_text(recipients.DEADLINE_2023_TEXT)).to_be_visible()
    expect(page.get_by_text("An official website of the United States government")).to_be_visible()
    past = page.locator("#past-recipients")
    expect(past.get_by_role("heading", name="2022")).to_be_visible()
    expect(past).to_contain_text(
        f"{recipients.BLUE_DOT} (Baltimore, MD), {recipients.BLUE_DOT_SHORT}"
    )
    expect(past).to_contain_text("Ms. Kendis Paris")
    check_page("home")

    page.get_by_role("button", name="Here’s how you know").click()
    expect(page.get_by_text("Official websites use .gov")).to_be_visible()
    check_page("home with banner open")


def test_sign_up_verify_email_then_land_on_the_new_draft(live_server, page, check_page):
    """Home (1), sign up (2), "Verify your email" (3), confirm (4), the form (5): the
    nomination being started, with the name given at sign-up (issue 15)."""
    recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))
    page.goto(live_server.url)
    check_page("home before sign up")

    page.get_by_role("link", name="Start a nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    check_page("sign up")
    page.get_by_label("Your full name").fill("Nora Nominator")
    page.get_by_label("Email").fill("Nora.Nominator@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    check_page("verification sent")
    assert [message.to for message in mail.outbox] == [["nora.nominator@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    check_page("confirm email")
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(rf"{live_server.url}/nominations/\d+/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    expect(page.get_by_label("Your full name")).to_have_value("Nora Nominator")
    account_menu = page.get_by_role("list", name="Your account")
    expect(account_menu).to_contain_text("Signed in as")
    check_page("the new draft's form")


def test_sign_in_with_wrong_password_shows_error_summary(live_server, page, check_page, verified):
    user = verified(factories.nominator())

    sign_in(page, live_server.url, user.email, check_page, password="not the password")

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    check_page("sign in with error")


@pytest.mark.parametrize(
    ("make_user", "path", "heading"),
    [
        (factories.nominator, "/my/nominations/", "My nominations"),
        (factories.award_staff, "/staff/", "Award staff"),
        (factories.panelist, "/review/", "Panel review"),
        (factories.selecting_official, "/selection/", "Selection"),
    ],
    ids=["nominator", "award_staff", "panelist", "selecting_official"],
)
def test_sign_in_lands_on_the_roles_page(
    live_server, page, check_page, verified, make_user, path, heading
):
    cycle = recipients.open_cycle()
    user = verified(make_user())
    factories.NominationFactory(cycle=cycle, nominator=user)

    sign_in(page, live_server.url, user.email, check_page)

    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name=heading, exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_page(f"landing {heading}")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    account_menu = page.get_by_role("list", name="Your account")
    expect(account_menu.get_by_role("link", name="Sign in")).to_be_visible()
    check_page(f"after sign out of {heading}")


def test_wrong_role_sees_friendly_403(live_server, page, check_page, verified):
    user = verified(factories.nominator())
    sign_in(page, live_server.url, user.email, check_page)
    expect(page).to_have_url(f"{live_server.url}/my/nominations/")

    response = page.goto(f"{live_server.url}/staff/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    check_page("403")


def test_pages_with_data_are_accessible(live_server, page, check_page, verified):
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2024, state=CycleState.SELECTION
    )
    factories.NominationFactory(
        cycle=cycle, state=NominationState.SHORTLISTED, sequence=1, reference="PA-2024-0001"
    )
    user = verified(factories.UserFactory(roles=[Role.PANELIST, Role.SELECTING_OFFICIAL]))
    panel = Panel.objects.create(cycle=cycle, attestation_text="No conflicts.")
    PanelMember.objects.create(panel=panel, user=user, attested_at=timezone.now())
    PanelMember.objects.create(
        panel=Panel.objects.create(
            cycle=factories.CycleFactory(program=cycle.program, award_year=2025),
            attestation_text="No conflicts.",
        ),
        user=user,
    )
    sign_in(page, live_server.url, user.email, check_page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Selection")
    expect(page.locator("tr.site-slate__row", has_text="PA-2024-0001")).to_be_visible()
    check_page("selection with slate")

    page.get_by_role("link", name="Panel review").click()
    expect(page.get_by_text("Not signed yet")).to_be_visible()
    check_page("panel review with seats")


def test_small_screen_menu_opens(live_server, page, check_page, verified):
    user = verified(factories.nominator())
    page.set_viewport_size({"width": 400, "height": 800})
    sign_in(page, live_server.url, user.email, check_page)

    page.get_by_role("button", name="Menu").click()
    navigation = page.get_by_role("navigation", name="Primary navigation")
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()
    check_page("small screen menu open")


def test_account_pages_are_accessible(live_server, page, check_page, verified):
    page.goto(f"{live_server.url}/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    check_page("password reset")
    user = verified(factories.award_staff())
    sign_in(page, live_server.url, user.email, check_page)

    for path, heading in [
        ("/accounts/email/", "Email Addresses"),
        ("/accounts/password/change/", "Change Password"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(heading)

    # Enrolling asks for the password again first.
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    check_page("confirm access")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    check_page("activate authenticator app")
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    check_page("activate authenticator app with error")

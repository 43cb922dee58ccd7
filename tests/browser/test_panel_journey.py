"""A panel from invitation to ranked results, in the browser.

Staff set up the panel and invite a panelist; the panelist accepts, sets up an account,
enrols an authenticator app, signs the attestation and declares a conflict; staff run
the balanced assignment and start the review; the panelist is refused the conflicted
nomination, scores and submits the other; staff read the results and remind the
panelist who has not finished. axe-core and the CSP check run on every page.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from core.models import AuditEvent
from nominations.models import RubricCriterion
from nominations.states import CycleState, NominationState
from reviews.models import Conflict, Review
from reviews.states import ConflictStatus, ReviewState
from tests import factories
from tests.accounts.totp import current_code
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITATION_LINK = re.compile(r"https?://[^/\s]+(/review/invitations/[^/\s]+/)")
PANELIST_EMAIL = "priya.shah@panel.example.net"
PANELIST_PASSWORD = "tidal-ember-lantern-42"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_panel_from_invitation_to_results(live_server, page, check_page, verified, settings):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2031, configured=False)
    for position, name in enumerate(["Impact", "Innovation"], start=1):
        RubricCriterion.objects.create(cycle=cycle, position=position, name=name)
    conflicted = factories.nomination_in(NominationState.CLEARED, cycle=cycle)
    to_score = factories.nomination_in(NominationState.CLEARED, cycle=cycle)
    staff = verified(factories.award_staff())
    base = live_server.url

    # Staff set up the panel and invite a panelist.
    sign_in(page, base, staff.email, check_page)
    page.goto(f"{base}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Panel and invitations").click()
    check_page("panel page before set-up")
    page.get_by_role("button", name="Set up the panel").click()
    expect(page.get_by_role("heading", name="Invitations")).to_be_visible()
    check_page("panel page")
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill(PANELIST_EMAIL)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("panel page after inviting")
    invitation = mail.outbox[-1]
    assert invitation.to == [PANELIST_EMAIL]
    link = INVITATION_LINK.search(invitation.body).group(1)
    sign_out(page)

    # The invitee sets up an account from the link and must enrol MFA first.
    settings.AWARDS_REQUIRE_MFA = True
    page.goto(f"{base}{link}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join the review panel")
    check_page("invitation")
    page.get_by_label("Password", exact=True).fill(PANELIST_PASSWORD)
    page.get_by_label("Password (again)").fill(PANELIST_PASSWORD)
    page.get_by_role("button", name="Set up my account and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    check_page("confirm access before enrolment")
    page.get_by_label("Password").fill(PANELIST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    check_page("enrol an authenticator app")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    check_page("recovery codes")

    # Unsigned, the panelist sees only the attestation; then signs it.
    page.goto(f"{base}/review/")
    expect(page.get_by_text("Not signed yet")).to_be_visible()
    expect(page.get_by_text(conflicted.reference)).to_have_count(0)
    check_page("panelist home before signing")
    page.get_by_role("link", name="Read and sign the attestation").click()
    check_page("attestation")
    page.get_by_label("Your full name").fill("Priya Shah")
    page.get_by_text("I have read the statement above and agree to it.").click()
    page.get_by_role("button", name="Sign the attestation").click()
    expect(page.get_by_text("You have signed the attestation")).to_be_visible()
    check_page("panelist home after signing")

    # A conflict with one nomination.
    page.get_by_role("link", name="All the panel's nominations: declare conflicts").click()
    check_page("panel nominations")
    page.get_by_role("link", name=f"Declare a conflict with {conflicted.reference}").click()
    check_page("declare a conflict")
    page.get_by_text("Close professional associate").click()
    page.get_by_label("What is the conflict?").fill("I sit on its advisory board.")
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("conflict declared")
    seat = cycle.panel.members.get(user__email=PANELIST_EMAIL)
    assert Conflict.objects.get(member=seat).status == ConflictStatus.DECLARED
    sign_out(page)

    # Staff assign one reviewer per nomination and start the review. A second panelist
    # (already signed) takes the conflicted nomination.
    settings.AWARDS_REQUIRE_MFA = False
    colleague = factories.seat(cycle, verified(factories.panelist(full_name="Ravi Menon")))
    sign_in(page, base, staff.email, check_page)
    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/assignments/")
    check_page("assignments")
    page.get_by_label("Reviewers per nomination").fill("1")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: 2 new assignments")).to_be_visible()
    check_page("assignment preview")
    page.get_by_role("button", name="Commit 2 assignments").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("assignments committed")
    assert set(seat.assignments.values_list("nomination__pk", flat=True)) == {to_score.pk}
    page.goto(f"{base}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Start panel review…").click()
    check_page("start review: what happens")
    page.locator('label[for="id_confirm"]').click()
    page.get_by_role("button", name="Start panel review").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("review started")
    sign_out(page)

    # The panelist signs in with a code, is refused the conflicted nomination, and scores
    # the other.
    cache.clear()  # the enrolment code may still be marked used
    sign_in(page, base, PANELIST_EMAIL, check_page, password=PANELIST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    check_page("sign-in code")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel review")
    check_page("panelist home")
    response = page.goto(f"{base}/review/nominations/{conflicted.pk}/")
    assert response.status == 403
    check_page("conflicted nomination refused")
    assert AuditEvent.objects.filter(
        action="panel.access_denied", actor__email=PANELIST_EMAIL, object_id=str(conflicted.pk)
    ).exists()
    page.goto(f"{base}/review/")
    page.get_by_role("link", name=to_score.reference).click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    check_page("scoring page")
    for legend, label in [("Impact", "2"), ("Innovation", "3"), ("Overall score", "2")]:
        group = page.get_by_role("group", name=legend)
        group.get_by_role("radio", name=re.compile(rf"^{label} ")).check()
    page.get_by_label("Strengths").fill("Survivor-led, with documented results.")
    page.get_by_label("Weaknesses").fill("Funding beyond next year is unclear.")
    htmx_settled(page)
    check_page("scoring page with a draft")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("review submitted")
    review = Review.objects.get(member=seat, nomination=to_score)
    assert (review.state, review.overall) == (ReviewState.SUBMITTED, 2)
    assert review.versions.count() == 1
    sign_out(page)

    # Staff read the results and remind the panelist who has not finished.
    sign_in(page, base, staff.email, check_page)
    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/results/")
    check_page("results")
    row = page.get_by_role("row").filter(has_text=to_score.reference)
    expect(row).to_contain_text("20")
    page.get_by_role("link", name="Calibration").click()
    check_page("calibration")
    page.get_by_role("link", name="Progress and reminders").click()
    check_page("progress")
    sent_before = len(mail.outbox)
    page.get_by_role("button", name="Remind Ravi Menon").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("reminder sent")
    assert [message.to for message in mail.outbox[sent_before:]] == [[colleague.user.email]]
    assert conflicted.reference in mail.outbox[-1].body

"""Every hand-off of a fresh cycle, in the browser (issue 15).

A nominator submits; staff return the nomination for information and the nominator
answers; staff clear it, invite a panelist, find a conflict, start the review and remind
the panel; the panelist scores; staff send the slate; the selecting official signs; one
member of staff writes the citations and another approves them; staff announce.

At each hand-off the test reads the email the next person gets (recipient, subject and
the link it carries), opens that link signed out, signs in as that person and checks it
lands on the page the email promised; and it reads the next person's "Your turn" items
(`[data-turn]`) on their home, text and count exactly. axe-core and the CSP console check
run on every page, htmx swaps included.
"""

import datetime as dt
import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from nominations.models import Nomination
from nominations.states import CycleState, NominationState
from tests import factories
from tests.accounts.totp import current_code
from tests.browser.conftest import PASSWORD, htmx_settled
from tests.browser.test_journeys import sign_in
from tests.browser.test_nomination_journey import fill_required_fields, wait_for_save
from tests.nominations import recipients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2031
CYCLE_NAME = f"Presidential Award {YEAR}"
PANELIST_EMAIL = "priya.shah@panel.example.net"
PANELIST_PASSWORD = "tidal-ember-lantern-42"
OFFICIAL_EMAIL = "avery.quinn@awards.example.gov"
RAVI_EMAIL = "ravi.menon@harbor.example.org"
INFO_REQUEST = "Please add the dates of the trainings."
DIRECT_LINK = re.compile(r"^(https?://\S+)$", re.MULTILINE)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    account = page.get_by_role("list", name="Your account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()


def your_turn(page: Page) -> list[str]:
    """The home's "Your turn" items, each as "<count> <text>"."""
    # First on the page: straight after the heading.
    section = page.locator('h1 + [data-testid="your-turn"]')
    expect(section).to_be_visible()
    items = [" ".join(text.split()) for text in section.locator("[data-turn]").all_inner_texts()]
    if not items:
        expect(section).to_contain_text("Nothing is waiting for you.")
    return items


def new_mail(since: int) -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox[since:]]


def link_in(message) -> str:
    """The one link an email carries."""
    (link,) = DIRECT_LINK.findall(message.body)
    return link


def follow_signed_out(
    page: Page, link: str, email: str, check_page, label: str, password: str = PASSWORD
) -> None:
    """Open an emailed link signed out, sign in, and land on the page it names."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    check_page(f"sign in from the {label} email")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(link)


def confirm_cycle_move(page: Page, base: str, cycle, label: str, check_page, done: str) -> int:
    """Make a cycle move through its confirmation page, as staff do: the cycle page's
    "<label>…" link, the "I understand" box, the button. Returns how many emails had been
    sent before the click, so the caller reads the ones the move sent."""
    page.goto(f"{base}{reverse('nominations:staff_cycle', args=[cycle.pk])}")
    page.get_by_role("link", name=f"{label}…").click()
    check_page(f"{label.lower()}: what happens")
    page.locator('label[for="id_confirm"]').click()
    sent = len(mail.outbox)
    page.get_by_role("button", name=label).click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page(done)
    return sent


def test_a_fresh_cycle_through_every_hand_off(live_server, page, check_page, verified, settings):
    base = live_server.url
    # Emailed links point at the live server, so the browser can follow them.
    settings.AWARDS_SITE_URL = base
    settings.AWARDS_CITATION_FOUR_EYES = True
    cycle = recipients.open_cycle(award_year=YEAR, deadline=timezone.now() + dt.timedelta(days=20))
    nora = verified(factories.nominator(email="nora@example.org", full_name="Nora Nominator"))
    sam = verified(
        factories.award_staff(email="sam.rivera@awards.example.gov", full_name="Sam Rivera")
    )
    bea = verified(
        factories.award_staff(email="bea.okafor@awards.example.gov", full_name="Bea Okafor")
    )

    # Cleared already: its nominee's contact works where one panelist does.
    other = factories.nomination_in(
        NominationState.CLEARED,
        cycle=cycle,
        nominee=factories.NomineeFactory(contact_email="director@harbor.example.org"),
    )

    # -- The nominator submits -----------------------------------------------------------
    sign_in(page, base, nora.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My nominations")
    assert your_turn(page) == []
    check_page("nominator home, nothing to do")
    page.get_by_role("button", name=f"Start a nomination for {YEAR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    check_page("nomination form")
    fill_required_fields(page)
    page.get_by_label("Summary").fill("Trained 1,200 first responders to recognize trafficking.")
    wait_for_save(page)
    htmx_settled(page)
    check_page("nomination form, autosaved")
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your nomination")
    check_page("review before submitting")
    page.get_by_role("button", name="Submit the nomination").click()
    expect(page.get_by_role("heading", name="Nomination received")).to_be_visible()
    check_page("nomination received")
    nomination = Nomination.objects.get(nominator=nora)
    ref = nomination.reference
    sign_out(page)

    # -- Staff close the call, vet, and return the nomination for information ----------
    sign_in(page, base, sam.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Award staff")
    assert your_turn(page) == []
    check_page("staff home, nothing to do")
    confirm_cycle_move(page, base, cycle, "Close nominations", check_page, "nominations closed")
    staff_page = f"{base}{reverse('nominations:staff_nomination', args=[nomination.pk])}"
    page.goto(staff_page)
    page.get_by_role("button", name="Start vetting").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("staff nomination page, vetting")
    for item in cycle.checklist_items.filter(required=True):
        row = page.locator(f"#check-{item.pk}")
        row.get_by_text("Pass", exact=True).click()
        row.get_by_role("button", name="Save this check").click()
        htmx_settled(page)
    check_page("staff nomination page, checklist item swapped in")
    page.get_by_role("link", name="Return for information").click()
    check_page("return for information")
    page.get_by_label("Message to the nominator").fill(INFO_REQUEST)
    due = timezone.localdate() + dt.timedelta(days=14)
    due_text = f"{due:%B} {due.day}, {due.year}"
    page.get_by_label("Response due date").fill(due.isoformat())
    sent = len(mail.outbox)
    page.get_by_role("button", name="Return to the nominator").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("returned")
    sign_out(page)

    # The nominator's email links to the nomination; the home lists the request.
    nomination_page = f"{base}{reverse('nominations:nomination_detail', args=[nomination.pk])}"
    assert new_mail(sent) == [([nora.email], f"Nomination {ref}: more information requested")]
    assert link_in(mail.outbox[-1]) == nomination_page
    follow_signed_out(page, nomination_page, nora.email, check_page, "returned")
    expect(page.get_by_text(INFO_REQUEST).first).to_be_visible()
    check_page("returned nomination")
    page.goto(f"{base}/my/nominations/")
    assert your_turn(page) == [f"1 request for information to answer by {due_text}: {ref}"]
    check_page("nominator home, request to answer")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page).to_have_url(nomination_page)

    # -- The nominator answers: staff are told ---------------------------------------------
    page.get_by_role("link", name="Respond: update the nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Update nomination {ref}")
    page.get_by_label("Detailed justification").fill(
        "Between March and November 2022 the center trained 1,200 first responders."
    )
    wait_for_save(page)
    htmx_settled(page)
    check_page("nomination form, responding, autosaved")
    page.get_by_role("button", name="Save and review").click()
    sent = len(mail.outbox)
    page.get_by_role("button", name="Send the requested information").click()
    expect(page.get_by_text("We received the information you sent.")).to_be_visible()
    check_page("information sent")
    page.goto(f"{base}/my/nominations/")
    assert your_turn(page) == []
    sign_out(page)

    response_subject = f"{ref}: the nominator sent the requested information"
    assert sorted(new_mail(sent)) == [
        ([bea.email], response_subject),
        ([nora.email], f"Nomination {ref}: information received"),
        ([sam.email], response_subject),
    ]
    (to_sam,) = [m for m in mail.outbox[sent:] if m.to == [sam.email]]
    assert link_in(to_sam) == staff_page
    follow_signed_out(page, staff_page, sam.email, check_page, "response received")
    check_page("staff nomination page, response received")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [f"1 response from a nominator to read ({CYCLE_NAME})"]
    check_page("staff home, a response to read")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page).to_have_url(staff_page)
    page.get_by_role("button", name="Clear for the panel").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("cleared")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == []

    # -- Staff set up the panel and invite a panelist ------------------------------------
    page.goto(f"{base}{reverse('reviews:panel_manage', args=[cycle.pk])}")
    check_page("panel page before set-up")
    page.get_by_role("button", name="Set up the panel").click()
    expect(page.get_by_role("heading", name="Invitations")).to_be_visible()
    review_due = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Reviews due").fill(review_due.isoformat())
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("panel settings saved")
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill(PANELIST_EMAIL)
    sent = len(mail.outbox)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("panelist invited")
    assert new_mail(sent) == [
        ([PANELIST_EMAIL], f"Invitation to review nominations for the {YEAR} Presidential Award")
    ]
    invitation = mail.outbox[-1]
    # Two nominations are cleared: the nominator's and the other one.
    assert "The panel has 2 nominations to review so far" in invitation.body
    assert f"Scores are due by {review_due:%A, %B} {review_due.day}, {review_due.year}." in (
        invitation.body
    )
    invitation_link = link_in(invitation)
    assert invitation_link.startswith(f"{base}/review/invitations/")

    # A second panelist, already signed, works at the other nominee's contact's domain:
    # checking for conflicts suggests that pair; the other member of staff is told.
    factories.seat(cycle, verified(factories.panelist(email=RAVI_EMAIL, full_name="Ravi Menon")))
    page.goto(f"{base}{reverse('reviews:conflict_list', args=[cycle.pk])}")
    check_page("conflicts, none yet")
    sent = len(mail.outbox)
    page.get_by_role("button", name="Check for likely conflicts").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("conflicts suggested")
    conflicts_page = f"{base}{reverse('reviews:conflict_list', args=[cycle.pk])}?status=suggested"
    assert new_mail(sent) == [
        ([bea.email], f"{CYCLE_NAME} panel: 1 suggested conflict of interest to decide")
    ]
    assert link_in(mail.outbox[-1]) == conflicts_page
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [f"1 suggested conflict to confirm or dismiss ({CYCLE_NAME})"]
    check_page("staff home, a conflict to decide")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page).to_have_url(conflicts_page)
    sign_out(page)

    # -- The invited panelist joins and signs the attestation ------------------------------
    page.goto(invitation_link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join the review panel")
    check_page("invitation")
    page.get_by_label("Password", exact=True).fill(PANELIST_PASSWORD)
    page.get_by_label("Password (again)").fill(PANELIST_PASSWORD)
    page.get_by_role("button", name="Set up my account and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Conflict of interest and confidentiality: {CYCLE_NAME}"
    )
    page.goto(f"{base}/review/")
    assert your_turn(page) == [f"1 attestation to sign for the {CYCLE_NAME} panel"]
    check_page("panelist home, attestation to sign")
    page.locator("[data-turn]").get_by_role("link").click()
    check_page("attestation")
    page.get_by_label("Your full name").fill("Priya Shah")
    page.get_by_text("I have read the statement above and agree to it.").click()
    page.get_by_role("button", name="Sign the attestation").click()
    expect(page.get_by_text("You have signed the attestation")).to_be_visible()
    assert your_turn(page) == []
    check_page("panelist home, signed")
    sign_out(page)

    # -- The other member of staff decides the conflict, assigns and starts the review ----
    follow_signed_out(page, conflicts_page, bea.email, check_page, "conflicts to decide")
    check_page("suggested conflicts")
    page.get_by_role(
        "link", name=f"Confirm the conflict of {RAVI_EMAIL} with {other.reference}"
    ).click()
    check_page("confirm the conflict")
    page.get_by_label("Reason for your decision").fill("He advises the nominee's board.")
    page.get_by_role("button", name="Confirm the conflict").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("conflict confirmed")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == []
    page.goto(f"{base}{reverse('reviews:assignment_overview', args=[cycle.pk])}")
    page.get_by_label("Reviewers per nomination").fill("2")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: 3 new assignments")).to_be_visible()
    check_page("assignment preview")
    page.get_by_role("button", name="Commit 3 assignments").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("assignments committed")
    sent = confirm_cycle_move(page, base, cycle, "Start panel review", check_page, "review started")
    sign_out(page)

    # Each panelist is told their share, the due date and where to start.
    due_long = f"{review_due:%A, %B} {review_due.day}, {review_due.year}"
    panel_home = f"{base}{reverse('reviews:panelist_home')}"
    assert new_mail(sent) == [
        ([PANELIST_EMAIL], f"{CYCLE_NAME} panel review has started: 2 nominations for you"),
        ([RAVI_EMAIL], f"{CYCLE_NAME} panel review has started: 1 nomination for you"),
    ]
    for message, count in zip(
        mail.outbox[sent:], ("2 nominations are", "1 nomination is"), strict=True
    ):
        assert f"{count} assigned to you." in message.body
        assert f"Please submit your scores by {due_long}." in message.body
        assert link_in(message) == panel_home

    # Reminders: each panelist gets a digest of what is left.
    sent = len(mail.outbox)
    call_command("send_review_reminders", stdout=io.StringIO())
    assert new_mail(sent) == [
        ([PANELIST_EMAIL], f"{CYCLE_NAME} panel: 2 reviews still to submit"),
        ([RAVI_EMAIL], f"{CYCLE_NAME} panel: 1 review still to submit"),
    ]
    reminder = mail.outbox[sent]
    assert f"- {ref}: Centro de los Derechos del Migrante, Inc. (not started)" in reminder.body
    assert f"- {other.reference}: {other.nominee.display_name} (not started)" in reminder.body
    assert f"Please submit your scores by {due_long}." in reminder.body
    assert DIRECT_LINK.findall(reminder.body) == [
        panel_home,
        f"{base}{reverse('reviews:panel_nominations', args=[cycle.panel.pk])}",
    ]

    # -- The panelist scores and submits --------------------------------------------------
    follow_signed_out(
        page, panel_home, PANELIST_EMAIL, check_page, "review started", password=PANELIST_PASSWORD
    )
    due_short = f"{review_due:%B} {review_due.day}, {review_due.year}"
    assert your_turn(page) == [f"2 reviews to submit for the {CYCLE_NAME} panel, due {due_short}"]
    check_page("panelist home, reviews to submit")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    check_page("scoring page")
    first_scored = page.url
    for legend, label in [("Impact", "2"), ("Overall score", "2")]:
        group = page.get_by_role("group", name=legend)
        group.get_by_role("radio", name=re.compile(rf"^{label} ")).check()
    page.get_by_label("Strengths").fill("Survivor-led, with documented results.")
    page.get_by_label("Weaknesses").fill("Funding beyond next year is unclear.")
    expect(page.locator("#review-autosave-status")).to_contain_text("Draft saved at")
    htmx_settled(page)
    check_page("scoring page, draft autosaved")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("review submitted")
    page.goto(panel_home)
    assert your_turn(page) == [f"1 review to submit for the {CYCLE_NAME} panel, due {due_short}"]
    assert page.locator("[data-turn] a").get_attribute("href") != first_scored.removeprefix(base)
    sign_out(page)

    # -- Staff send the slate: the official is told ----------------------------------------
    official = verified(factories.selecting_official(email=OFFICIAL_EMAIL, full_name="Avery Quinn"))
    secret = generate_totp_secret()
    TOTP.activate(official, secret)
    sign_in(page, base, sam.email, check_page)
    page.goto(f"{base}{reverse('selection:slate', args=[cycle.pk])}")
    check_page("slate")
    page.get_by_role("link", name=f"Decide on {ref}").click()
    check_page(f"slate entry {ref}")
    page.get_by_label("Briefing note").fill("A worker-led center with measured results.")
    page.get_by_role("button", name="Advance to the slate").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    page.get_by_role("link", name=f"Decide on {other.reference}").click()
    page.get_by_role("button", name="Do not advance").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("slate decided")
    sent = confirm_cycle_move(
        page, base, cycle, "Send the slate for selection", check_page, "slate sent"
    )
    sign_out(page)

    selection_page = f"{base}{reverse('selection:selection_cycle', args=[cycle.pk])}"
    assert new_mail(sent) == [
        ([OFFICIAL_EMAIL], f"{CYCLE_NAME}: the slate is ready for your decision")
    ]
    assert "1 nomination, in the panel's rank order" in mail.outbox[-1].body
    assert link_in(mail.outbox[-1]) == selection_page

    # -- The official signs: staff are told -------------------------------------------------
    page.goto(selection_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    check_page("sign in from the slate email")
    page.get_by_label("Email").fill(OFFICIAL_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    check_page("sign-in code")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(selection_page)
    check_page("selection page from the email")
    page.goto(f"{base}/selection/")
    assert your_turn(page) == [f"1 nomination on the {CYCLE_NAME} slate to decide"]
    check_page("official home, a slate to decide")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page).to_have_url(selection_page)
    page.locator(f'label[for="select-{nomination.pk}"]').click()
    page.get_by_role("button", name="Review the decision before signing").click()
    expect(page.locator("#summary-selected")).to_have_text(f"{ref}: {nomination.nominee}")
    check_page("selection summary before signing")
    page.get_by_label("Type your full name to sign the decision").fill("Avery Quinn")
    page.locator('label[for="id_confirm"]').click()
    sent = len(mail.outbox)
    page.get_by_role("button", name="Sign and record the decision").click()
    expect(page.get_by_role("heading", name="Decided")).to_be_visible()
    check_page("selection decided")
    page.goto(f"{base}/selection/")
    assert your_turn(page) == []
    sign_out(page)

    citations_of_cycle = f"{base}{reverse('selection:cycle_citations', args=[cycle.pk])}"
    signed_subject = f"{CYCLE_NAME}: the selection is signed"
    assert sorted(new_mail(sent)) == [([bea.email], signed_subject), ([sam.email], signed_subject)]
    for message in mail.outbox[sent:]:
        assert "Avery Quinn signed the selection" in message.body
        assert "1 recipient selected" in message.body
        assert link_in(message) == citations_of_cycle

    # -- One member of staff writes the citations; the other must approve them ---------------
    follow_signed_out(page, citations_of_cycle, sam.email, check_page, "selection signed")
    check_page("citations of the cycle")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [
        f"1 recipient selected for {CYCLE_NAME}: citations to write and approve, then announce"
    ]
    check_page("staff home, citations to write")
    page.locator("[data-turn]").get_by_role("link").click()
    expect(page).to_have_url(citations_of_cycle)
    page.get_by_role("link", name=f"{ref} citations").click()
    citations_page = f"{base}{reverse('selection:citations', args=[nomination.pk])}"
    expect(page).to_have_url(citations_page)
    check_page("citations")
    sent = len(mail.outbox)
    for _kind in ("short", "full"):
        page.get_by_role("button", name=re.compile(r"^Save as version 1")).first.click()
        expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("citations written")
    expect(page.get_by_role("button", name=re.compile("^Approve this version"))).to_have_count(0)
    page.goto(f"{base}/staff/")
    # Their own citations are not for them to approve.
    assert your_turn(page) == [
        f"1 recipient selected for {CYCLE_NAME}: citations to write and approve, then announce"
    ]
    sign_out(page)

    assert new_mail(sent) == [
        ([bea.email], f"{ref}: a short citation to approve"),
        ([bea.email], f"{ref}: a full citation to approve"),
    ]
    for message in mail.outbox[sent:]:
        assert "Sam Rivera wrote version 1" in message.body
        assert link_in(message) == citations_page
    follow_signed_out(page, citations_page, bea.email, check_page, "citation to approve")
    check_page("citations to approve")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [
        f"2 citations to approve ({CYCLE_NAME})",
        f"1 recipient selected for {CYCLE_NAME}: citations to write and approve, then announce",
    ]
    check_page("staff home, citations to approve")
    page.locator("[data-turn]").first.get_by_role("link").click()
    expect(page).to_have_url(citations_of_cycle)
    page.goto(citations_page)
    for _kind in ("short", "full"):
        page.get_by_role("button", name=re.compile("^Approve this version")).first.click()
        expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("citations approved")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [
        f"1 recipient selected for {CYCLE_NAME}: citations to write and approve, then announce"
    ]

    # -- Staff announce: the nominator is congratulated --------------------------------------
    sent = confirm_cycle_move(page, base, cycle, "Announce the recipients", check_page, "announced")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == []
    sign_out(page)

    assert new_mail(sent) == [
        (
            [nora.email],
            f"Congratulations: {nomination.nominee} receives the {YEAR} Presidential Award",
        ),
        (
            [other.nominator.email],
            f"Nomination {other.reference}: the {YEAR} recipients are announced",
        ),
    ]
    congratulation = mail.outbox[sent]
    assert nomination_page in DIRECT_LINK.findall(congratulation.body)
    follow_signed_out(page, nomination_page, nora.email, check_page, "congratulation")
    check_page("awarded nomination")
    page.goto(f"{base}/my/nominations/")
    assert your_turn(page) == []
    check_page("nominator home at the end")


def test_an_overdue_response_and_a_declared_conflict_reach_staff(
    live_server, page, check_page, verified, settings
):
    """The two hand-offs to staff that the fresh cycle above does not meet: a response the
    nominator let pass its due date (the morning's digest email and a home item), and a
    conflict a panelist declares (an email to staff and a home item)."""
    base = live_server.url
    settings.AWARDS_SITE_URL = base
    cycle = factories.CycleFactory(
        program=recipients.program(), state=CycleState.CLOSED, award_year=YEAR
    )
    overdue = factories.nomination_in(
        NominationState.RETURNED,
        cycle=cycle,
        info_request=INFO_REQUEST,
        info_due_date=timezone.localdate(timezone=cycle.zone) - dt.timedelta(days=3),
    )
    cleared = factories.nomination_in(NominationState.CLEARED, cycle=cycle)
    seat = factories.seat(cycle, verified(factories.panelist(full_name="Ravi Menon")))
    staff = verified(factories.award_staff(full_name="Sam Rivera"))

    # The panelist declares a conflict: staff are emailed.
    sign_in(page, base, seat.user.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel review")
    assert your_turn(page) == []
    page.goto(f"{base}{reverse('reviews:panel_nominations', args=[seat.panel_id])}")
    page.get_by_role("link", name=f"Declare a conflict with {cleared.reference}").click()
    check_page("declare a conflict")
    page.get_by_text("Close professional associate").click()
    page.get_by_label("What is the conflict?").fill("I sit on its advisory board.")
    sent = len(mail.outbox)
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("conflict declared")
    sign_out(page)
    conflicts_page = f"{base}{reverse('reviews:conflict_list', args=[cycle.pk])}?status=declared"
    assert new_mail(sent) == [
        ([staff.email], f"{CYCLE_NAME} panel: 1 declared conflict of interest to decide")
    ]
    assert "Ravi Menon declared a conflict of interest" in mail.outbox[-1].body
    assert link_in(mail.outbox[-1]) == conflicts_page

    # The morning's digest of overdue responses reaches staff, once.
    sent = len(mail.outbox)
    call_command("send_overdue_notices", stdout=io.StringIO())
    call_command("send_overdue_notices", stdout=io.StringIO())
    assert new_mail(sent) == [([staff.email], "1 overdue response to a request for information")]
    overdue_page = f"{base}{reverse('nominations:staff_nomination', args=[overdue.pk])}"
    assert link_in(mail.outbox[-1]) == overdue_page

    # Staff follow the links; their home lists the conflict and the overdue response.
    follow_signed_out(page, overdue_page, staff.email, check_page, "overdue response")
    sign_out(page)
    follow_signed_out(page, conflicts_page, staff.email, check_page, "declared conflict")
    check_page("declared conflicts")
    page.goto(f"{base}/staff/")
    assert your_turn(page) == [
        f"1 overdue response ({CYCLE_NAME})",
        f"1 declared conflict to confirm or waive ({CYCLE_NAME})",
    ]
    check_page("staff home, overdue response and declared conflict")
    page.locator("[data-turn]").first.get_by_role("link").click()
    expect(page).to_have_url(f"{base}{reverse('nominations:staff_nomination', args=[overdue.pk])}")
    page.get_by_role("link", name="Take back into vetting").click()
    page.get_by_label("Reason for taking the nomination back").fill(
        "The response due date passed without an answer."
    )
    page.get_by_role("button", name="Take back into vetting").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("is back in vetting")
    check_page("taken back")
    page.goto(f"{base}/staff/")
    # Taken back by staff, not answered: not a response to read.
    assert your_turn(page) == [f"1 declared conflict to confirm or waive ({CYCLE_NAME})"]

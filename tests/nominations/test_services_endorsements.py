"""Letters of support: requests, resends, cancellations and the endorser's single-use link."""

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from core.uploads import NOT_A_PDF
from nominations.models import EndorsementRequest
from nominations.selectors.attachments import EndorsementLinkError
from nominations.services.endorsements import (
    endorsement_cancel,
    endorsement_expiry,
    endorsement_letter_upload,
    endorsement_request,
    endorsement_resend,
)
from nominations.states import CycleState, EndorsementState, NominationState
from tests import factories
from tests.core.pdf_samples import HTML, upload, valid_pdf
from tests.nominations.concurrency import run_at_once

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LINK = re.compile(r"http://testserver/endorse/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def nomination():
    return factories.NominationFactory(nominator_name="Jordan Lee")


def ask(nomination, email="ana@partner.example.org", name="Ana Ruiz", **kwargs):
    return endorsement_request(
        nomination=nomination,
        actor=kwargs.pop("actor", nomination.nominator),
        name=name,
        email=email,
        relationship=kwargs.pop("relationship", "program partner"),
    )


def ask_and_get_token(nomination, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = ask(nomination, **kwargs)
    return endorsement, LINK.search(mail.outbox[-1].body).group(1)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.AWARDS_SITE_URL = "http://testserver"


# -- asking -----------------------------------------------------------------------------------


def test_endorsement_request_emails_link_after_commit_and_stores_only_its_hash(
    nomination, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        endorsement = ask(nomination, email="Ana@Partner.example.org")
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@partner.example.org"]
    cycle = nomination.cycle
    assert message.subject == (
        f"Request for a letter of support: {cycle.award_year} {cycle.program.short_name}"
    )
    token = LINK.search(message.body).group(1)
    assert f"The nominee:\n“{nomination.nominee.display_name}”\n" in message.body
    assert "The nominator:\n“Jordan Lee”\n" in message.body
    endorsement.refresh_from_db()
    assert endorsement.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert endorsement.state == EndorsementState.REQUESTED
    assert endorsement.public_state == "requested"
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "endorsement.request",
        nomination.nominator,
        str(endorsement.pk),
    )
    assert token not in event.canonical_content()


def test_endorsement_request_link_lives_21_days_when_deadline_is_far(nomination):
    now = timezone.now()
    nomination.cycle.deadline = now + dt.timedelta(days=60)

    assert endorsement_expiry(nomination=nomination, now=now) == now + dt.timedelta(days=21)


def test_endorsement_request_link_ends_a_week_after_a_near_deadline(nomination):
    now = timezone.now()
    nomination.cycle.deadline = now + dt.timedelta(days=3)

    assert endorsement_expiry(nomination=nomination, now=now) == now + dt.timedelta(days=10)


def test_endorsement_request_fourth_active_request_is_refused(
    nomination, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            ask(nomination, email=f"endorser{number}@example.org")
    events_before = AuditEvent.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(TransitionBlocked) as caught,
    ):
        ask(nomination, email="fourth@example.org")

    assert caught.value.message == (
        "You have already asked for 3 letters, the most allowed. "
        "Cancel a request before asking someone else."
    )
    assert EndorsementRequest.objects.count() == 3
    assert AuditEvent.objects.count() == events_before
    assert len(mail.outbox) == 3


def test_endorsement_request_cancelled_request_frees_a_place(nomination):
    requests = [ask(nomination, email=f"endorser{number}@example.org") for number in range(3)]
    endorsement_cancel(request=requests[0], actor=nomination.nominator)

    ask(nomination, email="fourth@example.org")

    assert nomination.endorsement_requests.exclude(state="cancelled").count() == 3


def test_endorsement_request_same_endorser_twice_is_refused(nomination):
    ask(nomination)

    with pytest.raises(TransitionBlocked) as caught:
        ask(nomination)

    assert caught.value.message == "You have already asked ana@partner.example.org for a letter."


def test_endorsement_request_bad_input_is_refused(nomination):
    with pytest.raises(InvalidInput) as caught:
        ask(nomination, name=" ", email="not an email", relationship="")

    assert caught.value.problems == [
        "Enter the endorser's name.",
        "Enter the endorser's email address, like name@example.org.",
        "Enter how the endorser knows the nominee.",
    ]
    assert EndorsementRequest.objects.count() == 0


@pytest.mark.parametrize(
    "own", ["{email}", "{upper}", "{plus}"], ids=["same", "other case", "plus tag"]
)
def test_endorsement_request_to_the_nominators_own_address_is_refused(nomination, own):
    local, domain = nomination.nominator.email.split("@")
    email = own.format(
        email=nomination.nominator.email,
        upper=nomination.nominator.email.upper(),
        plus=f"{local}+letter@{domain}",
    )

    with pytest.raises(InvalidInput) as caught:
        ask(nomination, email=email)

    assert caught.value.problems == [
        "A letter of support must come from someone other than you. Enter the endorser's "
        "own email address."
    ]
    assert EndorsementRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert mail.outbox == []


def test_endorsement_request_by_another_nominator_is_refused(nomination):
    with pytest.raises(NotPermitted):
        ask(nomination, actor=factories.nominator())

    assert EndorsementRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    "state",
    [s for s in NominationState.values if s not in {"draft", "submitted", "returned"}],
)
def test_endorsement_request_in_closed_state_is_refused(state):
    nomination = factories.nomination_in(state)

    with pytest.raises(IllegalTransition):
        ask(nomination)

    assert EndorsementRequest.objects.count() == 0


# -- the endorser's link ----------------------------------------------------------------------


def test_endorsement_letter_upload_stores_letter_and_tells_nominator(
    nomination, media_root, django_capture_on_commit_callbacks
):
    endorsement, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    data = valid_pdf()

    with django_capture_on_commit_callbacks(execute=True):
        received = endorsement_letter_upload(token=token, uploaded_file=upload(data, "Letter.pdf"))

    received.refresh_from_db()
    assert received.pk == endorsement.pk
    assert received.state == EndorsementState.RECEIVED
    assert received.letter_original_name == "Letter.pdf"
    assert received.letter_sha256 == hashlib.sha256(data).hexdigest()
    assert received.letter.name.startswith("letters/")
    assert (media_root / received.letter.name).read_bytes() == data
    assert mail.outbox[-1].to == [nomination.nominator.email]
    assert mail.outbox[-1].subject == "Letter of support received from Ana Ruiz"
    assert f"\nhttp://testserver/nominations/{nomination.pk}/\n" in mail.outbox[-1].body
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.actor_role, event.to_state) == (
        "endorsement.receive",
        None,
        "endorser",
        "received",
    )


def test_endorsement_letter_upload_link_works_only_once(
    nomination, media_root, django_capture_on_commit_callbacks
):
    _, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf("first")))
    first = EndorsementRequest.objects.get()
    events_before = AuditEvent.objects.count()

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf("second")))

    assert (caught.value.reason, caught.value.status) == ("received", 410)
    again = EndorsementRequest.objects.get()
    assert (again.letter.name, again.letter_sha256) == (first.letter.name, first.letter_sha256)
    assert sorted(p.name for p in (media_root / "letters").iterdir()) == [
        first.letter.name.removeprefix("letters/")
    ]
    assert AuditEvent.objects.count() == events_before


def test_endorsement_letter_upload_expired_link_is_refused(
    nomination, django_capture_on_commit_callbacks
):
    endorsement, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    EndorsementRequest.objects.filter(pk=endorsement.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    assert (caught.value.reason, caught.value.status) == ("expired", 410)
    endorsement.refresh_from_db()
    assert endorsement.public_state == "expired"
    assert endorsement.letter.name == ""


def test_endorsement_letter_upload_wrong_token_is_refused(nomination):
    ask(nomination)

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token="x" * 43, uploaded_file=upload(valid_pdf()))

    assert (caught.value.reason, caught.value.status) == ("unknown", 404)
    assert EndorsementRequest.objects.get().state == EndorsementState.REQUESTED


def test_endorsement_letter_upload_cancelled_request_is_refused(
    nomination, django_capture_on_commit_callbacks
):
    endorsement, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    endorsement_cancel(request=endorsement, actor=nomination.nominator)

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    assert (caught.value.reason, caught.value.status) == ("cancelled", 410)
    assert EndorsementRequest.objects.get().state == EndorsementState.CANCELLED


def test_endorsement_letter_upload_withdrawn_nomination_is_refused(
    nomination, django_capture_on_commit_callbacks
):
    _, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    type(nomination).objects.filter(pk=nomination.pk).update(state=NominationState.WITHDRAWN)

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    assert caught.value.reason == "closed"


# Until when an endorser's link takes a letter, and from when it refuses one: (the
# nomination's state, its cycle's state) → whether a letter is taken. A link closes only
# on something the nominator is told (the nomination withdrawn or found ineligible, the
# cycle announced); vetting, clearing, the panel, the slate and the selecting official's
# decision leave it open, since a nominator who asked an address they control would
# otherwise learn of that step (nominations/rules.py, `nomination_accepts_letters`).
LETTER_TAKEN = {
    ("draft", "open"): True,
    ("submitted", "open"): True,
    ("submitted", "closed"): True,
    ("vetting", "open"): True,
    ("vetting", "closed"): True,
    ("returned", "closed"): True,
    ("cleared", "closed"): True,
    ("cleared", "review"): True,
    ("in_review", "review"): True,
    ("not_advanced", "review"): True,
    ("not_advanced", "selection"): True,
    ("shortlisted", "selection"): True,
    ("selected", "selection"): True,
    ("not_selected", "selection"): True,
    ("withdrawn", "open"): False,
    ("withdrawn", "closed"): False,
    ("ineligible", "closed"): False,
    ("ineligible", "review"): False,
    ("vetting", "announced"): False,
    ("in_review", "announced"): False,
    ("not_advanced", "announced"): False,
    ("selected", "announced"): False,
    ("not_selected", "announced"): False,
    ("awarded", "announced"): False,
    ("not_advanced", "archived"): False,
    ("not_selected", "archived"): False,
    ("awarded", "archived"): False,
}
# A letter taken once vetting is over is kept for staff but not put before the panel.
VETTED_STATES = {"draft", "submitted", "returned", "vetting"}


def test_the_letter_table_names_every_nomination_and_cycle_state():
    assert {state for state, _ in LETTER_TAKEN} == set(NominationState)
    assert {cycle for _, cycle in LETTER_TAKEN} == set(CycleState) - {"setup"}


@pytest.mark.parametrize(
    ("state", "cycle_state"), [key for key, taken in LETTER_TAKEN.items() if taken]
)
def test_endorsement_letter_upload_works_whatever_staff_moves_the_nominator_is_not_told(
    nomination, media_root, django_capture_on_commit_callbacks, state, cycle_state
):
    """Vetting, clearing, the panel and the selecting official's decision keep the link
    open: only what the nominator is told closes it."""
    _, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    type(nomination).objects.filter(pk=nomination.pk).update(state=state)
    type(nomination.cycle).objects.filter(pk=nomination.cycle_id).update(state=cycle_state)

    endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    letter = EndorsementRequest.objects.get()
    assert letter.state == EndorsementState.RECEIVED
    assert letter.received_after_vetting is (state not in VETTED_STATES)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "endorsement.request",
        "endorsement.receive",
    ]


@pytest.mark.parametrize(
    ("state", "cycle_state"), [key for key, taken in LETTER_TAKEN.items() if not taken]
)
def test_endorsement_letter_upload_closed_once_the_nominator_is_told_it_ended(
    nomination, media_root, django_capture_on_commit_callbacks, state, cycle_state
):
    """Withdrawn, found ineligible, or the cycle announced (or archived): the link
    refuses the letter, stores nothing and records nothing."""
    _, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    type(nomination).objects.filter(pk=nomination.pk).update(state=state)
    type(nomination.cycle).objects.filter(pk=nomination.cycle_id).update(state=cycle_state)

    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    assert (caught.value.reason, caught.value.status) == ("closed", 410)
    letter = EndorsementRequest.objects.get()
    assert (letter.state, letter.letter.name, letter.received_after_vetting) == (
        EndorsementState.REQUESTED,
        "",
        False,
    )
    assert not (media_root / "letters").exists()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["endorsement.request"]


def test_endorsement_letter_upload_not_a_pdf_keeps_link_usable(
    nomination, media_root, django_capture_on_commit_callbacks
):
    _, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)

    with pytest.raises(InvalidInput) as caught:
        endorsement_letter_upload(token=token, uploaded_file=upload(HTML, "letter.pdf"))

    assert caught.value.message == NOT_A_PDF
    assert EndorsementRequest.objects.get().state == EndorsementState.REQUESTED
    assert not (media_root / "letters").exists() or list((media_root / "letters").iterdir()) == []
    endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))
    assert EndorsementRequest.objects.get().state == EndorsementState.RECEIVED


# -- resend and cancel ------------------------------------------------------------------------


def test_endorsement_resend_kills_old_link_and_sends_new_one(
    nomination, django_capture_on_commit_callbacks
):
    endorsement, old_token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    EndorsementRequest.objects.filter(pk=endorsement.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    endorsement.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        endorsement_resend(request=endorsement, actor=nomination.nominator)

    new_token = LINK.search(mail.outbox[-1].body).group(1)
    assert new_token != old_token
    assert len(mail.outbox) == 2
    endorsement.refresh_from_db()
    assert endorsement.resent_count == 1
    assert endorsement.public_state == "requested"
    with pytest.raises(EndorsementLinkError) as caught:
        endorsement_letter_upload(token=old_token, uploaded_file=upload(valid_pdf()))
    assert caught.value.reason == "unknown"
    endorsement_letter_upload(token=new_token, uploaded_file=upload(valid_pdf()))
    assert EndorsementRequest.objects.get().state == EndorsementState.RECEIVED
    assert [e.action for e in AuditEvent.objects.all()] == [
        "endorsement.request",
        "endorsement.resend",
        "endorsement.receive",
    ]


def test_endorsement_resend_after_letter_arrived_is_refused(
    nomination, django_capture_on_commit_callbacks
):
    endorsement, token = ask_and_get_token(nomination, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))
    endorsement.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IllegalTransition):
        endorsement_resend(request=endorsement, actor=nomination.nominator)

    assert len(mail.outbox) == 2  # the request and the nominator's notice only


def test_endorsement_resend_stale_copy_after_cancel_is_a_conflict(nomination):
    endorsement = ask(nomination)
    stale = EndorsementRequest.objects.get(pk=endorsement.pk)
    endorsement_cancel(request=endorsement, actor=nomination.nominator)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ConflictError):
        endorsement_resend(request=stale, actor=nomination.nominator)

    assert EndorsementRequest.objects.get().state == EndorsementState.CANCELLED
    assert AuditEvent.objects.count() == events_before


def test_endorsement_cancel_by_another_user_changes_nothing(nomination, staff):
    endorsement = ask(nomination)
    events_before = AuditEvent.objects.count()

    for actor in (factories.nominator(), staff):
        with pytest.raises(NotPermitted):
            endorsement_cancel(request=endorsement, actor=actor)

    assert EndorsementRequest.objects.get().state == EndorsementState.REQUESTED
    assert AuditEvent.objects.count() == events_before


# -- at the same moment (PostgreSQL: real row locks between connections) ---------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_letter_requests_on_two_drafts_at_once_pass_the_account_limit_once(settings):
    settings.AWARDS_LETTER_REQUESTS_PER_DAY = 1
    first = factories.NominationFactory()
    second = factories.NominationFactory(cycle=first.cycle, nominator=first.nominator)

    outcomes = run_at_once(
        [
            lambda nomination=nomination: ask(nomination, email=f"e{nomination.pk}@x.example")
            for nomination in (first, second)
        ]
    )

    assert outcomes.count("ok") == 1
    assert [type(o).__name__ for o in outcomes if o != "ok"] == ["LimitReached"]
    assert EndorsementRequest.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_endorsement_letter_upload_same_link_three_times_at_once_one_wins(media_root):
    nomination = factories.NominationFactory()
    ask(nomination)
    token = "t" * 43
    EndorsementRequest.objects.update(token_hash=hashlib.sha256(token.encode()).hexdigest())
    letters = [valid_pdf(f"letter {number}") for number in range(3)]

    outcomes = run_at_once(
        [
            lambda data=data: endorsement_letter_upload(token=token, uploaded_file=upload(data))
            for data in letters
        ]
    )

    assert outcomes.count("ok") == 1
    losers = [outcome for outcome in outcomes if outcome != "ok"]
    assert all(isinstance(error, EndorsementLinkError | ConflictError) for error in losers)
    received = EndorsementRequest.objects.get()
    assert received.state == EndorsementState.RECEIVED
    assert [p.name for p in (media_root / "letters").iterdir()] == [
        received.letter.name.removeprefix("letters/")
    ]
    assert AuditEvent.objects.filter(action="endorsement.receive").count() == 1

"""The site cannot be used to mail strangers: per-account limits over time on letter
requests (resends and cancelled requests count), nominations started per cycle and panel
invitations, each refusal shown next to the form and audited as denied; and a
nominator's typed text reaches a third party only quoted and defanged."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import LimitReached
from core.models import AuditEvent
from nominations.models import EndorsementRequest, Nomination, OutboxMessage
from nominations.services.drafts import nomination_create
from nominations.services.endorsements import endorsement_cancel, endorsement_request
from nominations.states import CycleState
from reviews.models import PanelInvitation
from reviews.services.invitations import panel_invite
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HTMX = {"HTTP_HX_REQUEST": "true"}
LURE = "URGENT account review at https://evil.example/x"
LURE_QUOTED = "“URGENT account review at hxxps://evil[.]example/x”"
LETTER_LIMIT = (
    "You have sent 10 requests for letters of support (new requests and resends, cancelled "
    "ones included) in the last 24 hours, the most one account may send."
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.AWARDS_SITE_URL = "http://testserver"


def start_drafts(client, cycle, count: int) -> list:
    for _ in range(count):
        client.post(reverse("nominations:nomination_start"), {"cycle": cycle.pk})
    return list(Nomination.objects.order_by("pk"))


def ask(client, capture, nomination, email: str):
    with capture(execute=True):
        return client.post(
            reverse("nominations:endorsement_request", args=[nomination.pk]),
            {"name": "Dear customer", "email": email, "relationship": "see https://evil.example"},
            **HTMX,
        )


def change(client, capture, endorsement, verb: str):
    with capture(execute=True):
        return client.post(
            reverse(
                f"nominations:endorsement_{verb}", args=[endorsement.nomination_id, endorsement.pk]
            ),
            **HTMX,
        )


def denied(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, outcome="denied").order_by("pk"))


# -- letters of support ------------------------------------------------------------------------


def test_four_drafts_and_forty_requests_send_ten_emails_then_are_refused(
    client, django_capture_on_commit_callbacks
):
    nominator = factories.nominator()
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(nominator)
    drafts = start_drafts(client, cycle, 4)
    for draft in drafts:
        draft.nominee.legal_name = LURE
        draft.nominee.save(update_fields=["legal_name"])

    refused = []
    for attempt in range(40):
        response = ask(
            client,
            django_capture_on_commit_callbacks,
            drafts[attempt % 4],
            f"stranger{attempt}@example.org",
        )
        made = EndorsementRequest.objects.filter(email=f"stranger{attempt}@example.org").first()
        if made is None:
            refused.append((attempt, response))
        else:
            change(client, django_capture_on_commit_callbacks, made, "cancel")

    assert len(drafts) == 4
    assert len(mail.outbox) == 10
    assert OutboxMessage.objects.count() == 10
    assert EndorsementRequest.objects.count() == 10
    assert [attempt for attempt, _ in refused] == list(range(10, 40))
    html = refused[0][1].content.decode()
    assert LETTER_LIMIT in html
    assert 'value="stranger10@example.org"' in html
    assert 'value="Dear customer"' in html
    events = denied("endorsement.request")
    assert len(events) == 30
    assert {(e.actor, e.object_id, e.actor_role) for e in events} == {
        (nominator, str(drafts[attempt % 4].pk), "Nominator") for attempt in range(10, 14)
    }
    assert events[0].note.startswith(LETTER_LIMIT)
    assert events[0].data == {"limit": "AWARDS_LETTER_REQUESTS_PER_DAY", "allowed": 10}
    for message in mail.outbox:
        assert "https://evil.example" not in message.body
        assert "evil.example" not in message.subject
        assert f"The nominee:\n{LURE_QUOTED}\n" in message.body


def test_resends_count_towards_the_letter_limit(
    client, settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_LETTER_REQUESTS_PER_DAY = 4
    nomination = factories.NominationFactory()
    client.force_login(nomination.nominator)
    ask(client, django_capture_on_commit_callbacks, nomination, "ana@example.org")
    ana = EndorsementRequest.objects.get()
    change(client, django_capture_on_commit_callbacks, ana, "resend")
    change(client, django_capture_on_commit_callbacks, ana, "resend")
    ask(client, django_capture_on_commit_callbacks, nomination, "ben@example.org")
    ana.refresh_from_db()
    hash_before = ana.token_hash

    resend = change(client, django_capture_on_commit_callbacks, ana, "resend")
    request = ask(client, django_capture_on_commit_callbacks, nomination, "cy@example.org")

    assert "You have sent 4 requests for letters of support" in resend.content.decode()
    assert "You have sent 4 requests for letters of support" in request.content.decode()
    ana.refresh_from_db()
    assert (ana.token_hash, ana.resent_count) == (hash_before, 2)
    assert EndorsementRequest.objects.count() == 2
    assert len(mail.outbox) == 4
    assert [(e.action, e.object_id) for e in denied("endorsement.resend")] == [
        ("endorsement.resend", str(ana.pk))
    ]
    assert [e.object_id for e in denied("endorsement.request")] == [str(nomination.pk)]


def test_cancelled_requests_still_count_and_the_window_is_24_hours(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.AWARDS_LETTER_REQUESTS_PER_DAY = 2
    nomination = factories.NominationFactory()
    nomination.cycle.deadline = timezone.now() + dt.timedelta(days=90)
    nomination.cycle.save(update_fields=["deadline"])

    def ask_service(email):
        with django_capture_on_commit_callbacks(execute=True):
            return endorsement_request(
                nomination=nomination,
                actor=nomination.nominator,
                name="Ana Ruiz",
                email=email,
                relationship="partner",
            )

    for email in ("a@example.org", "b@example.org"):
        endorsement_cancel(request=ask_service(email), actor=nomination.nominator)
    with pytest.raises(LimitReached, match="You have sent 2 requests"):
        ask_service("c@example.org")
    assert EndorsementRequest.objects.count() == 2

    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    ask_service("c@example.org")

    assert EndorsementRequest.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_letter_limit_is_per_account_not_per_nomination(
    settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_LETTER_REQUESTS_PER_DAY = 1
    first = factories.NominationFactory()
    second = factories.NominationFactory(cycle=first.cycle, nominator=first.nominator)
    other = factories.NominationFactory(cycle=first.cycle)
    with django_capture_on_commit_callbacks(execute=True):
        for nomination in (first, other):
            endorsement_request(
                nomination=nomination,
                actor=nomination.nominator,
                name="Ana Ruiz",
                email="ana@example.org",
                relationship="partner",
            )
        with pytest.raises(LimitReached):
            endorsement_request(
                nomination=second,
                actor=second.nominator,
                name="Ana Ruiz",
                email="ana@example.org",
                relationship="partner",
            )

    assert EndorsementRequest.objects.filter(nomination=second).count() == 0
    assert len(mail.outbox) == 2


# -- nominations per cycle ---------------------------------------------------------------------


def test_starting_more_nominations_in_a_cycle_than_allowed_is_refused_and_audited(client, settings):
    settings.AWARDS_NOMINATIONS_PER_CYCLE = 2
    nominator = factories.nominator()
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    other_cycle = factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(nominator)
    start_drafts(client, cycle, 2)
    Nomination.objects.filter(pk=Nomination.objects.first().pk).update(state="withdrawn")

    refused = client.post(reverse("nominations:nomination_start"), {"cycle": cycle.pk}, follow=True)
    elsewhere = client.post(reverse("nominations:nomination_start"), {"cycle": other_cycle.pk})

    assert (
        f"You have started 2 nominations in the {cycle} cycle, the most one account may "
        "start (withdrawn ones included)." in refused.content.decode()
    )
    assert Nomination.objects.filter(cycle=cycle).count() == 2
    assert elsewhere.status_code == 302
    assert Nomination.objects.filter(cycle=other_cycle).count() == 1
    [event] = denied("nomination.create")
    assert (event.actor, event.object_type, event.object_id) == (
        nominator,
        "nominations.cycle",
        str(cycle.pk),
    )
    assert event.data == {"limit": "AWARDS_NOMINATIONS_PER_CYCLE", "allowed": 2}


def test_a_service_over_a_limit_records_the_denied_attempt_itself_naming_the_limit(settings):
    settings.AWARDS_NOMINATIONS_PER_CYCLE = 1
    nominator = factories.nominator()
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    nomination_create(cycle=cycle, nominator=nominator, nominee_kind="individual")
    events = AuditEvent.objects.count()

    # Called directly, as a view would, with refusals recorded as during a request.
    with recording_refusals(), pytest.raises(LimitReached) as caught:
        nomination_create(cycle=cycle, nominator=nominator, nominee_kind="individual")

    [event] = AuditEvent.objects.order_by("pk")[events:]
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "nomination.create",
        "denied",
        nominator,
        Role.NOMINATOR.value,
    )
    assert (event.object_type, event.object_id, event.note, event.data) == (
        "nominations.cycle",
        str(cycle.pk),
        caught.value.message,
        {"limit": "AWARDS_NOMINATIONS_PER_CYCLE", "allowed": 1},
    )


def test_the_default_limits(settings):
    assert (
        settings.AWARDS_LETTER_REQUESTS_PER_DAY,
        settings.AWARDS_NOMINATIONS_PER_CYCLE,
        settings.AWARDS_PANEL_INVITATIONS_PER_DAY,
    ) == (10, 10, 50)


# -- panel invitations -------------------------------------------------------------------------


def test_panel_invitations_and_resends_per_staff_account_are_limited(
    client, settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_PANEL_INVITATIONS_PER_DAY = 3
    staff = factories.award_staff()
    cycle = factories.CycleFactory(state=CycleState.CLOSED, configured=False)
    factories.panel_of(cycle)
    client.force_login(staff)

    def invite(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("reviews:panel_invite", args=[cycle.pk]),
                {"email": email, "full_name": "Ana Ruiz"},
            )

    def resend(invitation):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("reviews:invitation_resend", args=[cycle.pk, invitation.pk]),
                follow=True,
            )

    invite("a@example.org")
    invite("b@example.org")
    first = PanelInvitation.objects.get(email="a@example.org")
    resend(first)
    first.refresh_from_db()
    hash_before = first.token_hash

    refused = invite("c@example.org")
    refused_resend = resend(first)

    message = (
        "You have sent 3 panel invitations (new invitations and resends) in the last 24 "
        "hours, the most one account may send. Try again tomorrow."
    )
    assert refused.status_code == 200
    assert refused.context["invite_form"].non_field_errors() == [message]
    assert refused.context["invite_form"]["email"].value() == "c@example.org"
    assert message in refused_resend.content.decode()
    first.refresh_from_db()
    assert first.token_hash == hash_before
    assert PanelInvitation.objects.count() == 2
    assert len(mail.outbox) == 3
    assert [(e.action, e.object_type) for e in AuditEvent.objects.filter(outcome="denied")] == [
        ("panel.invite", "reviews.panel"),
        ("panel.invitation_resend", "reviews.panelinvitation"),
    ]
    other_staff = factories.award_staff()
    client.force_login(other_staff)
    invite("c@example.org")
    assert PanelInvitation.objects.count() == 3


# -- what a third party reads ------------------------------------------------------------------


def test_endorser_email_shows_typed_text_quoted_on_its_own_lines_and_defanged(
    django_capture_on_commit_callbacks,
):
    nomination = factories.NominationFactory(
        nominator_name="Call +1 555 0100 or mail x@evil.example"
    )
    nomination.nominee.legal_name = LURE
    nomination.nominee.save(update_fields=["legal_name"])
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_request(
            nomination=nomination,
            actor=nomination.nominator,
            name="Visit www.evil.example now",
            email="ana@example.org",
            relationship="log in at http://evil.example/login\nto keep your account",
        )

    [message] = mail.outbox
    body = message.body
    assert message.subject == (
        f"Request for a letter of support: {nomination.cycle.award_year} "
        f"{nomination.cycle.program.short_name}"
    )
    assert "Your name, as they gave it:\n“Visit www[.]evil[.]example now”\n" in body
    assert f"The nominee:\n{LURE_QUOTED}\n" in body
    assert "The nominator:\n“Call +1 555 0100 or mail x[@]evil[.]example”\n" in body
    assert (
        "How you know the nominee, in their words:\n"
        "“log in at hxxp://evil[.]example/login to keep your account”\n"
    ) in body
    assert "the awards office has not checked them" in body
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1
    assert links[0].startswith("http://testserver/endorse/")
    assert message.message().get_content_type() == "text/plain"


def test_panel_invitation_shows_the_typed_names_defanged(django_capture_on_commit_callbacks):
    staff = factories.award_staff(full_name="Sam Staff of staff.example.gov")
    panel = factories.panel_of(factories.CycleFactory(state=CycleState.CLOSED, configured=False))
    with django_capture_on_commit_callbacks(execute=True):
        panel_invite(
            panel=panel, actor=staff, email="ana@example.org", full_name="Ana see https://x.y"
        )

    [message] = mail.outbox
    assert message.body.startswith("Dear Ana see hxxps://x[.]y,\n")
    assert "Sam Staff of staff[.]example[.]gov invites you" in message.body
    assert len(re.findall(r"https?://\S+", message.body)) == 1

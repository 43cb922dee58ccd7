"""Requests about one's records: a person sends one from Your records, award staff are
told and answer it, the person is told; who may do what, what a refusal leaves, and the
staff page's queries."""

import pytest
from django.core import mail
from django.urls import reverse

from core.audit_context import recording_refusals
from core.exceptions import ConflictError, InvalidInput, LimitReached, NotPermitted
from core.models import AuditEvent
from records.models import RecordRequest
from records.services.requests import (
    OPEN_REQUESTS_MAX,
    record_request_answer,
    record_request_create,
)
from records.states import RecordRequestKind, RecordRequestStatus
from tests import factories

pytestmark = pytest.mark.django_db

YOUR_RECORDS = reverse("records:your_records")
REQUESTS = reverse("records:requests")


def answer_url(request) -> str:
    return reverse("records:request_answer", args=[request.pk])


def ask(requester, **kwargs) -> RecordRequest:
    return record_request_create(
        requester=requester,
        kind=kwargs.pop("kind", RecordRequestKind.CORRECT),
        details=kwargs.pop("details", "My organization's name is misspelled."),
        **kwargs,
    )


# -- sending a request ------------------------------------------------------------------


def test_a_request_is_recorded_and_staff_are_told(django_capture_on_commit_callbacks):
    nominator = factories.nominator(full_name="Nadia Okafor")
    nomination = factories.nomination_in("submitted", nominator=nominator)
    staff = factories.award_staff(email="sam@example.gov")

    with django_capture_on_commit_callbacks(execute=True):
        request = ask(nominator, nomination=nomination)

    assert (request.status, request.kind, request.nomination) == (
        RecordRequestStatus.OPEN,
        "correct",
        nomination,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_type, event.object_id, event.data) == (
        "record_request.create",
        nominator,
        "records.recordrequest",
        str(request.pk),
        {"kind": "correct", "nomination": nomination.pk},
    )
    [email] = mail.outbox
    assert email.to == [staff.email]
    assert email.subject == "A request about a person's records to answer (correct a record)"
    assert "Nadia Okafor asked the award office" in email.body
    assert f"about nomination {nomination.reference}" in email.body
    assert answer_url(request) in email.body


def test_staff_who_are_a_party_to_the_nomination_are_not_told(
    django_capture_on_commit_callbacks,
):
    nominator = factories.nominator()
    nomination = factories.nomination_in("submitted", nominator=nominator)
    party = factories.award_staff(email="party@example.gov")
    nomination.nominee.contact_email = party.email
    nomination.nominee.save()
    other = factories.award_staff(email="other@example.gov")

    with django_capture_on_commit_callbacks(execute=True):
        ask(nominator, nomination=nomination)

    assert [email.to for email in mail.outbox] == [[other.email]]


@pytest.mark.parametrize(
    ("kind", "details", "message"),
    [
        ("correct", "  ", "Say which record it is and what you ask us to do."),
        ("undo", "Something", "Choose what you are asking for."),
        ("delete", "x" * 4001, "Keep it to 4,000 characters; we will ask if we need more."),
    ],
)
def test_a_request_without_what_it_needs_is_refused_and_nothing_kept(kind, details, message):
    with pytest.raises(InvalidInput, match=message):
        ask(factories.nominator(), kind=kind, details=details)

    assert not RecordRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_request_about_anothers_nomination_is_refused():
    nomination = factories.nomination_in("submitted")

    with pytest.raises(NotPermitted, match="your own nominations"):
        ask(factories.nominator(), nomination=nomination)

    assert not RecordRequest.objects.exists()


def test_past_the_open_requests_limit_a_request_is_refused_and_audited():
    nominator = factories.nominator()
    for _ in range(OPEN_REQUESTS_MAX):
        ask(nominator)

    with recording_refusals(), pytest.raises(LimitReached, match="5 requests waiting"):
        ask(nominator)

    assert RecordRequest.objects.count() == OPEN_REQUESTS_MAX
    refusal = AuditEvent.objects.order_by("-pk").first()
    assert (refusal.action, refusal.outcome, refusal.actor) == (
        "record_request.create",
        "denied",
        nominator,
    )


# -- answering ----------------------------------------------------------------------------


def test_staff_answer_and_the_requester_is_told(django_capture_on_commit_callbacks):
    nominator = factories.nominator(full_name="Nadia Okafor", email="nadia@example.org")
    request = ask(nominator)
    staff = factories.award_staff()

    with django_capture_on_commit_callbacks(execute=True):
        record_request_answer(request=request, actor=staff, answer="Corrected on March 3.")

    request.refresh_from_db()
    assert (request.status, request.answer, request.answered_by) == (
        RecordRequestStatus.ANSWERED,
        "Corrected on March 3.",
        staff,
    )
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "record_request.answer",
        staff,
        "open",
        "answered",
    )
    [email] = mail.outbox
    assert email.to == ["nadia@example.org"]
    assert email.subject == "Your request about your records has been answered"
    assert "\n\n“Corrected on March 3.”\n\n" in email.body
    assert YOUR_RECORDS in email.body


@pytest.mark.parametrize("who", ["requester", "nominator", "panelist", "party"])
def test_only_other_staff_not_a_party_may_answer(who):
    nominator = factories.award_staff() if who == "requester" else factories.nominator()
    nomination = factories.nomination_in("submitted", nominator=nominator)
    request = ask(nominator, nomination=nomination)
    actor = {
        "requester": nominator,
        "nominator": factories.nominator(),
        "panelist": factories.panelist(),
        "party": factories.award_staff(email=nomination.nominee.contact_email or "p@x.org"),
    }[who]
    if who == "party":
        nomination.nominee.contact_email = actor.email
        nomination.nominee.save()
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        record_request_answer(request=request, actor=actor, answer="Done.")

    request.refresh_from_db()
    assert (request.status, request.answer) == (RecordRequestStatus.OPEN, "")
    assert AuditEvent.objects.count() == events


def test_an_answered_request_cannot_be_answered_again():
    request = ask(factories.nominator())
    record_request_answer(request=request, actor=factories.award_staff(), answer="Done.")

    with pytest.raises(ConflictError, match="answered this request in the meantime"):
        record_request_answer(request=request, actor=factories.award_staff(), answer="Again.")

    request.refresh_from_db()
    assert request.answer == "Done."


# -- the pages ------------------------------------------------------------------------------


def test_the_form_sends_a_request_and_lists_it_with_its_answer(client):
    nominator = factories.nominator()
    nomination = factories.nomination_in("submitted", nominator=nominator)
    client.force_login(nominator)

    response = client.post(
        YOUR_RECORDS,
        {"kind": "delete", "nomination": str(nomination.pk), "details": "Delete my phone."},
    )

    assert response.status_code == 302
    assert response["Location"] == YOUR_RECORDS + "#your-requests"
    request = RecordRequest.objects.get()
    assert (request.kind, request.nomination, request.details) == (
        "delete",
        nomination,
        "Delete my phone.",
    )
    record_request_answer(request=request, actor=factories.award_staff(), answer="Deleted.")
    body = client.get(YOUR_RECORDS).content.decode()
    assert "Delete my phone." in body
    assert "Deleted." in body


def test_the_form_shows_errors_beside_the_fields_and_keeps_the_text(client):
    client.force_login(factories.nominator())

    response = client.post(YOUR_RECORDS, {"kind": "", "details": "Keep this text"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"kind": ["Choose what you are asking for."]}
    assert "Keep this text" in response.content.decode()
    assert not RecordRequest.objects.exists()


def test_the_form_offers_only_ones_own_nominations(client):
    nominator = factories.nominator()
    mine = factories.nomination_in("submitted", nominator=nominator)
    theirs = factories.nomination_in("submitted")
    client.force_login(nominator)

    response = client.post(
        YOUR_RECORDS, {"kind": "correct", "nomination": str(theirs.pk), "details": "x"}
    )

    assert "nomination" in response.context["form"].errors
    assert [value for value, _ in response.context["form"].fields["nomination"].choices] == [
        "",
        mine.pk,
    ]
    assert not RecordRequest.objects.exists()


def test_staff_answer_from_the_request_page(client):
    request = ask(factories.nominator())
    staff = factories.award_staff()
    client.force_login(staff)

    page = client.get(answer_url(request))
    empty = client.post(answer_url(request), {"answer": ""})
    answered = client.post(answer_url(request), {"answer": "Done on May 2."})

    assert page.status_code == 200
    assert empty.context["form"].errors == {
        "answer": ["Write the answer the requester will receive."]
    }
    assert answered.status_code == 302
    assert answered["Location"] == REQUESTS
    request.refresh_from_db()
    assert request.answer == "Done on May 2."


def test_staff_do_not_see_their_own_request_nor_one_they_are_a_party_to(client):
    staff = factories.award_staff()
    own = ask(staff)
    nominator = factories.nominator()
    nomination = factories.nomination_in("submitted", nominator=nominator)
    nomination.nominee.contact_email = staff.email
    nomination.nominee.save()
    party = ask(nominator, nomination=nomination)
    visible = ask(factories.nominator())
    client.force_login(staff)

    listed = client.get(REQUESTS)

    assert [item.pk for item in listed.context["waiting"]] == [visible.pk]
    assert client.get(answer_url(own)).status_code == 404
    assert client.get(answer_url(party)).status_code == 404


def test_staff_see_the_open_requests_in_your_turn(client):
    ask(factories.nominator())
    ask(factories.nominator())
    client.force_login(factories.award_staff())

    response = client.get(reverse("nominations:staff_home"))

    [item] = [item for item in response.context["turn"] if item.key == "record-requests"]
    assert (item.count, item.url) == (2, REQUESTS)
    assert item.text == "requests about a person's records to answer (Privacy Act)"


@pytest.mark.parametrize("size", [1, 8])
def test_the_staff_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for index in range(size):
        nominator = factories.nominator()
        nomination = factories.nomination_in("submitted", nominator=nominator)
        request = ask(nominator, nomination=nomination)
        if index % 2:
            record_request_answer(request=request, actor=factories.award_staff(), answer="Done.")
    client.force_login(factories.award_staff())

    # Session, user and roles; the open requests; the answered ones; the party rule's
    # two (the viewer's addresses, the nominations that name them).
    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(REQUESTS)

    assert len(response.context["waiting"]) + len(response.context["answered"]) == size


QUERY_BUDGET = 7

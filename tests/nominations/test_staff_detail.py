"""The staff page of one nomination and its one-click transitions."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.services.audit import audit_record
from nominations.models import (
    Attachment,
    EndorsementRequest,
    Nomination,
    NominationVersion,
    OutboxMessage,
)
from nominations.services.nomination import (
    nomination_resubmit,
    nomination_return_for_info,
    nomination_start_vetting,
    nomination_update_draft,
)
from nominations.services.versions import nomination_snapshot, nomination_version_record
from nominations.states import CycleState, NominationState
from tests import factories


def detail_url(nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


def main_content(response) -> str:
    """The page's <main>, without the site's header, footer and session warning."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def transition_url(nomination, name: str) -> str:
    return reverse("nominations:staff_transition", args=[nomination.pk, name])


def buttons(response) -> list[tuple[str, bool, list[str]]]:
    return [(b.name, b.enabled, b.reasons) for b in response.context["buttons"]]


def with_files(nomination, staff, *, attachments=1, letters=1):
    for index in range(attachments):
        Attachment.objects.create(
            nomination=nomination,
            file=f"attachments/file-{nomination.pk}-{index}.pdf",
            original_name=f"evidence {index}.pdf",
            size=2048,
            sha256="0" * 64,
            uploaded_by=nomination.nominator,
        )
    for index in range(letters):
        EndorsementRequest.objects.create(
            nomination=nomination,
            name=f"Endorser {index}",
            email=f"endorser{index}@example.org",
            relationship="Partner",
            token_hash=f"{nomination.pk:032d}{index:032d}",
            state="received",
            expires_at=timezone.now() + dt.timedelta(days=20),
            sent_at=timezone.now(),
            received_at=timezone.now(),
            letter=f"letters/letter-{nomination.pk}-{index}.pdf",
            letter_original_name="letter.pdf",
        )


# -- content -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_content_files_and_letters(client, staff):
    nomination = factories.nomination_in(
        NominationState.SUBMITTED,
        cycle=factories.cycle_in(CycleState.CLOSED, award_year=2023),
        nominator=factories.nominator(email="jordan@labor.example.gov"),
        criterion_courage=True,
    )
    with_files(nomination, staff)
    attachment = nomination.attachments.get()
    letter = nomination.endorsement_requests.get()
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>PA-2023-0001: {nomination.nominee.legal_name}</h1>" in body
    assert "<dt>Email</dt><dd>jordan@labor.example.gov</dd>" in body
    assert "<dt>Organization or agency</dt><dd>Department of Labor</dd>" in body
    assert (
        "<dt>Criteria</dt><dd>Especially courageous conduct; Particularly innovative efforts</dd>"
    ) in body
    assert "<dt>Areas</dt><dd>Protection</dd>" in body
    assert "Built a survivor-led referral network that reached 400 people." in body
    download = reverse("nominations:attachment_download", args=[nomination.pk, attachment.pk])
    assert f'<a class="usa-link" href="{download}">evidence 0.pdf</a> (2.0\xa0KB)' in body
    letter_url = reverse("nominations:letter_download", args=[nomination.pk, letter.pk])
    assert f'<a class="usa-link" href="{letter_url}">letter received' in body


@pytest.mark.django_db
def test_detail_shows_staff_each_edit_of_a_returned_nomination_and_the_diff_once_resent(
    client, staff
):
    nomination = factories.nomination_in(
        NominationState.SUBMITTED, cycle=factories.CycleFactory(state=CycleState.CLOSED)
    )
    nominator = nomination.nominator
    nomination_version_record(nomination=nomination, actor=nominator, reason="submit")
    nomination_start_vetting(nomination=nomination, actor=staff)
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Please add the 2022 figures.",
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )
    nomination_update_draft(
        nomination=nomination, actor=nominator, summary="Reached 600 people in 2022."
    )
    nomination_update_draft(nomination=nomination, actor=nominator, city="Annapolis")
    client.force_login(staff)

    returned = client.get(detail_url(nomination)).content.decode()

    edits = (
        "Changed while returned for information: nomination: summary.",
        "Changed while returned for information: nominee: city.",
    )
    for note in edits:
        assert f'<td data-label="Note">{note}</td>' in returned
    assert returned.count('<td data-label="Action">nomination.edit</td>') == 2

    nomination_resubmit(nomination=nomination, actor=nominator)
    response = client.get(detail_url(nomination))

    versions = response.context["versions"]
    assert [entry.version.reason for entry in versions] == ["submit", "resubmit"]
    assert [change.label for change in versions[1].changes] == [
        "Nomination: summary",
        "Nominee: city",
    ]
    body = response.content.decode()
    assert '<span class="usa-sr-only">[added: </span>Reached 600 people in 2022.' in body
    assert '<span class="usa-sr-only">[added: </span>Annapolis' in body


@pytest.mark.django_db
def test_letters_show_the_endorser_address_and_flag_the_nominators_own(client, staff):
    nomination = factories.nomination_in(
        NominationState.SUBMITTED,
        nominator=factories.nominator(email="jordan@labor.example.gov"),
    )
    with_files(nomination, staff, letters=3)
    addresses = ["jordan+ref@labor.example.gov", "boss@labor.example.gov", "ana@partner.example"]
    for letter, address in zip(
        nomination.endorsement_requests.order_by("pk"), addresses, strict=True
    ):
        EndorsementRequest.objects.filter(pk=letter.pk).update(email=address)
    client.force_login(staff)

    body = client.get(detail_url(nomination)).content.decode()

    tag = '<span class="usa-tag bg-secondary-dark">'
    assert (
        f"Endorser 0 (Partner), jordan+ref@labor.example.gov {tag}Same address as the "
        "nominator</span>:" in body
    )
    assert (
        f"Endorser 1 (Partner), boss@labor.example.gov {tag}Same domain as the "
        "nominator&#x27;s email</span>:" in body
    )
    assert "Endorser 2 (Partner), ana@partner.example:" in body


@pytest.mark.django_db
def test_detail_version_diff_marks_removed_and_added_words_escaped(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING)
    first = nomination_snapshot(nomination)
    nomination.summary = "Built a <b>survivor-led</b> network that reached 600 people."
    second = nomination_snapshot(nomination)
    for number, snapshot in ((1, first), (2, second)):
        NominationVersion.objects.create(
            nomination=nomination,
            number=number,
            reason="submit" if number == 1 else "resubmit",
            snapshot=snapshot,
            created_by=nomination.nominator,
        )
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    body = response.content.decode()
    changes = response.context["versions"][1].changes
    assert [change.label for change in changes] == ["Nomination: summary"]
    assert "<dt>Nomination: summary</dt>" in body
    assert (
        "<span>Built a</span> "
        '<del class="site-diff__removed"><span class="usa-sr-only">[removed: </span>'
        'survivor-led referral<span class="usa-sr-only">]</span></del> '
        '<ins class="site-diff__added"><span class="usa-sr-only">[added: </span>'
        '&lt;b&gt;survivor-led&lt;/b&gt;<span class="usa-sr-only">]</span></ins> '
        "<span>network that reached</span> "
    ) in body
    assert "<b>survivor-led</b>" not in body
    assert "The first version: nothing to compare." in body


@pytest.mark.django_db
def test_detail_timeline_shows_events_in_the_cycles_zone(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING)
    cycle = nomination.cycle
    cycle.time_zone = "America/Los_Angeles"
    cycle.save(update_fields=["time_zone"])
    audit_record(
        action="nomination.start_vetting",
        actor=staff,
        obj=nomination,
        from_state="submitted",
        to_state="vetting",
        note="Picked up",
        role="Award staff",
    )
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    body = response.content.decode()
    event = AuditEvent.objects.get(action="nomination.start_vetting")
    local = timezone.localtime(event.created_at, cycle.zone)
    assert f">{local:%B} {local.day}, {local:%Y}," in body
    assert local.strftime("%Z") in body
    assert '<td data-label="Action">nomination.start_vetting</td>' in body
    assert '<td data-label="State">submitted → vetting</td>' in body
    assert '<td data-label="Note">Picked up</td>' in body
    assert f'{staff.full_name} <span class="usa-hint">(Award staff)</span>' in body


@pytest.mark.django_db
def test_detail_names_the_zone_of_times_the_clocks_repeat(monkeypatch, client, staff):
    # New York's clocks go back on November 1, 2026: 1:30 a.m. is first EDT (05:30 UTC),
    # then EST (06:30 UTC).
    nomination = factories.nomination_in(NominationState.VETTING)
    nomination.cycle.time_zone = "America/New_York"
    nomination.cycle.save(update_fields=["time_zone"])
    Nomination.objects.filter(pk=nomination.pk).update(
        submitted_at=dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)
    )
    with monkeypatch.context() as patched:
        patched.setattr(
            "django.utils.timezone.now", lambda: dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)
        )
        audit_record(
            action="nomination.start_vetting",
            actor=staff,
            obj=nomination,
            from_state="submitted",
            to_state="vetting",
            role="Award staff",
        )
    client.force_login(staff)

    body = client.get(detail_url(nomination)).content.decode()

    assert (
        ', submitted <time datetime="2026-11-01T01:30:00-04:00">November 1, 2026, '
        "1:30 a.m. EDT</time>"
    ) in body
    assert (
        '<td data-label="When"><time datetime="2026-11-01T01:30:00-05:00">November 1, 2026, '
        "1:30 a.m. EST</time></td>"
    ) in body


@pytest.mark.django_db
def test_detail_includes_checklist_duplicates_and_outbox(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    nomination = factories.nomination_in(
        NominationState.VETTING,
        cycle=cycle,
        nominee=factories.NomineeFactory(legal_name="Polaris Project"),
    )
    twin = factories.nomination_in(
        NominationState.SUBMITTED,
        cycle=cycle,
        nominee=factories.NomineeFactory(legal_name="The Polaris Project, Inc."),
    )
    OutboxMessage.objects.create(
        to=["jordan@labor.example.gov"],
        subject="We received your nomination",
        body="Thanks",
        nomination=nomination,
    )
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    body = response.content.decode()
    assert '<h2 id="duplicates-heading">Duplicates</h2>' in body
    assert [c.nomination.pk for c in response.context["duplicates"].likely] == [twin.pk]
    assert twin.reference in body
    assert '<h2 id="outbox-heading">Emails sent</h2>' in body
    assert "We received your nomination" in body
    assert [row.item.text for row in response.context["checklist"].rows] == [
        "Nominee type allowed by the statute",
        "Interagency clearance",
    ]


# -- buttons -------------------------------------------------------------------------------

REQUIRED = "required check not passed: Nominee type allowed by the statute"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "cycle_state", "checklist", "expected"),
    [
        (NominationState.SUBMITTED, CycleState.CLOSED, False, [("start_vetting", True, [])]),
        (
            NominationState.VETTING,
            CycleState.CLOSED,
            False,
            [
                ("return_for_info", True, []),
                ("mark_ineligible", True, []),
                ("clear", False, [REQUIRED]),
            ],
        ),
        (
            NominationState.VETTING,
            CycleState.CLOSED,
            True,
            [("return_for_info", True, []), ("mark_ineligible", True, []), ("clear", True, [])],
        ),
        (
            NominationState.CLEARED,
            CycleState.CLOSED,
            False,
            [("send_to_panel", False, ["the cycle is not in panel review"])],
        ),
        (NominationState.CLEARED, CycleState.REVIEW, False, [("send_to_panel", True, [])]),
        (
            NominationState.IN_REVIEW,
            CycleState.REVIEW,
            False,
            [("advance", True, []), ("not_advance", True, [])],
        ),
        (NominationState.SHORTLISTED, CycleState.SELECTION, False, []),
        (
            NominationState.RETURNED,
            CycleState.CLOSED,
            False,
            [("take_back", True, []), ("extend_due_date", True, [])],
        ),
        (NominationState.DRAFT, CycleState.OPEN, False, []),
        (
            NominationState.SELECTED,
            CycleState.SELECTION,
            False,
            [
                (
                    "award",
                    False,
                    [
                        "the cycle has not been announced",
                        "the short and full citations are not both approved",
                        "no certificate has been issued",
                    ],
                )
            ],
        ),
    ],
)
def test_detail_shows_exactly_the_allowed_buttons(
    client, staff, state, cycle_state, checklist, expected
):
    nomination = factories.nomination_in(state, cycle=factories.cycle_in(cycle_state))
    if checklist:
        factories.checklist_passed(nomination, by=staff)
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    assert buttons(response) == expected
    body = main_content(response)
    assert body.count('class="usa-button"') == len(expected)
    for name, enabled, _reasons in expected:
        if name in {"return_for_info", "mark_ineligible", "take_back", "extend_due_date"}:
            page = reverse(f"nominations:staff_{name}", args=[nomination.pk])
            assert f'<a class="usa-button" href="{page}">' in body
        elif name == "advance":
            # Advancing takes a briefing note, written on the slate.
            page = reverse("selection:slate_entry", args=[nomination.cycle_id, nomination.pk])
            assert f'<a class="usa-button" href="{page}">' in body
        elif enabled:
            assert f'action="{transition_url(nomination, name)}"' in body
        else:
            assert f'disabled aria-describedby="why-not-{name}"' in body


@pytest.mark.django_db
def test_detail_own_nomination_shows_no_buttons(client, staff):
    nomination = factories.nomination_in(NominationState.SUBMITTED, nominator=staff)
    client.force_login(staff)

    response = client.get(detail_url(nomination))

    assert buttons(response) == []
    body = main_content(response)
    assert (
        "You are a party to this nomination (you made it, are its nominee or the nominee’s "
        "contact, or were asked for a letter of support), so someone else on the award staff "
        "must act on it." in body
    )
    assert 'class="usa-button"' not in body


@pytest.mark.django_db
def test_detail_own_nomination_in_vetting_offers_no_checklist_or_duplicate_forms(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING, nominator=staff)
    twin = factories.nomination_in(NominationState.SUBMITTED, cycle=nomination.cycle)
    twin.nominee.legal_name = nomination.nominee.legal_name
    twin.nominee.save()
    client.force_login(staff)

    body = client.get(detail_url(nomination)).content.decode()

    assert "Save this check" not in body
    assert reverse("nominations:staff_duplicate_link", args=[nomination.pk, twin.pk]) not in body
    assert "No action on a nomination you are a party to" in body
    assert twin.reference in body


# -- the transition endpoint -------------------------------------------------------------


@pytest.mark.django_db
def test_transition_start_vetting_moves_audits_and_redirects(client, staff):
    nomination = factories.nomination_in(NominationState.SUBMITTED)
    client.force_login(staff)

    response = client.post(transition_url(nomination, "start_vetting"))

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.VETTING
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.to_state) == (
        "nomination.start_vetting",
        "done",
        staff,
        "vetting",
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{nomination.reference} is now vetting."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["submit", "withdraw", "resubmit", "select", "return_for_info", "save", "delete"]
)
def test_transition_unknown_name_is_404_and_nothing_changes(client, staff, name):
    nomination = factories.nomination_in(NominationState.SUBMITTED)
    client.force_login(staff)

    response = client.post(transition_url(nomination, name))

    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_transition_get_is_not_allowed(client, staff):
    nomination = factories.nomination_in(NominationState.SUBMITTED)
    client.force_login(staff)

    response = client.get(transition_url(nomination, "start_vetting"))

    assert response.status_code == 405
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_transition_on_own_nomination_is_refused_and_audited(client, staff):
    nomination = factories.nomination_in(NominationState.SUBMITTED, nominator=staff)
    client.force_login(staff)

    response = client.post(transition_url(nomination, "start_vetting"))

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    message = "You are not allowed to “Start vetting” this nomination."
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.note, event.from_state) == (
        "nomination.start_vetting",
        "denied",
        staff,
        message,
        "submitted",
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]


@pytest.mark.django_db
def test_transition_blocked_clear_shows_reasons_and_changes_nothing(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING)
    client.force_login(staff)

    response = client.post(transition_url(nomination, "clear"), follow=True)

    nomination.refresh_from_db()
    assert nomination.state == NominationState.VETTING
    message = f"cannot clear: {REQUIRED}"
    assert [(e.action, e.outcome, e.note) for e in AuditEvent.objects.all()] == [
        ("nomination.clear", "denied", message)
    ]
    assert message in response.content.decode()


@pytest.mark.django_db
def test_transition_wrong_state_is_refused(client, staff):
    nomination = factories.nomination_in(NominationState.CLEARED)
    client.force_login(staff)

    client.post(transition_url(nomination, "start_vetting"))

    nomination.refresh_from_db()
    assert nomination.state == NominationState.CLEARED
    assert [(e.action, e.outcome) for e in AuditEvent.objects.all()] == [
        ("nomination.start_vetting", "denied")
    ]


# -- query count -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, staff, size):
    nomination = factories.nomination_in(NominationState.VETTING)
    with_files(nomination, staff, attachments=size, letters=size)
    for number in range(1, size + 1):
        NominationVersion.objects.create(
            nomination=nomination,
            number=number,
            reason="resubmit",
            snapshot={"nomination": {"summary": f"Version {number}"}, "nominee": {}},
            created_by=nomination.nominator,
        )
        audit_record(action="nomination.note", actor=staff, obj=nomination, note=str(number))
        OutboxMessage.objects.create(
            to=["a@example.org"], subject=f"Message {number}", body="x", nomination=nomination
        )
        factories.nomination_in(
            NominationState.SUBMITTED,
            cycle=nomination.cycle,
            nominee=factories.NomineeFactory(legal_name=nomination.nominee.legal_name),
        )
    client.force_login(staff)

    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(detail_url(nomination))

    assert len(response.context["versions"]) == size
    assert len(response.context["timeline"]) == size


# session, user, role groups, nomination with cycle, program, nominee and nominator,
# attachments, letters, versions, audit events; the checklist (items, findings, and the
# two reads of the clear guard), the clear button's guard (two reads), duplicates (the
# nominees sharing a key, then their nominations), outbox; the viewer's addresses and the
# nomination's letter requests (the party rule)
QUERY_BUDGET = 19


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "shown"),
    [
        (NominationState.IN_REVIEW, False),
        (NominationState.SELECTED, True),
        (NominationState.AWARDED, True),
    ],
)
def test_detail_shows_the_certificate_panel_once_selected(client, staff, state, shown):
    nomination = factories.nomination_in(state)
    client.force_login(staff)

    response = client.get(reverse("nominations:staff_nomination", args=[nomination.pk]))

    assert ('id="certificates-heading"' in response.content.decode()) is shown


@pytest.mark.django_db
def test_advance_without_a_briefing_note_is_not_a_plain_transition(client, staff):
    nomination = factories.nomination_in(
        NominationState.IN_REVIEW, cycle=factories.cycle_in(CycleState.REVIEW)
    )
    client.force_login(staff)

    response = client.post(transition_url(nomination, "advance"))

    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.state == NominationState.IN_REVIEW
    assert AuditEvent.objects.filter(action="nomination.advance").count() == 0


@pytest.mark.django_db
def test_letters_that_arrived_after_vetting_are_tagged_for_staff(client, staff):
    nomination = factories.nomination_in(NominationState.IN_REVIEW)
    with_files(nomination, staff, letters=2)
    late = nomination.endorsement_requests.order_by("pk").last()
    EndorsementRequest.objects.filter(pk=late.pk).update(received_after_vetting=True)
    client.force_login(staff)

    body = client.get(detail_url(nomination)).content.decode()

    assert body.count("Arrived after vetting: not shown to the panel") == 1

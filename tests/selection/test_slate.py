"""The slate: advancing with a briefing note, notes until the decision, the staff slate
page, and the decision memo's page and PDF download. Helpers here build ranked cycles
for the other selection tests too."""

import io
import re

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted, WorkflowError
from core.models import AuditEvent
from core.pdf.signing import check_pdf_signature
from nominations.models import Cycle, Nomination, SelectionDecision, SlateEntry
from nominations.states import CycleState, NominationState
from reviews.models import PanelMember
from selection.services.slate import slate_advance, slate_not_advance, slate_note_update
from tests import factories
from tests.conftest import TEST_SIGNER

pytestmark = pytest.mark.django_db
S = NominationState


# -- helpers (also imported by the other selection tests) ----------------------------------


def ranked_cycle(
    scores: list[int | None],
    *,
    cycle_state: str = CycleState.REVIEW,
    nomination_state: str = S.IN_REVIEW,
    cap: int = 5,
) -> tuple[Cycle, list[Nomination]]:
    """A cycle whose nominations (in reference order) got `scores` from two panelists
    each (None: no review, so unscored), moved to the given states."""
    cycle = factories.review_cycle(nominations=len(scores), panelists=2, criteria=1)
    nominations = list(cycle.nominations.order_by("sequence"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    for nomination, score in zip(nominations, scores, strict=True):
        if score is not None:
            for member in members:
                factories.review_of(nomination, member, overall=score)
    Nomination.objects.filter(cycle=cycle).update(state=nomination_state)
    Cycle.objects.filter(pk=cycle.pk).update(state=cycle_state, award_cap=cap)
    cycle.refresh_from_db()
    for nomination in nominations:
        nomination.refresh_from_db()
    return cycle, nominations


def slate_cycle(scores: list[int | None], *, cap: int = 5) -> tuple[Cycle, list[Nomination]]:
    """A cycle in selection whose nominations are all on the slate, with notes."""
    cycle, nominations = ranked_cycle(
        scores, cycle_state=CycleState.SELECTION, nomination_state=S.SHORTLISTED, cap=cap
    )
    writer = factories.award_staff()
    for nomination in nominations:
        SlateEntry.objects.create(
            nomination=nomination,
            briefing_note=f"Why {nomination.reference} belongs on the slate.",
            written_by=writer,
        )
    return cycle, nominations


def snapshot(cycle: Cycle) -> tuple:
    """Everything a refused slate or selection action must leave as it was."""
    return (
        Cycle.objects.get(pk=cycle.pk).state,
        tuple(cycle.nominations.order_by("pk").values_list("state", flat=True)),
        tuple(SlateEntry.objects.order_by("pk").values_list("nomination", "briefing_note")),
        SelectionDecision.objects.count(),
        AuditEvent.objects.count(),
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def references_in(html: str, cycle: Cycle) -> list[str]:
    prefix = f"{cycle.program.reference_prefix}-{cycle.award_year}-"
    return re.findall(rf'<th scope="row"[^>]*>({re.escape(prefix)}\d+)</th>', html)


# -- services ------------------------------------------------------------------------------


def test_slate_advance_shortlists_and_writes_the_note_in_one_audit_event(staff):
    cycle, [nomination] = ranked_cycle([2])

    entry = slate_advance(nomination=nomination, actor=staff, briefing_note="  Strong record. ")

    nomination.refresh_from_db()
    assert nomination.state == S.SHORTLISTED
    assert (entry.briefing_note, entry.written_by) == ("Strong record.", staff)
    events = list(AuditEvent.objects.values_list("action", "note", "to_state"))
    assert events == [("nomination.advance", "Strong record.", "shortlisted")]


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("   ", "Enter a briefing note for the selecting official."),
        ("word " * 151, "Shorten the briefing note to 150 words or fewer."),
    ],
)
def test_slate_advance_with_a_bad_note_is_refused_and_changes_nothing(staff, note, message):
    cycle, [nomination] = ranked_cycle([2])
    before = snapshot(cycle)

    with pytest.raises(InvalidInput) as raised:
        slate_advance(nomination=nomination, actor=staff, briefing_note=note)

    assert raised.value.message == message
    assert snapshot(cycle) == before


def test_slate_not_advance_twice_is_refused_and_the_refusal_audited(client, staff):
    """A second tab sets the same nomination aside again: refused, said, and on record."""
    cycle, [nomination] = ranked_cycle([2])
    client.force_login(staff)
    url = reverse("selection:slate_not_advance", args=[cycle.pk, nomination.pk])
    client.post(url)
    events = AuditEvent.objects.count()

    response = client.post(url, follow=True)

    nomination.refresh_from_db()
    assert nomination.state == S.NOT_ADVANCED
    refused = AuditEvent.objects.order_by("pk")[events:]
    assert [(e.action, e.outcome, e.actor, e.from_state) for e in refused] == [
        ("slate.not_advance", "denied", staff, S.NOT_ADVANCED)
    ]
    assert refused[0].note in response.content.decode()


def test_slate_advance_refused_inside_its_transaction_is_recorded_once_as_the_slate_action(
    staff,
):
    cycle, [nomination] = ranked_cycle([2], nomination_state=S.NOT_ADVANCED)
    before = snapshot(cycle)

    # slate_advance's transaction calls nomination_advance, whose runner refuses: the
    # refusal is recorded once, by slate_advance, after its transaction rolled back.
    with recording_refusals(), pytest.raises(IllegalTransition) as caught:
        slate_advance(nomination=nomination, actor=staff, briefing_note="Strong results.")

    assert snapshot(cycle)[:4] == before[:4]
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role, event.from_state) == (
        "slate.advance",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
        S.NOT_ADVANCED,
    )
    assert (event.object_id, event.note) == (str(nomination.pk), caught.value.message)


def test_slate_not_advance_called_twice_records_the_second_as_denied(staff):
    cycle, [nomination] = ranked_cycle([2])

    with recording_refusals():
        slate_not_advance(nomination=nomination, actor=staff)
        with pytest.raises(IllegalTransition):
            slate_not_advance(nomination=nomination, actor=staff)

    assert list(AuditEvent.objects.values_list("action", "outcome", "from_state")) == [
        ("nomination.not_advance", "done", S.IN_REVIEW),
        ("slate.not_advance", "denied", S.NOT_ADVANCED),
    ]


@pytest.mark.parametrize("actor_name", ["official", "panelist", "other_nominator"])
def test_slate_advance_by_others_than_staff_is_refused(actor_name):
    cycle, [nomination] = ranked_cycle([2])
    before = snapshot(cycle)

    with pytest.raises(NotPermitted):
        slate_advance(
            nomination=nomination,
            actor=factories.actor_named(actor_name),
            briefing_note="Strong record.",
        )

    assert snapshot(cycle) == before


def test_slate_advance_outside_review_is_refused(staff):
    cycle, [nomination] = ranked_cycle([2], cycle_state=CycleState.SELECTION)
    before = snapshot(cycle)

    with pytest.raises(WorkflowError):
        slate_advance(nomination=nomination, actor=staff, briefing_note="Strong record.")

    assert snapshot(cycle) == before


def test_slate_note_update_during_selection_keeps_the_previous_note_in_the_audit(staff):
    cycle, [nomination] = slate_cycle([2])

    slate_note_update(nomination=nomination, actor=staff, briefing_note="Sharper note.")

    assert SlateEntry.objects.get(nomination=nomination).briefing_note == "Sharper note."
    event = AuditEvent.objects.get()
    assert (event.action, event.note, event.data["previous"]) == (
        "slate.note_update",
        "Sharper note.",
        f"Why {nomination.reference} belongs on the slate.",
    )


def test_slate_note_update_after_the_decision_is_refused(staff, official):
    cycle, [nomination] = slate_cycle([2])
    SelectionDecision.objects.create(
        cycle=cycle, decided_by=official, decided_at=cycle.created_at, signed_name="X"
    )
    before = snapshot(cycle)

    with pytest.raises(WorkflowError) as raised:
        slate_note_update(nomination=nomination, actor=staff, briefing_note="Too late.")

    assert raised.value.message == "The selecting official has decided; the notes are final."
    assert snapshot(cycle) == before


# -- the slate page ------------------------------------------------------------------------


def test_slate_page_lists_reviewed_nominations_in_rank_order_with_figures(client, staff):
    cycle, nominations = ranked_cycle([5, 2, None, 3])
    factories.nomination_in(S.CLEARED, cycle=cycle)  # never reviewed: not on the page
    client.force_login(staff)

    response = client.get(reverse("selection:slate", args=[cycle.pk]))

    refs = [n.reference for n in nominations]
    assert references_in(response.content.decode(), cycle) == [refs[1], refs[3], refs[0], refs[2]]
    body = text(response)
    assert (
        f'{refs[1]}</th> <td data-label="Nominee">{nominations[1].nominee.display_name}</td> '
        '<td data-label="Rank">1</td> <td data-label="Score">20</td> '
        '<td data-label="Percentile">17</td> <td data-label="Reviews counted">2</td> '
        '<td data-label="SD">0.00</td>'
    ) in body
    assert '<td data-label="Rank">Unscored</td> <td data-label="Score">Not scored</td>' in body
    assert "4 still to decide." in body


def test_slate_page_shows_a_hundred_rows_a_page_and_the_page_links_keep_the_filter(
    client, staff, monkeypatch
):
    monkeypatch.setattr("selection.views.slate.SLATE_PAGE_SIZE", 2)
    cycle, nominations = ranked_cycle([5, 1, 4, 2, 3])
    Nomination.objects.filter(pk=nominations[4].pk).update(state=S.NOT_ADVANCED)
    refs = [n.reference for n in nominations]
    client.force_login(staff)
    url = reverse("selection:slate", args=[cycle.pk])

    first = client.get(url)
    second = client.get(url, {"show": "undecided", "page": "2"})
    beyond = client.get(url, {"show": "not_advanced", "page": "9"})
    unknown = client.get(url, {"show": "everything"})

    assert references_in(first.content.decode(), cycle) == [refs[1], refs[3]]
    assert "Showing 1–2 of 5 nominations." in text(first)
    assert "4 still to decide." in text(first)
    assert references_in(second.content.decode(), cycle) == [refs[2], refs[0]]
    assert "Showing 3–4 of 4 nominations." in text(second)
    assert 'href="?show=undecided&amp;page=1"' in second.content.decode()
    assert (
        '<a class="usa-button" href="?show=undecided" aria-current="page">Still to decide</a>'
    ) in text(second)
    assert references_in(beyond.content.decode(), cycle) == [refs[4]]
    assert references_in(unknown.content.decode(), cycle) == [refs[1], refs[3]]


def test_slate_page_says_when_a_filter_shows_nothing(client, staff):
    cycle, _ = ranked_cycle([2, 3])
    client.force_login(staff)

    response = client.get(reverse("selection:slate", args=[cycle.pk]), {"show": "advanced"})

    assert references_in(response.content.decode(), cycle) == []
    assert "<p>No nomination is advanced to the slate.</p>" in text(response)


def test_slate_entry_advance_posts_the_note_and_redirects(client, staff):
    cycle, [nomination] = ranked_cycle([2])
    client.force_login(staff)
    url = reverse("selection:slate_entry", args=[cycle.pk, nomination.pk])

    response = client.post(url, {"briefing_note": "Strong, documented results."})

    assert response.status_code == 302
    assert response["Location"] == reverse("selection:slate", args=[cycle.pk])
    nomination.refresh_from_db()
    assert nomination.state == S.SHORTLISTED
    assert nomination.slate_entry.briefing_note == "Strong, documented results."


def test_slate_entry_without_a_note_shows_the_error_next_to_the_field(client, staff):
    cycle, [nomination] = ranked_cycle([2])
    client.force_login(staff)
    before = snapshot(cycle)

    response = client.post(
        reverse("selection:slate_entry", args=[cycle.pk, nomination.pk]),
        {"briefing_note": "word " * 151},
    )

    assert response.status_code == 200
    body = text(response)
    assert (
        '<span class="usa-error-message" id="id_briefing_note-error" '
        'data-error-for="id_briefing_note">Shorten the briefing note to 150 words or fewer.</span>'
    ) in body
    assert "word word word" in body  # the input is kept
    assert snapshot(cycle) == before


def test_slate_not_advance_sets_the_nomination_aside(client, staff):
    cycle, [nomination] = ranked_cycle([2])
    client.force_login(staff)

    response = client.post(reverse("selection:slate_not_advance", args=[cycle.pk, nomination.pk]))

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == S.NOT_ADVANCED
    assert not SlateEntry.objects.exists()


@pytest.mark.parametrize("actor_name", ["official", "panelist", "other_nominator"])
def test_slate_pages_refuse_others_than_staff_and_audit_it(client, actor_name):
    cycle, [nomination] = ranked_cycle([2])
    client.force_login(factories.actor_named(actor_name))
    before_state = nomination.state

    page = client.get(reverse("selection:slate", args=[cycle.pk]))
    post = client.post(
        reverse("selection:slate_entry", args=[cycle.pk, nomination.pk]),
        {"briefing_note": "Sneaky."},
    )

    assert (page.status_code, post.status_code) == (403, 403)
    nomination.refresh_from_db()
    assert nomination.state == before_state
    assert not SlateEntry.objects.exists()
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("page.denied", "denied"),
        ("page.denied", "denied"),
    ]


@pytest.mark.parametrize("size", [2, 12])
def test_slate_page_query_count_does_not_grow(client, django_assert_num_queries, staff, size):
    cycle, nominations = ranked_cycle([index % 9 + 1 for index in range(size)])
    for nomination in nominations[: size // 2]:
        SlateEntry.objects.create(nomination=nomination, briefing_note="Note.", written_by=staff)
    Nomination.objects.filter(pk__in=[n.pk for n in nominations[: size // 2]]).update(
        state=S.SHORTLISTED
    )
    client.force_login(staff)

    # session, user, role groups, cycle, the party rule's two (the reader's addresses and the
    # nominations they made, are the contact or individual nominee of, or endorsed), rubric,
    # the panelists' stored tallies, the count at each score, the rows' count, the page's
    # result rows and their nominations with entries, the count still to decide, the decision
    with django_assert_num_queries(14):
        response = client.get(reverse("selection:slate", args=[cycle.pk]))

    assert len(references_in(response.content.decode(), cycle)) == size


# -- the decision memo ---------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["staff", "official"])
def test_decision_memo_page_shows_the_ranked_slate_and_notes(client, actor):
    cycle, nominations = slate_cycle([4, 2])
    client.force_login(factories.actor_named(actor))

    response = client.get(reverse("selection:decision_memo", args=[cycle.pk]))

    assert response.status_code == 200
    assert references_in(response.content.decode(), cycle) == [
        nominations[1].reference,
        nominations[0].reference,
    ]
    body = text(response)
    assert f"Why {nominations[1].reference} belongs on the slate." in body
    assert "Award cap: up to 5 recipients." in body
    assert "Antony J. Blinken<br>Secretary of State" in body


@pytest.mark.parametrize("actor_name", ["panelist", "other_nominator"])
def test_decision_memo_refuses_others_and_audits_it(client, actor_name):
    cycle, _ = slate_cycle([2])
    client.force_login(factories.actor_named(actor_name))

    page = client.get(reverse("selection:decision_memo", args=[cycle.pk]))
    pdf = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk]))

    assert (page.status_code, pdf.status_code) == (403, 403)
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("page.denied", "denied"),
        ("page.denied", "denied"),
    ]


def test_decision_memo_before_selection_is_not_found(client, staff):
    cycle, _ = ranked_cycle([2])
    client.force_login(staff)

    response = client.get(reverse("selection:decision_memo", args=[cycle.pk]))

    assert response.status_code == 404


def test_decision_memo_pdf_download_is_audited(client, official):
    cycle, nominations = slate_cycle([3, 2])
    client.force_login(official)

    response = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="decision-memo-PA-{cycle.award_year}.pdf"'
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "decision_memo.download",
        official,
        str(cycle.pk),
    )
    assert event.data == {"slate": [nominations[1].reference, nominations[0].reference]}
    pdf_text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert nominations[1].reference in pdf_text


@pytest.mark.parametrize("action", ["advance", "not_advance"])
def test_slate_actions_on_ones_own_nomination_are_refused_and_audited(client, staff, action):
    cycle, [nomination] = ranked_cycle([2])
    nomination.nominator = staff
    nomination.save(update_fields=["nominator"])
    client.force_login(staff)
    before = snapshot(cycle)

    if action == "advance":
        # The briefing-note page itself is closed to a party (403 with the reason).
        url = reverse("selection:slate_entry", args=[cycle.pk, nomination.pk])
        response = client.post(url, {"briefing_note": "Strong, documented results."})
        assert response.status_code == 403
        denied_action = "party.denied"
    else:
        client.post(reverse("selection:slate_not_advance", args=[cycle.pk, nomination.pk]))
        denied_action = "slate.not_advance"

    assert snapshot(cycle)[:4] == before[:4]
    event = AuditEvent.objects.get(action=denied_action)
    assert (event.outcome, event.actor, event.object_id) == ("denied", staff, str(nomination.pk))
    assert AuditEvent.objects.count() == before[4] + 1


def test_decision_memo_pdf_is_signed_by_the_office(client, official):
    cycle, _ = slate_cycle([3, 2])
    client.force_login(official)

    response = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk]))

    check = check_pdf_signature(response.content)
    assert (check.valid, check.signer) == (True, f"Common Name: {TEST_SIGNER}")
    reader = PdfFileReader(io.BytesIO(response.content))
    assert str(reader.embedded_signatures[0].sig_object["/Reason"]) == (
        f"Decision memorandum: the {cycle.award_year} {cycle.program.name}"
    )


def test_decision_memo_pdf_without_a_signing_key_says_so_and_audits_nothing(
    client, official, settings, tmp_path
):
    cycle, _ = slate_cycle([2])
    settings.AWARDS_SIGNING_P12 = str(tmp_path / "missing.p12")
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False
    client.force_login(official)

    response = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk]), follow=True)

    assert response.redirect_chain == [(reverse("selection:decision_memo", args=[cycle.pk]), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "The memo cannot be downloaded: the office's signing key is not configured. "
        "Ask the operators to configure it."
    ]
    assert not AuditEvent.objects.filter(action="decision_memo.download").exists()

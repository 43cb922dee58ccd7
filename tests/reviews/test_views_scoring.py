"""The scoring page and the panel's file downloads: who gets in, what they see, the
review form with its autosave and submissions, and the page's query cost."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Attachment, Cycle, EndorsementRequest, Nomination
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Comment, Panel, PanelMember, Review
from reviews.states import ConflictStatus
from tests import factories
from tests.error_summary import assert_error_pattern

PDF = b"%PDF-1.4\n% panel test\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def panel(db):
    """One nomination in review, two criteria, three assigned attested panelists."""
    cycle = factories.review_cycle(nominations=1, panelists=3, criteria=2)
    nomination = cycle.nominations.select_related("cycle").get()
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    criteria = list(cycle.rubric_criteria.order_by("position"))
    return nomination, members, criteria


def page_url(nomination) -> str:
    return reverse("reviews:review_nomination", args=[nomination.pk])


def attachment_url(nomination, attachment) -> str:
    return reverse("reviews:panel_attachment", args=[nomination.pk, attachment.pk])


def letter_url(nomination, letter) -> str:
    return reverse("reviews:panel_letter", args=[nomination.pk, letter.pk])


def attach(nomination, index=0) -> Attachment:
    return Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(PDF, name="evidence.pdf"),
        original_name=f"evidence {index}.pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=nomination.nominator,
    )


def letter(nomination, index=0, *, received=True) -> EndorsementRequest:
    now = timezone.now()
    return EndorsementRequest.objects.create(
        nomination=nomination,
        name=f"Endorser {index}",
        email=f"endorser{index}@example.org",
        relationship="Partner",
        token_hash=f"{nomination.pk:032d}{index:032d}",
        state="received" if received else "requested",
        expires_at=now + dt.timedelta(days=20),
        sent_at=now,
        received_at=now if received else None,
        letter=ContentFile(PDF, name="letter.pdf") if received else "",
        letter_original_name="letter.pdf" if received else "",
    )


def review_post(criteria, *, revision, overall="3", scores=("2", "4"), **extra) -> dict:
    data = {
        "revision": str(revision),
        "overall": overall,
        "strengths": "Clear outcomes.",
        "weaknesses": "",
        **extra,
    }
    for criterion, score in zip(criteria, scores, strict=True):
        data[f"criterion_{criterion.pk}"] = score
    return data


def denied_events():
    return list(
        AuditEvent.objects.filter(outcome="denied").values_list("action", "object_id", "note")
    )


def make_unable(nomination, member, variant):
    now = timezone.now()
    if variant == "unattested":
        PanelMember.objects.filter(pk=member.pk).update(attested_at=None)
    elif variant == "removed":
        PanelMember.objects.filter(pk=member.pk).update(removed_at=now)
    elif variant == "conflicted":
        factories.conflict(nomination, member, status=ConflictStatus.CONFIRMED)
    elif variant == "declared":
        factories.conflict(nomination, member, status=ConflictStatus.DECLARED)


# -- who gets in ------------------------------------------------------------------------------


def test_scoring_page_anonymous_redirects_to_login(client, panel):
    nomination, _, _ = panel

    response = client.get(page_url(nomination))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_scoring_page_nominator_forbidden(client, panel):
    nomination, _, _ = panel
    client.force_login(nomination.nominator)

    response = client.get(page_url(nomination))

    assert response.status_code == 403
    assert [e.action for e in AuditEvent.objects.all()] == ["page.denied"]


@pytest.mark.parametrize("variant", ["unattested", "removed", "conflicted", "declared"])
def test_scoring_page_panelist_who_may_not_open_refused_and_audited(client, panel, variant):
    nomination, members, _ = panel
    make_unable(nomination, members[0], variant)
    client.force_login(members[0].user)
    url = page_url(nomination)

    response = client.get(url)

    # A removed panelist is no longer on the panel: not told the nomination exists.
    assert response.status_code == (404 if variant == "removed" else 403)
    assert nomination.nominee.display_name not in response.content.decode()
    assert denied_events() == [
        ("panel.access_denied", str(nomination.pk), f"scoring page: GET {url}")
    ]


def test_scoring_page_panelist_of_another_panel_refused_and_audited(client, panel):
    nomination, _, _ = panel
    outsider = factories.review_cycle(nominations=1, panelists=1).panel.members.get()
    client.force_login(outsider.user)

    response = client.get(page_url(nomination))

    assert response.status_code == 404
    assert [e[0] for e in denied_events()] == ["panel.access_denied"]


def test_scoring_page_conflicted_post_refused_audited_and_changes_nothing(client, panel):
    nomination, members, criteria = panel
    make_unable(nomination, members[0], "conflicted")
    client.force_login(members[0].user)
    url = page_url(nomination)

    response = client.post(url, review_post(criteria, revision=0, submit="1"))

    assert response.status_code == 403
    assert Review.objects.count() == 0
    assert denied_events() == [
        ("panel.access_denied", str(nomination.pk), f"scoring page: POST {url}")
    ]
    assert AuditEvent.objects.count() == 1


def test_scoring_page_nomination_not_with_the_panel_refused(client, db):
    cycle = factories.review_cycle(nominations=0, panelists=1)
    draft = factories.nomination_in(NominationState.VETTING, cycle=cycle)
    client.force_login(cycle.panel.members.get().user)

    response = client.get(page_url(draft))

    missing = client.get(reverse("reviews:review_nomination", args=[999999]))
    assert response.status_code == 404
    # The same page as for an id that does not exist.
    assert without_nonce(response.content) == without_nonce(missing.content)


def without_nonce(content: bytes) -> bytes:
    """The page without what changes on every response: CSP nonces, CSRF tokens and the
    seconds the session has left."""
    content = re.sub(rb'(nonce|data-seconds-left)="[^"]*"', b"", content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_scoring_page_unknown_nomination_404(client, panel):
    _, members, _ = panel
    client.force_login(members[0].user)

    response = client.get(reverse("reviews:review_nomination", args=[999999]))

    assert response.status_code == 404


# -- what an assigned panelist sees and does ----------------------------------------------------


def test_scoring_page_assigned_panelist_sees_nomination_rubric_and_form(client, panel):
    nomination, members, criteria = panel
    description = "Evidence of sustained impact over the period."
    criteria[0].description = description
    criteria[0].save()
    Nomination.objects.filter(pk=nomination.pk).update(excluded_reviewers="Dr. Keep Away")
    client.force_login(members[0].user)

    response = client.get(page_url(nomination))

    body = response.content.decode()
    assert response.status_code == 200
    assert nomination.summary in body
    assert nomination.justification in body
    assert nomination.suggested_citation in body
    assert "January 1, 2022 to December 31, 2022" in body
    assert description in body
    assert '<tr><th scope="row">1</th><td>Exceptional</td></tr>' in body
    assert f'id="id_criterion_{criteria[0].pk}_0" value="1">' in body
    # Each tile shows its number; its label's name carries the descriptor.
    assert (
        '<label class="site-scale__label" for="id_overall_8"><span aria-hidden="true">9</span>'
        '<span class="usa-sr-only">9 – Poor</span></label>'
    ) in body
    assert body.count('class="site-scale__input" type="radio" name="overall"') == 9
    assert "<li><strong>1</strong> Exceptional</li>" in body
    assert "Go to the scoring form" in body
    assert 'hx-post="' + page_url(nomination) + '"' in body
    assert '<input type="hidden" name="revision" value="0" id="id_revision">' in body
    assert "Submit review" in body
    assert "Keep Away" not in body


def test_scoring_page_lists_files_and_received_letters_only(client, panel):
    nomination, members, _ = panel
    attachment = attach(nomination)
    received = letter(nomination, 0)
    pending = letter(nomination, 1, received=False)
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert f'href="{attachment_url(nomination, attachment)}">evidence 0.pdf</a>' in body
    assert f'href="{letter_url(nomination, received)}">Letter from Endorser 0</a>' in body
    assert letter_url(nomination, pending) not in body
    assert "Endorser 1" not in body


def test_scoring_page_blind_review_hides_nominator_identity(client, panel):
    nomination, members, _ = panel
    Nomination.objects.filter(pk=nomination.pk).update(
        nominator_name="Quentin Nominatorson",
        nominator_title="Chief Referrer",
        nominator_organization="Office of Unique Names",
        nominator_phone="202-555-0199",
    )
    Panel.objects.filter(cycle=nomination.cycle).update(blind_review=True)
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    for identity in (
        "Quentin Nominatorson",
        "Chief Referrer",
        "Office of Unique Names",
        "202-555-0199",
        nomination.nominator.email,
    ):
        assert identity not in body
    assert "This panel reviews blind" in body


def test_scoring_page_without_blind_review_shows_nominator(client, panel):
    nomination, members, _ = panel
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert nomination.nominator_name in body
    assert nomination.nominator.email in body


def test_scoring_autosave_saves_draft_and_answers_with_new_revision(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)

    response = client.post(
        page_url(nomination), review_post(criteria, revision=0, overall=""), **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-autosave-result="saved"' in body
    assert (
        '<input type="hidden" name="revision" id="id_revision" value="1" hx-swap-oob="true">'
        in body
    )
    review = Review.objects.get()
    assert (review.state, review.revision, review.overall, review.strengths) == (
        "draft",
        1,
        None,
        "Clear outcomes.",
    )
    assert review.criterion_scores == {str(criteria[0].pk): 2, str(criteria[1].pk): 4}
    assert AuditEvent.objects.count() == 0


def test_scoring_autosave_malformed_score_keeps_stored_value_and_shows_error(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)

    response = client.post(
        page_url(nomination), review_post(criteria, revision=1, overall="10"), **HTMX
    )

    body = response.content.decode()
    assert "Some scores need a change" in body
    assert "Choose a score from 1 (exceptional) to 9 (poor)." in body
    review = Review.objects.get()
    assert (review.revision, review.overall) == (2, 3)


def test_scoring_autosave_stale_tab_gets_conflict_and_saves_nothing(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)
    client.post(page_url(nomination), review_post(criteria, revision=1, overall="4"), **HTMX)

    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=1, overall="9", strengths="Old tab"),
        **HTMX,
    )

    body = response.content.decode()
    assert 'data-autosave-result="conflict"' in body
    assert "This review was changed in another tab or window" in body
    review = Review.objects.get()
    assert (review.revision, review.overall, review.strengths) == (2, 4, "Clear outcomes.")


def test_scoring_plain_post_stale_shows_conflict_and_keeps_typed_values(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)

    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=0, overall="7", strengths="Typed in a stale tab"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "This review was changed in another tab or window" in body
    assert "Typed in a stale tab</textarea>" in body
    assert 'id="id_overall_6" value="7" checked>' in body
    assert Review.objects.get().overall == 3


def test_scoring_submit_missing_scores_shows_errors_keeps_values_and_saves_draft(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)

    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=0, overall="", scores=("5", ""), submit="1"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your review was not submitted" in body
    assert f"Choose a score for “{criteria[1].name}” to submit." in body
    assert "Choose an overall score to submit." in body
    # The summary's first link goes to the first tile of the first unscored criterion.
    assert_error_pattern(response, f"id_criterion_{criteria[1].pk}_0")
    assert f'id="id_criterion_{criteria[0].pk}_4" value="5" checked>' in body
    assert "Clear outcomes.</textarea>" in body
    assert '<input type="hidden" name="revision" value="1" id="id_revision">' in body
    review = Review.objects.get()
    assert (review.state, review.criterion_scores) == ("draft", {str(criteria[0].pk): 5})
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Choose a score from 1 (exceptional) to 9 (poor)."),
        ("10", "Choose a score from 1 (exceptional) to 9 (poor)."),
        ("2.5", "Choose a whole number from 1 to 9."),
        ("x", "Choose a whole number from 1 to 9."),
        # Digits that str.isdigit() accepts but are not 1-9 as typed (was a server error).
        ("²", "Choose a whole number from 1 to 9."),
        ("٣", "Choose a whole number from 1 to 9."),
    ],
)
def test_scoring_submit_malformed_score_refused_with_message(client, panel, value, message):
    nomination, members, criteria = panel
    client.force_login(members[0].user)

    response = client.post(
        page_url(nomination), review_post(criteria, revision=0, overall=value, submit="1")
    )

    assert message in response.content.decode()
    assert not Review.objects.filter(state="submitted").exists()


def test_scoring_submit_creates_version_1_then_changes_create_version_2(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)

    first = client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))
    page = client.get(page_url(nomination)).content.decode()
    second = client.post(
        page_url(nomination), review_post(criteria, revision=1, overall="2", submit="1")
    )

    assert first.status_code == second.status_code == 302
    assert first["Location"] == page_url(nomination) + "#review-form"
    assert "Submit changes" in page
    assert "hx-post" not in page.split('id="review-form-fields"')[1].split(">")[0]
    review = Review.objects.get()
    assert (review.state, review.overall, review.revision) == ("submitted", 2, 2)
    assert list(review.versions.values_list("number", "snapshot__overall")) == [(1, 3), (2, 2)]
    assert [e.action for e in AuditEvent.objects.all()] == ["review.submit", "review.submit"]


def test_scoring_submitted_review_plain_save_refused_without_change(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    response = client.post(
        page_url(nomination), review_post(criteria, revision=1, overall="8"), follow=True
    )

    body = response.content.decode()
    assert "Your review is already submitted." in body
    assert 'id="review-form-fields"' in body and 'value="8"' in body  # the form as sent
    assert Review.objects.get().overall == 3
    assert AuditEvent.objects.filter(action="review.denied", outcome="denied").count() == 1


@pytest.mark.parametrize("variant", ["unassigned", "declined"])
def test_scoring_page_panelist_who_cannot_score_sees_no_form_and_post_is_refused(
    client, panel, variant
):
    nomination, members, criteria = panel
    assignment = Assignment.objects.get(member=members[0])
    if variant == "unassigned":
        assignment.delete()
        notice = "You are not assigned to score this nomination."
    else:
        assignment.declined_at = timezone.now()
        assignment.save()
        notice = "You declined this assignment, so you cannot score this nomination."
    client.force_login(members[0].user)

    page = client.get(page_url(nomination)).content.decode()
    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=0, submit="1", weaknesses="Thin budget detail."),
    )

    assert 'id="review-form-fields"' not in page
    assert notice in page
    assert nomination.summary in page
    body = response.content.decode()
    assert response.status_code == 200
    assert notice in body
    assert "Your review was not saved" in body
    assert "Clear outcomes." in body and "Thin budget detail." in body  # what was typed
    assert 'id="review-form-fields"' not in body
    assert Review.objects.count() == 0
    [event] = AuditEvent.objects.all()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "review.denied",
        "denied",
        members[0].user,
        str(nomination.pk),
    )
    assert event.note.startswith(notice)
    assert event.data == {"submit": True}


@pytest.mark.parametrize("variant", ["unassigned", "declined"])
def test_scoring_autosave_refused_is_audited_and_answers_the_reason(client, panel, variant):
    nomination, members, criteria = panel
    assignment = Assignment.objects.get(member=members[0])
    client.force_login(members[0].user)
    client.get(page_url(nomination))
    if variant == "unassigned":
        assignment.delete()
    else:
        Assignment.objects.filter(pk=assignment.pk).update(declined_at=timezone.now())

    response = client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)

    assert response.status_code == 200
    assert 'data-autosave-result="refused"' in response.content.decode()
    assert Review.objects.count() == 0
    assert [(a, o) for a, o in AuditEvent.objects.values_list("action", "outcome")] == [
        ("review.denied", "denied")
    ]
    assert AuditEvent.objects.get().data == {"submit": False}


def test_scoring_page_after_review_closes_is_read_only(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.SHORTLISTED)

    page = client.get(page_url(nomination)).content.decode()
    before = AuditEvent.objects.count()
    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=1, overall="9", submit="1", strengths="Late thought."),
    )

    assert 'id="review-form-fields"' not in page
    assert "The panel is not scoring at the moment" in page
    assert "<caption>Your scores</caption>" in page
    body = response.content.decode()
    assert response.status_code == 200
    assert "The panel review of this nomination is closed" in body
    assert "<caption>Your review as saved</caption>" in body
    assert "Late thought." in body
    review = Review.objects.get()
    assert (review.overall, review.versions.count()) == (3, 1)
    assert list(AuditEvent.objects.values_list("action", "outcome")[before:]) == [
        ("review.denied", "denied")
    ]


# -- others' scores ---------------------------------------------------------------------------


SECRET = "Secret strengths of another panelist"


def others_submitted(nomination, members):
    other = factories.review_of(nomination, members[1], overall=7)
    Review.objects.filter(pk=other.pk).update(strengths=SECRET)
    return other


def test_others_scores_hidden_before_own_submission(client, panel):
    nomination, members, criteria = panel
    Panel.objects.filter(cycle=nomination.cycle).update(show_scores_after_submit=True)
    others_submitted(nomination, members)
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)

    response = client.get(page_url(nomination))

    body = response.content.decode()
    assert SECRET not in body
    assert "Reviewer 1" not in body
    assert "Scores from" not in body
    assert members[1].user.full_name not in body
    assert response.context["page"].other_reviews == []
    assert "You will see the other panelists’ reviews once you have submitted yours." in body


def test_others_scores_shown_anonymised_after_submission_when_setting_on(client, panel):
    nomination, members, criteria = panel
    Panel.objects.filter(cycle=nomination.cycle).update(show_scores_after_submit=True)
    others_submitted(nomination, members)
    factories.review_of(nomination, members[2], overall=4, submitted=False)
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    body = client.get(page_url(nomination)).content.decode()

    assert SECRET in body
    assert '<h3 id="shown-review-1">Reviewer 1</h3>' in body
    assert "<caption>Scores from Reviewer 1</caption>" in body
    assert "<td>7 – Fair</td>" in body
    assert "Reviewer 2" not in body
    assert members[1].user.full_name not in body


def test_others_scores_hidden_after_submission_when_setting_off(client, panel):
    nomination, members, criteria = panel
    others_submitted(nomination, members)
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    body = client.get(page_url(nomination)).content.decode()

    assert SECRET not in body
    assert "<td>7 – Fair</td>" not in body
    assert "Panelists do not see each other’s scores in this cycle." in body


def test_others_scores_of_conflicted_panelist_never_shown(client, panel):
    nomination, members, criteria = panel
    Panel.objects.filter(cycle=nomination.cycle).update(show_scores_after_submit=True)
    others_submitted(nomination, members)
    factories.conflict(nomination, members[1], status=ConflictStatus.CONFIRMED)
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    body = client.get(page_url(nomination)).content.decode()

    assert SECRET not in body


def test_staff_see_all_submitted_reviews_with_names_and_no_form(client, panel):
    nomination, members, _ = panel
    others_submitted(nomination, members)
    factories.review_of(nomination, members[2], overall=2, submitted=False)
    factories.conflict(nomination, members[1], status=ConflictStatus.CONFIRMED)
    client.force_login(factories.award_staff())

    body = client.get(page_url(nomination)).content.decode()

    assert f'<h3 id="shown-review-1">{members[1].user.full_name}</h3>' in body
    assert SECRET in body
    assert "Conflict of interest: this score does not count" in body
    assert members[2].user.full_name not in body
    assert 'id="review-form-fields"' not in body
    assert "Staff do not score." in body


def test_staff_post_to_scoring_page_changes_nothing(client, panel):
    nomination, _, criteria = panel
    client.force_login(factories.award_staff())

    response = client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    assert response.status_code == 200
    assert "Only the panel’s members score nominations." in response.content.decode()
    assert Review.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("review.denied", "denied")
    ]


# -- files ------------------------------------------------------------------------------------


def test_panel_attachment_download_for_panelist(client, panel):
    nomination, members, _ = panel
    attach(nomination, 0)
    second = attach(nomination, 1)
    client.force_login(members[0].user)

    response = client.get(attachment_url(nomination, second))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        f'attachment; filename="{nomination.reference}-attachment-2.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"


def test_panel_letter_download_for_staff(client, panel):
    nomination, _, _ = panel
    letter(nomination, 0, received=False)
    received = letter(nomination, 1)
    client.force_login(factories.award_staff())

    response = client.get(letter_url(nomination, received))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{nomination.reference}-letter-2.pdf"'
    )


def test_panel_letter_not_received_404(client, panel):
    nomination, members, _ = panel
    pending = letter(nomination, 0, received=False)
    client.force_login(members[0].user)

    assert client.get(letter_url(nomination, pending)).status_code == 404


def test_panel_file_of_another_nomination_404(client, panel):
    nomination, members, _ = panel
    other = factories.nomination_in(NominationState.IN_REVIEW, cycle=nomination.cycle)
    foreign = attach(other)
    foreign_letter = letter(other)
    client.force_login(members[0].user)

    assert client.get(attachment_url(nomination, foreign)).status_code == 404
    assert client.get(letter_url(nomination, foreign_letter)).status_code == 404


@pytest.mark.parametrize("kind", ["attachment", "letter"])
def test_panel_file_conflicted_panelist_refused_and_audited(client, panel, kind):
    nomination, members, _ = panel
    make_unable(nomination, members[0], "declared")
    url = (
        attachment_url(nomination, attach(nomination))
        if kind == "attachment"
        else letter_url(nomination, letter(nomination))
    )
    client.force_login(members[0].user)

    response = client.get(url)

    assert response.status_code == 403
    what = "attachment" if kind == "attachment" else "letter of support"
    assert denied_events() == [("panel.access_denied", str(nomination.pk), f"{what}: GET {url}")]


# -- query count ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 6])
def test_scoring_page_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    cycle = factories.review_cycle(nominations=1, panelists=size, criteria=size)
    nomination = cycle.nominations.get()
    Panel.objects.filter(cycle=cycle).update(show_scores_after_submit=True)
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    for member in members:
        factories.review_of(nomination, member, overall=3)
    for index in range(size):
        attach(nomination, index)
        letter(nomination, index)
        Comment.objects.create(nomination=nomination, author=members[index].user, body="Hm")
    client.force_login(members[0].user)

    # session, user, role groups, nomination with cycle/program/panel/nominee/nominator,
    # seat, the viewer's addresses and the nomination's letter requests (the party rule),
    # conflict check, criteria, assignment, reviews, the viewer's versions, blocking
    # conflicts, attachments, letter requests, comments, their authors' groups
    with django_assert_num_queries(17):
        response = client.get(page_url(nomination))

    assert len(response.context["page"].other_reviews) == size - 1
    assert len(response.context["page"].comments) == size


def test_scoring_submit_changes_with_missing_score_keeps_values_and_saves_nothing(client, panel):
    nomination, members, criteria = panel
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))

    response = client.post(
        page_url(nomination),
        review_post(criteria, revision=1, overall="", strengths="Rewritten", submit="1"),
    )

    body = response.content.decode()
    assert "Choose an overall score to submit." in body
    assert "Rewritten</textarea>" in body
    assert "Submit changes" in body
    review = Review.objects.get()
    assert (review.overall, review.strengths, review.revision) == (3, "Clear outcomes.", 1)
    assert review.versions.count() == 1


def test_scoring_autosave_after_session_ended_says_so(client, panel):
    nomination, _, criteria = panel

    response = client.post(page_url(nomination), review_post(criteria, revision=0), **HTMX)

    assert response.status_code == 200
    assert "Your session has ended, so your latest changes were not saved." in (
        response.content.decode()
    )
    assert Review.objects.count() == 0


def test_a_letter_that_arrived_after_vetting_is_not_put_before_the_panel(client, panel):
    nomination, members, _ = panel
    vetted = letter(nomination, 0)
    late = letter(nomination, 1)
    EndorsementRequest.objects.filter(pk=late.pk).update(received_after_vetting=True)
    client.force_login(members[0].user)

    page = client.get(page_url(nomination))
    late_download = client.get(letter_url(nomination, late))

    assert [item.pk for item in page.context["page"].letters] == [vetted.pk]
    assert late_download.status_code == 404
    assert client.get(letter_url(nomination, vetted)).status_code == 200


# -- "Submit and go to next" ------------------------------------------------------------------

PANELIST_HOME = reverse("reviews:panelist_home")


@pytest.fixture
def queue(db):
    """Four nominations in review (in reference order), two criteria, two panelists
    assigned every one; the first panelist is Ana."""
    cycle = factories.review_cycle(nominations=4, panelists=2, criteria=2)
    nominations = list(cycle.nominations.order_by("reference"))
    ana, ben = PanelMember.objects.filter(panel__cycle=cycle).order_by("pk")
    criteria = list(cycle.rubric_criteria.order_by("position"))
    return nominations, ana, ben, criteria


def submit_and_next(client, nomination, criteria, *, revision=0):
    return client.post(page_url(nomination), review_post(criteria, revision=revision, next="1"))


def test_scoring_submit_and_next_goes_to_the_next_open_assignment(client, queue):
    (first, second, third, fourth), ana, _ben, criteria = queue
    factories.review_of(second, ana, submitted=True)
    Assignment.objects.filter(member=ana, nomination=third).update(
        declined_at=timezone.now(), decline_reason="Too busy"
    )
    client.force_login(ana.user)

    response = submit_and_next(client, first, criteria)

    assert response.status_code == 302
    assert response["Location"] == page_url(fourth)
    review = Review.objects.get(member=ana, nomination=first)
    assert (review.state, review.versions.count()) == ("submitted", 1)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Your review is submitted (version 1)." in page.content.decode()


def test_scoring_submit_and_next_passes_over_conflicts_and_keeps_drafts(client, queue):
    (first, second, third, _fourth), ana, _ben, criteria = queue
    factories.conflict(second, ana, status=ConflictStatus.DECLARED)
    factories.review_of(third, ana, submitted=False)
    client.force_login(ana.user)

    response = submit_and_next(client, first, criteria)

    assert response["Location"] == page_url(third)


def test_scoring_submit_and_next_wraps_to_an_earlier_open_assignment(client, queue):
    (first, second, third, fourth), ana, _ben, criteria = queue
    for done in (second, third):
        factories.review_of(done, ana, submitted=True)
    client.force_login(ana.user)

    response = submit_and_next(client, fourth, criteria)

    assert response["Location"] == page_url(first)


def test_scoring_submit_and_next_when_none_left_goes_home_saying_all_done(client, queue):
    (first, second, third, fourth), ana, _ben, criteria = queue
    for done in (first, second, fourth):
        factories.review_of(done, ana, submitted=True)
    client.force_login(ana.user)

    response = submit_and_next(client, third, criteria)

    assert response.status_code == 302
    assert response["Location"] == PANELIST_HOME
    body = client.get(PANELIST_HOME).content.decode()
    cycle = first.cycle
    assert (
        f"You have submitted all your reviews for the {cycle.program.short_name} "
        f"{cycle.award_year} panel."
    ) in body
    assert Review.objects.filter(member=ana, state="submitted").count() == 4


def test_scoring_submit_and_next_never_chooses_a_nomination_assigned_to_someone_else(client, queue):
    (first, second, third, fourth), ana, ben, criteria = queue
    # Ana keeps only the first and the last; Ben keeps all four. Another cycle's
    # nomination, assigned to Ana's seat on that panel, does not count either.
    Assignment.objects.filter(member=ana, nomination__in=[second, third]).delete()
    other = factories.review_cycle(nominations=1, panelists=0)
    Assignment.objects.create(
        nomination=other.nominations.get(), member=factories.seat(other, ana.user)
    )
    client.force_login(ana.user)

    to_last = submit_and_next(client, first, criteria)
    to_home = submit_and_next(client, fourth, criteria)

    assert to_last["Location"] == page_url(fourth)
    assert to_home["Location"] == PANELIST_HOME
    assert not Review.objects.filter(member=ben).exists()


def test_scoring_submit_and_next_never_chooses_a_nomination_the_panelist_is_party_to(client, queue):
    (first, second, third, _fourth), ana, _ben, criteria = queue
    Nomination.objects.filter(pk=second.pk).update(nominator=ana.user)
    client.force_login(ana.user)

    response = submit_and_next(client, first, criteria)

    assert response["Location"] == page_url(third)


def test_scoring_submit_and_next_with_missing_scores_stays_on_the_page(client, queue):
    (first, *_rest), ana, _ben, criteria = queue
    client.force_login(ana.user)

    response = client.post(page_url(first), review_post(criteria, revision=0, overall="", next="1"))

    assert response.status_code == 200
    assert "Choose an overall score to submit." in response.content.decode()
    assert Review.objects.get(member=ana).state == "draft"


def test_scoring_plain_submit_stays_on_the_nomination(client, queue):
    (first, *_rest), ana, _ben, criteria = queue
    client.force_login(ana.user)

    response = client.post(page_url(first), review_post(criteria, revision=0, submit="1"))

    assert response["Location"] == page_url(first) + "#review-form"


def test_scoring_form_offers_submit_and_go_to_next(client, queue):
    (first, *_rest), ana, _ben, criteria = queue
    client.force_login(ana.user)

    before = client.get(page_url(first)).content.decode()
    client.post(page_url(first), review_post(criteria, revision=0, submit="1"))
    after = client.get(page_url(first)).content.decode()

    assert 'name="next" value="1"' in before
    assert ">Submit and go to next</button>" in before
    assert ">Submit changes and go to next</button>" in after


# -- times -------------------------------------------------------------------------------------

# 17:30 UTC is 9:30 a.m. in Los Angeles in January; the site's default zone would say 12:30 p.m.
MOMENT = dt.datetime(2031, 1, 5, 17, 30, tzinfo=dt.UTC)
IN_LOS_ANGELES = "January 5, 2031, 9:30 a.m. PST</time>"


def test_scoring_page_times_are_in_the_cycles_zone_and_name_it(client, panel):
    nomination, members, criteria = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(time_zone="America/Los_Angeles")
    client.force_login(members[0].user)
    client.post(page_url(nomination), review_post(criteria, revision=0, submit="1"))
    review = Review.objects.get()
    Review.objects.filter(pk=review.pk).update(submitted_at=MOMENT)
    review.versions.update(created_at=MOMENT)

    open_page = re.sub(r"\s+", " ", client.get(page_url(nomination)).content.decode())
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.SHORTLISTED)
    closed_page = re.sub(r"\s+", " ", client.get(page_url(nomination)).content.decode())

    banner = re.search(r"You submitted this review on <time [^>]*>([^<]*</time>)", open_page)
    assert banner.group(1) == IN_LOS_ANGELES
    version = re.search(r'<th scope="row">1</th><td><time [^>]*>([^<]*</time>)', open_page)
    assert version.group(1) == IN_LOS_ANGELES
    mine = re.search(r"</span> Submitted <time [^>]*>([^<]*</time>)\.", closed_page)
    assert mine.group(1) == IN_LOS_ANGELES


def test_scoring_autosave_says_when_in_the_cycles_zone(client, panel):
    nomination, members, criteria = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(time_zone="America/Los_Angeles")
    client.force_login(members[0].user)

    body = client.post(
        page_url(nomination), review_post(criteria, revision=0, overall=""), **HTMX
    ).content.decode()

    assert re.search(r">Draft saved at \d{1,2}:\d{2} [ap]\.m\. P[SD]T\.</span>", body), body


def test_scoring_autosave_names_the_zone_of_a_time_the_clocks_repeat(monkeypatch, client, panel):
    # 09:30 UTC on November 1, 2026 is the second 1:30 a.m. in Los Angeles that night,
    # after the clocks go back.
    nomination, members, criteria = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(time_zone="America/Los_Angeles")
    client.force_login(members[0].user)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    )

    body = client.post(
        page_url(nomination), review_post(criteria, revision=0, overall=""), **HTMX
    ).content.decode()

    assert '<span data-autosave-result="saved">Draft saved at 1:30 a.m. PST.</span>' in body

"""Citation pages (staff): write versions prefilled from the suggestion, see the errors
next to the text, approve the current version, and the cycle's list; who may reach them
and what a refusal leaves."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Citation
from nominations.states import NominationState
from selection.services.citations import citation_add, citation_approve
from tests import factories
from tests.error_summary import assert_error_pattern

pytestmark = pytest.mark.django_db

S = NominationState
SHORT = "for its survivor-led referral network"
OTHER_ROLES = {
    "nominator": factories.nominator,
    "panelist": factories.panelist,
    "selecting_official": factories.selecting_official,
}


def page_url(nomination) -> str:
    return reverse("selection:citations", args=[nomination.pk])


def approve_url(citation) -> str:
    return reverse("selection:citation_approve", args=[citation.nomination_id, citation.pk])


def add(client, nomination, *, kind="short", text=SHORT, expected=0):
    return client.post(
        page_url(nomination),
        {"kind": kind, f"{kind}-text": text, f"{kind}-expected_version": expected},
    )


def textarea(html: str, kind: str) -> str:
    start = html.index(f'name="{kind}-text"')
    opening_end = html.index(">", start) + 1
    return html[opening_end : html.index("</textarea>", opening_end)].strip()


# -- the page ---------------------------------------------------------------------------


def test_citations_page_prefills_both_forms_from_the_normalized_suggestion(staff_client):
    nomination = factories.nomination_in(
        S.SELECTED,
        nominee=factories.NomineeFactory(legal_name="Restore NYC"),
        suggested_citation="Restore NYC, For its survivor-led  referral network.",
    )

    response = staff_client.get(page_url(nomination))

    html = response.content.decode()
    assert response.status_code == 200
    assert (textarea(html, "short"), textarea(html, "full")) == (SHORT, SHORT)
    assert html.count("Starts from the nominator’s suggested citation.") == 2
    assert "5 of 60 words" in html and "5 of 80 words" in html
    assert (html.count('id="group-short-text"'), html.count('id="group-full-text"')) == (1, 1)


def test_citations_page_keeps_a_suggestion_it_cannot_normalize_as_written(staff_client):
    nomination = factories.nomination_in(
        S.SHORTLISTED, suggested_citation="They built a network. It reached 400 people."
    )

    html = staff_client.get(page_url(nomination)).content.decode()

    assert textarea(html, "short") == "They built a network. It reached 400 people."


def test_citations_page_prefills_from_the_current_version_and_lists_versions(staff_client, staff):
    nomination = factories.nomination_in(S.SELECTED)
    writer = factories.award_staff(full_name="Ada Writer")
    citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)
    second = citation_add(
        nomination=nomination, kind="short", text=f"{SHORT} in Baltimore", actor=writer
    )
    citation_approve(citation=second, actor=staff)

    html = staff_client.get(page_url(nomination)).content.decode()

    assert textarea(html, "short") == f"{SHORT} in Baltimore"
    assert "Starts from version 2." in html
    assert "Version 2, 7 of 60 words, written by Ada Writer" in html
    assert html.index("v2 (current)") < html.index(">v1<")
    assert "Save as version 3" in html and "Save as version 1" in html
    assert "Approve this version" not in html  # v2 is approved, the full has none


def test_citation_post_saves_the_next_version_and_goes_back_to_its_section(staff_client):
    nomination = factories.nomination_in(S.SELECTED)

    first = add(staff_client, nomination, text=f"  {SHORT} ")
    second = add(staff_client, nomination, text=f"{SHORT} in Baltimore", expected=1)

    assert (first.status_code, first.url) == (302, f"{page_url(nomination)}#short-citation")
    assert second.status_code == 302
    assert list(Citation.objects.values_list("kind", "version", "text", "approved_at")) == [
        ("short", 1, SHORT, None),
        ("short", 2, f"{SHORT} in Baltimore", None),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "for its network. It reached 400 people",
            "Write the citation as one sentence: a second one starts at &quot;It reached "
            "400&quot;. Join the two, or leave the second out.",
        ),
        (
            "Because of its network",
            "Start the citation with &quot;for its&quot;",
        ),
        ("for its " + "work " * 59, "Shorten the citation to 60 words or fewer."),
        ("for her network", "The citation says &quot;for her&quot;, but the nominee is referred"),
        ("", "Enter a citation."),
    ],
)
def test_citation_post_with_a_problem_shows_it_by_the_field_and_keeps_the_text(
    staff_client, text, problem
):
    nomination = factories.nomination_in(S.SELECTED)

    response = add(staff_client, nomination, text=text)

    html = response.content.decode()
    assert response.status_code == 200
    error = html[html.index('id="id_short-text-error"') :]
    assert problem in error[: error.index("</span>")]
    assert textarea(html, "short") == " ".join(text.split())
    assert 'aria-invalid="true"' in html
    assert_error_pattern(response, "id_short-text")
    assert (Citation.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_citation_post_of_the_current_text_is_refused(staff_client, staff):
    nomination = factories.nomination_in(S.SELECTED)
    citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)

    response = add(staff_client, nomination, text=SHORT, expected=1)

    assert "This is the text of version 1 already" in response.content.decode()
    assert Citation.objects.count() == 1


def test_citation_post_after_someone_saved_a_newer_version_is_refused(staff_client):
    nomination = factories.nomination_in(S.SELECTED)
    citation_add(nomination=nomination, kind="full", text=SHORT, actor=factories.award_staff())

    response = add(staff_client, nomination, kind="full", text=f"{SHORT} too", expected=0)

    html = response.content.decode()
    assert "Version 1 of this citation was saved while you were writing" in html
    assert textarea(html, "full") == f"{SHORT} too"
    assert list(Citation.objects.values_list("version", flat=True)) == [1]


# -- approval -----------------------------------------------------------------------------


def test_approve_marks_the_current_version_approved(staff_client, staff):
    nomination = factories.nomination_in(S.SELECTED)
    citation = citation_add(nomination=nomination, kind="full", text=SHORT, actor=staff)

    response = staff_client.post(approve_url(citation))

    citation.refresh_from_db()
    assert (response.status_code, response.url) == (302, f"{page_url(nomination)}#full-citation")
    assert (citation.approved_by, citation.approved_at is not None) == (staff, True)
    assert AuditEvent.objects.filter(action="citation.approve", outcome="done").count() == 1


def test_approve_of_an_outdated_version_is_refused_and_audited(staff_client, staff):
    nomination = factories.nomination_in(S.SELECTED)
    old = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    citation_add(nomination=nomination, kind="short", text=f"{SHORT} too", actor=staff)

    response = staff_client.post(approve_url(old), follow=True)

    assert "A newer version of this citation exists" in response.content.decode()
    assert not Citation.objects.filter(approved_at__isnull=False).exists()
    assert list(
        AuditEvent.objects.filter(action="citation.approve").values_list("outcome", flat=True)
    ) == ["denied"]


@override_settings(AWARDS_CITATION_FOUR_EYES=True)
def test_approve_by_the_writer_is_refused_when_four_eyes_is_on(staff_client, staff):
    nomination = factories.nomination_in(S.SELECTED)
    citation = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)

    html = staff_client.get(page_url(nomination)).content.decode()
    response = staff_client.post(approve_url(citation))
    other = factories.award_staff()
    staff_client.force_login(other)
    approved = staff_client.post(approve_url(citation))

    assert "Another member of staff must approve the version you wrote." in html
    assert "Approve this version" not in html
    assert (response.status_code, approved.status_code) == (302, 302)
    citation.refresh_from_db()
    assert citation.approved_by == other
    assert list(
        AuditEvent.objects.filter(action="citation.approve").values_list("outcome", flat=True)
    ) == ["denied", "done"]


# -- who and when --------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_citation_pages_refuse_other_roles_and_change_nothing(client, staff, role):
    nomination = factories.nomination_in(S.SELECTED)
    citation = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    events = AuditEvent.objects.count()
    client.force_login(OTHER_ROLES[role]())

    responses = [
        client.get(page_url(nomination)),
        add(client, nomination, text=f"{SHORT} too", expected=1),
        client.post(approve_url(citation)),
        client.get(reverse("selection:cycle_citations", args=[nomination.cycle_id])),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    citation.refresh_from_db()
    assert (Citation.objects.count(), citation.approved_at) == (1, None)
    assert (
        list(AuditEvent.objects.values_list("action", "outcome")[events:])
        == [("page.denied", "denied")] * 4
    )


def test_citation_pages_refuse_staff_on_their_own_nomination(client, staff):
    nomination = factories.nomination_in(S.SELECTED, nominator=staff)
    citation = citation_add(
        nomination=nomination, kind="short", text=SHORT, actor=factories.award_staff()
    )
    events = AuditEvent.objects.count()
    client.force_login(staff)

    responses = [
        client.get(page_url(nomination)),
        add(client, nomination, text=f"{SHORT} too", expected=1),
        client.post(approve_url(citation)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    citation.refresh_from_db()
    assert (Citation.objects.count(), citation.approved_at) == (1, None)
    assert list(AuditEvent.objects.values_list("action", "outcome")[events:]) == [
        ("citation.add", "denied"),
        ("citation.add", "denied"),
        ("citation.approve", "denied"),
    ]


@pytest.mark.parametrize("state", [S.IN_REVIEW, S.NOT_ADVANCED, S.NOT_SELECTED])
def test_citation_pages_refuse_nominations_off_the_slate(staff_client, staff, state):
    nomination = factories.nomination_in(state)
    old = Citation.objects.create(
        nomination=nomination, kind="short", version=1, text=SHORT, created_by=staff
    )

    page = staff_client.get(page_url(nomination))
    post = staff_client.post(
        page_url(nomination), {"kind": "short", "short-text": SHORT, "short-expected_version": 1}
    )
    shown = staff_client.get(post.url).content.decode()
    approve = staff_client.post(approve_url(old))

    html = page.content.decode()
    assert "Citations are written and approved for nominations on the slate" in html
    assert 'name="short-text"' not in html and "Approve this version" not in html
    assert "Citations are written for nominations on the slate or selected" in shown
    assert (post.status_code, approve.status_code) == (302, 302)
    old.refresh_from_db()
    assert (Citation.objects.count(), old.approved_at) == (1, None)
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("citation.add", "denied"),
        ("citation.approve", "denied"),
    ]


# -- the cycle's list and the link ------------------------------------------------------------


def test_cycle_citations_lists_each_nomination_with_the_state_of_both(staff_client, staff):
    cycle = factories.cycle_in("selection")
    missing = factories.nomination_in(S.SHORTLISTED, cycle=cycle)
    drafted = factories.nomination_in(S.SELECTED, cycle=cycle)
    ready = factories.nomination_in(S.SELECTED, cycle=cycle)
    hidden = factories.nomination_in(S.NOT_SELECTED, cycle=cycle)
    factories.citations_approved(ready, by=staff)
    factories.citations_approved(drafted, by=staff)
    citation_add(nomination=drafted, kind="full", text=f"{SHORT} too", actor=staff)

    response = staff_client.get(reverse("selection:cycle_citations", args=[cycle.pk]))

    html = response.content.decode()
    assert "1 of 3 nominations have both citations approved." in html
    assert hidden.reference not in html
    rows = [
        row for row in html.split("<tr>") for n in (missing, drafted, ready) if n.reference in row
    ]
    assert [(">Missing<" in r, ">Draft v2<" in r, r.count(">Approved v1<")) for r in rows] == [
        (True, False, 0),
        (False, True, 1),
        (False, False, 2),
    ]
    assert page_url(drafted) in html


@pytest.mark.parametrize("size", [2, 8])
def test_cycle_citations_query_count_does_not_grow(client, django_assert_num_queries, staff, size):
    cycle = factories.cycle_in("selection")
    for index in range(size):
        nomination = factories.nomination_in(S.SELECTED, cycle=cycle)
        if index % 2:
            factories.citations_approved(nomination, by=staff)
    client.force_login(staff)

    # session, user, role groups, cycle, nominations with nominees, their citations
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:cycle_citations", args=[cycle.pk]))

    assert response.content.decode().count("/citations/") == size


@pytest.mark.parametrize(
    ("state", "shown"), [(S.SHORTLISTED, True), (S.AWARDED, True), (S.IN_REVIEW, False)]
)
def test_citations_link_partial_shows_for_nominations_on_the_slate(state, shown):
    nomination = factories.nomination_in(state)

    html = render_to_string("nominations/_citations_link.html", {"nomination": nomination})

    assert (page_url(nomination) in html) is shown

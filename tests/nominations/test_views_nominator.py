"""The nominator's pages: start, the form and its autosave, review and submit, the
read-only view, resubmit and withdraw; who may see and change what."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.services.audit import audit_record
from nominations.models import Attachment, Cycle, EndorsementRequest, Nomination
from nominations.services.nomination import (
    nomination_return_for_info,
    nomination_start_vetting,
    nomination_submit,
)
from nominations.states import CycleState, EndorsementState, NominationState
from nominations.views.nominator_form import saved_at_text
from tests import factories

S = NominationState
HTMX = {"HTTP_HX_REQUEST": "true"}
EDITABLE = {S.DRAFT, S.RETURNED}
NOT_EDITABLE = [state for state in S if state not in EDITABLE]


def url(name: str, nomination: Nomination) -> str:
    return reverse(f"nominations:{name}", kwargs={"pk": nomination.pk})


def text(response) -> str:
    return response.content.decode()


def form_data(nomination: Nomination, **changes) -> dict:
    """What the form posts: every field as it stands, with `changes`."""
    nominee = nomination.nominee
    data = {
        "expected_saved_at": nomination.saved_at.isoformat(),
        "kind": nominee.kind,
        "nominator_name": nomination.nominator_name,
        "nominator_title": nomination.nominator_title,
        "nominator_organization": nomination.nominator_organization,
        "nominator_phone": nomination.nominator_phone,
        "legal_name": nominee.legal_name,
        "city": nominee.city,
        "state_or_province": nominee.state_or_province,
        "country": nominee.country,
        "contact_name": nominee.contact_name,
        "contact_email": nominee.contact_email,
        "performance_start": str(nomination.performance_start or ""),
        "performance_end": str(nomination.performance_end or ""),
        "summary": nomination.summary,
        "justification": nomination.justification,
        "suggested_citation": nomination.suggested_citation,
    }
    for name in ("criterion_courage", "criterion_sustained", "criterion_innovation"):
        if getattr(nomination, name):
            data[name] = "on"
    for name in ("p_prosecution", "p_protection", "p_prevention", "p_partnership"):
        if getattr(nomination, name):
            data[name] = "on"
    return data | changes


@pytest.fixture
def draft():
    return factories.NominationFactory(summary="First words.")


@pytest.fixture
def owner_client(client, draft):
    client.force_login(draft.nominator)
    return client


def denied_events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(outcome="denied").values_list("action", "object_id"))


# -- start -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_creates_a_draft_and_opens_its_form(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    user = factories.nominator(full_name="Nadia Okafor")
    client.force_login(user)

    response = client.post(reverse("nominations:nomination_start"), {"cycle": cycle.pk})

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("nomination_edit", nomination)
    assert (nomination.nominator, nomination.cycle, nomination.state) == (user, cycle, S.DRAFT)
    assert nomination.nominator_name == "Nadia Okafor"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["nomination.create"]


@pytest.mark.django_db
@pytest.mark.parametrize("cycle", ["²", "٣", "1.0", "", "-1"])
def test_start_with_a_cycle_that_is_no_number_is_not_found(client, cycle):
    """Digits Python's int() refuses ("²") once made a server error (found by fuzzing)."""
    factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(factories.nominator())

    response = client.post(reverse("nominations:nomination_start"), {"cycle": cycle})

    assert response.status_code == 404
    assert Nomination.objects.count() == 0


@pytest.mark.django_db
def test_start_in_a_closed_cycle_is_refused_with_a_message(client):
    cycle = factories.CycleFactory(state=CycleState.CLOSED)
    client.force_login(factories.nominator())

    response = client.post(
        reverse("nominations:nomination_start"), {"cycle": cycle.pk}, follow=True
    )

    assert "is not taking nominations" in text(response)
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_start_is_post_only(client):
    client.force_login(factories.nominator())

    assert client.get(reverse("nominations:nomination_start")).status_code == 405


# -- the form and autosave ---------------------------------------------------------------------


@pytest.mark.django_db
def test_form_shows_the_draft_in_sections_with_the_privacy_act(owner_client, draft):
    response = owner_client.get(url("nomination_edit", draft))

    body = text(response)
    assert response.status_code == 200
    assert "First words." in body
    for anchor in ("section-nominator", "section-nominee", "section-criteria", "section-case"):
        assert f'id="{anchor}"' in body
    assert 'class="usa-step-indicator' in body
    assert 'hx-trigger="change, input delay:1500ms"' in body
    assert f'value="{draft.saved_at.isoformat()}"' in body
    assert "Privacy Act statement" in body
    assert "2 of 500 words" in body


@pytest.mark.django_db
def test_form_gives_each_criterion_a_hint_and_spaces_its_fieldsets(owner_client, draft):
    body = text(owner_client.get(url("nomination_edit", draft)))

    assert (
        'Particularly innovative efforts<span class="usa-checkbox__label-description">'
        "For example, a new approach in prosecution, protection, prevention or partnership."
        "</span>" in body
    )
    assert body.count('<fieldset class="usa-fieldset margin-top-5"') == 7


@pytest.mark.django_db
def test_autosave_saves_and_returns_saved_at_in_the_cycles_time_zone(owner_client, draft):
    draft.cycle.time_zone = "America/Los_Angeles"
    draft.cycle.save(update_fields=["time_zone"])

    response = owner_client.post(
        url("nomination_edit", draft), form_data(draft, summary="New words."), **HTMX
    )

    draft.refresh_from_db()
    assert draft.summary == "New words."
    local = timezone.localtime(draft.saved_at, draft.cycle.zone)
    hour = local.hour % 12 or 12
    expected = f"Saved at {hour}:{local:%M} {'a.m.' if local.hour < 12 else 'p.m.'} {local:%Z}."
    assert re.search(r"P[SD]T\.$", expected)
    body = text(response)
    assert f'<span data-autosave-result="saved">{expected}</span>' in body
    # The page gets the new version to send with the next save.
    assert (
        f'id="id_expected_saved_at" value="{draft.saved_at.isoformat()}" hx-swap-oob="true"'
    ) in body
    assert AuditEvent.objects.count() == 0  # autosave is not audited, by design


@pytest.mark.django_db
def test_autosave_keeps_valid_fields_and_reports_the_invalid_ones(owner_client, draft):
    response = owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, ein="12345", summary="Saved anyway.", contact_email="bad"),
        **HTMX,
    )

    draft.refresh_from_db()
    assert draft.summary == "Saved anyway."
    assert draft.nominee.ein == ""
    assert draft.nominee.contact_email != "bad"
    body = text(response)
    assert 'data-has-errors="true"' in body
    assert (
        '<span class="usa-error-message" id="id_ein-error" data-error-for="id_ein" '
        'hx-swap-oob="true">Enter the EIN as 9 digits, like 12-3456789.</span>'
    ) in body
    assert 'id="id_summary-error" data-error-for="id_summary" hidden hx-swap-oob="true">' in body


@pytest.mark.django_db
def test_autosave_with_a_word_limit_broken_keeps_the_text(owner_client, draft):
    long_summary = "word " * 501

    response = owner_client.post(
        url("nomination_edit", draft), form_data(draft, summary=long_summary), **HTMX
    )

    draft.refresh_from_db()
    assert draft.summary == long_summary.strip()
    assert "Shorten the summary to 500 words or fewer: it has 501 words." in text(response)


@pytest.mark.django_db
def test_autosave_from_a_stale_tab_is_refused_and_saves_nothing(owner_client, draft):
    stale = form_data(draft, summary="From the old tab.")
    owner_client.post(url("nomination_edit", draft), form_data(draft, summary="Newer."), **HTMX)

    response = owner_client.post(url("nomination_edit", draft), stale, **HTMX)

    draft.refresh_from_db()
    assert draft.summary == "Newer."
    body = text(response)
    assert 'data-autosave-result="conflict"' in body
    assert "This draft was changed in another tab or window" in body
    assert f'href="{url("nomination_edit", draft)}">Reload the draft</a>' in body
    assert "hx-swap-oob" not in body


@pytest.mark.django_db
def test_full_save_from_a_stale_tab_shows_the_conflict_and_keeps_the_text(owner_client, draft):
    stale = form_data(draft, summary="From the old tab.")
    owner_client.post(url("nomination_edit", draft), form_data(draft, summary="Newer."), **HTMX)

    response = owner_client.post(url("nomination_edit", draft), stale)

    assert response.status_code == 200
    assert "This draft was changed in another tab or window" in text(response)
    assert "From the old tab." in text(response)
    draft.refresh_from_db()
    assert draft.summary == "Newer."


@pytest.mark.django_db
def test_autosave_after_the_session_ended_answers_401(client, draft):
    response = client.post(url("nomination_edit", draft), form_data(draft), **HTMX)

    assert response.status_code == 401


@pytest.mark.django_db
def test_form_without_a_session_sends_to_sign_in_and_back(client, draft):
    response = client.get(url("nomination_edit", draft))

    assert (
        response["Location"] == f"{reverse('account_login')}?next={url('nomination_edit', draft)}"
    )


@pytest.mark.django_db
def test_last_saved_before_today_gives_the_date(owner_client, draft):
    draft.cycle.time_zone = "America/New_York"
    draft.cycle.save(update_fields=["time_zone"])
    saved = dt.datetime(2026, 1, 5, 14, 7, tzinfo=dt.UTC)  # 9:07 a.m. in New York
    Nomination.objects.filter(pk=draft.pk).update(saved_at=saved)

    body = text(owner_client.get(url("nomination_edit", draft)))

    assert "Last saved at January 5, 2026, 9:07 a.m. EST." in body


# New York's clocks go back on November 1, 2026: 1:30 a.m. is first EDT (05:30 UTC), then
# EST (06:30 UTC).
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc_hour", "written"),
    [(5, "November 1, 2026, 1:30 a.m. EDT"), (6, "November 1, 2026, 1:30 a.m. EST")],
)
def test_last_saved_names_the_zone_of_a_time_the_clocks_repeat(
    owner_client, draft, utc_hour, written
):
    draft.cycle.time_zone = "America/New_York"
    draft.cycle.save(update_fields=["time_zone"])
    saved = dt.datetime(2026, 11, 1, utc_hour, 30, tzinfo=dt.UTC)
    Nomination.objects.filter(pk=draft.pk).update(saved_at=saved)

    body = text(owner_client.get(url("nomination_edit", draft)))

    assert f"Last saved at {written}." in body


@pytest.mark.django_db
def test_saved_today_names_the_zone_of_a_time_the_clocks_repeat(monkeypatch, draft):
    draft.cycle.time_zone = "America/New_York"
    draft.cycle.save(update_fields=["time_zone"])
    draft.saved_at = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 11, 1, 6, 40, tzinfo=dt.UTC)
    )

    assert saved_at_text(draft) == "1:30 a.m. EST"


@pytest.mark.django_db
def test_full_save_redirects_back_with_a_message(owner_client, draft):
    response = owner_client.post(
        url("nomination_edit", draft), form_data(draft, summary="Saved."), follow=True
    )

    assert response.redirect_chain == [(url("nomination_edit", draft), 302)]
    draft.refresh_from_db()
    local = timezone.localtime(draft.saved_at, draft.cycle.zone)
    hour = local.hour % 12 or 12
    noon = "a.m." if local.hour < 12 else "p.m."
    assert f"Draft saved at {hour}:{local:%M} {noon} {local:%Z}." in text(response)


@pytest.mark.django_db
def test_save_and_review_opens_the_review(owner_client, draft):
    response = owner_client.post(url("nomination_edit", draft), form_data(draft, review="1"))

    assert response["Location"] == url("nomination_review", draft)


@pytest.mark.django_db
def test_full_save_with_errors_shows_a_summary_and_keeps_what_was_typed(owner_client, draft):
    response = owner_client.post(
        url("nomination_edit", draft), form_data(draft, uei="TOO-SHORT", summary="Kept.")
    )

    body = text(response)
    assert response.status_code == 200
    assert "One field needs a change" in body
    assert '<a class="usa-link" href="#id_uei">UEI: Enter the UEI as 12 capital' in body
    assert 'value="TOO-SHORT"' in body
    assert 'aria-invalid="true"' in body
    draft.refresh_from_db()
    assert draft.summary == "Kept."


@pytest.mark.django_db
def test_switching_to_individual_keeps_the_organizations_fields(owner_client, draft):
    legal_name = draft.nominee.legal_name

    owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, kind="individual", full_name="Ana Ruiz", possessive="her", legal_name=""),
        **HTMX,
    )

    draft.nominee.refresh_from_db()
    assert (draft.nominee.kind, draft.nominee.full_name) == ("individual", "Ana Ruiz")
    assert draft.nominee.legal_name == legal_name


# -- who may see and change what -----------------------------------------------------------------

OWN_PAGES = ["nomination_detail", "nomination_edit", "nomination_review", "nomination_withdraw"]
OWN_POSTS = [
    "nomination_edit",
    "nomination_submit",
    "nomination_resubmit",
    "nomination_withdraw",
]


@pytest.mark.django_db
@pytest.mark.parametrize("view_name", OWN_PAGES)
def test_another_nominators_page_is_404_and_audited(client, draft, view_name):
    intruder = factories.nominator()
    client.force_login(intruder)

    response = client.get(url(view_name, draft))

    assert response.status_code == 404
    event = AuditEvent.objects.get(outcome="denied")
    assert (event.actor, event.object_id, event.actor_role) == (
        intruder,
        str(draft.pk),
        "Nominator",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view_name", OWN_POSTS)
def test_another_nominators_post_is_404_changes_nothing_and_is_audited(client, draft, view_name):
    client.force_login(factories.nominator())

    response = client.post(url(view_name, draft), form_data(draft, summary="Hijacked."))

    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.state, draft.summary) == (S.DRAFT, "First words.")
    assert [action for action, _ in denied_events()] == [f"nomination.{view_name[11:]}"]
    assert not AuditEvent.objects.filter(outcome="done").exists()


@pytest.mark.django_db
def test_unknown_nomination_is_404(owner_client):
    assert owner_client.get("/nominations/999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_user", [factories.award_staff, factories.panelist, factories.selecting_official]
)
def test_other_roles_get_403_on_nominator_pages(client, draft, make_user):
    client.force_login(make_user())

    assert client.get(url("nomination_detail", draft)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("state", NOT_EDITABLE)
def test_form_in_a_state_that_cannot_be_edited_sends_to_the_read_only_view(client, state):
    nomination = factories.nomination_in(state)
    client.force_login(nomination.nominator)

    response = client.get(url("nomination_edit", nomination), follow=True)

    assert response.redirect_chain == [(url("nomination_detail", nomination), 302)]
    assert "so it can no longer be changed" in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("state", NOT_EDITABLE)
def test_save_in_a_state_that_cannot_be_edited_is_refused(client, state):
    nomination = factories.nomination_in(state)
    client.force_login(nomination.nominator)
    before = nomination.summary

    autosave = client.post(
        url("nomination_edit", nomination), form_data(nomination, summary="Late edit."), **HTMX
    )
    full = client.post(url("nomination_edit", nomination), form_data(nomination, summary="Late."))

    assert 'data-autosave-result="refused"' in text(autosave)
    assert "so it can no longer be changed" in text(autosave)
    assert full["Location"] == url("nomination_detail", nomination)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.summary) == (state, before)


@pytest.mark.django_db
def test_returned_nomination_can_be_edited(client):
    nomination = factories.nomination_in(
        S.RETURNED, info_due_date=timezone.localdate() + dt.timedelta(days=3)
    )
    client.force_login(nomination.nominator)

    response = client.post(
        url("nomination_edit", nomination), form_data(nomination, summary="Answered."), **HTMX
    )

    assert 'data-autosave-result="saved"' in text(response)
    nomination.refresh_from_db()
    assert nomination.summary == "Answered."


# -- the deadline ------------------------------------------------------------------------------


def past_deadline(nomination: Nomination) -> None:
    type(nomination.cycle).objects.filter(pk=nomination.cycle_id).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )


@pytest.mark.django_db
def test_after_the_deadline_submit_is_refused_and_the_draft_stays_readable(owner_client, draft):
    past_deadline(draft)

    response = owner_client.post(url("nomination_submit", draft), follow=True)

    assert response.redirect_chain == [(url("nomination_detail", draft), 302)]
    body = text(response)
    assert f"Nominations for the {draft.cycle.award_year} award are closed" in body
    assert "First words." in body
    draft.refresh_from_db()
    assert (draft.state, draft.reference) == (S.DRAFT, None)
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_after_the_deadline_the_form_is_read_only(owner_client, draft):
    past_deadline(draft)

    form = owner_client.get(url("nomination_edit", draft), follow=True)
    save = owner_client.post(url("nomination_edit", draft), form_data(draft, summary="x"), **HTMX)

    assert form.redirect_chain == [(url("nomination_detail", draft), 302)]
    assert "can no longer be submitted" in text(form)
    assert 'data-autosave-result="refused"' in text(save)
    draft.refresh_from_db()
    assert draft.summary == "First words."


def segment_classes(body: str, anchor: str) -> str:
    return re.search(rf'<li class="([^"]*)" data-step-anchor="{anchor}"', body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [True, False])
def test_a_section_with_a_field_error_is_not_shown_as_complete(owner_client, draft, htmx):
    before = text(owner_client.get(url("nomination_edit", draft)))
    assert "usa-step-indicator__segment--complete" in segment_classes(before, "section-nominee")

    response = owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, contact_email="not an email"),
        **(HTMX if htmx else {}),
    )

    body = text(response)
    # The stored address is still complete; the one on screen is refused.
    assert "usa-step-indicator__segment--complete" not in segment_classes(body, "section-nominee")
    assert "usa-step-indicator__segment--complete" in segment_classes(body, "section-nominator")
    assert (
        '<a class="usa-link" href="#section-nominee">Nominee</a> '
        '<span class="text-base-dark">(not complete)</span>' in body
    )


# -- review and submit --------------------------------------------------------------------------


@pytest.mark.django_db
def test_review_of_a_complete_draft_shows_everything_and_the_submit_button(owner_client, draft):
    response = owner_client.get(url("nomination_review", draft))

    body = text(response)
    assert draft.nominee.legal_name in body
    assert draft.suggested_citation in body
    assert f'action="{url("nomination_submit", draft)}"' in body
    assert "things to fix" not in body and "One thing to fix" not in body


@pytest.mark.django_db
def test_review_of_an_incomplete_draft_links_each_problem_to_its_field(client):
    nomination = factories.NominationFactory(
        summary="", nominator_name="", criterion_innovation=False
    )
    client.force_login(nomination.nominator)

    response = client.get(url("nomination_review", nomination))

    body = text(response)
    edit = url("nomination_edit", nomination)
    assert "3 things to fix before you submit" in body
    assert f'href="{edit}#id_nominator_name">Enter your name as the nominator.</a>' in body
    assert f'href="{edit}#id_criterion_courage">Choose at least one criterion.</a>' in body
    assert f'href="{edit}#id_summary">Enter a summary.</a>' in body
    assert '<span class="usa-error-message" id="problem-summary">Enter a summary.</span>' in body
    assert "nomination_submit" not in body and url("nomination_submit", nomination) not in body


@pytest.mark.django_db
def test_review_lists_the_problems_in_the_forms_order(client):
    nomination = factories.NominationFactory(
        summary="",
        nominator_name="",
        criterion_innovation=False,
        nominee__legal_name="",
        nominee__contact_email="",
    )
    client.force_login(nomination.nominator)

    body = text(client.get(url("nomination_review", nomination)))

    start = body.index("site-error-summary")
    summary = body[start : body.index("</ul>", start)]
    assert re.findall(r"#id_(\w+)", summary) == [
        "nominator_name",
        "legal_name",
        "contact_email",
        "criterion_courage",
        "summary",
    ]


@pytest.mark.django_db
def test_review_opens_with_a_sentence_naming_the_nominee(client):
    named = factories.NominationFactory(nominee__legal_name="Safe Harbor Collective, Inc.")
    unnamed = factories.NominationFactory(nominator=named.nominator, nominee__legal_name="")
    client.force_login(named.nominator)
    program = f"{named.cycle.award_year} {named.cycle.program.name}"

    named_body = text(client.get(url("nomination_review", named)))
    unnamed_body = text(client.get(url("nomination_review", unnamed)))

    assert (
        '<p class="usa-intro">Your nomination of Safe Harbor Collective, Inc. for the '
        f"{program}. Nominations close" in named_body
    )
    assert (
        '<p class="usa-intro">Your nomination for the '
        f"{unnamed.cycle.award_year} {unnamed.cycle.program.name}. Nominations close"
        in unnamed_body
    )


def add_files(nomination: Nomination, count: int) -> None:
    """`count` attachments and `count` letter requests, the last one received."""
    for number in range(1, count + 1):
        Attachment.objects.create(
            nomination=nomination,
            file=f"attachments/fake-{number}.pdf",
            original_name=f"evidence {number}.pdf",
            size=2048 * number,
            sha256="0" * 64,
            uploaded_by=nomination.nominator,
        )
        EndorsementRequest.objects.create(
            nomination=nomination,
            name=f"Endorser {number}",
            email=f"e{number}@example.org",
            relationship="partner",
            token_hash=f"{nomination.pk:032d}{number:032d}",
            expires_at="2099-01-01T00:00:00Z",
            sent_at="2024-01-01T00:00:00Z",
            state=EndorsementState.RECEIVED if number == count else EndorsementState.REQUESTED,
        )


@pytest.mark.django_db
def test_review_lists_the_files_and_letters_read_only_with_change_links(owner_client, draft):
    add_files(draft, 2)

    response = owner_client.get(url("nomination_review", draft))

    body = text(response)
    edit = url("nomination_edit", draft)
    assert 'evidence 1.pdf <span class="text-base-dark">(PDF, 2.0\xa0KB)</span>' in body
    assert 'evidence 2.pdf <span class="text-base-dark">(PDF, 4.0\xa0KB)</span>' in body
    assert "<dt>Endorser 1</dt>\n          <dd>Requested</dd>" in body
    assert "<dt>Endorser 2</dt>\n          <dd>Received</dd>" in body
    assert "attachment_remove" not in body and "/remove/" not in body
    assert 'type="file"' not in body and "Send request" not in body
    for anchor in (
        "section-nominator",
        "section-nominee",
        "section-criteria",
        "section-case",
        "section-citation",
        "section-documents",
        "section-letters",
    ):
        assert f'href="{edit}#{anchor}">Change<span class="usa-sr-only">' in body


@pytest.mark.django_db
def test_review_without_files_says_so(owner_client, draft):
    body = text(owner_client.get(url("nomination_review", draft)))

    assert '<span class="site-empty">No files attached</span>' in body
    assert '<span class="site-empty">You have not asked anyone for a letter</span>' in body


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_review_keeps_its_query_budget(owner_client, draft, django_assert_num_queries, size):
    add_files(draft, size)

    # session, user, role groups, the nomination with cycle, program, nominee and
    # nominator, attachments, letter requests
    with django_assert_num_queries(6):
        response = owner_client.get(url("nomination_review", draft))

    assert text(response).count("<dt>Endorser ") == size


@pytest.mark.django_db
def test_submit_of_an_incomplete_draft_goes_back_to_the_review(client):
    nomination = factories.NominationFactory(summary="")
    client.force_login(nomination.nominator)

    response = client.post(url("nomination_submit", nomination))

    assert response["Location"] == url("nomination_review", nomination)
    nomination.refresh_from_db()
    assert nomination.state == S.DRAFT


@pytest.mark.django_db
def test_submit_shows_the_confirmation_with_the_reference(
    owner_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url("nomination_submit", draft), follow=True)

    draft.refresh_from_db()
    assert response.redirect_chain == [(url("nomination_submitted", draft), 302)]
    assert draft.state == S.SUBMITTED
    assert f'<strong class="site-reference">{draft.reference}</strong>' in text(response)
    assert [message.subject for message in mail.outbox] == [
        f"Nomination {draft.reference} received"
    ]
    assert mail.outbox[0].attachments[0].filename == f"nomination-{draft.reference}.pdf"


@pytest.mark.django_db
def test_submit_twice_gives_one_submission_and_the_same_confirmation(
    owner_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = owner_client.post(url("nomination_submit", draft))
        second = owner_client.post(url("nomination_submit", draft))

    assert first["Location"] == second["Location"] == url("nomination_submitted", draft)
    draft.refresh_from_db()
    assert draft.reference.endswith("-0001")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["nomination.submit"]
    assert len(mail.outbox) == 1
    assert draft.versions.count() == 1


@pytest.mark.django_db
def test_submit_from_a_stale_copy_lands_on_the_confirmation(owner_client, draft):
    nomination_submit(nomination=Nomination.objects.get(pk=draft.pk), actor=draft.nominator)

    response = owner_client.post(url("nomination_submit", draft))

    assert response["Location"] == url("nomination_submitted", draft)
    assert AuditEvent.objects.filter(action="nomination.submit").count() == 1


@pytest.mark.django_db
def test_confirmation_of_a_draft_goes_to_the_read_only_view(owner_client, draft):
    response = owner_client.get(url("nomination_submitted", draft))

    assert response["Location"] == url("nomination_detail", draft)


# -- after submit: the read-only view, resubmit, withdraw ----------------------------------------


def returned(nomination: Nomination, *, message="Please add the dates of the program."):
    staff = factories.award_staff()
    nomination_submit(nomination=nomination, actor=nomination.nominator)
    nomination_start_vetting(nomination=nomination, actor=staff, note="internal note")
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message=message,
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )
    return nomination


@pytest.mark.django_db
def test_autosaves_of_a_returned_nomination_are_audited_once_per_change(owner_client, draft):
    returned(draft)
    draft.refresh_from_db()
    seen = AuditEvent.objects.count()
    edit = url("nomination_edit", draft)

    first = owner_client.post(edit, form_data(draft, summary="With the 2022 dates."), **HTMX)
    draft.refresh_from_db()
    again = owner_client.post(edit, form_data(draft, summary="With the 2022 dates."), **HTMX)

    for response in (first, again):
        assert '<span data-autosave-result="saved">Saved at ' in text(response)
    events = AuditEvent.objects.order_by("pk")[seen:]
    assert [(event.action, event.actor_id, event.note) for event in events] == [
        (
            "nomination.edit",
            draft.nominator_id,
            "Changed while returned for information: nomination: summary.",
        )
    ]


@pytest.mark.django_db
def test_read_only_view_shows_the_public_history_and_the_request(owner_client, draft):
    returned(draft)

    response = owner_client.get(url("nomination_detail", draft))

    body = text(response)
    assert '<span class="usa-tag">More information requested</span>' in body
    assert "Please add the dates of the program." in body
    history = body[body.index('id="history-heading"') :]
    labels = re.findall(r"<strong>([^<]+)</strong>", history[: history.index("</section>")])
    assert labels == ["Submitted", "Review started", "More information requested"]
    assert "internal note" not in body
    assert f'href="{url("nomination_edit", draft)}">Respond: update the nomination</a>' in body


@pytest.mark.django_db
def test_read_only_view_never_shows_a_decision_before_the_announcement(client):
    nomination = factories.nomination_in(S.SELECTED)
    for action, to_state in [
        ("nomination.clear", "cleared"),
        ("nomination.send_to_panel", "in_review"),
        ("nomination.advance", "shortlisted"),
        ("nomination.select", "selected"),
    ]:
        audit_record(action=action, obj=nomination, to_state=to_state, note="Strong case.")
    client.force_login(nomination.nominator)

    body = text(client.get(url("nomination_detail", nomination)))

    assert '<span class="usa-tag">Under review</span>' in body
    for hidden in ("Selected", "Shortlisted", "Cleared", "Strong case."):
        assert hidden not in body


@pytest.mark.django_db
def test_resubmit_sends_back_the_returned_nomination(owner_client, draft):
    returned(draft)

    response = owner_client.post(url("nomination_resubmit", draft), follow=True)

    draft.refresh_from_db()
    assert draft.state == S.VETTING
    assert "We received the information you sent." in text(response)
    assert draft.versions.count() == 2
    assert AuditEvent.objects.filter(action="nomination.resubmit").count() == 1


@pytest.mark.django_db
def test_resubmit_after_the_response_deadline_is_refused(owner_client, draft):
    returned(draft)
    Nomination.objects.filter(pk=draft.pk).update(
        info_due_date=timezone.localdate() - dt.timedelta(days=1)
    )

    response = owner_client.post(url("nomination_resubmit", draft), follow=True)

    assert "The response deadline has passed" in text(response)
    draft.refresh_from_db()
    assert draft.state == S.RETURNED
    assert not AuditEvent.objects.filter(action="nomination.resubmit").exists()


@pytest.mark.django_db
def test_withdraw_asks_for_confirmation_first(client):
    submitted = factories.nomination_in(S.SUBMITTED)
    client.force_login(submitted.nominator)

    response = client.get(url("nomination_withdraw", submitted))

    assert "Withdrawing is final" in text(response)
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


@pytest.mark.django_db
def test_withdraw_with_a_reason(client):
    submitted = factories.nomination_in(S.SUBMITTED)
    client.force_login(submitted.nominator)

    response = client.post(
        url("nomination_withdraw", submitted), {"reason": "Sent through my agency."}, follow=True
    )

    submitted.refresh_from_db()
    assert (submitted.state, submitted.withdrawal_reason) == (
        S.WITHDRAWN,
        "Sent through my agency.",
    )
    assert response.redirect_chain == [(reverse("nominations:my_nominations"), 302)]
    assert f"You withdrew the nomination of {submitted.nominee}." in text(response)


@pytest.mark.django_db
def test_withdraw_of_a_draft_leads_to_delete_and_withdraws_nothing(owner_client, draft):
    shown = owner_client.get(url("nomination_withdraw", draft))
    posted = owner_client.post(url("nomination_withdraw", draft), {"reason": "x"})

    assert shown["Location"] == url("nomination_delete", draft)
    assert posted["Location"] == url("nomination_delete", draft)
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert not AuditEvent.objects.filter(action="nomination.withdraw").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.VETTING, S.WITHDRAWN, S.AWARDED])
def test_withdraw_in_a_state_that_does_not_allow_it_says_so(client, state):
    nomination = factories.nomination_in(state)
    client.force_login(nomination.nominator)

    shown = client.get(url("nomination_withdraw", nomination), follow=True)
    post = client.post(url("nomination_withdraw", nomination), {"reason": ""}, follow=True)

    assert "cannot be withdrawn" in text(shown)
    assert "cannot be withdrawn" in text(post)
    nomination.refresh_from_db()
    assert nomination.state == state


# -- My nominations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_nominations_offers_the_next_step_for_each_state(client):
    user = factories.nominator()
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    draft = factories.NominationFactory(cycle=cycle, nominator=user)
    submitted = factories.nomination_in(S.SUBMITTED, cycle=cycle, nominator=user)
    answer = factories.nomination_in(
        S.RETURNED,
        cycle=cycle,
        nominator=user,
        info_due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    vetting = factories.nomination_in(S.VETTING, cycle=cycle, nominator=user)
    client.force_login(user)

    body = text(client.get(reverse("nominations:my_nominations")))

    assert f'href="{url("nomination_edit", draft)}">Continue' in body
    assert f'href="{url("nomination_delete", draft)}">Delete draft' in body
    assert url("nomination_withdraw", draft) not in body
    assert f'href="{url("nomination_detail", answer)}">Respond' in body
    assert f'href="{url("nomination_withdraw", submitted)}">Withdraw' in body
    assert f'href="{url("nomination_detail", vetting)}">View' in body
    assert url("nomination_withdraw", vetting) not in body
    assert url("nomination_edit", submitted) not in body
    assert f'<input type="hidden" name="cycle" value="{cycle.pk}">' in body


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_my_nominations_with_every_kind_of_row_keeps_its_query_budget(
    client, django_assert_num_queries, size
):
    user = factories.nominator()
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    for state in [S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN][:size] * ((size + 3) // 4):
        factories.nomination_in(state, cycle=cycle, nominator=user)
    client.force_login(user)

    # session, user, role groups, nominations with cycle and nominee, open cycles
    with django_assert_num_queries(5):
        response = client.get(reverse("nominations:my_nominations"))

    assert text(response).count("<tr>") == Nomination.objects.filter(nominator=user).count() + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "view_name", ["nomination_withdraw", "nomination_submit", "nomination_resubmit"]
)
def test_refusals_name_the_public_state_never_a_decision(client, view_name):
    nomination = factories.nomination_in(S.SHORTLISTED)
    client.force_login(nomination.nominator)

    response = client.post(url(view_name, nomination), {"reason": ""}, follow=True)

    body = text(response)
    assert "Under review" in body
    assert "Shortlisted" not in body
    nomination.refresh_from_db()
    assert nomination.state == S.SHORTLISTED


# -- start by link (the home page, the call, and the `next` of sign-up and sign-in) -----------


@pytest.mark.django_db
def test_start_link_starts_a_draft_with_the_account_name_and_opens_its_form(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    user = factories.nominator(full_name="Nadia Okafor")
    client.force_login(user)

    response = client.get(reverse("nominations:nomination_start_link", args=[cycle.pk]))

    nomination = Nomination.objects.get()
    assert response["Location"] == url("nomination_edit", nomination)
    assert (nomination.nominator, nomination.cycle, nomination.nominator_name) == (
        user,
        cycle,
        "Nadia Okafor",
    )
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["nomination.create"]


@pytest.mark.django_db
def test_start_link_followed_again_opens_the_same_untouched_draft(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(factories.nominator(full_name="Nadia Okafor"))
    start = reverse("nominations:nomination_start_link", args=[cycle.pk])

    first = client.get(start)
    again = client.get(start)

    assert Nomination.objects.count() == 1
    assert first["Location"] == again["Location"]


@pytest.mark.django_db
def test_start_link_after_typing_in_the_draft_starts_another(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(factories.nominator())
    start = reverse("nominations:nomination_start_link", args=[cycle.pk])
    client.get(start)
    Nomination.objects.update(summary="Typed.")

    client.get(start)

    assert Nomination.objects.count() == 2


@pytest.mark.django_db
def test_start_link_signed_out_goes_to_sign_in_and_back(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    start = reverse("nominations:nomination_start_link", args=[cycle.pk])

    response = client.get(start)

    assert response["Location"] == f"{reverse('account_login')}?next={start}"
    assert Nomination.objects.count() == 0


@pytest.mark.django_db
def test_home_and_call_send_newcomers_to_sign_up_with_the_start_link_as_next(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    start = reverse("nominations:nomination_start_link", args=[cycle.pk])

    home = text(client.get(reverse("nominations:home")))
    call = text(client.get(reverse("nominations:cycle_call", args=[cycle.pk])))

    assert f'href="{reverse("account_signup")}?next={start}">Start a nomination' in home
    assert f'href="{reverse("account_login")}?next={start}">Sign in' in home
    assert f'href="{reverse("account_signup")}?next={start}">Create an account' in call


@pytest.mark.django_db
def test_home_links_a_signed_in_nominator_straight_to_the_start_link(client):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(factories.nominator())

    home = text(client.get(reverse("nominations:home")))

    start = reverse("nominations:nomination_start_link", args=[cycle.pk])
    assert f'href="{start}">Start a nomination' in home


# -- delete a draft ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_draft_page_offers_delete_not_withdraw(owner_client, draft):
    body = text(owner_client.get(url("nomination_detail", draft)))

    assert f'href="{url("nomination_delete", draft)}">Delete draft' in body
    assert url("nomination_withdraw", draft) not in body


@pytest.mark.django_db
def test_submitted_page_offers_withdraw_not_delete(client):
    submitted = factories.nomination_in(S.SUBMITTED)
    client.force_login(submitted.nominator)

    body = text(client.get(url("nomination_detail", submitted)))

    assert f'href="{url("nomination_withdraw", submitted)}">Withdraw' in body
    assert url("nomination_delete", submitted) not in body


@pytest.mark.django_db
def test_delete_asks_for_confirmation_first(owner_client, draft):
    response = owner_client.get(url("nomination_delete", draft))

    assert response.status_code == 200
    assert "Deleting is final" in text(response)
    assert Nomination.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_delete_removes_the_draft_and_its_nominee_and_records_it(owner_client, draft):
    nominee_pk, pk = draft.nominee.pk, draft.pk

    response = owner_client.post(url("nomination_delete", draft), follow=True)

    assert response.redirect_chain == [(reverse("nominations:my_nominations"), 302)]
    assert f"You deleted the draft nomination of {draft.nominee}." in text(response)
    assert url("nomination_detail", draft) not in text(response)
    assert not Nomination.objects.filter(pk=pk).exists()
    from nominations.models import Nominee

    assert not Nominee.objects.filter(pk=nominee_pk).exists()
    event = AuditEvent.objects.get(action="nomination.delete")
    assert (event.actor, event.object_id, event.from_state, event.to_state, event.outcome) == (
        draft.nominator,
        str(pk),
        S.DRAFT,
        "",
        "done",
    )
    assert owner_client.get(url("nomination_detail", draft)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_of_someone_elses_draft_is_not_found_and_changes_nothing(client, draft, method):
    client.force_login(factories.nominator())
    events = AuditEvent.objects.filter(outcome="done").count()

    response = getattr(client, method)(url("nomination_delete", draft))

    assert response.status_code == 404
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
    assert AuditEvent.objects.filter(outcome="done").count() == events
    assert denied_events() == [("nomination.delete", str(draft.pk))]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.SUBMITTED, S.RETURNED, S.VETTING, S.WITHDRAWN])
def test_delete_of_a_nomination_past_draft_is_refused_and_changes_nothing(client, state):
    nomination = factories.nomination_in(state)
    client.force_login(nomination.nominator)

    shown = client.get(url("nomination_delete", nomination), follow=True)
    posted = client.post(url("nomination_delete", nomination), follow=True)

    assert "cannot be deleted" in text(shown) or "you can withdraw it" in text(shown)
    assert "cannot be deleted" in text(posted) or "you can withdraw it" in text(posted)
    assert Nomination.objects.get(pk=nomination.pk).state == state
    assert not AuditEvent.objects.filter(action="nomination.delete").exists()


# -- the citation's pronoun, checked at autosave (issue 15) -----------------------------------


@pytest.mark.django_db
def test_autosave_reports_a_citation_pronoun_that_does_not_fit_beside_the_citation(
    owner_client, draft
):
    citation = "for his courage in leading rescues"

    response = owner_client.post(
        url("nomination_edit", draft),
        form_data(
            draft,
            kind="individual",
            possessive="her",
            full_name="Ana Ruiz",
            suggested_citation=citation,
        ),
        **HTMX,
    )

    draft.refresh_from_db()
    assert draft.suggested_citation == citation  # kept as typed, like any free text
    body = text(response)
    assert 'data-has-errors="true"' in body
    assert (
        '<span class="usa-error-message" id="id_suggested_citation-error" '
        'data-error-for="id_suggested_citation" hx-swap-oob="true">The citation says '
        "&quot;for his&quot;, but the nominee is referred to as &quot;her&quot;: start with "
        "&quot;for her&quot; or &quot;in recognition of&quot;.</span>"
    ) in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "possessive", "citation"),
    [
        ("organization", "", "for its tireless advocacy"),
        ("individual", "her", "for her courage"),
        ("individual", "", "for their courage"),
        ("individual", "his", "in recognition of decades of service"),
    ],
)
def test_autosave_accepts_a_citation_pronoun_that_fits(
    owner_client, draft, kind, possessive, citation
):
    response = owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, kind=kind, possessive=possessive, suggested_citation=citation),
        **HTMX,
    )

    assert (
        'id="id_suggested_citation-error" data-error-for="id_suggested_citation" hidden '
        'hx-swap-oob="true">'
    ) in text(response)


@pytest.mark.django_db
def test_autosave_reports_an_organization_called_her(owner_client, draft):
    response = owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, kind="organization", suggested_citation="for her tireless advocacy"),
        **HTMX,
    )

    assert "but the nominee is referred to as &quot;its&quot;" in text(response)


# -- putting a second tab's changes back (issue 15) --------------------------------------------


@pytest.mark.django_db
def test_save_naming_its_changed_fields_stores_only_those(owner_client, draft):
    """Tab B saved the summary; tab A, reloaded after its conflict, puts back only the
    citation it changed: the summary it still posts (from before) must not win."""
    stale = form_data(draft)  # what tab A had: the summary before tab B's save
    Nomination.objects.filter(pk=draft.pk).update(summary="Saved by tab B.")
    draft.refresh_from_db()
    citation = "for its survivor-led referral network"

    response = owner_client.post(
        url("nomination_edit", draft),
        stale
        | {
            "expected_saved_at": draft.saved_at.isoformat(),
            "suggested_citation": citation,
            "changed_fields": "suggested_citation",
        },
        **HTMX,
    )

    assert 'data-autosave-result="saved"' in text(response)
    draft.refresh_from_db()
    assert (draft.summary, draft.suggested_citation) == ("Saved by tab B.", citation)


@pytest.mark.django_db
def test_save_naming_its_changed_fields_leaves_the_nominee_type_unless_named(owner_client, draft):
    draft.nominee.kind = "individual"
    draft.nominee.save()

    owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, kind="organization", legal_name="Acme", changed_fields="legal_name"),
        **HTMX,
    )

    draft.nominee.refresh_from_db()
    assert draft.nominee.kind == "individual"


@pytest.mark.django_db
def test_save_naming_unknown_or_bookkeeping_fields_saves_nothing_of_them(owner_client, draft):
    owner_client.post(
        url("nomination_edit", draft),
        form_data(draft, summary="Changed.", changed_fields="state reference expected_saved_at"),
        **HTMX,
    )

    draft.refresh_from_db()
    assert (draft.state, draft.summary) == (S.DRAFT, "Changed.")


@pytest.mark.django_db
def test_nominator_pages_write_times_in_the_cycles_zone(client):
    nomination = factories.nomination_in(S.SUBMITTED)
    Cycle.objects.filter(pk=nomination.cycle_id).update(time_zone="America/Los_Angeles")
    # 17:30 UTC is 9:30 a.m. in Los Angeles; the site's default zone would say 12:30 p.m.
    moment = dt.datetime(2031, 1, 5, 17, 30, tzinfo=dt.UTC)
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=moment, saved_at=moment)
    audit_record(action="nomination.submit", obj=nomination, to_state="submitted")
    client.force_login(nomination.nominator)

    detail = text(client.get(url("nomination_detail", nomination)))
    listing = text(client.get(reverse("nominations:my_nominations")))

    shown = r'<time datetime="[^"]+">January 5, 2031, 9:30 a\.m\. PST</time>'
    assert re.search(rf"<dt>Submitted</dt><dd>{shown}</dd>", detail)
    assert re.search(rf"<dt>Last saved</dt><dd>{shown}</dd>", detail)
    # The history's moments are the audit log's (append-only): now, in Los Angeles.
    history = r'<li class="site-history__entry">\s*<time [^>]+>[^<]+ [ap]\.m\. P[SD]T</time>:'
    assert re.search(history, detail)
    assert re.search(rf'<td data-label="Last saved">{shown}</td>', listing)


@pytest.mark.django_db
def test_start_in_a_cycle_still_in_set_up_is_a_404_that_names_nothing(client):
    cycle = factories.CycleFactory(state=CycleState.SETUP)
    client.force_login(factories.nominator())

    link = client.get(reverse("nominations:nomination_start_link", args=[cycle.pk]))
    form = client.post(reverse("nominations:nomination_start"), {"cycle": str(cycle.pk)})

    assert (link.status_code, form.status_code) == (404, 404)
    assert str(cycle.award_year) not in link.content.decode()
    assert Nomination.objects.count() == 0

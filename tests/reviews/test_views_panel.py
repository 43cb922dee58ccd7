"""The staff panel page: set-up, settings, invitations, chair, removal; access and cost."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.states import CycleState
from reviews.models import DEFAULT_ATTESTATION, Panel, PanelInvitation, PanelMember
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/review/invitations/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.AWARDS_SITE_URL = "http://testserver"


@pytest.fixture
def staff(client):
    user = factories.award_staff(full_name="Sam Staff")
    client.force_login(user)
    return user


def cycle_in(state=CycleState.CLOSED):
    return factories.CycleFactory(state=state, configured=False)


def manage_url(cycle) -> str:
    return reverse("reviews:panel_manage", args=[cycle.pk])


def invitation_for(panel, staff, email="ana@example.org", full_name="Ana Ruiz"):
    from reviews.services.invitations import panel_invite

    return panel_invite(panel=panel, actor=staff, email=email, full_name=full_name)


# -- access -------------------------------------------------------------------------------------


def staff_urls(cycle, member, invitation):
    return [
        ("get", manage_url(cycle), {}),
        ("post", manage_url(cycle), {"reviewers_per_nomination": "5"}),
        ("post", reverse("reviews:panel_invite", args=[cycle.pk]), {"email": "x@example.org"}),
        ("post", reverse("reviews:invitation_revoke", args=[cycle.pk, invitation.pk]), {}),
        ("post", reverse("reviews:invitation_resend", args=[cycle.pk, invitation.pk]), {}),
        ("post", reverse("reviews:member_chair", args=[cycle.pk, member.pk]), {"chair": "1"}),
        ("get", reverse("reviews:member_remove", args=[cycle.pk, member.pk]), {}),
        ("post", reverse("reviews:member_remove", args=[cycle.pk, member.pk]), {"reason": "x"}),
    ]


@pytest.mark.parametrize(
    "make_user", [factories.panelist, factories.nominator, factories.selecting_official]
)
def test_panel_pages_other_roles_forbidden_change_nothing_and_are_audited(client, make_user):
    cycle = cycle_in()
    member = factories.seat(cycle, chair=False)
    invitation = invitation_for(cycle.panel, factories.award_staff())
    intruder = make_user()
    client.force_login(intruder)
    before = AuditEvent.objects.count()

    for method, url, data in staff_urls(cycle, member, invitation):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url

    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome, e.actor) for e in events] == [
        ("page.denied", "denied", intruder)
    ] * 8
    member.refresh_from_db()
    invitation.refresh_from_db()
    cycle.panel.refresh_from_db()
    assert (member.is_chair, member.removed_at, invitation.revoked_at) == (False, None, None)
    assert cycle.panel.reviewers_per_nomination == 3
    assert PanelInvitation.objects.count() == 1
    assert mail.outbox == []


def test_panel_page_anonymous_redirects_to_login(client):
    url = manage_url(cycle_in())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_panel_member_of_another_cycle_is_404(client, staff):
    cycle, other = cycle_in(), cycle_in()
    factories.panel_of(cycle)
    member = factories.seat(other)
    invitation = invitation_for(other.panel, staff)

    chair = client.post(reverse("reviews:member_chair", args=[cycle.pk, member.pk]), {"chair": "1"})
    remove = client.post(
        reverse("reviews:member_remove", args=[cycle.pk, member.pk]), {"reason": "x"}
    )
    revoke = client.post(reverse("reviews:invitation_revoke", args=[cycle.pk, invitation.pk]))

    assert (chair.status_code, remove.status_code, revoke.status_code) == (404, 404, 404)
    member.refresh_from_db()
    invitation.refresh_from_db()
    assert (member.is_chair, member.removed_at, invitation.revoked_at) == (False, None, None)


# -- set-up and settings ---------------------------------------------------------------------


def test_panel_page_without_panel_offers_setup_and_writes_nothing(client, staff):
    cycle = cycle_in(CycleState.OPEN)

    response = client.get(manage_url(cycle))

    assert response.status_code == 200
    assert "Set up the panel" in response.content.decode()
    assert Panel.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_panel_setup_button_creates_panel(client, staff):
    cycle = cycle_in(CycleState.OPEN)

    response = client.post(manage_url(cycle))

    assert response.status_code == 302
    assert response["Location"] == manage_url(cycle)
    assert Panel.objects.get().cycle == cycle
    assert AuditEvent.objects.get().action == "panel.setup"


def test_panel_page_after_review_without_panel_offers_nothing(client, staff):
    response = client.get(manage_url(cycle_in(CycleState.ARCHIVED)))

    body = response.content.decode()
    assert "This cycle had no review panel." in body
    assert "Set up the panel" not in body


def test_panel_settings_saved(client, staff):
    cycle = cycle_in()
    factories.panel_of(cycle)

    response = client.post(
        manage_url(cycle),
        {
            "attestation_text": "New words.",
            "reviewers_per_nomination": "4",
            "max_per_panelist": "",
            "review_due": "2031-03-01",
            "blind_review": "on",
        },
    )

    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.attestation_text, panel.reviewers_per_nomination, panel.blind_review) == (
        "New words.",
        4,
        True,
    )
    assert panel.show_scores_after_submit is False
    assert AuditEvent.objects.get().action == "panel.update"


def test_panel_settings_k_out_of_range_shows_error_next_to_field(client, staff):
    cycle = cycle_in()
    factories.panel_of(cycle)

    response = client.post(
        manage_url(cycle), {"attestation_text": "Words", "reviewers_per_nomination": "11"}
    )

    assert response.status_code == 200
    form = response.context["settings_form"]
    assert form.errors == {
        "reviewers_per_nomination": ["Ensure this value is less than or equal to 10."]
    }
    assert 'id="id_reviewers_per_nomination-error"' in response.content.decode()
    assert Panel.objects.get().reviewers_per_nomination == 3
    assert AuditEvent.objects.count() == 0


def test_panel_settings_statement_fixed_once_signed(client, staff):
    cycle = cycle_in()
    factories.seat(cycle, attested=True)

    page = client.get(manage_url(cycle))
    response = client.post(
        manage_url(cycle),
        {"attestation_text": "Sneaky new words.", "reviewers_per_nomination": "2"},
    )

    assert page.context["settings_form"].fields["attestation_text"].disabled is True
    assert "its statement can no longer change" in page.content.decode()
    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.attestation_text, panel.reviewers_per_nomination) == (DEFAULT_ATTESTATION, 2)


def test_panel_page_after_review_is_read_only(client, staff):
    cycle = cycle_in(CycleState.SELECTION)
    member = factories.seat(cycle)

    response = client.get(manage_url(cycle))

    body = response.content.decode()
    assert response.context["settings_form"] is not None
    assert "Save the settings" not in body
    assert "Send the invitation" not in body
    assert reverse("reviews:member_remove", args=[cycle.pk, member.pk]) not in body
    assert "can no longer change" in body


def test_panel_settings_post_after_review_changes_nothing(client, staff):
    cycle = cycle_in(CycleState.SELECTION)
    factories.panel_of(cycle)

    response = client.post(manage_url(cycle), {"reviewers_per_nomination": "5"}, follow=True)

    assert "Panel review has ended, so the panel can no longer change." in (
        response.content.decode()
    )
    assert Panel.objects.get().reviewers_per_nomination == 3
    assert AuditEvent.objects.count() == 0


# -- invitations --------------------------------------------------------------------------------


def test_panel_invite_sends_email_whose_link_opens_the_invitation(
    client, staff, django_capture_on_commit_callbacks
):
    cycle = cycle_in()
    factories.panel_of(cycle)

    with django_capture_on_commit_callbacks(execute=True):
        with_callbacks = client.post(
            reverse("reviews:panel_invite", args=[cycle.pk]),
            {"email": "Ana@Example.org", "full_name": "Ana Ruiz"},
            follow=True,
        )

    assert with_callbacks.status_code == 200
    assert "We emailed an invitation to ana@example.org" in with_callbacks.content.decode()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    token = LINK.search(mail.outbox[0].body).group(1)
    client.logout()
    opened = client.get(reverse("reviews:invitation_accept", args=[token]))
    assert opened.status_code == 200
    assert opened.context["mode"] == "setup"


def test_panel_invite_invalid_shows_errors_with_entered_values(client, staff):
    cycle = cycle_in()
    factories.panel_of(cycle)

    response = client.post(
        reverse("reviews:panel_invite", args=[cycle.pk]),
        {"email": "not an address", "full_name": "Ana Ruiz"},
    )

    assert response.status_code == 200
    form = response.context["invite_form"]
    assert form.errors == {"email": ["Enter a valid email address."]}
    assert 'value="Ana Ruiz"' in response.content.decode()
    assert PanelInvitation.objects.count() == 0
    assert mail.outbox == []


def test_panel_invite_refused_by_service_shows_reason(client, staff):
    cycle = cycle_in()
    member = factories.seat(cycle)

    response = client.post(
        reverse("reviews:panel_invite", args=[cycle.pk]),
        {"email": member.user.email, "full_name": "Again"},
    )

    assert response.status_code == 200
    assert response.context["invite_form"].non_field_errors() == [
        f"{member.user.email} is already on this panel."
    ]
    assert PanelInvitation.objects.count() == 0


def test_invitation_resend_and_revoke_from_the_page(client, staff):
    cycle = cycle_in()
    invitation = invitation_for(factories.panel_of(cycle), staff)

    resent = client.post(reverse("reviews:invitation_resend", args=[cycle.pk, invitation.pk]))
    revoked = client.post(reverse("reviews:invitation_revoke", args=[cycle.pk, invitation.pk]))
    again = client.post(
        reverse("reviews:invitation_revoke", args=[cycle.pk, invitation.pk]), follow=True
    )

    assert (resent.status_code, revoked.status_code) == (302, 302)
    assert "This invitation is revoked, so it cannot be revoked." in again.content.decode()
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "panel.invite",
        "panel.invitation_resend",
        "panel.invitation_revoke",
    ]


# -- chair and removal --------------------------------------------------------------------------


def test_member_chair_moves_the_chair(client, staff):
    cycle = cycle_in()
    old = factories.seat(cycle, chair=True)
    new = factories.seat(cycle)

    response = client.post(reverse("reviews:member_chair", args=[cycle.pk, new.pk]), {"chair": "1"})

    assert response.status_code == 302
    assert list(PanelMember.objects.filter(is_chair=True)) == [new]
    old.refresh_from_db()
    assert old.is_chair is False


def test_member_remove_asks_for_reason_then_removes(client, staff):
    cycle = cycle_in()
    member = factories.seat(cycle)
    url = reverse("reviews:member_remove", args=[cycle.pk, member.pk])

    confirm = client.get(url)
    empty = client.post(url, {"reason": "  "})
    done = client.post(url, {"reason": "Did not disclose a conflict."}, follow=True)

    assert confirm.status_code == 200
    assert empty.context["form"].errors == {"reason": ["This field is required."]}
    member.refresh_from_db()
    assert (member.removed_by, member.removal_reason) == (staff, "Did not disclose a conflict.")
    body = done.content.decode()
    assert "is removed from the panel" in body
    assert "Did not disclose a conflict." in body


# -- the page's contents and cost ------------------------------------------------------------


def test_panel_page_lists_members_and_invitations(client, staff):
    cycle = cycle_in()
    signed = factories.seat(
        cycle, user=factories.panelist(full_name="Bea Chair", email="bea@example.org"), chair=True
    )
    factories.seat(cycle, user=factories.panelist(full_name="Cal Unsigned"), attested=False)
    removed = factories.seat(cycle, user=factories.panelist(full_name="Dee Gone"), removed=True)
    removed.removal_reason = "Conflict"
    removed.save()
    invitation_for(cycle.panel, staff, email="eve@example.org", full_name="Eve Invited")

    response = client.get(manage_url(cycle))

    body = response.content.decode()
    names = [m.user.full_name for m in response.context["page"].members]
    assert names == ["Bea Chair", "Cal Unsigned", "Dee Gone"]
    assert "bea@example.org" in body
    assert '<span class="usa-tag">Chair</span>' in body
    assert "Not signed" in body
    assert ": Conflict" in body
    assert "Eve Invited" in body
    assert "Waiting for a reply" in body
    assert response.context["page"].chair == signed


@pytest.mark.parametrize("size", [1, 6])
def test_panel_page_query_count_does_not_grow(client, staff, django_assert_num_queries, size):
    cycle = cycle_in()
    for _ in range(size):
        factories.seat(cycle)
        factories.seat(cycle, removed=True)
    for number in range(size):
        invitation_for(cycle.panel, staff, email=f"invitee{number}@example.org")

    # session, user, role groups, cycle with program and panel, members, invitations
    with django_assert_num_queries(6):
        response = client.get(manage_url(cycle))

    assert len(response.context["page"].members) == 2 * size
    assert len(response.context["page"].invitations) == size


def test_panel_settings_due_date_in_the_past_shows_error_next_to_field(client, staff):
    cycle = cycle_in()
    factories.panel_of(cycle)
    yesterday = timezone.localdate(timezone=cycle.zone) - dt.timedelta(days=1)

    response = client.post(
        manage_url(cycle),
        {
            "attestation_text": "Words",
            "reviewers_per_nomination": "3",
            "review_due": yesterday.isoformat(),
        },
    )

    assert response.status_code == 200
    [error] = response.context["settings_form"].errors["review_due"]
    assert error.startswith("Choose today (")
    assert error.endswith(
        "or a later date: panelists would be told their reviews are already overdue."
    )
    assert Panel.objects.get().review_due is None
    assert AuditEvent.objects.count() == 0


def test_panel_settings_keep_a_due_date_that_has_since_passed(client, staff):
    cycle = cycle_in()
    passed = dt.date(2020, 1, 31)
    factories.panel_of(cycle, review_due=passed)

    response = client.post(
        manage_url(cycle),
        {
            "attestation_text": "Words",
            "reviewers_per_nomination": "4",
            "review_due": passed.isoformat(),
        },
    )

    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.review_due, panel.reviewers_per_nomination) == (passed, 4)

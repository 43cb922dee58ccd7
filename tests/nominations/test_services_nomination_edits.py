"""Editing guards added for the nominator journey: stale copies from another tab, the
deadline for drafts, the response deadline for returned nominations."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, TransitionBlocked
from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.services.nomination import nomination_resubmit, nomination_update_draft
from nominations.states import NominationState
from tests.factories import CycleFactory, NominationFactory, nomination_in

S = NominationState


@pytest.mark.django_db
def test_update_with_the_version_it_read_saves():
    nomination = NominationFactory()

    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        expected_saved_at=nomination.saved_at,
        summary="Saved.",
    )

    assert Nomination.objects.get(pk=nomination.pk).summary == "Saved."


@pytest.mark.django_db
def test_update_from_a_copy_read_before_another_save_conflicts_and_saves_nothing():
    nomination = NominationFactory(summary="Original.")
    read_at = nomination.saved_at
    other_tab = Nomination.objects.get(pk=nomination.pk)
    nomination_update_draft(nomination=other_tab, actor=nomination.nominator, summary="Other tab.")

    with pytest.raises(ConflictError) as caught:
        nomination_update_draft(
            nomination=Nomination.objects.get(pk=nomination.pk),
            actor=nomination.nominator,
            expected_saved_at=read_at,
            summary="Stale tab.",
            nominee_kind="individual",
        )

    assert "changed in another tab or window" in caught.value.message
    stored = Nomination.objects.select_related("nominee").get(pk=nomination.pk)
    assert (stored.summary, stored.nominee.kind) == ("Other tab.", "organization")


@pytest.mark.django_db
def test_update_without_an_expected_version_keeps_the_old_behaviour():
    nomination = NominationFactory()
    stale_time = nomination.saved_at - dt.timedelta(hours=1)
    Nomination.objects.filter(pk=nomination.pk).update(saved_at=stale_time)

    nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="x")

    assert Nomination.objects.get(pk=nomination.pk).summary == "x"


@pytest.mark.django_db
def test_update_of_a_draft_after_the_deadline_is_blocked():
    nomination = NominationFactory()
    Cycle.objects.filter(pk=nomination.cycle_id).update(
        deadline=timezone.now() - dt.timedelta(seconds=1)
    )
    nomination = Nomination.objects.select_related("cycle").get(pk=nomination.pk)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="x")

    assert caught.value.reasons == ["the cycle is no longer accepting nominations"]
    assert Nomination.objects.get(pk=nomination.pk).summary != "x"


@pytest.mark.django_db
def test_returned_nomination_can_be_edited_until_its_due_date_in_the_cycles_zone():
    cycle = CycleFactory(state="closed", time_zone="Pacific/Honolulu")
    today_there = timezone.localdate(timezone=cycle.zone)
    nomination = nomination_in(S.RETURNED, cycle=cycle, info_due_date=today_there)

    nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="On time.")

    assert Nomination.objects.get(pk=nomination.pk).summary == "On time."


@pytest.mark.django_db
def test_returned_nomination_after_its_due_date_cannot_be_edited_or_resubmitted():
    nomination = nomination_in(
        S.RETURNED,
        cycle=CycleFactory(state="closed"),
        info_due_date=timezone.localdate() - dt.timedelta(days=2),
    )

    with pytest.raises(TransitionBlocked):
        nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="x")
    with pytest.raises(TransitionBlocked) as caught:
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    assert caught.value.reasons == ["the response deadline has passed"]
    nomination.refresh_from_db()
    assert nomination.state == S.RETURNED
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_completeness_problems_name_their_fields():
    nomination = NominationFactory(summary="", criterion_innovation=False, performance_end=None)

    assert nomination.completeness_problems_by_field() == [
        ("performance_end", "Enter the performance period."),
        ("criterion_courage", "Choose at least one criterion."),
        ("summary", "Enter a summary."),
    ]
    assert nomination.completeness_problems() == [
        "Enter the performance period.",
        "Choose at least one criterion.",
        "Enter a summary.",
    ]


# -- a returned nomination's edits are audited ------------------------------------------


def returned_nomination() -> Nomination:
    return nomination_in(
        S.RETURNED,
        cycle=CycleFactory(state="closed"),
        info_due_date=timezone.localdate() + dt.timedelta(days=7),
    )


@pytest.mark.django_db
def test_a_save_that_changes_a_returned_nomination_writes_one_event_naming_the_fields():
    nomination = returned_nomination()

    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        expected_saved_at=nomination.saved_at,
        nominee_kind="organization",
        summary="Now with the 2022 annual report.",
        legal_name="Freedom Network, Inc.",
        justification=nomination.justification,
    )

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "nomination.edit",
        "done",
        nomination.nominator,
        Role.NOMINATOR,
    )
    assert (event.object_type, event.object_id) == ("nominations.nomination", str(nomination.pk))
    assert event.note == (
        "Changed while returned for information: nominee: legal name; nomination: summary."
    )
    assert event.data == {"fields": ["nominee.legal_name", "nomination.summary"]}
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.summary, stored.nominee.legal_name, stored.state) == (
        "Now with the 2022 annual report.",
        "Freedom Network, Inc.",
        S.RETURNED,
    )


@pytest.mark.django_db
def test_a_save_of_a_returned_nomination_that_changes_nothing_writes_no_event():
    nomination = returned_nomination()

    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        nominee_kind=nomination.nominee.kind,
        summary=nomination.summary,
    )

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_stale_save_of_a_returned_nomination_changes_and_records_nothing():
    nomination = returned_nomination()
    read_at = nomination.saved_at
    nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="First.")
    assert AuditEvent.objects.filter(action="nomination.edit").count() == 1

    with pytest.raises(ConflictError):
        nomination_update_draft(
            nomination=Nomination.objects.get(pk=nomination.pk),
            actor=nomination.nominator,
            expected_saved_at=read_at,
            summary="Stale.",
        )

    assert Nomination.objects.get(pk=nomination.pk).summary == "First."
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["nomination.edit"]


@pytest.mark.django_db
def test_a_write_by_anyone_but_the_nominator_does_not_make_their_open_page_stale():
    nomination = returned_nomination()
    page_version = nomination.saved_at
    # Staff's and the workflow's writes move updated_at, never the nominator's version.
    staff_copy = Nomination.objects.get(pk=nomination.pk)
    staff_copy.info_request = "Please add the 2022 annual report, with its appendix."
    staff_copy.save(update_fields=["info_request", "updated_at"])
    assert Nomination.objects.get(pk=nomination.pk).updated_at > page_version

    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        expected_saved_at=page_version,
        summary="Saved from the page opened before.",
    )

    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.summary == "Saved from the page opened before."
    assert stored.saved_at > page_version

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from nominations.models import Cycle, Nomination, NomineeKind
from nominations.services.nomination import (
    nomination_create,
    nomination_update_draft,
    nomination_withdraw,
)
from nominations.states import CycleState, NominationState
from tests.factories import (
    CycleFactory,
    NominationFactory,
    award_staff,
    nomination_in,
    nominator,
    panelist,
)

S = NominationState


# -- create and edit drafts ------------------------------------------------------------------


@pytest.mark.django_db
def test_nomination_create_makes_a_draft_with_its_nominee_and_one_audit_event():
    cycle = CycleFactory(state=CycleState.OPEN)
    author = nominator()

    nomination = nomination_create(
        cycle=cycle,
        nominator=author,
        nominee_kind=NomineeKind.INDIVIDUAL,
        nominee_fields={"honorific": "Ms.", "full_name": "Ana Ruiz"},
        possessive="her",
        summary="Built a referral network.",
    )

    nomination.refresh_from_db()
    assert (nomination.state, nomination.reference, nomination.sequence) == (S.DRAFT, None, None)
    assert (nomination.nominator, nomination.cycle, nomination.summary) == (
        author,
        cycle,
        "Built a referral network.",
    )
    assert (nomination.nominee.kind, nomination.nominee.display_name) == (
        "individual",
        "Ms. Ana Ruiz",
    )
    assert nomination.nominee.possessive == "her"
    event = AuditEvent.objects.get()
    assert (event.action, event.to_state, event.actor_role, event.object_id) == (
        "nomination.create",
        "draft",
        Role.NOMINATOR.value,
        str(nomination.pk),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [award_staff, panelist], ids=["staff", "panelist"])
def test_nomination_create_by_someone_without_the_nominator_role_is_refused(make_user):
    cycle = CycleFactory(state=CycleState.OPEN)

    with pytest.raises(NotPermitted):
        nomination_create(cycle=cycle, nominator=make_user(), nominee_kind="organization")

    assert (Nomination.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_nomination_create_in_a_closed_cycle_is_illegal():
    cycle = CycleFactory(state=CycleState.CLOSED)

    with pytest.raises(IllegalTransition) as caught:
        nomination_create(cycle=cycle, nominator=nominator(), nominee_kind="organization")

    assert caught.value.message == f"The {cycle} cycle is closed and is not taking nominations."
    assert (Nomination.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_nomination_create_checks_the_cycle_again_under_its_lock():
    """The caller's copy says open; staff closed the cycle since it was read."""
    cycle = CycleFactory(state=CycleState.OPEN)
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)

    with pytest.raises(IllegalTransition) as caught:
        nomination_create(cycle=cycle, nominator=nominator(), nominee_kind="organization")

    assert caught.value.message == f"The {cycle} cycle is closed and is not taking nominations."
    assert (Nomination.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_nomination_create_after_the_deadline_is_blocked():
    cycle = CycleFactory(state=CycleState.OPEN, deadline=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(TransitionBlocked) as caught:
        nomination_create(cycle=cycle, nominator=nominator(), nominee_kind="organization")

    assert caught.value.reasons == ["the nomination window is not open"]
    assert Nomination.objects.count() == 0


@pytest.mark.django_db
def test_nomination_create_refuses_fields_the_workflow_owns():
    cycle = CycleFactory(state=CycleState.OPEN)

    with pytest.raises(TypeError, match="reference, state"):
        nomination_create(
            cycle=cycle,
            nominator=nominator(),
            nominee_kind="organization",
            state="awarded",
            reference="PA-2030-0001",
        )

    assert Nomination.objects.count() == 0


@pytest.mark.django_db
def test_nomination_update_draft_saves_nomination_and_nominee_fields():
    nomination = NominationFactory()

    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        summary="A new summary.",
        legal_name="Polaris Project",
    )

    nomination.refresh_from_db()
    assert (nomination.summary, nomination.nominee.legal_name) == (
        "A new summary.",
        "Polaris Project",
    )
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_nomination_update_draft_by_another_nominator_is_refused():
    nomination = NominationFactory()

    with pytest.raises(NotPermitted):
        nomination_update_draft(nomination=nomination, actor=nominator(), summary="Mine now.")

    nomination.refresh_from_db()
    assert nomination.summary.startswith("Built a survivor-led")


@pytest.mark.django_db
def test_nomination_update_draft_of_a_submitted_nomination_is_illegal():
    nomination = nomination_in(S.SUBMITTED)

    with pytest.raises(IllegalTransition):
        nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="x")


@pytest.mark.django_db
def test_nomination_update_draft_of_a_stale_copy_conflicts_and_saves_nothing():
    nomination = NominationFactory()
    stale = Nomination.objects.get(pk=nomination.pk)
    nomination_withdraw(nomination=nomination, actor=nomination.nominator)

    with pytest.raises(ConflictError):
        nomination_update_draft(
            nomination=stale, actor=nomination.nominator, summary="Late edit.", city="Denver"
        )

    stale.refresh_from_db()
    assert (stale.state, stale.nominee.city) == (S.WITHDRAWN, "Baltimore")
    assert stale.summary.startswith("Built a survivor-led")


# -- delete a draft (issue 15) -----------------------------------------------------------------


@pytest.mark.django_db
def test_nomination_delete_draft_removes_it_its_files_after_commit_and_audits_once(
    media_root, django_capture_on_commit_callbacks
):
    from nominations.models import Attachment, Nominee
    from nominations.services.attachments import attachment_add
    from nominations.services.nomination import nomination_delete_draft
    from tests.core.pdf_samples import upload, valid_pdf

    draft = NominationFactory(cycle=CycleFactory(state=CycleState.OPEN))
    attachment = attachment_add(
        nomination=draft, actor=draft.nominator, uploaded_file=upload(valid_pdf(), "Report.pdf")
    )
    stored = media_root / attachment.file.name
    pk, nominee_pk = draft.pk, draft.nominee_id

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nomination_delete_draft(nomination=draft, actor=draft.nominator)
    assert stored.exists()  # the file goes only once the deletion is committed
    for callback in callbacks:
        callback()

    assert not stored.exists()
    assert not Nomination.objects.filter(pk=pk).exists()
    assert not Nominee.objects.filter(pk=nominee_pk).exists()
    assert not Attachment.objects.exists()
    event = AuditEvent.objects.get(action="nomination.delete")
    assert (event.actor_role, event.from_state, event.data["attachments"]) == (
        Role.NOMINATOR,
        S.DRAFT,
        1,
    )


@pytest.mark.django_db
def test_nomination_delete_draft_by_someone_else_is_refused_and_changes_nothing():
    from nominations.services.nomination import nomination_delete_draft

    draft = NominationFactory()
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        nomination_delete_draft(nomination=draft, actor=nominator())

    assert Nomination.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_nomination_delete_draft_submitted_meanwhile_is_refused_and_changes_nothing():
    """The page showed a draft, but another tab submitted it: the stored state wins."""
    from nominations.services.nomination import nomination_delete_draft

    submitted = nomination_in(S.SUBMITTED)
    Nomination.objects.filter(pk=submitted.pk).update(state=S.DRAFT)
    stale = Nomination.objects.get(pk=submitted.pk)  # a draft, as the page saw it
    Nomination.objects.filter(pk=submitted.pk).update(state=S.SUBMITTED)
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        nomination_delete_draft(nomination=stale, actor=stale.nominator)

    assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert AuditEvent.objects.count() == events

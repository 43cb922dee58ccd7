"""Running a panel: set-up, settings, chair, removal, and attestation signing."""

import datetime as dt

import pytest

from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.states import CycleState
from reviews.models import DEFAULT_ATTESTATION, Panel, PanelMember
from reviews.services.attestation import SIGNING_CLOSED_MESSAGE, attestation_sign, names_match
from reviews.services.panel import (
    panel_member_remove,
    panel_member_set_chair,
    panel_setup,
    panel_update,
)
from tests import factories

pytestmark = pytest.mark.django_db


def cycle_in(state: str):
    return factories.CycleFactory(state=state, configured=False)


def events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", "outcome"))


# -- set-up -------------------------------------------------------------------------------------


def test_panel_setup_creates_default_panel_with_audit():
    staff, cycle = factories.award_staff(), cycle_in(CycleState.OPEN)

    panel = panel_setup(cycle=cycle, actor=staff)

    assert (panel.cycle, panel.attestation_text, panel.reviewers_per_nomination) == (
        cycle,
        DEFAULT_ATTESTATION,
        3,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id, event.data) == (
        "panel.setup",
        staff,
        str(panel.pk),
        {"cycle": cycle.pk},
    )


def test_panel_setup_twice_is_refused():
    staff, cycle = factories.award_staff(), cycle_in(CycleState.SETUP)
    panel_setup(cycle=cycle, actor=staff)

    with pytest.raises(IllegalTransition, match="already has a panel"):
        panel_setup(cycle=cycle, actor=staff)

    assert Panel.objects.count() == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("state", [CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED])
def test_panel_setup_after_review_is_refused(state):
    with pytest.raises(IllegalTransition):
        panel_setup(cycle=cycle_in(state), actor=factories.award_staff())

    assert Panel.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("make_user", [factories.panelist, factories.nominator])
def test_panel_setup_by_non_staff_is_refused(make_user):
    with pytest.raises(NotPermitted):
        panel_setup(cycle=cycle_in(CycleState.OPEN), actor=make_user())

    assert Panel.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# -- settings -----------------------------------------------------------------------------------


def test_panel_update_saves_changed_fields_and_audits_old_and_new():
    staff = factories.award_staff()
    panel = factories.panel_of(cycle_in(CycleState.REVIEW))

    panel_update(
        panel=panel,
        actor=staff,
        fields={
            "reviewers_per_nomination": 4,
            "max_per_panelist": 6,
            "review_due": dt.date(2031, 3, 1),
            "blind_review": False,
        },
    )

    panel.refresh_from_db()
    assert (panel.reviewers_per_nomination, panel.max_per_panelist, panel.review_due) == (
        4,
        6,
        dt.date(2031, 3, 1),
    )
    event = AuditEvent.objects.get()
    assert event.action == "panel.update"
    assert event.data == {
        "reviewers_per_nomination": [3, 4],
        "max_per_panelist": [None, 6],
        "review_due": [None, "2031-03-01"],
    }


def test_panel_update_without_change_writes_nothing():
    panel = factories.panel_of(cycle_in(CycleState.OPEN))

    panel_update(panel=panel, actor=factories.award_staff(), fields={"blind_review": False})

    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("k", [0, 11])
def test_panel_update_k_out_of_range_is_refused(k):
    panel = factories.panel_of(cycle_in(CycleState.OPEN))

    with pytest.raises(InvalidInput, match="from 1 to 10"):
        panel_update(
            panel=panel, actor=factories.award_staff(), fields={"reviewers_per_nomination": k}
        )

    panel.refresh_from_db()
    assert panel.reviewers_per_nomination == 3
    assert AuditEvent.objects.count() == 0


def test_panel_update_statement_after_someone_signed_is_refused():
    cycle = cycle_in(CycleState.REVIEW)
    factories.seat(cycle, attested=True)
    panel = cycle.panel

    with pytest.raises(IllegalTransition, match="already signed"):
        panel_update(
            panel=panel, actor=factories.award_staff(), fields={"attestation_text": "New words."}
        )

    panel.refresh_from_db()
    assert panel.attestation_text == DEFAULT_ATTESTATION
    assert AuditEvent.objects.count() == 0


def test_panel_update_statement_before_anyone_signed_is_saved():
    cycle = cycle_in(CycleState.CLOSED)
    factories.seat(cycle, attested=False)

    panel_update(
        panel=cycle.panel, actor=factories.award_staff(), fields={"attestation_text": "New words."}
    )

    cycle.panel.refresh_from_db()
    assert cycle.panel.attestation_text == "New words."


def test_panel_update_after_review_is_refused():
    panel = factories.panel_of(cycle_in(CycleState.SELECTION))

    with pytest.raises(IllegalTransition, match="cannot change its panel's settings"):
        panel_update(panel=panel, actor=factories.award_staff(), fields={"blind_review": True})

    assert AuditEvent.objects.count() == 0


# -- chair and removal ----------------------------------------------------------------------------


def test_panel_member_set_chair_unsets_previous_chair():
    cycle = cycle_in(CycleState.REVIEW)
    old = factories.seat(cycle, chair=True)
    new = factories.seat(cycle)
    staff = factories.award_staff()

    panel_member_set_chair(member=new, actor=staff, chair=True)

    assert list(PanelMember.objects.filter(is_chair=True)) == [new]
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.data) == (
        "panel.chair",
        str(new.pk),
        {"panel": cycle.panel.pk, "chair": True, "unset": [old.pk]},
    )


def test_panel_member_set_chair_false_unsets():
    member = factories.seat(cycle_in(CycleState.OPEN), chair=True)

    panel_member_set_chair(member=member, actor=factories.award_staff(), chair=False)

    member.refresh_from_db()
    assert member.is_chair is False
    assert events() == [("panel.chair", "done")]


def test_panel_member_set_chair_on_removed_seat_is_refused():
    member = factories.seat(cycle_in(CycleState.OPEN), removed=True)

    with pytest.raises(IllegalTransition, match="removed panelist cannot be the chair"):
        panel_member_set_chair(member=member, actor=factories.award_staff(), chair=True)

    assert PanelMember.objects.filter(is_chair=True).count() == 0
    assert AuditEvent.objects.count() == 0


def test_panel_member_remove_keeps_seat_and_reviews_and_unsets_chair():
    cycle = factories.review_cycle(nominations=1, panelists=1)
    member = PanelMember.objects.get()
    member.is_chair = True
    member.save()
    nomination = cycle.nominations.get()
    review = factories.review_of(nomination, member, overall=2)
    staff = factories.award_staff()

    panel_member_remove(member=member, actor=staff, reason=" Undisclosed conflict. ")

    member.refresh_from_db()
    assert (member.removed_by, member.removal_reason, member.is_chair) == (
        staff,
        "Undisclosed conflict.",
        False,
    )
    assert member.removed_at is not None
    review.refresh_from_db()
    assert (review.member, review.overall, review.is_submitted) == (member, 2, True)
    assert member.assignments.count() == 1
    event = AuditEvent.objects.get()
    assert (event.action, event.note, event.data) == (
        "panel.member_remove",
        "Undisclosed conflict.",
        {"panel": cycle.panel.pk, "user": member.user_id, "was_chair": True},
    )


def test_panel_member_remove_without_reason_is_refused():
    member = factories.seat(cycle_in(CycleState.OPEN))

    with pytest.raises(InvalidInput, match="why"):
        panel_member_remove(member=member, actor=factories.award_staff(), reason="  ")

    member.refresh_from_db()
    assert member.removed_at is None
    assert AuditEvent.objects.count() == 0


def test_panel_member_remove_twice_is_refused():
    member = factories.seat(cycle_in(CycleState.OPEN), removed=True)

    with pytest.raises(IllegalTransition, match="already been removed"):
        panel_member_remove(member=member, actor=factories.award_staff(), reason="Again")

    assert AuditEvent.objects.count() == 0


def test_panel_member_remove_by_panelist_is_refused():
    cycle = cycle_in(CycleState.OPEN)
    member = factories.seat(cycle)
    chair = factories.seat(cycle, chair=True)

    with pytest.raises(NotPermitted):
        panel_member_remove(member=member, actor=chair.user, reason="I do not like them")

    member.refresh_from_db()
    assert member.removed_at is None
    assert AuditEvent.objects.count() == 0


# -- attestation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ana ruiz", True), ("  ANA   Ruiz ", True), ("Ana R.", False), ("Ruiz Ana", False)],
)
def test_names_match_ignores_case_and_spacing_only(typed, expected):
    assert names_match(typed, "Ana Ruiz") is expected


def test_attestation_sign_records_statement_name_and_time():
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(CycleState.REVIEW), user=user, attested=False)
    member.panel.attestation_text = "I will keep it all confidential."
    member.panel.save()

    attestation_sign(member=member, actor=user, typed_name=" ana  ruiz ", agreed=True)

    member.refresh_from_db()
    assert (member.attestation_name, member.attestation_statement) == (
        "ana ruiz",
        "I will keep it all confidential.",
    )
    assert member.attested_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id, event.data) == (
        "panel.attest",
        user,
        str(member.pk),
        {"panel": member.panel_id, "name": "ana ruiz"},
    )


def test_attestation_sign_name_mismatch_is_refused():
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(CycleState.REVIEW), user=user, attested=False)

    with pytest.raises(InvalidInput, match="as it is on your account: Ana Ruiz"):
        attestation_sign(member=member, actor=user, typed_name="Ann Ruiz", agreed=True)

    member.refresh_from_db()
    assert member.attested_at is None
    assert AuditEvent.objects.count() == 0


def test_attestation_sign_without_agreement_is_refused():
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(CycleState.REVIEW), user=user, attested=False)

    with pytest.raises(InvalidInput, match="Tick the box"):
        attestation_sign(member=member, actor=user, typed_name="Ana Ruiz", agreed=False)

    assert AuditEvent.objects.count() == 0


def test_attestation_sign_account_without_name_takes_typed_name():
    user = factories.panelist(full_name="")
    member = factories.seat(cycle_in(CycleState.REVIEW), user=user, attested=False)

    attestation_sign(member=member, actor=user, typed_name="Ana Ruiz", agreed=True)

    user.refresh_from_db()
    assert user.full_name == "Ana Ruiz"


def test_attestation_sign_someone_elses_seat_is_refused():
    member = factories.seat(cycle_in(CycleState.REVIEW), attested=False)
    other = factories.panelist(full_name=member.user.full_name)

    with pytest.raises(NotPermitted):
        attestation_sign(member=member, actor=other, typed_name=other.full_name, agreed=True)

    member.refresh_from_db()
    assert member.attested_at is None
    assert AuditEvent.objects.count() == 0


def test_attestation_sign_removed_seat_is_refused():
    member = factories.seat(cycle_in(CycleState.REVIEW), attested=False, removed=True)

    with pytest.raises(NotPermitted):
        attestation_sign(
            member=member, actor=member.user, typed_name=member.user.full_name, agreed=True
        )

    assert AuditEvent.objects.count() == 0


def test_attestation_sign_twice_is_refused():
    member = factories.seat(cycle_in(CycleState.REVIEW), attested=True)
    signed_at = member.attested_at

    with pytest.raises(IllegalTransition, match="already signed"):
        attestation_sign(
            member=member, actor=member.user, typed_name=member.user.full_name, agreed=True
        )

    member.refresh_from_db()
    assert member.attested_at == signed_at
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("state", [CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED])
def test_attestation_sign_refused_once_panel_review_has_ended(state):
    """A seat left unsigned cannot sign during selection and then open the nominations."""
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(state), user=user, attested=False)

    with pytest.raises(IllegalTransition) as raised:
        attestation_sign(member=member, actor=user, typed_name="Ana Ruiz", agreed=True)

    assert raised.value.message == SIGNING_CLOSED_MESSAGE
    member.refresh_from_db()
    assert (member.attested_at, member.attestation_name) == (None, "")
    assert AuditEvent.objects.count() == 0


def test_attestation_sign_rechecks_the_cycle_under_the_lock():
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(CycleState.REVIEW), user=user, attested=False)
    stale = type(member).objects.select_related("panel__cycle").get(pk=member.pk)
    type(member.panel.cycle).objects.filter(pk=member.panel.cycle_id).update(
        state=CycleState.SELECTION
    )

    with pytest.raises(IllegalTransition):
        attestation_sign(member=stale, actor=user, typed_name="Ana Ruiz", agreed=True)

    member.refresh_from_db()
    assert member.attested_at is None
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    "state", [CycleState.SETUP, CycleState.OPEN, CycleState.CLOSED, CycleState.REVIEW]
)
def test_attestation_sign_allowed_until_panel_review_ends(state):
    user = factories.panelist(full_name="Ana Ruiz")
    member = factories.seat(cycle_in(state), user=user, attested=False)

    attestation_sign(member=member, actor=user, typed_name="Ana Ruiz", agreed=True)

    member.refresh_from_db()
    assert member.attested_at is not None

"""Running a cycle's panel: setting it up, its settings, its chair, removing a panelist.

What may change, and when (enforced here, shown on the staff panel page):

- The panel's settings (k, the per-panelist cap, the due date, blind review, showing
  scores after submitting) while the cycle is in set-up, open, closed or in review
  (`PANEL_MANAGE_STATES`); after that the panel is part of the record.
- The attestation text only until the first panelist signs it: everyone on a panel
  signs the same words. Each seat also keeps the text as signed.
- The chair and removals in the same states. One chair per panel: naming a new chair
  unsets the old one. Removing a panelist keeps their seat, assignments and reviews
  (their submitted scores stay, marked by the seat's `removed_at`); they lose all access
  because every panel rule reads only active seats.

Award staff only. Every write is one audit event ("panel.setup", "panel.update",
"panel.chair", "panel.member_remove"). A refused call raises a WorkflowError and changes
nothing. Nothing here sends email.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations.models import Cycle, Nomination
from nominations.selectors.parties import party_nomination_ids
from reviews import rules
from reviews.models import Panel, PanelMember
from reviews.selectors.panel import PANEL_MANAGE_STATES, panel_is_open_for_changes

PANEL_SETTING_FIELDS = frozenset(
    {
        "attestation_text",
        "reviewers_per_nomination",
        "max_per_panelist",
        "review_due",
        "blind_review",
        "show_scores_after_submit",
    }
)
MIN_REVIEWERS, MAX_REVIEWERS = 1, 10


def editable_panel_fields(panel: Panel, *, anyone_signed: bool) -> frozenset[str]:
    """The settings that may change now; `anyone_signed`: a seat has signed the statement."""
    if not panel_is_open_for_changes(panel.cycle):
        return frozenset()
    if anyone_signed:
        return PANEL_SETTING_FIELDS - {"attestation_text"}
    return PANEL_SETTING_FIELDS


def panel_setup(*, cycle: Cycle, actor) -> Panel:
    """Create the cycle's panel with the default statement and settings.

    Award staff only, while the cycle is in PANEL_MANAGE_STATES. Creates one Panel with
    one "panel.setup" audit event. A cycle that already has a panel is refused.
    """
    require_panel_manager(actor)
    if not panel_is_open_for_changes(cycle):
        raise IllegalTransition(
            f"A cycle that is {cycle.get_state_display().lower()} cannot get a panel."
        )
    try:
        with transaction.atomic():
            panel = Panel.objects.create(cycle=cycle)
            audit_record(
                action="panel.setup",
                actor=actor,
                obj=panel,
                data={"cycle": cycle.pk},
                role=Role.AWARD_STAFF,
            )
    except IntegrityError as error:
        raise IllegalTransition(f"{cycle} already has a panel.") from error
    return panel


def panel_update(*, panel: Panel, actor, fields: dict) -> Panel:
    """Change the panel's settings to `fields` (any of PANEL_SETTING_FIELDS).

    Award staff only, within `editable_panel_fields`. Saves only the fields that changed,
    with one "panel.update" audit event listing each old and new value (the statement's
    text is summarized by its length, not copied). Changing nothing writes nothing.
    """
    require_panel_manager(actor)
    unknown = set(fields) - PANEL_SETTING_FIELDS
    if unknown:
        raise InvalidInput(f"These are not panel settings: {', '.join(sorted(unknown))}.")
    _check_settings(fields)
    with transaction.atomic():
        locked = (
            Panel.objects.select_for_update(no_key=True).select_related("cycle").get(pk=panel.pk)
        )
        changed = {
            name: (getattr(locked, name), value)
            for name, value in fields.items()
            if getattr(locked, name) != value
        }
        if not changed:
            return locked
        anyone_signed = locked.members.filter(attested_at__isnull=False).exists()
        refused = set(changed) - editable_panel_fields(locked, anyone_signed=anyone_signed)
        if refused == {"attestation_text"}:
            raise IllegalTransition(
                "A panelist has already signed the attestation, so its text can no longer change."
            )
        if refused:
            raise IllegalTransition(
                f"A cycle that is {locked.cycle.get_state_display().lower()} cannot change "
                "its panel's settings."
            )
        for name, (_old, new) in changed.items():
            setattr(locked, name, new)
        locked.save(update_fields=sorted(changed))
        audit_record(
            action="panel.update",
            actor=actor,
            obj=locked,
            data={name: [old, new] for name, (old, new) in changed.items()},
            role=Role.AWARD_STAFF,
        )
    return locked


def panel_member_set_chair(*, member: PanelMember, actor, chair: bool) -> PanelMember:
    """Make `member` the panel's chair (`chair=True`, unsetting any other) or unset it.

    Award staff only, while the panel may change; a removed panelist cannot be chair.
    Updates the seats' `is_chair` with one "panel.chair" audit event naming the previous
    chair. Asking for what already is writes nothing.
    """
    require_panel_manager(actor)
    with transaction.atomic():
        locked = _locked_member(member)
        if locked.is_chair == chair:
            return locked
        if chair and not locked.is_active:
            raise IllegalTransition("A removed panelist cannot be the chair.")
        previous = list(
            PanelMember.objects.filter(panel_id=locked.panel_id, is_chair=True)
            .exclude(pk=locked.pk)
            .values_list("pk", flat=True)
        )
        if chair:
            PanelMember.objects.filter(pk__in=previous).update(is_chair=False)
        locked.is_chair = chair
        locked.save(update_fields=["is_chair"])
        audit_record(
            action="panel.chair",
            actor=actor,
            obj=locked,
            data={"panel": locked.panel_id, "chair": chair, "unset": previous if chair else []},
            role=Role.AWARD_STAFF,
        )
    member.is_chair = chair
    return locked


@audits_refusals("panel.member_remove", obj="member", of=(NotPermitted,))
def panel_member_remove(*, member: PanelMember, actor, reason: str) -> PanelMember:
    """Take a panelist off the panel, with a reason.

    Award staff only, while the panel may change. Sets `removed_at`, `removed_by` and
    `removal_reason` (and unsets chair) with one "panel.member_remove" audit event. The
    seat, its assignments and its reviews stay: submitted scores remain, marked by the
    removal. Refused (NotPermitted) to staff who are a party to a nomination the panelist
    is assigned to or has reviewed, since removing them changes who scores it; that
    refusal is recorded as a denied "panel.member_remove". Schedules nothing.
    """
    require_panel_manager(actor)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Enter why the panelist is being removed.")
    with transaction.atomic():
        locked = _locked_member(member)
        if not locked.is_active:
            raise IllegalTransition("This panelist has already been removed.")
        _check_not_a_party_to_their_nominations(locked, actor)
        locked.removed_at = timezone.now()
        locked.removed_by = actor
        locked.removal_reason = reason
        was_chair, locked.is_chair = locked.is_chair, False
        locked.save(update_fields=["removed_at", "removed_by", "removal_reason", "is_chair"])
        audit_record(
            action="panel.member_remove",
            actor=actor,
            obj=locked,
            note=reason,
            data={"panel": locked.panel_id, "user": locked.user_id, "was_chair": was_chair},
            role=Role.AWARD_STAFF,
        )
    return locked


def _check_not_a_party_to_their_nominations(member: PanelMember, actor) -> None:
    reviewed = Nomination.objects.filter(
        Q(assignments__member=member) | Q(reviews__member=member)
    ).distinct()
    own = party_nomination_ids(actor, reviewed)
    if own:
        references = ", ".join(
            sorted(reviewed.filter(pk__in=own).values_list("reference", flat=True))
        )
        raise NotPermitted(
            f"You are a party to {references}, which this panelist reviews, so another "
            "member of award staff decides whether to remove them."
        )


def require_panel_manager(actor) -> None:
    """Raise NotPermitted unless `actor` may run panels (award staff)."""
    if not rules.can_manage_panel(actor):
        raise NotPermitted("Only award staff can manage review panels.")


# -- internals ---------------------------------------------------------------------------------


def _locked_member(member: PanelMember) -> PanelMember:
    """The seat under its row lock, after the panel's and the cycle's (the lock order of
    reviews/services/conflicts.py), each locked in a statement of its own."""
    panel = Panel.objects.select_for_update(no_key=True).get(pk=member.panel_id)
    panel.cycle = Cycle.objects.select_for_update(no_key=True).get(pk=panel.cycle_id)
    locked = (
        PanelMember.objects.select_for_update(no_key=True, of=("self",))
        .select_related("user")
        .get(pk=member.pk)
    )
    locked.panel = panel
    if not panel_is_open_for_changes(locked.panel.cycle):
        raise IllegalTransition(
            f"A cycle that is {locked.panel.cycle.get_state_display().lower()} cannot change "
            "its panel."
        )
    return locked


def _check_settings(fields: dict) -> None:
    problems = []
    k = fields.get("reviewers_per_nomination")
    if k is not None and not MIN_REVIEWERS <= k <= MAX_REVIEWERS:
        problems.append(
            f"Reviewers per nomination must be from {MIN_REVIEWERS} to {MAX_REVIEWERS}."
        )
    cap = fields.get("max_per_panelist")
    if cap is not None and cap < 1:
        problems.append("The most nominations per panelist must be at least 1, or blank.")
    if "attestation_text" in fields and not (fields["attestation_text"] or "").strip():
        problems.append("Enter the attestation statement panelists sign.")
    due = fields.get("review_due")
    if due is not None and not isinstance(due, dt.date):
        problems.append("Enter the review due date as a date.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)


def panel_copy_settings(*, source: Cycle, target: Cycle, shift) -> str | None:
    """Give `target` a panel set up as `source`'s: its statement, k, the per-panelist
    cap, blind review and showing scores; the due date moved by `shift` (None: blank).

    Called by `nominations.services.cycle_copy.cycle_copy` inside its transaction,
    which checks the actor and records the audit event; registered in ReviewsConfig.
    Never copies members, invitations or assignments. None when `source` has no panel.
    """
    panel = Panel.objects.filter(cycle=source).first()
    if panel is None:
        return None
    Panel.objects.create(
        cycle=target,
        attestation_text=panel.attestation_text,
        reviewers_per_nomination=panel.reviewers_per_nomination,
        max_per_panelist=panel.max_per_panelist,
        review_due=shift(panel.review_due),
        blind_review=panel.blind_review,
        show_scores_after_submit=panel.show_scores_after_submit,
    )
    return "panel settings"


__all__ = [
    "MAX_REVIEWERS",
    "MIN_REVIEWERS",
    "PANEL_MANAGE_STATES",
    "PANEL_SETTING_FIELDS",
    "editable_panel_fields",
    "panel_copy_settings",
    "panel_is_open_for_changes",
    "panel_member_remove",
    "panel_member_set_chair",
    "panel_setup",
    "panel_update",
    "require_panel_manager",
]

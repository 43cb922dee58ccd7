"""Reads for the staff page of one nomination: versions and their diffs, the audit
timeline, and the transition buttons the user may press."""

from dataclasses import dataclass, field
from datetime import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from core.transitions import blockers_for
from nominations.domain.diff import DiffBlock, FileChange, file_changes, paragraph_diff
from nominations.domain.emails import endorser_address_flag
from nominations.domain.fields import FIELD
from nominations.models import Nomination, NominationVersion, Nominee
from nominations.states import NominationState

# Transitions that need more than a click: they have a page of their own.
TRANSITION_PAGES = {
    "return_for_info": "nominations:staff_return_for_info",
    "take_back": "nominations:staff_take_back",
    "extend_due_date": "nominations:staff_extend_due_date",
    "mark_ineligible": "nominations:staff_mark_ineligible",
}
# Snapshot fields that change on every version or are bookkeeping, not content.
DIFF_IGNORED = frozenset(
    {
        "id",
        "cycle_id",
        "nominator_id",
        "nominee_id",
        "state",
        "sequence",
        "reference",
        "created_at",
        "updated_at",
        "saved_at",
        "submitted_at",
        "duplicate_case_id",
        "info_request",
        "info_due_date",
        "ineligible_reason",
        "withdrawal_reason",
    }
)


def nomination_for_staff(pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("cycle__program", "nominee", "nominator"), pk=pk
    )


def flag_endorser_addresses(nomination: Nomination, requests: list) -> None:
    """Set `address_flag` on each endorsement request: "" or what staff should notice
    (the nominator's own address or domain, see nominations.domain.emails)."""
    for request in requests:
        request.address_flag = endorser_address_flag(request.email, nomination.nominator.email)


# -- versions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    blocks: list[DiffBlock]


@dataclass(frozen=True)
class VersionEntry:
    version: NominationVersion
    changes: list[FieldChange] = field(default_factory=list)
    file_changes: list[FileChange] = field(default_factory=list)

    @property
    def files(self) -> list[dict] | None:
        """The attachments as they stood at this version; None for a version kept before
        versions listed their files."""
        return self.version.snapshot.get("attachments")


def version_history(nomination: Nomination) -> list[VersionEntry]:
    """Each version, with what changed since the one before it (the first has none)."""
    versions = list(
        NominationVersion.objects.filter(nomination=nomination)
        .select_related("created_by")
        .order_by("number")
    )
    entries = []
    previous = None
    for version in versions:
        if previous is None:
            entries.append(VersionEntry(version=version))
        else:
            entries.append(
                VersionEntry(
                    version=version,
                    changes=snapshot_changes(previous.snapshot, version.snapshot),
                    file_changes=file_changes(
                        previous.snapshot.get("attachments"), version.snapshot.get("attachments")
                    ),
                )
            )
        previous = version
    return entries


def snapshot_changes(before: dict, after: dict) -> list[FieldChange]:
    """The fields whose values differ between two snapshots, paragraph by paragraph
    (`nominations.domain.diff.paragraph_diff`)."""
    changes = []
    for section, model in (("nominee", Nominee), ("nomination", Nomination)):
        old_values, new_values = before.get(section, {}), after.get(section, {})
        for name in new_values.keys() | old_values.keys():
            if name in DIFF_IGNORED:
                continue
            old, new = old_values.get(name), new_values.get(name)
            if old != new:
                changes.append((_label(model, section, name), paragraph_diff(old, new)))
    return [
        FieldChange(label=label, blocks=blocks)
        for label, blocks in sorted(changes, key=lambda change: change[0])
    ]


def _label(model, section: str, attname: str) -> str:
    try:
        verbose = str(model._meta.get_field(attname).verbose_name)
    except LookupError:
        verbose = attname.replace("_", " ")
    return f"{'Nominee' if section == 'nominee' else 'Nomination'}: {verbose}"


# -- audit timeline --------------------------------------------------------------------


# The panel's events on a nomination: who reviews it, their conflicts, scores, comments.
PANEL_EVENT_PREFIXES = ("assignment.", "comment.", "conflict.", "panel.", "review.")


def nomination_timeline(nomination: Nomination, *, panel_data: bool = True) -> list[AuditEvent]:
    """Every audit event about this nomination, oldest first, in one query; without the
    panel's events (`PANEL_EVENT_PREFIXES`) when `panel_data` is false, for staff who are
    a party to the nomination."""
    events = AuditEvent.objects.filter(
        object_type=Nomination._meta.label_lower, object_id=str(nomination.pk)
    )
    if not panel_data:
        for prefix in PANEL_EVENT_PREFIXES:
            events = events.exclude(action__startswith=prefix)
    return list(events.select_related("actor").order_by("pk"))


# The moves that end a request for information: the nominator's answer, or staff taking
# the nomination back without one.
REQUEST_CLOSINGS = {"nomination.resubmit": "answered", "nomination.take_back": "taken_back"}


@dataclass(frozen=True)
class InfoRequestStatus:
    """Where the nomination's latest request for information stands: "open" (returned,
    waiting for the nominator), "answered" (resent by the nominator at `closed_at`),
    "taken_back" (by staff at `closed_at`, without an answer) or "closed" (back in
    vetting, with no record of how)."""

    status: str
    requested_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def info_request_status(
    nomination: Nomination, timeline: list[AuditEvent]
) -> InfoRequestStatus | None:
    """The status of the latest request for information (None when none was made), read
    from the audit timeline the page has already loaded: no query of its own."""
    if not nomination.info_request:
        return None
    requested_at = closed_at = None
    status = "closed"
    for event in timeline:
        if event.outcome != "done":
            continue
        if event.action == "nomination.return_for_info":
            requested_at, closed_at, status = event.created_at, None, "closed"
        elif event.action in REQUEST_CLOSINGS and requested_at is not None and closed_at is None:
            closed_at, status = event.created_at, REQUEST_CLOSINGS[event.action]
    if nomination.state == NominationState.RETURNED:
        return InfoRequestStatus(status="open", requested_at=requested_at)
    return InfoRequestStatus(status=status, requested_at=requested_at, closed_at=closed_at)


# -- transition buttons ----------------------------------------------------------------


@dataclass(frozen=True)
class TransitionButton:
    name: str
    label: str
    reasons: list[str]
    page_url: str  # set for the transitions with a page of their own; else a POST button

    @property
    def enabled(self) -> bool:
        return not self.reasons


def transition_buttons(nomination: Nomination, user) -> list[TransitionButton]:
    """One button per staff transition out of the current state that the user may make;
    disabled with the guard's reasons when its conditions fail."""
    buttons = []
    for transition in _declared_transitions(nomination):
        if transition.source not in (nomination.state, "*", "+"):
            continue
        if transition.custom.get("role") != Role.AWARD_STAFF:
            continue
        if not transition.has_perm(nomination, user):
            continue
        page = TRANSITION_PAGES.get(transition.name)
        if transition.name == "advance":
            # Advancing needs a briefing note: it is done from the slate.
            page_url = reverse("selection:slate_entry", args=[nomination.cycle_id, nomination.pk])
        else:
            page_url = reverse(page, args=[nomination.pk]) if page else ""
        buttons.append(
            TransitionButton(
                name=transition.name,
                label=transition.custom.get("label", transition.name),
                reasons=blockers_for(nomination, transition),
                page_url=page_url,
            )
        )
    return buttons


@dataclass(frozen=True)
class OthersMove:
    role: str
    labels: list[str]


def moves_of_others(nomination: Nomination) -> list[OthersMove]:
    """The moves out of the current state that belong to another role than award staff
    (the nominator's, the selecting official's), by role in declaration order: what the
    staff page says when staff themselves have nothing to press."""
    by_role: dict[str, list[str]] = {}
    for transition in _declared_transitions(nomination):
        if transition.source not in (nomination.state, "*", "+"):
            continue
        role = transition.custom.get("role")
        if role and role != Role.AWARD_STAFF:
            by_role.setdefault(role, []).append(transition.custom.get("label", transition.name))
    return [OthersMove(role=role, labels=labels) for role, labels in by_role.items()]


def _declared_transitions(nomination: Nomination) -> list:
    """Every transition of the model, in the order the model declares them, which
    follows the workflow."""
    declared = {name: index for index, name in enumerate(vars(type(nomination)))}
    return sorted(nomination.get_all_state_transitions(), key=lambda item: declared[item.name])


def chosen_labels(nomination: Nomination, names: tuple[str, ...]) -> list[str]:
    """The labels of the boxes in `names` that are ticked (`nominations.domain.fields`)."""
    return [FIELD[name].label for name in names if getattr(nomination, name)]

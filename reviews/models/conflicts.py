"""Conflicts of interest between a panelist and a nomination."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.workflow import no_blockers, permitted_by
from nominations.models import Nomination
from reviews.models.panel import PanelMember
from reviews.states import BLOCKING_STATUSES, ConflictKind, ConflictStatus


def _can_declare_existing_conflict(user, conflict: "Conflict") -> bool:
    # reviews.rules reads these models, so it is imported when a permission is asked.
    from reviews.rules import can_declare_existing_conflict

    return can_declare_existing_conflict(user, conflict)


def _can_decide_conflict(user, conflict: "Conflict") -> bool:
    from reviews.rules import can_decide_conflict

    return can_decide_conflict(user, conflict)


class Conflict(ConcurrentTransitionMixin, models.Model):
    """One (nomination, panelist) conflict: declared, suggested, or decided by staff.

    A conflict is created in its first status, passed to the constructor (declared by
    the panelist, suggested or "party" by the system); after that `status` is protected
    and only the transitions below change it, through `reviews.services.conflicts`. The
    panelist and staff both act on a conflict, so ConcurrentTransitionMixin refuses to
    save a copy whose status changed in the database since it was read.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    reason = models.TextField()
    status = FSMField(max_length=20, choices=ConflictStatus.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_conflict_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.member.user} / {self.nomination}"

    @property
    def blocks(self) -> bool:
        return self.status in BLOCKING_STATUSES

    # -- guards: each returns the reasons a transition cannot happen yet -----------------

    def change_blockers(self) -> list[str]:
        """Conflicts change only while assignments may (`rules.conflicts_may_change`).
        Reads `self.nomination.cycle`: the services pass the copies they locked."""
        from reviews.rules import CONFLICTS_CLOSED_MESSAGE, conflicts_may_change

        return [] if conflicts_may_change(self.nomination.cycle) else [CONFLICTS_CLOSED_MESSAGE]

    # -- transitions: only in-memory changes here; the services save and audit -----------

    @transition(
        field=status,
        # The panelist knows best: a suggestion, or a conflict staff dismissed or waived,
        # becomes their declaration.
        source=[ConflictStatus.SUGGESTED, ConflictStatus.DISMISSED, ConflictStatus.WAIVED],
        target=ConflictStatus.DECLARED,
        conditions=[no_blockers("change_blockers")],
        permission=permitted_by(_can_declare_existing_conflict),
    )
    def declare(self, *, kind: str, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        self._clear_decision()

    @transition(
        field=status,
        # Being a party to the nomination overrides anything recorded before; nobody can
        # dismiss, waive or override it, so there is no transition out of PARTY.
        source=[
            ConflictStatus.SUGGESTED,
            ConflictStatus.DECLARED,
            ConflictStatus.CONFIRMED,
            ConflictStatus.DISMISSED,
            ConflictStatus.WAIVED,
        ],
        target=ConflictStatus.PARTY,
    )
    def record_party(self, *, reason: str) -> None:
        self.kind = ConflictKind.PARTY
        self.reason = reason
        self._clear_decision()

    @transition(
        field=status,
        source=[ConflictStatus.SUGGESTED, ConflictStatus.DECLARED],
        target=ConflictStatus.CONFIRMED,
        conditions=[no_blockers("change_blockers")],
        permission=permitted_by(_can_decide_conflict),
    )
    def confirm(self, *, by, reason: str) -> None:
        self._record_decision(by, reason)

    @transition(
        field=status,
        source=ConflictStatus.SUGGESTED,
        target=ConflictStatus.DISMISSED,
        conditions=[no_blockers("change_blockers")],
        permission=permitted_by(_can_decide_conflict),
    )
    def dismiss(self, *, by, reason: str) -> None:
        self._record_decision(by, reason)

    @transition(
        field=status,
        source=[ConflictStatus.DECLARED, ConflictStatus.CONFIRMED],
        target=ConflictStatus.WAIVED,
        conditions=[no_blockers("change_blockers")],
        permission=permitted_by(_can_decide_conflict),
    )
    def waive(self, *, by, reason: str) -> None:
        self._record_decision(by, reason)

    def _record_decision(self, by, reason: str) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason

    def _clear_decision(self) -> None:
        """A new declaration or party finding replaces the earlier staff decision on the
        row; the audit log keeps it."""
        self.decided_by = None
        self.decided_at = None
        self.decision_reason = ""

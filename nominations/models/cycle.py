import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.roles import Role
from core.models import AuditEvent
from core.workflow import no_blockers, permitted_by
from nominations import rules
from nominations.cycle_moves import panel_readiness_blockers
from nominations.domain.vetting import Unvetted, still_being_vetted
from nominations.models.program import AwardProgram
from nominations.states import VETTING_STATES, CycleState, NominationState

DEFAULT_TIME_ZONE = "America/New_York"
TIME_ZONE_CHOICES = [
    (name, name)
    for name in (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "UTC",
    )
]


# While every nomination of a closed cycle is in one of these, no one has vetted any.
# The one reason reopening can be blocked that its own page resolves (a new deadline).
REOPEN_DEADLINE_PASSED = "the deadline has passed: enter a new deadline"
REOPEN_NOMINATION_STATES = (
    NominationState.DRAFT,
    NominationState.SUBMITTED,
    NominationState.WITHDRAWN,
)


def signature_image_upload_to(instance: "Cycle", filename: str) -> str:
    # A generated name: the uploader's file name never reaches the file system.
    return f"certificate-images/signature-{uuid.uuid4()}.png"


class Cycle(ConcurrentTransitionMixin, models.Model):
    """One award year of a program, from set-up to the archived record (DESIGN.md §2.1)."""

    program = models.ForeignKey(AwardProgram, on_delete=models.PROTECT, related_name="cycles")
    award_year = models.PositiveSmallIntegerField(
        help_text="The year the award is for, e.g. 2022 (presented in 2023)."
    )
    state = FSMField(choices=CycleState.choices, default=CycleState.SETUP, protected=True)

    opens_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=40, choices=TIME_ZONE_CHOICES, default=DEFAULT_TIME_ZONE
    )
    performance_start = models.DateField(null=True, blank=True)
    performance_end = models.DateField(null=True, blank=True)
    award_cap = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    public_call = models.BooleanField(
        default=True, help_text="Open to the public; off means agency nominations only."
    )

    privacy_authority = models.TextField(blank=True)
    privacy_purpose = models.TextField(blank=True)
    privacy_routine_uses = models.TextField(blank=True)
    privacy_disclosure = models.TextField(blank=True)
    privacy_notice_url = models.URLField(blank=True)
    pra_control_number = models.CharField("OMB control number", max_length=20, blank=True)
    pra_expires_on = models.DateField("OMB expiration date", null=True, blank=True)
    pra_burden_minutes = models.PositiveSmallIntegerField(
        "PRA burden (minutes per response)", null=True, blank=True
    )
    pra_statement = models.TextField("Paperwork Reduction Act statement", blank=True)

    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=300, blank=True)
    presentation_date = models.DateField(null=True, blank=True)
    presentation_event = models.CharField(max_length=300, blank=True)
    presentation_place = models.CharField(max_length=200, blank=True)
    # Stored as checked and re-encoded by core.uploaded_images; changed only through
    # selection/services/certificate_images.py.
    signature_image = models.FileField(
        upload_to=signature_image_upload_to,
        max_length=200,
        blank=True,
        editable=False,
        help_text="The signatory's signature, printed above the line on certificates (PNG).",
    )
    # When staff last closed nominations (before the deadline, it may be), for the pages
    # that say when the call closed.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A scheduled announcement (the embargo): nothing changes until `announce_at`, when
    # `manage.py announce_scheduled` announces as `announce_scheduled_by`
    # (selection/services/announce_schedule.py).
    announce_at = models.DateTimeField(null=True, blank=True, editable=False)
    announce_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    reference_counter = models.PositiveIntegerField(
        default=0, editable=False, help_text="The last reference number handed out."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award_year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "award_year"], name="unique_cycle_year")
        ]

    def __str__(self) -> str:
        return f"{self.program.short_name} {self.award_year}"

    def save(self, **kwargs) -> None:
        # reference_counter changes only through the UPDATE ... F() + 1 in
        # nomination_submit. A full save of a Cycle read earlier (a settings form, say)
        # would otherwise write back an old count and hand out a used reference again.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "reference_counter"
            ]
        super().save(**kwargs)

    def lock_workflow_rows(self) -> None:
        """Lock this cycle's row for a transition (`core.transitions.run_transition`).

        Every transition of a cycle or of one of its nominations takes the cycle's row
        lock first, so a cycle move (start_selection, say) and a nomination move whose
        guard reads the cycle's state (send_to_panel) cannot both commit on stale reads,
        and the fixed order cannot deadlock. SQLite's IMMEDIATE transactions already
        serialize writers.
        """
        list(Cycle.objects.select_for_update(no_key=True).filter(pk=self.pk).values_list("pk"))

    # -- reading -------------------------------------------------------------------------

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def closed_early(self) -> bool:
        """Staff closed nominations before the deadline."""
        return bool(self.closed_at and self.deadline and self.closed_at < self.deadline)

    def local_deadline(self) -> datetime | None:
        return self.deadline.astimezone(self.zone) if self.deadline else None

    def accepts_submissions(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.state == CycleState.OPEN
            and self.deadline is not None
            and now < self.deadline
            and (self.opens_at is None or self.opens_at <= now)
        )

    @property
    def effective_award_cap(self) -> int:
        """The cycle's cap, never above the program's (the statute's) cap."""
        return min(self.award_cap, self.program.award_cap)

    def effective_signatory(self) -> tuple[str, str]:
        return (
            self.signatory_name or self.program.signatory_name,
            self.signatory_title or self.program.signatory_title,
        )

    # -- guards: each returns the reasons a transition cannot happen yet -----------------

    def open_blockers(self) -> list[str]:
        reasons = []
        if not (self.opens_at and self.deadline):
            reasons.append("the nomination window has no opening date or deadline")
        elif self.deadline <= self.opens_at:
            reasons.append("the deadline is not after the opening date")
        elif self.deadline <= timezone.now():
            reasons.append("the deadline has already passed")
        if not (self.performance_start and self.performance_end):
            reasons.append("the performance window is not set")
        elif self.performance_end < self.performance_start:
            reasons.append("the performance window ends before it starts")
        if not self.rubric_criteria.exists():
            reasons.append("the rubric has no criteria")
        if not self.checklist_items.exists():
            reasons.append("the eligibility checklist has no items")
        if not self.award_cap or self.award_cap > self.program.award_cap:
            reasons.append(
                f"the award cap must be between 1 and the program's cap of {self.program.award_cap}"
            )
        return reasons

    def reopen_blockers(self) -> list[str]:
        """Why nominations cannot reopen: once staff have vetted any nomination (it left
        submitted, draft and withdrawn) the call stays closed; the deadline (the stored one
        or the new one the service is given) must still be ahead."""
        reasons = []
        if self.nominations.exclude(state__in=REOPEN_NOMINATION_STATES).exists() or (
            self.vetting_ever_started()
        ):
            reasons.append("staff have already started vetting a nomination")
        if self.deadline is None or self.deadline <= timezone.now():
            reasons.append(REOPEN_DEADLINE_PASSED)
        return reasons

    def vetting_ever_started(self) -> bool:
        """Staff started vetting a nomination of this cycle, even one since withdrawn: the
        audit trail remembers what the states no longer show."""
        ids = self.nominations.annotate(key=Cast("pk", models.CharField())).values("key")
        return AuditEvent.objects.filter(
            action="nomination.start_vetting",
            outcome="done",
            object_type="nominations.nomination",
            object_id__in=ids,
        ).exists()

    def start_review_blockers(self) -> list[str]:
        """Why panel review cannot start: the cycle's half (every nomination vetted, at
        least one cleared), then the panel's, which reviews registers
        (nominations/cycle_moves.py)."""
        # Once review starts they could never reach the panel. Each is named with what
        # staff can do: none waits on anyone but staff (a returned one can be taken back).
        today = timezone.localdate(timezone=self.zone)
        reasons = still_being_vetted(
            Unvetted(reference or "", state, due is not None and due < today)
            for reference, state, due in self.nominations.filter(state__in=VETTING_STATES)
            .order_by("sequence")
            .values_list("reference", "state", "info_due_date")
        )
        if not self.nominations.filter(state=NominationState.CLEARED).exists():
            reasons.append("no nomination has been cleared for the panel")
        return reasons + panel_readiness_blockers(self)

    def start_selection_blockers(self) -> list[str]:
        reasons = []
        if self.nominations.filter(
            state__in=[NominationState.CLEARED, NominationState.IN_REVIEW]
        ).exists():
            reasons.append("some nominations in review are neither advanced nor set aside")
        if not self.nominations.filter(state=NominationState.SHORTLISTED).exists():
            reasons.append("the slate is empty: no nomination has been advanced")
        return reasons

    def announce_blockers(self) -> list[str]:
        reasons = []
        if self.nominations.filter(state=NominationState.SHORTLISTED).exists():
            reasons.append(
                "the selecting official has not decided on every nomination on the slate"
            )
        selected = self.nominations.filter(state=NominationState.SELECTED)
        if not selected.exists():
            reasons.append("no nomination has been selected")
        if selected.count() > self.effective_award_cap:
            reasons.append(
                f"more nominations are selected than the award cap of {self.effective_award_cap}"
            )
        for nomination in selected.select_related("nominee"):
            if not nomination.has_approved_citations():
                reasons.append(f"{nomination.nominee} has no approved short and full citation")
        return reasons

    def archive_blockers(self) -> list[str]:
        if self.nominations.filter(state=NominationState.SELECTED).exists():
            return ["some selected nominations have not been awarded"]
        return []

    # -- transitions: only in-memory changes here; services save, audit and notify -------

    @transition(
        field=state,
        source=CycleState.SETUP,
        target=CycleState.OPEN,
        conditions=[no_blockers("open_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Open for nominations"},
    )
    def open(self) -> None:
        pass

    @transition(
        field=state,
        source=CycleState.OPEN,
        target=CycleState.CLOSED,
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Close nominations"},
    )
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=CycleState.CLOSED,
        target=CycleState.OPEN,
        conditions=[no_blockers("reopen_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Reopen nominations"},
    )
    def reopen(self) -> None:
        self.closed_at = None

    @transition(
        field=state,
        source=CycleState.CLOSED,
        target=CycleState.REVIEW,
        conditions=[no_blockers("start_review_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Start panel review"},
    )
    def start_review(self) -> None:
        pass

    @transition(
        field=state,
        source=CycleState.REVIEW,
        target=CycleState.SELECTION,
        conditions=[no_blockers("start_selection_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Send the slate for selection"},
    )
    def start_selection(self) -> None:
        pass

    @transition(
        field=state,
        source=CycleState.SELECTION,
        target=CycleState.ANNOUNCED,
        conditions=[no_blockers("announce_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Announce the recipients"},
    )
    def announce(self) -> None:
        pass

    @transition(
        field=state,
        source=CycleState.ANNOUNCED,
        target=CycleState.ARCHIVED,
        conditions=[no_blockers("archive_blockers")],
        permission=permitted_by(rules.can_manage_cycle),
        custom={"role": Role.AWARD_STAFF, "label": "Archive the cycle"},
    )
    def archive(self) -> None:
        pass


class RubricCriterion(models.Model):
    """One criterion panelists score, 1 (exceptional) to 9 (poor)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rubric_criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1)

    class Meta:
        ordering = ["cycle", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """An eligibility or due-diligence check staff record on each nomination."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["cycle", "position", "pk"]

    def __str__(self) -> str:
        return self.text

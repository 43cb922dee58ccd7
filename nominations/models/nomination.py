from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.roles import Role
from core.workflow import no_blockers, permitted_by
from nominations import rules
from nominations.domain.citations import citation_problems, citation_pronoun_problem, word_count
from nominations.domain.fields import (
    FIELD,
    FIELDS,
    INDIVIDUAL,
    ORGANIZATION,
    PERFORMANCE_PERIOD,
    Record,
    requirements_for,
)
from nominations.models.cycle import Cycle, CycleState
from nominations.models.nominee import Nominee
from nominations.states import (
    DECIDED_CYCLE_STATES,
    PUBLIC_STATE_NAMES,
    PUBLIC_STATE_NAMES_AFTER_ANNOUNCEMENT,
    NominationState,
)


class Nomination(ConcurrentTransitionMixin, models.Model):
    """A nomination of one nominee in one cycle, and its route through §2.2 of DESIGN.md."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    nominee = models.OneToOneField(Nominee, on_delete=models.PROTECT, related_name="nomination")
    state = FSMField(choices=NominationState.choices, default=NominationState.DRAFT, protected=True)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True, editable=False)

    nominator_name = models.CharField(max_length=200, blank=True)
    nominator_title = models.CharField(max_length=200, blank=True)
    nominator_organization = models.CharField("organization or agency", max_length=200, blank=True)
    nominator_phone = models.CharField(max_length=40, blank=True)

    performance_start = models.DateField(null=True, blank=True)
    performance_end = models.DateField(null=True, blank=True)
    criterion_courage = models.BooleanField("especially courageous conduct", default=False)
    criterion_sustained = models.BooleanField("sustained achievement", default=False)
    criterion_innovation = models.BooleanField("particularly innovative efforts", default=False)
    p_prosecution = models.BooleanField("prosecution", default=False)
    p_protection = models.BooleanField("protection", default=False)
    p_prevention = models.BooleanField("prevention", default=False)
    p_partnership = models.BooleanField("partnership", default=False)

    summary = models.TextField(blank=True)
    justification = models.TextField(blank=True)
    suggested_citation = models.TextField(blank=True)
    excluded_reviewers = models.TextField(
        blank=True, help_text="People or organizations who should not review this nomination."
    )

    info_request = models.TextField(blank=True)
    info_due_date = models.DateField(null=True, blank=True)
    # The due date whose passing staff were told of (nominations/services/overdue.py), so
    # each is told once, and again only if an extended date passes too.
    overdue_notified_for = models.DateField(null=True, blank=True, editable=False)
    ineligible_reason = models.TextField(blank=True)
    withdrawal_reason = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # Moves with any write, staff's and the workflow's included: never shown to the nominator.
    updated_at = models.DateTimeField(auto_now=True)
    # The nominator's own last save (see mark_saved_by_nominator): the only "last saved"
    # time a nominator is shown, and the version the form's two-tab check compares.
    saved_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    duplicate_case = models.ForeignKey(
        "nominations.DuplicateCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
    )
    # When the retention schedule disposed of its personal data and files
    # (records/services/retention.py): what is left is its reference, state and counts.
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["cycle", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "sequence"],
                name="unique_sequence_per_cycle",
                condition=models.Q(sequence__isnull=False),
            )
        ]
        # Most lists read one cycle's nominations in some states (the recipients of an
        # announcement, the panel's, the slate's): found through the first index, they
        # cost the same however many other nominations the cycle holds. A page of them in
        # reference order (the panel's list, the progress page) walks the second, in
        # sequence order, and stops at the page's end instead of sorting the cycle.
        indexes = [
            models.Index(fields=["cycle", "state"], name="nomination_cycle_state"),
            models.Index(fields=["cycle", "sequence", "state"], name="nomination_cycle_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or 'Draft'}: {self.nominee}"

    def lock_workflow_rows(self) -> None:
        """Lock the rows a transition's guards read: the cycle's, then this nomination's
        (the order `Cycle.lock_workflow_rows` explains). The cycle is re-read under its
        lock, so the guards see its committed state."""
        self.cycle = (
            Cycle.objects.select_for_update(no_key=True)
            .select_related("program")
            .get(pk=self.cycle_id)
        )
        list(Nomination.objects.select_for_update(no_key=True).filter(pk=self.pk).values_list("pk"))

    # -- reading -------------------------------------------------------------------------

    def public_state_name(self) -> str:
        if self.cycle.state in DECIDED_CYCLE_STATES:
            return PUBLIC_STATE_NAMES_AFTER_ANNOUNCEMENT.get(
                self.state, PUBLIC_STATE_NAMES[self.state]
            )
        return PUBLIC_STATE_NAMES[self.state]

    def has_approved_citations(self) -> bool:
        approved_kinds = {
            citation.kind for citation in self.current_citations() if citation.approved_at
        }
        return approved_kinds == {"short", "full"}

    def current_citations(self) -> list:
        """The latest version of each kind of citation."""
        latest = {}
        for citation in self.citations.order_by("kind", "-version"):
            latest.setdefault(citation.kind, citation)
        return list(latest.values())

    def has_valid_certificate(self) -> bool:
        return self.certificates.filter(status="valid").exists()

    def mark_saved_by_nominator(self) -> None:
        """Record a save of the nominator's own: their edits, submit, resubmit, withdraw.

        Nothing staff, the panel or the selecting official do touches `saved_at`, so no
        time a nominator sees moves before the announcement.
        """
        self.saved_at = timezone.now()

    # -- guards --------------------------------------------------------------------------

    def completeness_problems(self) -> list[str]:
        """What stops a draft from being submitted. A draft may be incomplete."""
        return [message for _field, message in self.completeness_problems_by_field()]

    def entered_values(self) -> dict:
        """What the nominator entered, by field name (`nominations.domain.fields`)."""
        return {
            field.name: getattr(
                self.nominee if field.record == Record.NOMINEE else self, field.name
            )
            for field in FIELDS
        }

    def completeness_problems_by_field(self) -> list[tuple[str, str]]:
        """Each completeness problem with the form field it is about, so that an error
        summary can link to the field: the requirements of `nominations.domain.fields`
        in their order, each followed by what is wrong with what was entered for it."""
        values = self.entered_values()
        kind = INDIVIDUAL if self.nominee.is_individual else ORGANIZATION
        problems = []
        for requirement in requirements_for(kind):
            if field := requirement.unmet(values):
                problems.append((field, requirement.missing))
            elif requirement is PERFORMANCE_PERIOD:
                problems.extend(self._performance_period_problems())
            else:
                problems.extend(_over_word_limit(requirement.fields, values))
        if citation := self.suggested_citation.strip():
            limit = FIELD["suggested_citation"].word_limit
            for problem in citation_problems(citation, word_limit=limit):
                problems.append(("suggested_citation", problem))
            pronoun = citation_pronoun_problem(citation, possessive=self.nominee.possessive_pronoun)
            if pronoun:
                problems.append(("suggested_citation", pronoun))
        return problems

    def _performance_period_problems(self) -> list[tuple[str, str]]:
        if self.performance_end < self.performance_start:
            return [("performance_end", "The performance period ends before it starts.")]
        problem = self._outside_performance_window()
        return [problem] if problem else []

    def _outside_performance_window(self) -> tuple[str, str] | None:
        """The cycle's performance window holds the work an award can recognize."""
        window_start, window_end = self.cycle.performance_start, self.cycle.performance_end
        if not (window_start and window_end):
            return None
        if window_start <= self.performance_start and self.performance_end <= window_end:
            return None
        field = "performance_start" if self.performance_start < window_start else "performance_end"
        window = f"{date_format(window_start, 'F j, Y')} and {date_format(window_end, 'F j, Y')}"
        return (field, f"The performance period must fall between {window}.")

    def submit_blockers(self) -> list[str]:
        problems = (
            [] if self.cycle.accepts_submissions() else ["The cycle is not accepting nominations."]
        )
        return problems + self.completeness_problems()

    def response_deadline_passed(self, today=None) -> bool:
        """True once the day staff gave for answering a request for information is over,
        counted in the cycle's time zone."""
        if self.info_due_date is None:
            return False
        today = today or timezone.localdate(timezone=self.cycle.zone)
        return today > self.info_due_date

    def resubmit_blockers(self) -> list[str]:
        problems = ["the response deadline has passed"] if self.response_deadline_passed() else []
        return problems + self.completeness_problems()

    def edit_blockers(self) -> list[str]:
        """Why the nominator cannot change this nomination now (its state aside)."""
        if self.state == NominationState.DRAFT and not self.cycle.accepts_submissions():
            return ["the cycle is no longer accepting nominations"]
        if self.state == NominationState.RETURNED and self.response_deadline_passed():
            return ["the response deadline has passed"]
        return []

    def clear_blockers(self) -> list[str]:
        results = {result.item_id: result for result in self.checklist_results.all()}
        reasons = []
        for item in self.cycle.checklist_items.filter(required=True):
            result = results.get(item.pk)
            if result is None or result.result != "pass" or result.checked_by_id is None:
                reasons.append(f"required check not passed: {item.text}")
        return reasons

    def review_phase_blockers(self) -> list[str]:
        if self.cycle.state != CycleState.REVIEW:
            return ["the cycle is not in panel review"]
        return []

    def selection_blockers(self) -> list[str]:
        if self.cycle.state != CycleState.SELECTION:
            return ["the cycle is not in selection"]
        return []

    def select_blockers(self) -> list[str]:
        reasons = self.selection_blockers()
        chosen = self.cycle.nominations.filter(
            state__in=[NominationState.SELECTED, NominationState.AWARDED]
        ).count()
        cap = self.cycle.effective_award_cap
        if chosen >= cap:
            reasons.append(f"the award cap of {cap} is already reached")
        return reasons

    def award_blockers(self) -> list[str]:
        reasons = []
        if self.cycle.state != CycleState.ANNOUNCED:
            reasons.append("the cycle has not been announced")
        if not self.has_approved_citations():
            reasons.append("the short and full citations are not both approved")
        if not self.has_valid_certificate():
            reasons.append("no certificate has been issued")
        return reasons

    # -- transitions: only in-memory changes here; services save, audit and notify -------

    @transition(
        field=state,
        source=NominationState.DRAFT,
        target=NominationState.SUBMITTED,
        conditions=[no_blockers("submit_blockers")],
        permission=permitted_by(rules.is_nomination_owner),
        custom={"role": Role.NOMINATOR, "label": "Submit"},
    )
    def submit(self) -> None:
        self.mark_saved_by_nominator()
        self.submitted_at = self.saved_at

    @transition(
        field=state,
        source=[NominationState.DRAFT, NominationState.SUBMITTED, NominationState.RETURNED],
        target=NominationState.WITHDRAWN,
        permission=permitted_by(rules.is_nomination_owner),
        custom={"role": Role.NOMINATOR, "label": "Withdraw"},
    )
    def withdraw(self, reason: str = "") -> None:
        self.withdrawal_reason = reason
        self.mark_saved_by_nominator()

    @transition(
        field=state,
        source=NominationState.SUBMITTED,
        target=NominationState.VETTING,
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Start vetting"},
    )
    def start_vetting(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.VETTING,
        target=NominationState.RETURNED,
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Return for information"},
    )
    def return_for_info(self, message: str, due_date) -> None:
        self.info_request = message
        self.info_due_date = due_date

    @transition(
        field=state,
        source=NominationState.RETURNED,
        target=NominationState.VETTING,
        conditions=[no_blockers("resubmit_blockers")],
        permission=permitted_by(rules.is_nomination_owner),
        custom={"role": Role.NOMINATOR, "label": "Send the requested information"},
    )
    def resubmit(self) -> None:
        self.mark_saved_by_nominator()

    # Staff's ways out of a return, so a nominator who never answers blocks nothing: take
    # the nomination back and assess it as it stands, or give the nominator more time.

    @transition(
        field=state,
        source=NominationState.RETURNED,
        target=NominationState.VETTING,
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Take back into vetting"},
    )
    def take_back(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.RETURNED,
        target=NominationState.RETURNED,
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Extend the response due date"},
    )
    def extend_due_date(self, due_date) -> None:
        self.info_due_date = due_date

    @transition(
        field=state,
        source=NominationState.VETTING,
        target=NominationState.INELIGIBLE,
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Mark ineligible"},
    )
    def mark_ineligible(self, reason: str) -> None:
        self.ineligible_reason = reason

    @transition(
        field=state,
        source=NominationState.VETTING,
        target=NominationState.CLEARED,
        conditions=[no_blockers("clear_blockers")],
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Clear for the panel"},
    )
    def clear(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.CLEARED,
        target=NominationState.IN_REVIEW,
        conditions=[no_blockers("review_phase_blockers")],
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Send to the panel"},
    )
    def send_to_panel(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.IN_REVIEW,
        target=NominationState.SHORTLISTED,
        conditions=[no_blockers("review_phase_blockers")],
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Advance to the slate"},
    )
    def advance(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.IN_REVIEW,
        target=NominationState.NOT_ADVANCED,
        conditions=[no_blockers("review_phase_blockers")],
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Do not advance"},
    )
    def not_advance(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.SHORTLISTED,
        target=NominationState.SELECTED,
        conditions=[no_blockers("select_blockers")],
        permission=permitted_by(rules.can_select),
        custom={"role": Role.SELECTING_OFFICIAL, "label": "Select"},
    )
    def select(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.SHORTLISTED,
        target=NominationState.NOT_SELECTED,
        conditions=[no_blockers("selection_blockers")],
        permission=permitted_by(rules.can_select),
        custom={"role": Role.SELECTING_OFFICIAL, "label": "Do not select"},
    )
    def decline(self) -> None:
        pass

    @transition(
        field=state,
        source=NominationState.SELECTED,
        target=NominationState.AWARDED,
        conditions=[no_blockers("award_blockers")],
        permission=permitted_by(rules.can_vet),
        custom={"role": Role.AWARD_STAFF, "label": "Award"},
    )
    def award(self) -> None:
        pass


def _over_word_limit(names: tuple[str, ...], values: dict) -> list[tuple[str, str]]:
    """The fields among `names` whose text is longer than its word limit."""
    problems = []
    for name in names:
        field = FIELD[name]
        if field.word_limit and word_count(values[name]) > field.word_limit:
            message = f"Shorten the {field.noun} to {field.word_limit} words or fewer."
            problems.append((name, message))
    return problems


class NominationVersion(models.Model):
    """A frozen copy of a nomination as it stood when it was submitted, resubmitted, or
    taken back into vetting by staff (with whatever the nominator had saved by then)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.CharField(
        max_length=20,
        choices=[
            ("submit", "Submitted"),
            ("resubmit", "Resubmitted"),
            ("take_back", "Taken back by staff"),
        ],
    )
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "number"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.nomination} v{self.number}"

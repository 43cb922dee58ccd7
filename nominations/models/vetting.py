import uuid

from django.conf import settings
from django.db import models

from nominations.models.cycle import ChecklistItem
from nominations.models.nomination import Nomination


class CheckResult(models.TextChoices):
    PASS = "pass", "Pass"
    CONCERN = "concern", "Concern"
    FAIL = "fail", "Fail"
    NOT_APPLICABLE = "na", "Not applicable"


def evidence_upload_to(instance: "ChecklistResult", filename: str) -> str:
    """Evidence is stored under a generated name, never the uploader's."""
    return f"evidence/{uuid.uuid4()}.pdf"


class ChecklistResult(models.Model):
    """Staff's finding on one checklist item for one nomination, signed by who recorded it."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="checklist_results"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="results")
    result = models.CharField(max_length=10, choices=CheckResult.choices)
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=120, blank=True, help_text="Display only.")
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    revision = models.PositiveIntegerField(
        default=0, help_text="Counts saves, so two people editing one finding cannot both win."
    )

    class Meta:
        ordering = ["nomination", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "item"], name="one_result_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"


class DuplicateCase(models.Model):
    """Nominations of one nominee, linked by staff so they are vetted as one case.

    Every nomination and letter is kept; the case only groups them.
    """

    cycle = models.ForeignKey(
        "nominations.Cycle", on_delete=models.CASCADE, related_name="duplicate_cases"
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "pk"]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.cycle})"

from django.conf import settings
from django.db import models

from nominations.models.cycle import ChecklistItem
from nominations.models.nomination import Nomination


class CheckResult(models.TextChoices):
    PASS = "pass", "Pass"
    CONCERN = "concern", "Concern"
    FAIL = "fail", "Fail"
    NOT_APPLICABLE = "na", "Not applicable"


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

    class Meta:
        ordering = ["nomination", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "item"], name="one_result_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"

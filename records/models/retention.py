from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from nominations.models import AwardProgram

YEARS = [MinValueValidator(0), MaxValueValidator(100)]


class RetentionSchedule(models.Model):
    """How many years a program's records are kept before they are disposed of; blank
    keeps them permanently. Recipients' records are permanent and not on it. Set it to
    the agency's approved records schedule (docs/records.md)."""

    program = models.OneToOneField(
        AwardProgram, on_delete=models.CASCADE, related_name="retention_schedule"
    )
    drafts_years = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEARS)
    not_awarded_years = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEARS)
    emails_years = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEARS)
    packages_years = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEARS)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Retention schedule of {self.program}"

    def years(self, series: str) -> int | None:
        return getattr(self, f"{series}_years")

from django.conf import settings
from django.db import models

from nominations.models import Cycle
from records.states import PackageStatus


class RecordsPackage(models.Model):
    """One build of a cycle's records package: a ZIP of every record the cycle holds, with
    a manifest of each file's SHA-256 (docs/records.md). Built by the worker; the file
    stays in the storage for staff to download until the package is deleted."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="records_packages")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=PackageStatus.choices, default=PackageStatus.QUEUED
    )
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="records-packages/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    files_count = models.PositiveIntegerField(null=True, blank=True)
    audit_head = models.CharField(
        max_length=64, blank=True, help_text="The audit chain's newest hash when it was built."
    )
    missing_files = models.JSONField(
        default=list, blank=True, help_text="Stored files the package could not include."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Records package {self.pk} of {self.cycle}"

    @property
    def percent_done(self) -> int:
        if self.status == PackageStatus.READY:
            return 100
        if not self.steps_total:
            return 0
        return min(99, self.steps_done * 100 // self.steps_total)

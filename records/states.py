"""The records app's states: a leaf module, importable from any layer."""

from django.db import models


class PackageStatus(models.TextChoices):
    """Where a records package's build is: queued when requested, building while the
    worker writes it, then ready (the file is stored) or failed (with the error)."""

    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"

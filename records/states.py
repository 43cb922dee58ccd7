"""The records app's states: a leaf module, importable from any layer."""

from django.db import models


class PackageStatus(models.TextChoices):
    """Where a records package's build is: queued when requested, building while the
    worker writes it, then ready (the file is stored) or failed (with the error)."""

    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    DISPOSED = "disposed", "Disposed of"  # its file, under the retention schedule


class RecordRequestKind(models.TextChoices):
    ACCESS = "access", "A copy of records others made about me"
    CORRECT = "correct", "Correct a record"
    DELETE = "delete", "Delete a record"


class RecordRequestStatus(models.TextChoices):
    """Open until the award office answers; answered is final (a new request follows up)."""

    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"

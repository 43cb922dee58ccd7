from django.conf import settings
from django.db import models

from nominations.models import Nomination
from records.states import RecordRequestKind, RecordRequestStatus


class RecordRequest(models.Model):
    """A person's request to the award office about the records held on them: a copy of
    records others made, a correction, or a deletion. Tracked until staff answer it."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_requests"
    )
    kind = models.CharField(max_length=10, choices=RecordRequestKind.choices)
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record_requests",
        help_text="The requester's nomination it concerns, if any.",
    )
    details = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=RecordRequestStatus.choices, default=RecordRequestStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="record_request_status_idx")]

    def __str__(self) -> str:
        return f"Records request {self.pk} ({self.get_kind_display().lower()})"

"""The reviews app's URLs: each view module lists its own patterns."""

from reviews.views import (
    assignments,
    attestation,
    conflicts,
    discussion,
    home,
    invitations,
    panel,
    progress,
    results,
    scoring,
)

app_name = "reviews"

urlpatterns = [
    *home.urlpatterns,
    *invitations.urlpatterns,
    *attestation.urlpatterns,
    *panel.urlpatterns,
    *conflicts.urlpatterns,
    *assignments.urlpatterns,
    *scoring.urlpatterns,
    *discussion.urlpatterns,
    *results.urlpatterns,
    *progress.urlpatterns,
]

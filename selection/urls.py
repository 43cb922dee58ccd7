"""The selection app's URLs: each view module lists its own patterns."""

from selection.views import (
    announce_schedule,
    certificate_images,
    certificates,
    citations,
    press_statement,
    selection,
    slate,
)

app_name = "selection"

urlpatterns = [
    *slate.urlpatterns,
    *selection.urlpatterns,
    *citations.urlpatterns,
    *certificates.urlpatterns,
    *certificate_images.urlpatterns,
    *press_statement.urlpatterns,
    *announce_schedule.urlpatterns,
]

"""The selection app's URLs: each view module lists its own patterns."""

from selection.views import (
    announce_schedule,
    announcement_feed,
    certificate_images,
    certificates,
    citations,
    open_data,
    press_statement,
    recipients,
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
    *announcement_feed.urlpatterns,
    *recipients.urlpatterns,
    *open_data.urlpatterns,
]

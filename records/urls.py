"""The records app's URLs: each view module lists its own patterns."""

from records.views import package, personal, requests, retention

app_name = "records"

urlpatterns = [
    *package.urlpatterns,
    *personal.urlpatterns,
    *requests.urlpatterns,
    *retention.urlpatterns,
]

"""The records app's URLs: each view module lists its own patterns."""

from records.views import package

app_name = "records"

urlpatterns = [*package.urlpatterns]

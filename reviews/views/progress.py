"""The staff progress dashboard and reminders."""

urlpatterns: list = []

"""The scoring page: a nomination, its files, the rubric, the panelist's review."""

urlpatterns: list = []

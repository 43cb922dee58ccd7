"""Assigning panelists to nominations: balanced preview and commit, manual changes, declines."""

urlpatterns: list = []

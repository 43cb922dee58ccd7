"""Declaring conflicts (panelists) and deciding them (staff)."""

urlpatterns: list = []

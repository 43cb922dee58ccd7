"""Certificates: issuing and re-issuing (staff), downloads, and the public verification page."""

urlpatterns: list = []

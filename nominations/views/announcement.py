"""The announcement: the press statement staff edit, as a page, text and PDF."""

urlpatterns: list = []

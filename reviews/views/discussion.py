"""The discussion of a nomination among staff and its non-conflicted panel."""

urlpatterns: list = []

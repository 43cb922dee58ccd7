"""Staff pages that run a cycle's panel: settings, invitations, chair, removal."""

urlpatterns: list = []

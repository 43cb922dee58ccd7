"""The invitation link: an invitee accepts and sets up their panelist account."""

urlpatterns: list = []

"""The people app's URLs: each view module lists its own patterns."""

from people.views import invitations, people

app_name = "people"

urlpatterns = [
    *invitations.urlpatterns,
    *people.urlpatterns,
]

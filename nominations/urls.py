"""The nominations app's URLs: each view module lists its own patterns."""

from nominations.views import (
    attachments,
    endorsements,
    nominator,
    nominator_form,
    public,
    staff,
    staff_cycle_copy,
    staff_cycle_parts,
    staff_cycles,
    staff_detail,
    staff_outbox,
    staff_queue,
    staff_vetting,
)

app_name = "nominations"

urlpatterns = [
    *public.urlpatterns,
    *nominator.urlpatterns,
    *nominator_form.urlpatterns,
    *attachments.urlpatterns,
    *endorsements.urlpatterns,
    *staff.urlpatterns,
    *staff_queue.urlpatterns,
    *staff_detail.urlpatterns,
    *staff_vetting.urlpatterns,
    *staff_cycles.urlpatterns,
    *staff_cycle_copy.urlpatterns,
    *staff_cycle_parts.urlpatterns,
    *staff_outbox.urlpatterns,
]

"""Award staff's queue of nominations and its CSV export."""

from django.core.paginator import Paginator
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from core.downloads import CSV, Spool
from nominations import rules
from nominations.forms.queue import NominationQueueForm
from nominations.models import Nomination
from nominations.selectors.duplicates import duplicate_flags
from nominations.selectors.queue import queue_nominations
from nominations.selectors.staff import current_cycle
from nominations.services.exports import nominations_export_csv

QUEUE_PAGE_SIZE = 25


class QueueMixin(RoleRequiredMixin):
    allowed = rules.is_award_staff

    def queue(self):
        """The chosen (or current) cycle, the bound filter form, the duplicate flags and the
        matches."""
        form = NominationQueueForm(self.request.GET)
        form.is_valid()
        cycle = form.chosen_cycle() or current_cycle()
        if cycle is None:
            return None, form, {}, None
        flags = duplicate_flags(cycle=cycle)
        nominations = queue_nominations(
            cycle=cycle,
            filters=form.filters(),
            flags=flags,
            today=timezone.localdate(timezone=cycle.zone),
        )
        return cycle, form, flags, nominations


class NominationQueueView(QueueMixin, TemplateView):
    template_name = "nominations/staff_nomination_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle, form, flags, nominations = self.queue()
        context |= {"cycle": cycle, "form": form}
        if cycle is None:
            return context
        page = Paginator(nominations, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        for nomination in page.object_list:
            nomination.duplicate_flagged = nomination.pk in flags
        query = self.request.GET.copy()
        query.pop("page", None)
        context |= {
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number),
            "query": query.urlencode(),
        }
        return context


class NominationExportView(QueueMixin, View):
    def get(self, request):
        cycle, form, flags, nominations = self.queue()
        spool = Spool()
        nominations_export_csv(
            actor=request.user,
            nominations=nominations if nominations is not None else Nomination.objects.none(),
            flags=flags,
            filters={
                **({"cycle": str(cycle.pk)} if form.chosen_cycle() else {}),
                **{name: value for name, value in form.filters().items() if value},
            },
            out=spool.text,
        )
        stamp = timezone.localdate(timezone=cycle.zone if cycle else None).isoformat()
        return spool.download(filename=f"nominations-{stamp}.csv", content_type=CSV)


urlpatterns = [
    path("staff/nominations/", NominationQueueView.as_view(), name="staff_queue"),
    path(
        "staff/nominations/export.csv",
        NominationExportView.as_view(),
        name="staff_export",
    ),
]

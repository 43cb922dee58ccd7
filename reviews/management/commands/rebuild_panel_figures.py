from django.core.management.base import BaseCommand, CommandError

from nominations.models import Cycle
from reviews.services.figures import panel_figures_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored panel figures (each scored nomination's and each panelist's "
        "tally) from the reviews, for every cycle or one. Safe to run at any time; the "
        "pages read the figures it stores."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, help="Only this cycle (its id).")

    def handle(self, *args, **options) -> None:
        cycles = Cycle.objects.select_related("program").order_by("award_year", "pk")
        if options["cycle"] is not None:
            cycles = cycles.filter(pk=options["cycle"])
            if not cycles:
                raise CommandError(f"There is no cycle with id {options['cycle']}.")
        for cycle in cycles:
            nominations, panelists = panel_figures_rebuild(cycle)
            if options["verbosity"] < 1:
                continue
            self.stdout.write(
                f"{cycle}: {nominations} scored nomination{'s' if nominations != 1 else ''}, "
                f"{panelists} panelist{'s' if panelists != 1 else ''} with counted reviews"
            )

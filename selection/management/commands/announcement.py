from django.core.management.base import BaseCommand, CommandError

from nominations.models import Cycle
from nominations.states import NominationState
from selection.domain.press_statement import PressStatementError, award_paragraph
from selection.selectors.press_statement import cycle_is_published, cycle_recipients, presenter_for


class Command(BaseCommand):
    help = (
        "Print the award paragraph of an announced cycle's press statement: its awarded "
        "recipients in reference order with their approved short citations."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="The award year, e.g. 2022.")
        parser.add_argument(
            "--program", help="The program's slug, when several programs have that year."
        )
        parser.add_argument(
            "--third-person",
            action="store_true",
            help='A readout: "During the meeting, Secretary … presented …".',
        )

    def handle(self, *args, **options) -> None:
        cycle = self._cycle(options["cycle"], options["program"])
        if not cycle_is_published(cycle):
            raise CommandError(
                f"The {cycle.award_year} cycle has not been announced (its state is "
                f"{cycle.get_state_display().lower()}): its recipients are not public yet."
            )
        recipients, problems = cycle_recipients(cycle, states=(NominationState.AWARDED,))
        if not recipients:
            raise CommandError(f"The {cycle.award_year} cycle has no awarded recipients.")
        if problems:
            raise CommandError(" ".join(problems))
        try:
            paragraph = award_paragraph(
                award_year=cycle.award_year,
                program_name=cycle.program.name,
                recipients=recipients,
                presenter=presenter_for(cycle, third_person=options["third_person"]),
            )
        except PressStatementError as error:
            raise CommandError(error.message) from error
        self.stdout.write(paragraph)

    def _cycle(self, award_year: int, program_slug: str | None) -> Cycle:
        cycles = Cycle.objects.select_related("program").filter(award_year=award_year)
        if program_slug:
            cycles = cycles.filter(program__slug=program_slug)
        found = list(cycles[:2])
        if not found:
            raise CommandError(f"There is no {award_year} cycle.")
        if len(found) > 1:
            raise CommandError(
                f"Several programs have a {award_year} cycle: name one with --program."
            )
        return found[0]

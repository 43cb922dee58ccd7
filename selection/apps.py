from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "Selection, citations, certificates and the announcement"

    def ready(self) -> None:
        from nominations.cycle_moves import (
            Announcing,
            register_announcing,
            register_move_consequences,
        )
        from selection.services.announce import (
            announce_consequences,
            announce_preview,
            cycle_announce_and_award,
        )

        register_announcing(Announcing(preview=announce_preview, announce=cycle_announce_and_award))
        register_move_consequences("announce", announce_consequences)

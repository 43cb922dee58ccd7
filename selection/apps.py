from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "Selection, citations, certificates and the announcement"

    def ready(self) -> None:
        from accounts.roles import Role
        from core.your_turn import register_turn_items
        from nominations.cycle_moves import (
            Announcing,
            register_after_move,
            register_announcing,
            register_move_consequences,
        )
        from selection.selectors.your_turn import citation_turn_items, staff_turn_items
        from selection.services.announce import (
            announce_consequences,
            announce_preview,
            cycle_announce_and_award,
        )
        from selection.services.handoffs import slate_sent_on_commit

        register_announcing(Announcing(preview=announce_preview, announce=cycle_announce_and_award))
        register_move_consequences("announce", announce_consequences)
        register_after_move("start_selection", slate_sent_on_commit)
        register_turn_items(Role.AWARD_STAFF, staff_turn_items)
        register_turn_items(Role.AWARD_STAFF, citation_turn_items)

from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "Award programs and nominations"

    def ready(self) -> None:
        from django.core import checks

        from accounts.roles import Role
        from core.your_turn import register_turn_items
        from nominations.cycle_moves import moves_registered_check
        from nominations.selectors.your_turn import staff_turn_items

        checks.register(moves_registered_check)
        register_turn_items(Role.AWARD_STAFF, staff_turn_items)

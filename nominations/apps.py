from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "Award programs and nominations"

    def ready(self) -> None:
        from django.core import checks

        from nominations.cycle_moves import moves_registered_check

        checks.register(moves_registered_check)

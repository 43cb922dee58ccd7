from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Panel review"

    def ready(self) -> None:
        from nominations.cycle_moves import register_move_consequences, register_panel_readiness
        from reviews.selectors.readiness import panel_start_blockers, panel_start_consequences

        register_panel_readiness(panel_start_blockers)
        register_move_consequences("start_review", panel_start_consequences)

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Panel review"

    def ready(self) -> None:
        from accounts.roles import Role
        from core.your_turn import register_turn_items
        from nominations.cycle_copy_parts import register_setup_copier
        from nominations.cycle_moves import (
            register_after_move,
            register_move_consequences,
            register_panel_readiness,
        )
        from reviews.selectors.readiness import panel_start_blockers, panel_start_consequences
        from reviews.selectors.your_turn import staff_turn_items
        from reviews.services.handoffs import review_started_on_commit
        from reviews.services.panel import panel_copy_settings

        register_panel_readiness(panel_start_blockers)
        register_move_consequences("start_review", panel_start_consequences)
        register_after_move("start_review", review_started_on_commit)
        register_turn_items(Role.AWARD_STAFF, staff_turn_items)
        register_setup_copier(panel_copy_settings)

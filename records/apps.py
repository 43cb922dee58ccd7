from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records: packages, people's access to their records and their requests"

    def ready(self) -> None:
        from accounts.roles import Role
        from core.your_turn import register_turn_items
        from records.selectors.your_turn import record_request_turn_items

        register_turn_items(Role.AWARD_STAFF, record_request_turn_items)

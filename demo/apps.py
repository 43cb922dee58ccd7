from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (`seed_demo`). It sits above the other apps and may use them all."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"

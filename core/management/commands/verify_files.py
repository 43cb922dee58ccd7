from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models


class Command(BaseCommand):
    help = (
        "Check that every file the database names (each FileField of every model) is in "
        "the file storage. Prints 'files OK (N referenced)' and exits 0, or lists the "
        "missing ones and exits 1. The restore drill runs it on a restored backup."
    )

    def handle(self, *args, **options) -> None:
        referenced = missing = 0
        problems = []
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.FileField):
                    continue
                names = (
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
                for name in names:
                    referenced += 1
                    if not field.storage.exists(name):
                        missing += 1
                        problems.append(f"{model._meta.label}.{field.name}: {name}")
        if problems:
            for problem in problems:
                self.stderr.write(f"missing: {problem}")
            raise CommandError(f"{missing} of {referenced} referenced files are missing")
        self.stdout.write(f"files OK ({referenced} referenced)")

"""The audit log moves from the nominations app to core without touching the database.

Only Django's record of which app owns the model changes: the table keeps its name
(nominations_auditevent), its rows, its hash chain and, on PostgreSQL, the trigger that
refuses UPDATE and DELETE (nominations migration 0002).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("nominations", "0009_endorsement_received_after_vetting"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(db_index=True)),
                        ("actor_email", models.CharField(blank=True, max_length=254)),
                        ("actor_role", models.CharField(blank=True, max_length=40)),
                        ("action", models.CharField(db_index=True, max_length=80)),
                        (
                            "outcome",
                            models.CharField(
                                choices=[("done", "Done"), ("denied", "Denied")],
                                default="done",
                                max_length=10,
                            ),
                        ),
                        ("object_type", models.CharField(blank=True, max_length=80)),
                        ("object_id", models.CharField(blank=True, max_length=40)),
                        ("object_repr", models.CharField(blank=True, max_length=300)),
                        ("from_state", models.CharField(blank=True, max_length=30)),
                        ("to_state", models.CharField(blank=True, max_length=30)),
                        ("note", models.TextField(blank=True)),
                        ("source_ip", models.GenericIPAddressField(blank=True, null=True)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("prev_hash", models.CharField(max_length=64)),
                        ("hash", models.CharField(max_length=64, unique=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "nominations_auditevent",
                        "ordering": ["pk"],
                        "indexes": [
                            models.Index(
                                fields=["object_type", "object_id"], name="audit_object_idx"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

"""A certificate's status becomes a protected state field; the column is unchanged."""

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0010_audit_event_moves_to_core"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="status",
            field=django_fsm.FSMField(
                choices=[("valid", "Valid"), ("superseded", "Superseded"), ("revoked", "Revoked")],
                default="valid",
                max_length=12,
                protected=True,
            ),
        ),
    ]

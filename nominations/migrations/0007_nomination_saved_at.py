"""Nomination.saved_at: the nominator's own last save, the only "last saved" time they see.

Existing rows get the best time the database holds of a save by the nominator: for a
draft or a nomination returned for information, its last write (`updated_at`: in those
states only the nominator's edits, and the request for information itself, write it);
otherwise the latest of its creation, its submission, its versions and its nominator's
own audited actions (submit, resubmit, withdraw, edits), never a staff action's time.
"""

import django.utils.timezone
from django.db import migrations, models

EDITABLE_STATES = ("draft", "returned")
NOMINATOR_ACTIONS = (
    "nomination.create",
    "nomination.submit",
    "nomination.resubmit",
    "nomination.withdraw",
    "nomination.edit",
)


def fill_saved_at(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    NominationVersion = apps.get_model("nominations", "NominationVersion")
    AuditEvent = apps.get_model("nominations", "AuditEvent")
    for nomination in Nomination.objects.all().iterator():
        if nomination.state in EDITABLE_STATES:
            saved_at = nomination.updated_at
        else:
            candidates = [nomination.created_at, nomination.submitted_at]
            candidates += NominationVersion.objects.filter(
                nomination_id=nomination.pk, created_by_id=nomination.nominator_id
            ).values_list("created_at", flat=True)
            candidates += AuditEvent.objects.filter(
                object_type="nominations.nomination",
                object_id=str(nomination.pk),
                actor_id=nomination.nominator_id,
                outcome="done",
                action__in=NOMINATOR_ACTIONS,
            ).values_list("created_at", flat=True)
            saved_at = max(when for when in candidates if when is not None)
        Nomination.objects.filter(pk=nomination.pk).update(saved_at=saved_at)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0006_selection_certificates_announcement"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="saved_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(fill_saved_at, migrations.RunPython.noop),
    ]

from django.core.management import call_command
from django.db import migrations


def rebuild(apps, schema_editor):
    # Once, for the reviews submitted before the figures were stored. The command uses the
    # current models; only a database that already holds reviews has anything to compute.
    Review = apps.get_model("reviews", "Review")
    if Review.objects.exists():
        call_command("rebuild_panel_figures", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_panel_figures")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

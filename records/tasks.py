"""The records package's build, run by the worker (at once in development and tests).
Its one argument is the package's id; everything else is read from the row."""

from django.tasks import task

from records.models import RecordsPackage
from records.services.package import records_package_build


@task
def build_records_package(package_id: int) -> str:
    package = RecordsPackage.objects.get(pk=package_id)
    return records_package_build(package=package).status

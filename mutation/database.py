"""A pytest plugin for `make mutation` (mutation/run.py loads it with `-p`): each run of
the tests starts from its own copy of one SQLite database migrated beforehand, instead
of migrating a new in-memory one. Migrating takes about 2.5 seconds, most of what one
mutant's run would cost; copying the file takes milliseconds.

Active only when MUTATION_DB_TEMPLATE names the migrated database; `make test` never
loads it.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

TEMPLATE_VARIABLE = "MUTATION_DB_TEMPLATE"


class MigratedCopy:
    """Registered after pytest-django, so that its `django_db_setup` is the one used."""

    @pytest.fixture(scope="session")
    @classmethod
    def django_db_setup(cls, django_db_blocker):
        """Replaces pytest-django's `django_db_setup`: the same migrated schema and the rows
        the migrations write (the roles), in a file of this test run's own, deleted after."""
        from django.conf import settings
        from django.db import connections

        template = Path(os.environ[TEMPLATE_VARIABLE])
        handle, copy = tempfile.mkstemp(suffix=".sqlite3", dir=template.parent)
        os.close(handle)
        shutil.copyfile(template, copy)
        connection = connections["default"]
        original = connection.settings_dict["NAME"]
        with django_db_blocker.unblock():
            connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = copy
        try:
            yield
        finally:
            with django_db_blocker.unblock():
                connection.close()
            connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = original
            for path in (copy, f"{copy}-wal", f"{copy}-shm"):
                Path(path).unlink(missing_ok=True)


def pytest_configure(config):
    if os.environ.get(TEMPLATE_VARIABLE):
        config.pluginmanager.register(MigratedCopy(), "mutation-migrated-copy")

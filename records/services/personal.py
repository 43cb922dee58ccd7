"""A person's Privacy Act access download: everything the system holds about them that
is theirs (records/selectors/personal.py), as one sealed ZIP. Audited."""

import tempfile

from django.conf import settings

from core.services.audit import audit_record
from records.domain.package import write_package
from records.selectors.personal import PersonalRecords


def personal_records_file(*, user):
    """The person's records written to a temporary file (deleted once closed), rewound;
    with one "records.access_download" audit event on their account, naming the file's
    SHA-256. The caller sends and closes it."""
    # Handed to the response, which closes it once sent (and the system deletes it).
    target = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        written = write_package(
            target,
            lambda writer: PersonalRecords(writer, user).write(site=settings.AWARDS_SITE_NAME),
        )
    except BaseException:
        target.close()
        raise
    audit_record(
        action="records.access_download",
        actor=user,
        obj=user,
        data={
            "sha256": written.sha256,
            "size": written.size,
            "counts": written.description["counts"],
        },
    )
    return target

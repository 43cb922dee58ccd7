"""export_files, import_files and verify_files: the uploaded files of a backup, through
the storage API, so that they work the same for FILE_STORAGE=local and s3."""

import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.management.commands.export_files import storage_names
from tests.factories import NominationFactory, award_staff, certificate_issued

FILES = {
    "certificates/PA-2024-0001-C1.pdf": b"%PDF-1.7 one",
    "attachments/2024/a.pdf": b"%PDF-1.7 two",
    "top.txt": b"three",
}


def stored_files() -> dict[str, bytes]:
    found = {}
    for name in storage_names(default_storage):
        with default_storage.open(name, "rb") as stored:
            found[name] = stored.read()
    return found


def test_export_then_import_into_an_empty_storage_gives_the_same_files(settings, tmp_path):
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))
    archive = tmp_path / "files.tar.gz"

    call_command("export_files", str(archive))
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == sorted(FILES)

    settings.MEDIA_ROOT = tmp_path / "restored"
    call_command("import_files", str(archive))
    assert stored_files() == FILES
    # Again: everything is there already, nothing changes.
    call_command("import_files", str(archive))
    assert stored_files() == FILES


def test_export_of_a_storage_never_written_to_is_an_empty_archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-made-yet"
    archive = tmp_path / "files.tar.gz"

    call_command("export_files", str(archive))

    with tarfile.open(archive) as tar:
        assert tar.getnames() == []


def test_export_refuses_to_overwrite_an_archive(tmp_path):
    archive = tmp_path / "files.tar"
    archive.write_bytes(b"earlier")

    with pytest.raises(CommandError, match="exists already"):
        call_command("export_files", str(archive))
    assert archive.read_bytes() == b"earlier"


def test_import_never_overwrites_a_different_file(settings, tmp_path):
    default_storage.save("top.txt", ContentFile(b"three"))
    archive = tmp_path / "files.tar"
    call_command("export_files", str(archive))
    settings.MEDIA_ROOT = tmp_path / "other"
    default_storage.save("top.txt", ContentFile(b"not three"))

    with pytest.raises(CommandError, match="top.txt is in the storage already with other content"):
        call_command("import_files", str(archive))
    assert stored_files() == {"top.txt": b"not three"}


def test_import_refuses_a_member_outside_the_storage(settings, tmp_path):
    archive = tmp_path / "evil.tar"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"x")
    with tarfile.open(archive, "w") as tar:
        tar.add(outside, arcname="../outside.txt")
    settings.MEDIA_ROOT = tmp_path / "media"

    with pytest.raises(CommandError, match="refusing the archive member '../outside.txt'"):
        call_command("import_files", str(archive))
    assert stored_files() == {}


@pytest.mark.django_db
def test_verify_files_names_each_file_the_database_refers_to_that_is_missing(capsys):
    certificate = certificate_issued(NominationFactory(), by=award_staff())
    certificate.file.save("present.pdf", ContentFile(b"%PDF"), save=True)
    call_command("verify_files")
    assert capsys.readouterr().out == "files OK (1 referenced)\n"

    type(certificate).objects.filter(pk=certificate.pk).update(file="certificates/gone.pdf")

    with pytest.raises(CommandError, match="1 of 1 referenced files are missing"):
        call_command("verify_files")
    assert (
        capsys.readouterr().err == "missing: nominations.Certificate.file: certificates/gone.pdf\n"
    )

import tarfile
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Put the files of an archive written by export_files into the site's file storage "
        "(MEDIA_ROOT or the S3 bucket), each under its own name. A file already there with "
        "the same content is skipped; one with other content stops the import, which "
        "never overwrites. Used to restore a backup (deploy/restore-drill.sh)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="a tar file from export_files")

    def handle(self, *args, archive: str, **options) -> None:
        imported = skipped = 0
        try:
            with tarfile.open(archive, "r:*") as tar:
                for member in tar:
                    if not member.isfile():
                        continue
                    name = _storage_name(member.name)
                    if _store(name, tar.extractfile(member).read()):
                        imported += 1
                    else:
                        skipped += 1
        except (OSError, tarfile.TarError) as error:
            raise CommandError(f"cannot read {archive}: {error}") from error
        self.stdout.write(f"imported {imported} files, {skipped} already there, from {archive}")


def _store(name: str, content: bytes) -> bool:
    """Store `content` as `name`; False when the same content is there already."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise CommandError(
                    f"{name} is in the storage already with other content; "
                    "nothing after it was imported"
                )
        return False
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        raise CommandError(f"{name} was stored as {saved}")
    return True


def _storage_name(member_name: str) -> str:
    path = PurePosixPath(member_name)
    if path.is_absolute() or ".." in path.parts:
        raise CommandError(f"refusing the archive member {member_name!r}")
    return str(path)

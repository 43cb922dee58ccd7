import tarfile
import time
from collections.abc import Iterator

from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Write every file of the site's file storage (MEDIA_ROOT or the S3 bucket, whichever "
        "FILE_STORAGE selects) into one tar archive (gzipped when its name ends in .gz), "
        "each under its storage name. Reads through Django's storage API, so the archive is "
        "the same for either storage; import_files puts it back. Used by deploy/backup.sh."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="the tar file to write (it must not exist)")

    def handle(self, *args, archive: str, **options) -> None:
        mode = "x:gz" if archive.endswith(".gz") else "x"
        count = size = 0
        try:
            with tarfile.open(archive, mode) as tar:
                for name in storage_names(default_storage):
                    with default_storage.open(name, "rb") as stored:
                        content = stored.read()
                    member = tarfile.TarInfo(name)
                    member.size = len(content)
                    member.mode = 0o640
                    member.mtime = _modified(default_storage, name)
                    tar.addfile(member, _Reader(content))
                    count += 1
                    size += len(content)
        except FileExistsError as error:
            raise CommandError(f"{archive} exists already") from error
        self.stdout.write(f"exported {count} files ({size} bytes) to {archive}")


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, folders walked depth first, in sorted order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        # A MEDIA_ROOT nothing was ever saved in does not exist yet.
        if folder:
            raise
        return
    for file in sorted(files):
        yield f"{folder}/{file}" if folder else file
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


def _modified(storage: Storage, name: str) -> float:
    try:
        return storage.get_modified_time(name).timestamp()
    except NotImplementedError:
        return time.time()


class _Reader:
    """The file-like object tarfile.addfile reads a member's bytes from."""

    def __init__(self, content: bytes) -> None:
        self._content = memoryview(content)
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._content) if size < 0 else self._offset + size
        chunk = self._content[self._offset : end].tobytes()
        self._offset += len(chunk)
        return chunk

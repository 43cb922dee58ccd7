"""The records package's file format, written and checked without the database.

A package is a ZIP file:

- the records, each a member (`cycle.json`, `nominations/PA-2023-0007/nomination.json`,
  stored files as they were uploaded or issued, ...);
- `manifest.json`, written last: what the package is, and each other member's path,
  SHA-256 and size;
- a seal in the archive comment, the very last bytes of the file:
  `awards-records-sha256:` and the SHA-256 of every byte of the file before those 64
  hex digits. The seal covers the manifest, every member, the ZIP's own headers and
  directory, and the comment's length, so changing any byte of the file (or cutting it
  short, or adding to it) fails the check.

The seal proves the file is as it was written; that it was written by this system is
what the audit log's `records_package.build` event says, which records the file's
SHA-256 (docs/records.md).
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

FORMAT = "awards-records-package/1"
MANIFEST = "manifest.json"
SEAL_PREFIX = b"awards-records-sha256:"
SEAL_LENGTH = len(SEAL_PREFIX) + 64
CHUNK = 1024 * 1024
# Every member is stamped with this moment, so the headers say nothing the manifest
# does not (the package's own time is in the manifest).
MEMBER_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Member:
    path: str
    sha256: str
    size: int


class PackageWriter:
    """Writes a package to `target` (a seekable binary file), one member at a time, so
    memory holds one chunk whatever the package's size."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.archive = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.members: list[Member] = []
        self._paths: set[str] = set()

    def add_bytes(self, path: str, content: bytes) -> Member:
        return self.add_stream(path, io.BytesIO(content))

    def add_json(self, path: str, value) -> Member:
        text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        return self.add_bytes(path, text.encode())

    def add_stream(self, path: str, source: BinaryIO) -> Member:
        """Copy `source` into the member `path`, hashing it on the way."""
        if path in self._paths or path == MANIFEST:
            raise ValueError(f"The package already has {path}.")
        self._paths.add(path)
        digest, size = hashlib.sha256(), 0
        info = zipfile.ZipInfo(path, date_time=MEMBER_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with self.archive.open(info, "w", force_zip64=True) as member:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        entry = Member(path=path, sha256=digest.hexdigest(), size=size)
        self.members.append(entry)
        return entry

    def close(self) -> None:
        """Close the archive (a no-op once `finish` has): call it when writing stopped
        part way, before the target is closed."""
        self.archive.close()

    def finish(self, description: dict) -> str:
        """Write the manifest (`description` plus every member) and the seal; return
        the whole file's SHA-256."""
        manifest = {
            **description,
            "format": FORMAT,
            "files": [
                {"path": member.path, "sha256": member.sha256, "size": member.size}
                for member in self.members
            ],
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        info = zipfile.ZipInfo(MANIFEST, date_time=MEMBER_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.archive.writestr(info, text.encode())
        self.archive.comment = SEAL_PREFIX + b"0" * 64
        self.archive.close()
        return seal(self.target)


@dataclass(frozen=True)
class Written:
    """A finished package: what its manifest says of it, its SHA-256, size and files."""

    description: dict
    sha256: str
    size: int
    files: int

    @property
    def audit_data(self) -> dict:
        """What the audit event of a build records of the package."""
        return {
            "sha256": self.sha256,
            "size": self.size,
            "files": self.files,
            "audit_head": self.description["audit"]["head"],
            "missing_files": len(self.description["missing_files"]),
        }


def write_package(target: BinaryIO, write: Callable[[PackageWriter], dict]) -> Written:
    """Write a whole package into `target`, rewound after: `write(writer)` adds the
    members and returns the manifest's description of the package."""
    writer = PackageWriter(target)
    try:
        description = write(writer)
        sha256 = writer.finish(description)
    finally:
        writer.close()
    size = target.seek(0, io.SEEK_END)
    target.seek(0)
    return Written(description, sha256, size, len(writer.members) + 1)


def seal(target: BinaryIO) -> str:
    """Write the seal over the placeholder at the end of `target`; return the SHA-256
    of the whole sealed file."""
    target.flush()
    end = target.seek(0, io.SEEK_END)
    covered = end - 64
    digest = hashlib.sha256()
    target.seek(0)
    left = covered
    while left > 0:
        chunk = target.read(min(CHUNK, left))
        if not chunk:
            break
        digest.update(chunk)
        left -= len(chunk)
    target.seek(covered)
    target.write(digest.hexdigest().encode())
    target.flush()
    target.seek(0)
    whole = hashlib.sha256()
    while chunk := target.read(CHUNK):
        whole.update(chunk)
    return whole.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class PackageCheck:
    """What `check_package` found: the manifest (when readable) and every problem."""

    manifest: dict | None
    problems: list[str]
    members_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _seal_problem(path: Path) -> str:
    size = path.stat().st_size
    if size < SEAL_LENGTH:
        return "The file is too short to be a records package."
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        left = size - 64
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            digest.update(chunk)
            left -= len(chunk)
        handle.seek(size - SEAL_LENGTH)
        tail = handle.read(SEAL_LENGTH)
    if not tail.startswith(SEAL_PREFIX):
        return "The package's seal is missing: the file does not end as a records package does."
    if tail[len(SEAL_PREFIX) :] != digest.hexdigest().encode():
        return (
            "The package's seal does not match its contents: the file was changed, cut "
            "short or added to after it was written."
        )
    return ""


def check_package(path: Path, *, audit_checker=None) -> PackageCheck:
    """Check a package file: its seal, its manifest, every member's SHA-256 and size,
    that it holds nothing the manifest does not list, and (through `audit_checker`, a
    callable taking the open ZipFile and the manifest and returning problems) its audit
    extract."""
    problem = _seal_problem(path)
    if problem:
        return PackageCheck(manifest=None, problems=[problem])
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return PackageCheck(manifest=None, problems=[f"The file is not a ZIP archive: {error}."])
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError, zipfile.BadZipFile) as error:
            return PackageCheck(manifest=None, problems=[f"The manifest cannot be read: {error}."])
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return PackageCheck(manifest=None, problems=["The manifest is not of a known format."])
        try:
            listed = {entry["path"]: entry for entry in manifest.get("files", [])}
            for entry in listed.values():
                int(entry["size"]), str(entry["sha256"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return PackageCheck(manifest=None, problems=["The manifest's file list is malformed."])
        present = [name for name in archive.namelist() if name != MANIFEST]
        problems += [
            f"{name}: in the package but not in the manifest"
            for name in present
            if name not in listed
        ]
        problems += [
            f"{name}: in the manifest but not in the package"
            for name in listed
            if name not in set(present)
        ]
        checked = 0
        for name in present:
            entry = listed.get(name)
            if entry is None:
                continue
            digest, size = hashlib.sha256(), 0
            try:
                with archive.open(name) as member:
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                problems.append(f"{name}: cannot be read ({error})")
                continue
            if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                problems.append(f"{name}: its SHA-256 or size is not the manifest's")
            checked += 1
        if audit_checker is not None and not problems:
            problems += audit_checker(archive, manifest)
    return PackageCheck(manifest=manifest, problems=problems, members_checked=checked)


def read_lines(archive: zipfile.ZipFile, name: str) -> Iterable[dict]:
    """The JSON objects of a JSON Lines member, one at a time."""
    with archive.open(name) as member:
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)

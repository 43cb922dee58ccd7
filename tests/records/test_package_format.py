"""The package file format (records/domain/package.py): the manifest lists every member
with its SHA-256 and size, and the seal makes any change to the file fail the check."""

import hashlib
import io
import json
import zipfile

import pytest

from records.domain.package import (
    FORMAT,
    MANIFEST,
    SEAL_PREFIX,
    PackageWriter,
    check_package,
    file_sha256,
)


def written(tmp_path, members: dict[str, bytes], description=None) -> tuple:
    path = tmp_path / "package.zip"
    with path.open("w+b") as target:
        writer = PackageWriter(target)
        for name, content in members.items():
            writer.add_bytes(name, content)
        sha256 = writer.finish(description or {"what": "test"})
    return path, sha256


def test_the_manifest_lists_each_member_with_its_sha256_and_size(tmp_path):
    path, _ = written(tmp_path, {"a.json": b'{"a": 1}', "files/b.pdf": b"%PDF-1.7 b"})

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = archive.namelist()

    assert names == ["a.json", "files/b.pdf", MANIFEST]
    assert manifest == {
        "what": "test",
        "format": FORMAT,
        "files": [
            {"path": "a.json", "sha256": hashlib.sha256(b'{"a": 1}').hexdigest(), "size": 8},
            {
                "path": "files/b.pdf",
                "sha256": hashlib.sha256(b"%PDF-1.7 b").hexdigest(),
                "size": 10,
            },
        ],
    }


def test_the_seal_is_the_last_bytes_and_covers_everything_before_its_digits(tmp_path):
    path, sha256 = written(tmp_path, {"a.txt": b"a"})
    data = path.read_bytes()

    assert data[-86:-64] == SEAL_PREFIX
    assert data[-64:].decode() == hashlib.sha256(data[:-64]).hexdigest()
    assert sha256 == hashlib.sha256(data).hexdigest() == file_sha256(path)


def test_a_written_package_checks(tmp_path):
    path, _ = written(tmp_path, {"a.txt": b"a" * 5000, "b.txt": b"b"})

    report = check_package(path)

    assert (report.ok, report.problems, report.members_checked) == (True, [], 2)
    assert report.manifest["what"] == "test"


def test_changing_any_byte_fails_the_check(tmp_path):
    path, _ = written(tmp_path, {"a.txt": b"alpha " * 300, "b/c.json": b'{"c": true}'})
    data = path.read_bytes()

    for position in range(len(data)):
        changed = bytearray(data)
        changed[position] ^= 0x20
        path.write_bytes(bytes(changed))
        assert not check_package(path).ok, f"a change at byte {position} passed"


@pytest.mark.parametrize("how", ["cut short", "added to"])
def test_a_file_cut_short_or_added_to_fails(tmp_path, how):
    path, _ = written(tmp_path, {"a.txt": b"a"})
    data = path.read_bytes()
    path.write_bytes(data[:-1] if how == "cut short" else data + b"\n")

    report = check_package(path)

    assert not report.ok


def test_a_resealed_package_with_a_member_changed_names_the_member(tmp_path):
    """A writer who rewrites a member and seals again: the manifest gives it away."""
    path, _ = written(tmp_path, {"a.txt": b"original", "b.txt": b"b"})
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"forged" if name == "a.txt" else source.read(name))
    forged = tmp_path / "forged.zip"
    with forged.open("w+b") as handle:
        handle.write(rebuilt.getvalue())
    reseal(forged)

    report = check_package(forged)

    assert report.problems == ["a.txt: its SHA-256 or size is not the manifest's"]


def test_a_resealed_package_with_an_extra_or_missing_member_names_it(tmp_path):
    path, _ = written(tmp_path, {"a.txt": b"a", "b.txt": b"b"})
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for name in source.namelist():
            if name != "b.txt":
                target.writestr(name, source.read(name))
        target.writestr("extra.txt", b"x")
    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebuilt.getvalue())
    reseal(forged)

    report = check_package(forged)

    assert sorted(report.problems) == [
        "b.txt: in the manifest but not in the package",
        "extra.txt: in the package but not in the manifest",
    ]


def test_a_file_that_is_no_package_says_so(tmp_path):
    path = tmp_path / "other.zip"
    path.write_bytes(b"PK\x03\x04 not a package at all, and long enough to have a seal" * 3)

    report = check_package(path)

    assert report.problems == [
        "The package's seal is missing: the file does not end as a records package does."
    ]


def test_a_member_cannot_be_written_twice(tmp_path):
    with (tmp_path / "p.zip").open("w+b") as target:
        writer = PackageWriter(target)
        writer.add_bytes("a.txt", b"a")
        with pytest.raises(ValueError, match="already has a.txt"):
            writer.add_bytes("a.txt", b"again")
        writer.close()


def reseal(path):
    """Seal `path` as the writer does, after the comment it lost in the rewrite."""
    from records.domain.package import seal

    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = SEAL_PREFIX + b"0" * 64
    with path.open("r+b") as handle:
        seal(handle)

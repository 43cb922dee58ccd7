"""Stored files are reached only through Django's storage API (open, save, delete,
exists, size), which works the same on local disk and on object storage (FILE_STORAGE).

A path under MEDIA_ROOT exists only on local disk, and a storage URL would hand a file out
around the views' permission checks, so neither appears in the code or the templates."""

import re

import pytest

from tests.awards_site.test_settings import BASE_DIR

PACKAGES = [
    "accounts",
    "awards_site",
    "core",
    "nominations",
    "reviews",
    "selection",
    "demo",
    "bench",
]
FILE_FIELDS = r"(?:file|letter|evidence)"
AROUND_THE_API = re.compile(
    r"settings\.MEDIA_ROOT"  # a path on local disk
    r"|MEDIA_URL"  # files served by URL
    r"|storage\.(?:path|url)\("  # storage.path(name), default_storage.url(name)
    rf"|\.{FILE_FIELDS}\.(?:path|url)\b"  # attachment.file.path, certificate.file.url
)
TEMPLATE_URL = re.compile(rf"\.{FILE_FIELDS}\.url\b")


def sources():
    for package in PACKAGES:
        for path in sorted((BASE_DIR / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def offending_lines(paths, pattern: re.Pattern) -> list[str]:
    return [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]


def test_code_reaches_stored_files_only_through_the_storage_api():
    assert offending_lines(sources(), AROUND_THE_API) == []


def test_templates_never_link_to_a_stored_file():
    assert offending_lines(sorted((BASE_DIR / "templates").rglob("*.html")), TEMPLATE_URL) == []


@pytest.mark.parametrize(
    "line",
    [
        "path = Path(settings.MEDIA_ROOT) / name",
        'pdf = Path(Attachment.file.field.storage.path("a.pdf")).read_bytes()',
        "return redirect(default_storage.url(name))",
        "return redirect(certificate.file.url)",
        "open(attachment.file.path, 'rb')",
        "urlpatterns += static(settings.MEDIA_URL, document_root=root)",
    ],
)
def test_the_pattern_catches_each_way_around_the_api(line):
    assert AROUND_THE_API.search(line)

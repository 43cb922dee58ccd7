"""Spooled downloads: a long export is written once, kept in memory only up to a bound,
and sent whole with the download headers."""

from core import downloads
from core.downloads import CSV, Spool


def test_a_spool_sends_everything_written_with_the_download_headers():
    spool = Spool()
    spool.text.write("reference,nominee\r\nTIP-2026-0001,Centro de los Derechos del Migrante\r\n")

    response = spool.download(filename="results.csv", content_type=CSV)

    assert response.getvalue().decode() == (
        "reference,nominee\r\nTIP-2026-0001,Centro de los Derechos del Migrante\r\n"
    )
    assert response["Content-Type"] == CSV
    assert response["Content-Disposition"] == 'attachment; filename="results.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_spool_moves_to_a_temporary_file_past_its_bound(monkeypatch):
    monkeypatch.setattr(downloads, "SPOOL_BYTES", 1000)
    spool = Spool()
    line = "é" * 99 + "\n"  # 199 bytes in UTF-8

    for _ in range(10):
        spool.text.write(line)
    spool.text.flush()

    assert spool._file._rolled  # on disk, not in memory
    response = spool.download(filename="long.csv", content_type=CSV)
    assert response.getvalue().decode() == line * 10

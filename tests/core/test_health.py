"""/healthz and /readyz: what each checks, 503 naming the failing part, and both answered
to a load balancer that calls an app server directly (any Host, plain HTTP)."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_healthz_answers_ok_as_text_without_a_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_refuse_a_post(client, db, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
def test_readyz_answers_ok_when_database_cache_and_storage_work(client, media_root):
    response = client.get("/readyz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert list(media_root.rglob("*.probe")) == []  # the storage probe cleans up after itself


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_fails(client, media_root):
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable: database\n")


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_unreachable(client, settings, media_root):
    settings.CACHES = CLOSED_PORT_REDIS

    response = client.get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable: cache\n")


@pytest.mark.django_db
def test_readyz_names_storage_when_files_cannot_be_kept(client, settings, tmp_path):
    not_a_folder = tmp_path / "uploads"
    not_a_folder.write_text("a file where the upload folder should be")
    settings.MEDIA_ROOT = str(not_a_folder)

    response = client.get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable: storage\n")


@pytest.mark.django_db
def test_readyz_names_every_failing_part(client, settings, tmp_path):
    settings.CACHES = CLOSED_PORT_REDIS
    settings.MEDIA_ROOT = str(tmp_path / "file")
    (tmp_path / "file").write_text("x")

    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/readyz")

    assert response.content == b"unavailable: database, cache, storage\n"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_answer_a_load_balancer_calling_by_address(
    client, settings, media_root, path
):
    settings.ALLOWED_HOSTS = ["awards.example.gov"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

    direct = client.get(path, HTTP_HOST="10.0.0.7:8000")
    page = client.get("/call/1/", HTTP_HOST="10.0.0.7:8000")

    assert (direct.status_code, direct.content) == (200, b"ok\n")
    assert page.status_code == 400  # every other address still checks the host

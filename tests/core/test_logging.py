"""Log lines: JSON in UTC with the request's id, and one access-log line per request."""

import json
import logging
import sys

import pytest

from core.logging import JsonFormatter, RequestIdFilter, TextFormatter, request_id_bound


def record(message="hello %s", args=("world",), **extra) -> logging.LogRecord:
    made = logging.LogRecord("awards.test", logging.WARNING, __file__, 7, message, args, None)
    made.created, made.msecs = 1796515200.25, 250.0  # 2026-12-06T00:00:00.250Z
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_json_formatter_writes_one_object_in_utc_with_the_request_id():
    line = record(status=403)
    with request_id_bound("req-12345678"):
        RequestIdFilter().filter(line)

    formatted = JsonFormatter().format(line)

    assert "\n" not in formatted
    assert json.loads(formatted) == {
        "time": "2026-12-06T00:00:00.250+00:00",
        "level": "WARNING",
        "logger": "awards.test",
        "message": "hello world",
        "request_id": "req-12345678",
        "status": 403,
    }


def test_json_formatter_keeps_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        line = record(exc_info=sys.exc_info())

    entry = json.loads(JsonFormatter().format(line))

    assert entry["exception"].startswith("Traceback")
    assert entry["exception"].endswith("ValueError: broken")


def test_outside_a_request_the_request_id_is_a_dash():
    line = record()
    RequestIdFilter().filter(line)

    assert line.request_id == "-"
    assert TextFormatter().format(line) == (
        "2026-12-06T00:00:00.250Z WARNING awards.test [-] hello world"
    )


@pytest.fixture
def access_lines():
    lines: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record)

    logger = logging.getLogger("awards.access")
    handler, level = Keep(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.django_db
def test_each_request_writes_one_access_line_with_its_id(client, access_lines):
    response = client.get(
        "/call/999/?email=someone@example.org",
        HTTP_X_REQUEST_ID="proxy-request-0001",
        REMOTE_ADDR="198.51.100.4",
    )

    assert response.status_code == 404
    assert response["X-Request-ID"] == "proxy-request-0001"
    [line] = access_lines
    assert (line.levelno, line.getMessage()) == (logging.INFO, "GET /call/999/ 404")
    assert (line.method, line.status, line.client, line.user_id) == (
        "GET",
        404,
        "198.51.100.4",
        None,
    )
    assert line.request_id == "proxy-request-0001"
    assert line.duration_ms >= 0


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "short", "has spaces in it", "x" * 200, "id\nforged"])
def test_a_request_id_that_is_not_one_is_replaced(client, access_lines, sent):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)

    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32
    assert access_lines[0].request_id == response["X-Request-ID"]
    assert access_lines[0].levelno == logging.DEBUG  # a passing health check stays quiet


@pytest.mark.django_db
def test_the_access_line_never_keeps_a_links_token(client, access_lines):
    client.get("/endorse/" + "A" * 43 + "/")

    assert access_lines[0].getMessage() == "GET /endorse/[token]/ 404"

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_ok_as_text_without_a_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert len(queries) == 0


def test_healthz_refuses_a_post(client, db):
    response = client.post("/healthz")
    assert response.status_code == 405

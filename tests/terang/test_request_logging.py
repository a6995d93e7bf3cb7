import io
import json
import logging
import re

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import Client
from django.urls import path

from terang.logging import JsonFormatter, RequestIdFilter, current_request_id

app_logger = logging.getLogger("terang.tests.request_logging")


def logging_view(request):
    app_logger.warning("reviewing story %s", 17)
    return HttpResponse("ok")


def failing_view(request):
    raise RuntimeError("the disk is full")


def gone_view(request):
    return HttpResponseNotFound("gone")


urlpatterns = [
    path("logs/", logging_view),
    path("fails/", failing_view),
    path("gone/", gone_view),
]


@pytest.fixture
def json_lines():
    """Records from the request and app loggers, formatted exactly as production writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("django.request"), app_logger]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.urls(__name__)
def test_request_id__valid_incoming_header__is_kept_and_returned():
    response = Client().get("/logs/", HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001")

    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "short",
        "has spaces in it",
        "evil\u2028line-separator",
        "x" * 129,
        "<script>alert</script>",
    ],
)
def test_request_id__malformed_incoming_header__is_replaced(incoming):
    response = Client().get("/logs/", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.urls(__name__)
def test_request_id__absent__a_fresh_one_per_request():
    client = Client()

    first = client.get("/logs/")["X-Request-ID"]
    second = client.get("/logs/")["X-Request-ID"]

    assert first != second


@pytest.mark.urls(__name__)
def test_request_id__in_every_log_record_of_the_request_and_cleared_after(json_lines):
    response = Client().get("/logs/", HTTP_X_REQUEST_ID="req-0123456789")

    [line] = json_lines()
    assert line["request_id"] == response["X-Request-ID"] == "req-0123456789"
    assert line["message"] == "reviewing story 17"
    assert line["level"] == "WARNING"
    assert line["logger"] == "terang.tests.request_logging"
    assert current_request_id() is None


@pytest.mark.urls(__name__)
def test_server_error__logged_as_json_with_request_id_path_and_traceback(json_lines):
    client = Client(raise_request_exception=False)

    response = client.get("/fails/", HTTP_X_REQUEST_ID="req-failing-0001")

    assert response.status_code == 500
    [line] = json_lines()
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["request_id"] == "req-failing-0001"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/fails/", 500)
    assert line["exception_type"] == "RuntimeError"
    assert "the disk is full" in line["exception"]


@pytest.mark.urls(__name__)
def test_not_found_response__logged_after_the_middleware__still_carries_the_request_id(
    db, json_lines
):
    response = Client().get("/gone/", HTTP_X_REQUEST_ID="req-missing-0001")

    assert response.status_code == 404
    [line] = json_lines()
    assert line["request_id"] == "req-missing-0001"
    assert line["status"] == 404


def test_json_formatter__gunicorn_access_record__named_fields_and_request_id():
    atoms = {
        "h": "10.0.0.7",
        "r": "GET /stories/?q=madu HTTP/1.1",
        "m": "GET",
        "U": "/stories/",
        "s": "200",
        "B": 5120,
        "M": 42,
        "a": "curl/8",
        "{x-request-id}o": "abc123def456",
        "{cookie}i": "sessionid=secret-session",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', (atoms,), None
    )

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == '10.0.0.7 "GET /stories/?q=madu HTTP/1.1" 200'
    assert (line["method"], line["path"], line["status"], line["duration_ms"]) == (
        "GET",
        "/stories/",
        200,
        42,
    )
    assert line["request_id"] == "abc123def456"
    assert "secret-session" not in json.dumps(line)


def test_json_formatter__extra_fields_are_kept_and_anything_is_serialisable():
    record = logging.LogRecord("terang", logging.INFO, __file__, 1, "indexed", (), None)
    record.story_id = 17
    record.engine = object()

    line = json.loads(JsonFormatter().format(record))

    assert line["story_id"] == 17
    assert line["engine"].startswith("<object object")
    assert line["request_id"] == "-"

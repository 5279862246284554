"""JSON logs with a request id (core/logs.py): the access line, the formatter, Celery tasks."""

import io
import json
import logging
import re

import pytest
from celery import signals
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.celery import app as celery_app
from config.middleware import TrustedProxyMiddleware
from core.logs import TASK_HEADER, JsonFormatter, RequestIdFilter, RequestLogMiddleware
from tests.conftest import make_user
from tests.factories import UnionFactory

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines():
    """Records as the production handler writes them: parsed JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _access(lines) -> list[dict]:
    return [line for line in lines if line["logger"] == "lhh.access"]


@pytest.mark.django_db
def test_each_request_gets_an_id_in_the_response_and_one_access_line(client, log_lines):
    response = client.get(reverse("healthz"))

    [line] = _access(log_lines())
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert {key: line[key] for key in ("request_id", "method", "path", "status", "scheme")} == {
        "request_id": response["X-Request-ID"],
        "method": "GET",
        "path": "/healthz",
        "status": response.status_code,
        "scheme": "http",
    }
    assert (line["client_ip"], line["user_id"], line["level"]) == ("127.0.0.1", None, "INFO")
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_the_access_line_has_the_user_id_and_never_the_query_string(client, log_lines):
    staff = make_user("staff", UnionFactory())
    client.force_login(staff)

    client.get(reverse("members:directory"), {"q": "Nguyễn Văn An", "email": "an@example.vn"})

    [line] = _access(log_lines())
    assert (line["path"], line["user_id"]) == (reverse("members:directory"), staff.pk)
    everything = json.dumps(log_lines(), ensure_ascii=False)
    assert "Nguyễn" not in everything
    assert "an@example.vn" not in everything


@pytest.mark.django_db
def test_a_request_id_from_a_client_is_replaced(client, log_lines):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="chosen-by-the-client")

    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("3f2a9c1e0b7d4a65", True), ("a b c d e f g h", False), ("x" * 200, False), ("short", False)],
)
def test_a_request_id_from_the_trusted_proxy_is_kept_when_sane(settings, offered, kept):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    app = TrustedProxyMiddleware(RequestLogMiddleware(lambda request: HttpResponse()))

    response = app(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REQUEST_ID=offered))

    assert (response["X-Request-ID"] == offered) is kept
    assert kept or HEX_ID.fullmatch(response["X-Request-ID"])


def test_the_json_formatter_writes_exceptions_extras_and_vietnamese(log_lines):
    logger = logging.getLogger("lhh.test")
    try:
        raise ValueError("hỏng")
    except ValueError:
        logger.exception("Báo cáo lỗi %s", 7, extra={"report_id": 7})

    [line] = [line for line in log_lines() if line["logger"] == "lhh.test"]
    assert (line["message"], line["level"], line["report_id"], line["request_id"]) == (
        "Báo cáo lỗi 7",
        "ERROR",
        7,
        None,
    )
    assert line["exception"].splitlines()[-1] == "ValueError: hỏng"


@celery_app.task(name="tests.deploy.log_a_line")
def log_a_line():
    logging.getLogger("lhh.test").info("inside the task")


def _inside_a_request(work) -> str:
    """Run `work` as a view behind the log middleware; the request's id."""

    def view(request):
        work()
        return HttpResponse()

    return RequestLogMiddleware(view)(RequestFactory().get("/"))["X-Request-ID"]


def test_a_task_logs_its_own_id_and_the_request_that_queued_it(log_lines):
    result = {}
    rid = _inside_a_request(lambda: result.setdefault("task", log_a_line.delay()))

    [line] = [line for line in log_lines() if line["message"] == "inside the task"]
    assert (line["request_id"], line["queued_by"]) == (result["task"].id, rid)


def test_a_queued_task_carries_the_request_id_in_its_headers_to_the_worker(log_lines):
    headers = {}
    rid = _inside_a_request(
        lambda: signals.before_task_publish.send(sender="x", body=(), headers=headers)
    )
    log_a_line.apply(headers=headers, task_id="task-in-a-worker")  # as a worker runs it

    [line] = [line for line in log_lines() if line["message"] == "inside the task"]
    assert headers == {TASK_HEADER: rid}
    assert (line["request_id"], line["queued_by"]) == ("task-in-a-worker", rid)

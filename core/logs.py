"""Structured logs: one JSON object a line, each carrying the request id.

- `RequestLogMiddleware` gives every request an id — the proxy's `X-Request-ID` when it looks sane
  (config.middleware.TrustedProxyMiddleware has already dropped it unless a trusted proxy sent it),
  else a fresh uuid4 hex —, returns it in the `X-Request-ID` response header and writes one access
  line per request (method, path without the query string, status, duration, client address,
  user id).
- `RequestIdFilter` (on the handler) adds `request_id` to every record; `JsonFormatter` writes them.
- Celery (`connect_celery_signals`, called by config/celery.py): a queued task carries the id of
  the request that queued it in its headers; in the worker the task id is the request id of its
  lines and `queued_by` names that request.

No personal data goes in: no query strings (they hold search terms about people), no e-mails.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_queued_by: contextvars.ContextVar[str] = contextvars.ContextVar("queued_by", default="")

SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
TASK_HEADER = "lhh_request_id"
access_logger = logging.getLogger("lhh.access")


def request_id() -> str:
    """The id of the request (or, in a worker, the task) being handled; "" outside both."""
    return _request_id.get()


def new_request_id(offered: str | None = None) -> str:
    return offered if offered and SANE_ID.fullmatch(offered) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        queued_by = _queued_by.get()
        if queued_by and not hasattr(record, "queued_by"):
            record.queued_by = queued_by
        return True


# A LogRecord's own attributes; anything else on a record is an `extra` field and is written out.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "color_message",  # uvicorn / celery colour copies of the message
}


class JsonFormatter(logging.Formatter):
    """time (ISO-8601, UTC), level, logger, message, request_id, exception, then extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id.get() or None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        if getattr(record, "request_id", "-") != "-":  # set by RequestIdFilter
            entry["request_id"] = record.request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request) -> int | None:
    """The user's id if the view looked at the user; the log never loads a session itself."""
    from django.utils.functional import empty

    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:  # no user, or a lazy one nobody looked at
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestLogMiddleware:
    """The request id, the `X-Request-ID` response header and one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.proxy import client_ip

        rid = new_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        token = _request_id.set(rid)
        request.request_id = rid
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            access_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                    "client_ip": client_ip(request),
                    "scheme": request.scheme,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            _request_id.reset(token)


# --- Celery ------------------------------------------------------------------------------------

_task_tokens: dict[str, tuple[contextvars.Token, contextvars.Token]] = {}


def _add_request_id_header(headers=None, **_kwargs) -> None:
    if headers is not None and _request_id.get():
        headers.setdefault(TASK_HEADER, _request_id.get())


def _task_started(task_id=None, task=None, **_kwargs) -> None:
    request = getattr(task, "request", None)
    queued_by = getattr(request, TASK_HEADER, None) or (
        (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    )
    # Run eagerly inside a request, the task was "queued" by that request.
    queued_by = queued_by or _request_id.get()
    _task_tokens[task_id] = (_request_id.set(task_id or ""), _queued_by.set(queued_by or ""))


def _task_finished(task_id=None, **_kwargs) -> None:
    tokens = _task_tokens.pop(task_id, None)
    if tokens:
        _request_id.reset(tokens[0])
        _queued_by.reset(tokens[1])


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(_add_request_id_header, weak=False)
    signals.task_prerun.connect(_task_started, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)


def logging_config(*, log_format: str, level: str) -> dict:
    """settings.LOGGING: every record through one console handler, JSON or plain text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            # runserver's own access line repeats ours (and shows the query string).
            "django.server": {"level": "WARNING"},
        },
    }

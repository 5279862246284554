"""gunicorn for one app server: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value comes from the environment (the same .env as the portal), with these defaults:
    GUNICORN_BIND       0.0.0.0:8000 (the address nginx's upstream names)
    WEB_CONCURRENCY     2 x CPU cores + 1 sync workers
    GUNICORN_TIMEOUT    60 s (nginx waits 65 s: deploy/nginx.conf)
    GUNICORN_MAX_REQUESTS  2000: a worker is replaced after that many requests (0: never)
    TRUSTED_PROXIES     the proxies whose X-Forwarded-* the portal believes (none by default)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"  # nginx buffers requests and answers, so slow clients never hold a worker
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter): memory stays flat over months.
# GUNICORN_MAX_REQUESTS=0: never (the benchmark, whose percentiles a restart would blur).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Who the client is, and its scheme, is decided by the portal alone (core/proxy.py, from
# TRUSTED_PROXIES). gunicorn by default trusts X-Forwarded-Proto from 127.0.0.1, which would let
# anyone with a shell on the host claim https: it trusts nobody's scheme headers here.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")
secure_scheme_headers = {}

# The portal writes one JSON access line per request (core/logs.py): gunicorn's is off, and its
# own lines (workers started, timed out) are JSON too unless LOG_FORMAT is text (as settings.py:
# text by default with DEBUG on).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_debug = os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")
if os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {
                "handlers": ["console"],
                "level": loglevel.upper(),
                "propagate": False,
            }
        },
    }
control_socket_disable = True

"""Two app servers behind nginx on loopback, files in a bucket, a worker with no shared disk.

Log in through one server, upload through the other, download through the first; a term report
generated through one (by the worker) downloads through the other; the same through nginx. Then
the forwarded headers: believed from nginx (which connects from 127.0.0.2, TRUSTED_PROXIES), never
from a client talking to gunicorn directly.
"""

import http.client
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from associations.models import Activity, Society
from core.loopback import (
    NGINX,
    Browser,
    celery_worker,
    database_url,
    gunicorn,
    nginx,
    redis_server,
)
from reports.models import TermReport
from tests.conftest import make_user
from tests.factories import PASSWORD, TermReportFactory
from tests.reports.datasets import decrease_dataset

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL DATABASE_URL"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs nginx"),
]

PROXY_SOURCE = "127.0.0.2"  # nginx connects to the app servers from here
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _env(media: Path, **extra) -> dict:
    media.mkdir()
    return {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "two-servers-test-" + "k" * 50,
        "DATABASE_URL": database_url(connection.settings_dict),
        "MEDIA_ROOT": str(media),  # its own: no disk is shared
        "STAFF_MFA_REQUIRED": "0",
        "TRUSTED_PROXIES": PROXY_SOURCE,
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def _json_lines(*logs: Path) -> list[dict]:
    lines = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
    return lines


def _access_line(request_id: str, *logs: Path) -> dict:
    for _ in range(50):  # the line is written as the answer leaves
        found = [
            line
            for line in _json_lines(*logs)
            if line["logger"] == "lhh.access" and line["request_id"] == request_id
        ]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no access line for {request_id}")


def _wait(condition, what: str, log: Path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached in {timeout} s:\n{log.read_text()[-3000:]}")


def _get(port: int, path: str, headers: dict, source: str | None = None):
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0) if source else None
    )
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _upload(browser: Browser, society: Society, title: str, content: bytes):
    data = {"kind": "workshop", "title": title, "held_on": "2023-05-20", "partners": "UBND"}
    data |= {"participants": "12", "amount_vnd": "0", "notes": ""}
    path = reverse("activity_add", args=[society.pk])
    browser.fetch(path)  # the form page, as a person opens it
    response = browser.fetch(path, data, files={"attachments": ("bien-ban.pdf", content)})
    assert response.status == 302, response.text[-2000:]
    attachment = Activity.objects.get(title=title).attachments.get()
    return attachment, reverse(
        "attachment_download", args=[society.pk, attachment.activity_id, attachment.pk]
    )


def test_two_app_servers_behind_nginx_share_sessions_files_and_reports(
    transactional_db, tmp_path, settings, new_bucket
):
    union, term = decrease_dataset()
    society = Society.objects.filter(union=union, dissolved_on=None).first()
    report = TermReportFactory(term=term)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    staff = make_user("staff", union)
    staff.set_password(PASSWORD)
    staff.save()
    bucket = new_bucket()

    with redis_server(tmp_path) as (_redis, redis_url):
        shared = {**bucket.env, "REDIS_URL": redis_url}
        with (
            gunicorn(tmp_path, _env(tmp_path / "media-1", **shared)) as one,
            gunicorn(tmp_path, _env(tmp_path / "media-2", **shared)) as two,
            celery_worker(tmp_path, _env(tmp_path / "media-worker", **shared)) as worker,
            nginx(tmp_path, [one.address, two.address], proxy_bind=PROXY_SOURCE) as proxy,
        ):
            logs = (one.log, two.log)
            first = Browser(one.base)
            assert first.login(staff.email, PASSWORD) == 302, one.tail()
            second = first.on(two.base)
            through_proxy = first.on(proxy.base)

            # An attachment: uploaded through server 2, downloaded through server 1 and nginx.
            attachment, download = _upload(second, society, "Hội thảo 1", PDF)
            from_one = first.fetch(download)
            from_proxy = through_proxy.fetch(download)
            # And uploaded through nginx, downloaded through server 2.
            other, other_download = _upload(through_proxy, society, "Hội thảo 2", PDF + b"%2")
            other_from_two = second.fetch(other_download)

            # A term report: generation asked through server 1, done by the worker.
            generate = first.fetch(reverse("reports:generate", args=[report.pk]), {})
            _wait(lambda: report.versions.count() == 1, "the generated version", worker.log)
            _wait(
                lambda: TermReport.objects.get(pk=report.pk).generation_status == "idle",
                "generation finished",
                worker.log,
            )
            version = report.versions.get()
            pdf_from_two = second.fetch(reverse("reports:download", args=[version.pk]))
            pdf_from_proxy = through_proxy.fetch(reverse("reports:download", args=[version.pk]))
            # And asked through nginx, downloaded through server 1.
            again = through_proxy.fetch(reverse("reports:generate", args=[report.pk]), {})
            _wait(lambda: report.versions.count() == 2, "the second version", worker.log)
            newest = report.versions.order_by("-number").first()
            newest_from_one = first.fetch(reverse("reports:download", args=[newest.pk]))

            # Forged headers straight to gunicorn are ignored...
            spoofed = _get(
                one.port,
                "/healthz",
                {
                    "X-Forwarded-For": "203.0.113.9",
                    "X-Forwarded-Proto": "https",
                    "X-Request-ID": "chosen-by-the-client",
                },
            )
            direct = _access_line(spoofed.headers["X-Request-ID"], *logs)
            # ...and through nginx the client is who connected to nginx, whatever it claims.
            proxied = _get(proxy.port, "/healthz", {"X-Forwarded-For": "203.0.113.9"}, "127.0.0.3")
            behind = _access_line(proxied.headers["X-Request-ID"], *logs)
            rid = f"rid={behind['request_id']}"
            _wait(lambda: rid in proxy.log.read_text(), "the nginx access line", proxy.log, 10)

        worker_lines = _json_lines(worker.log)

    assert (from_one.status, from_one.body) == (200, PDF)
    assert (from_proxy.status, from_proxy.body) == (200, PDF)
    assert (other_from_two.status, other_from_two.body) == (200, PDF + b"%2")
    files = {attachment.file.name, other.file.name, version.file.name, newest.file.name}
    assert files <= set(bucket.keys())
    assert generate.status == 302
    assert pdf_from_two.status == 200 and pdf_from_two.body.startswith(b"%PDF")
    assert pdf_from_two.body == pdf_from_proxy.body == bucket.read(version.file.name)
    assert (again.status, newest.number, newest_from_one.status) == (302, 2, 200)
    assert newest_from_one.body == bucket.read(newest.file.name)
    # Nothing was written to any process's own disk.
    assert [p for p in tmp_path.glob("media-*/**/*") if p.is_file()] == []

    assert (direct["client_ip"], direct["scheme"]) == ("127.0.0.1", "http")
    assert direct["request_id"] != "chosen-by-the-client"
    assert (behind["client_ip"], behind["scheme"]) == ("127.0.0.3", "http")
    # The worker's lines carry the task id and the id of the request that queued the task.
    queued_by = {line.get("queued_by") for line in worker_lines}
    assert generate.headers["X-Request-ID"] in queued_by

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from reports.models import ReportVersion
from reports.tasks import task_generate_term_report
from tests.conftest import make_user
from tests.factories import TermReportFactory
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_text

SENTENCE_END = "tập hợp được 09 hội viên, giảm 03 hội viên so với đầu nhiệm kỳ."


@pytest.mark.django_db
def test_task_generate_term_report_keeps_a_version_by_whom():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    user = make_user("staff", union)

    version_id = task_generate_term_report.delay(report.pk, user.pk).get()

    version = ReportVersion.objects.get(pk=version_id)
    assert (version.report, version.number, version.created_by) == (report, 1, user)


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "localhost"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def _tail(path: Path, lines: int = 40) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def _delete_queue(queue: str) -> None:
    """Remove what kombu keeps in Redis for a queue, so test runs leave nothing behind."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


@pytest.mark.integration
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
    reason="needs REDIS_URL and a PostgreSQL DATABASE_URL",
)
def test_worker_process_generates_the_report_from_the_queue(transactional_db, tmp_path):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    queue = f"test-{uuid.uuid4().hex}"  # a queue of our own: no other worker takes the task
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    celery = Path(sys.executable).parent / "celery"
    command = [celery, "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-l", "INFO"]
    command += ["-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle"]
    celery_app.conf.task_always_eager = False
    with log.open("wb") as out:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            task_generate_term_report.apply_async(args=[report.pk], queue=queue)
            version = None
            deadline = time.monotonic() + 60
            while version is None and time.monotonic() < deadline:
                assert worker.poll() is None, f"worker exited:\n{_tail(log)}"
                time.sleep(0.5)
                version = ReportVersion.objects.filter(report=report).first()
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            _delete_queue(queue)

    assert version is not None, f"no version after 60 s:\n{_tail(log)}"
    assert version.number == 1
    with version.file.open("rb") as fh:
        assert SENTENCE_END in pdf_text(fh.read())


@pytest.mark.django_db
def test_task_skips_a_request_superseded_by_a_newer_one():
    from reports import services

    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    old = services.term_report_generation_request(report_id=report.pk)
    new = services.term_report_generation_request(report_id=report.pk)

    skipped = task_generate_term_report.delay(report.pk, None, old).get()
    done = task_generate_term_report.delay(report.pk, None, new).get()

    report.refresh_from_db()
    assert skipped is None
    assert list(report.versions.values_list("pk", flat=True)) == [done]
    assert report.generation_status == "idle"


@pytest.mark.django_db
def test_task_that_fails_marks_the_generation_failed(monkeypatch):
    from reports import rendering, services

    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    token = services.term_report_generation_request(report_id=report.pk)

    def broken_renderer(context):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(rendering, "term_report_pdf", broken_renderer)
    with pytest.raises(RuntimeError):
        task_generate_term_report.delay(report.pk, None, token).get()

    report.refresh_from_db()
    assert report.generation_status == "failed"
    assert services.term_report_generation_state(report).failed
    assert report.versions.count() == 0

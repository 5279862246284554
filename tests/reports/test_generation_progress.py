"""Generation progress: stage and percent on the report, a JSON status endpoint, the reason of
a failure, and a failed generation leaving the previous version intact."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reports import rendering, services
from reports.models import GenerationStage, TermReport
from reports.tasks import task_generate_term_report
from tests.conftest import make_user
from tests.factories import TermFactory, TermReportFactory
from tests.reports.datasets import decrease_dataset


def _progress(client, report):
    return client.get(reverse("reports:progress", args=[report.pk]))


@pytest.mark.django_db
def test_progress_endpoint_reports_the_stage_and_percent(client):
    report = TermReportFactory()
    token = services.term_report_generation_request(report_id=report.pk)
    services.term_report_generation_start(report_id=report.pk, token=token)
    services.term_report_generation_progress(
        report_id=report.pk, token=token, stage=GenerationStage.RENDER, percent=40
    )
    client.force_login(make_user("leadership", report.union))

    with translation.override("vi"):
        data = _progress(client, report).json()

    assert (data["pending"], data["stage"], data["percent"]) == (True, "render", 40)
    assert data["stage_label"] == "Dựng văn bản"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("staff", 200), ("leadership", 200), ("officer", 403)]
)
def test_progress_endpoint_answers_only_staff_and_leadership(client, role, status):
    report = TermReportFactory()
    client.force_login(make_user(role, report.union, societies=()))

    assert _progress(client, report).status_code == status


@pytest.mark.django_db
def test_progress_endpoint_hides_another_unions_report(client):
    report = TermReportFactory()
    client.force_login(make_user("staff", TermFactory().union))

    assert _progress(client, report).status_code == 404


@pytest.mark.django_db
def test_generation_ignores_the_progress_of_a_superseded_request():
    report = TermReportFactory()
    old = services.term_report_generation_request(report_id=report.pk)
    services.term_report_generation_request(report_id=report.pk)

    services.term_report_generation_progress(
        report_id=report.pk, token=old, stage=GenerationStage.STORE, percent=90
    )

    report.refresh_from_db()
    assert (report.generation_stage, report.generation_percent) == ("", 0)


@pytest.mark.django_db
def test_generation_done_leaves_full_progress_and_no_error():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    token = services.term_report_generation_request(report_id=report.pk)

    task_generate_term_report.delay(report.pk, None, token).get()

    report.refresh_from_db()
    assert (report.generation_status, report.generation_percent, report.generation_error) == (
        "idle",
        100,
        "",
    )


@pytest.mark.django_db
def test_failing_generation_says_why_and_keeps_the_previous_version(monkeypatch, client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    previous = services.term_report_generate(report=report)
    token = services.term_report_generation_request(report_id=report.pk)

    def broken_renderer(context):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(rendering, "term_report_pdf", broken_renderer)
    with pytest.raises(RuntimeError):
        task_generate_term_report.delay(report.pk, None, token).get()
    client.force_login(make_user("staff", union))
    with translation.override("vi"):
        data = _progress(client, report).json()
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    report.refresh_from_db()
    assert report.generation_status == "failed"
    assert report.generation_error == (
        "Không dựng được văn bản báo cáo. Các phiên bản trước vẫn giữ nguyên; vui lòng thử lại."
    )
    assert (data["failed"], data["error"]) == (True, report.generation_error)
    assert report.generation_error in page
    assert "secret" not in page and "Traceback" not in page
    assert list(report.versions.values_list("pk", flat=True)) == [previous.pk]


@pytest.mark.django_db
def test_stalled_generation_reads_as_failed_with_a_reason(client, settings):
    report = TermReportFactory()
    services.term_report_generation_request(report_id=report.pk)
    TermReport.objects.filter(pk=report.pk).update(
        generation_status="running",
        generation_heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    settings.REPORT_GENERATION_STALE_AFTER = 60
    client.force_login(make_user("leadership", report.union))

    data = _progress(client, report).json()

    assert (data["pending"], data["failed"]) == (False, True)
    assert data["error"]


@pytest.mark.django_db
def test_detail_page_loads_the_progress_script_without_inline_code(client):
    report = TermReportFactory()
    services.term_report_generation_request(report_id=report.pk)
    client.force_login(make_user("staff", report.union))

    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert '<script src="/static/js/report-progress.js" defer></script>' in page
    assert f'data-progress-url="{reverse("reports:progress", args=[report.pk])}"' in page
    assert 'data-pending="1"' in page
    assert "<script>" not in page

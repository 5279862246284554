"""A published report and its published version refuse every change: model, services, admin."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import PublishedReportError, ReportSection, ReportStatus, TermReport
from tests.admin_helpers import post_with_version
from tests.conftest import make_user
from tests.factories import ReportVersionFactory, TermReportFactory

from .test_admin import staff_of


@pytest.fixture
def published():
    report = TermReportFactory(sections={"opening": "Mở đầu"})
    version = ReportVersionFactory(report=report, number=1)
    TermReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.PUBLISHED, approved_version=version, published_version=version
    )
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_published_version_refuses_save_and_delete(published):
    version = published.published_version
    version.checksum = "f" * 64

    with pytest.raises(PublishedReportError):
        version.save()
    with pytest.raises(PublishedReportError):
        version.delete()

    assert published.versions.get().checksum == "0" * 64


@pytest.mark.django_db
def test_published_report_refuses_save_delete_and_new_versions(published):
    published.title = "Khác"

    with pytest.raises(PublishedReportError):
        published.save()
    with pytest.raises(PublishedReportError):
        published.delete()
    with pytest.raises(PublishedReportError):
        ReportVersionFactory(report=published, number=2)

    assert TermReport.objects.get(pk=published.pk).title == ""
    assert published.versions.count() == 1


@pytest.mark.django_db
def test_published_report_sections_refuse_changes(published):
    section = ReportSection.objects.get(report=published, key="opening")
    section.text = "Đổi"

    with pytest.raises(PublishedReportError):
        section.save()
    with pytest.raises(PublishedReportError):
        ReportSection.objects.create(report=published, key="ii", text="Mới")

    assert ReportSection.objects.get(pk=section.pk).text == "Mở đầu"


@pytest.mark.django_db
def test_generate_refuses_a_published_report(published):
    with pytest.raises(services.ReportNotReady):
        services.term_report_generate(report=published)

    assert published.versions.count() == 1


@pytest.mark.django_db
def test_unpublished_version_may_still_be_removed():
    version = ReportVersionFactory()

    version.delete()

    assert not version.report.versions.exists()


@pytest.mark.django_db
def test_admin_shows_a_published_report_read_only_and_refuses_a_post(client, published):
    client.force_login(staff_of(published.union))
    url = reverse("admin:reports_termreport_change", args=[published.pk])

    page = client.get(url)
    posted = post_with_version(client, url, {"title": "Khác", "union": published.union_id})

    assert page.status_code == 200
    assert "adminform" in page.context and not page.context["has_change_permission"]
    assert posted.status_code == 403
    assert TermReport.objects.get(pk=published.pk).title == ""


@pytest.mark.django_db
def test_admin_refuses_to_delete_a_published_report(client, published):
    client.force_login(staff_of(published.union))

    response = client.post(
        reverse("admin:reports_termreport_delete", args=[published.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert TermReport.objects.filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_portal_generate_refuses_a_published_report(client, published):
    client.force_login(make_user("staff", published.union))

    response = client.post(
        reverse("reports:generate", args=[published.pk]), {"confirm": "yes"}, follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert TermReport.objects.get(pk=published.pk).generation_status == "idle"

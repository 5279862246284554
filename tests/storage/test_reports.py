"""Report versions in the bucket: a generation through the portal stores the PDF and the DOCX
there, privately, with the checksums of the bytes stored; they download only through the
checked view, and the command line writes the stored file out."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.models import ReportVersion
from tests.conftest import make_user
from tests.factories import ReportVersionFactory, TermReportFactory, UnionFactory, UserFactory
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_text

from .helpers import body, on_disk, public_grants, sha256, shows_bucket

pytestmark = pytest.mark.django_db


def test_a_generated_version_lands_in_the_bucket_and_downloads_through_the_checked_view(
    client, settings, s3_bucket, django_capture_on_commit_callbacks
):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[report.pk]))
    version = report.versions.get()
    url = reverse("reports:download", args=[version.pk])
    pdf, docx = client.get(url), client.get(url, {"format": "docx"})
    detail = client.get(reverse("reports:detail", args=[report.pk]))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin_page = client.get(reverse("admin:reports_termreport_change", args=[report.pk]))
    client.force_login(make_user("staff", UnionFactory()))
    refused = client.get(url)

    keys = [f"reports/{report.pk}/v1.pdf", f"reports/{report.pk}/v1.docx"]
    assert (version.file.name, version.docx_file.name) == tuple(keys)
    assert s3_bucket.keys() == sorted(keys)
    assert on_disk(settings) == []
    assert [public_grants(s3_bucket, key) for key in keys] == [[], []]
    stored_pdf, stored_docx = (s3_bucket.read(key) for key in keys)
    assert (version.size, version.checksum) == (len(stored_pdf), sha256(stored_pdf))
    assert (version.docx_size, version.docx_checksum) == (len(stored_docx), sha256(stored_docx))
    assert "giảm 03 hội viên so với đầu nhiệm kỳ." in pdf_text(stored_pdf)
    assert (pdf.status_code, body(pdf)) == (200, stored_pdf)
    assert (docx.status_code, body(docx)) == (200, stored_docx)
    assert refused.status_code == 404
    for page in (detail, admin_page):
        assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
        assert url in page.content.decode()


def test_a_version_whose_object_is_gone_is_404_not_an_error(client, s3_bucket):
    version = ReportVersionFactory(number=1)
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=version.file.name)
    client.force_login(make_user("leadership", version.report.union))

    response = client.get(reverse("reports:download", args=[version.pk]))

    assert response.status_code == 404


def test_the_command_writes_out_the_version_it_stored_in_the_bucket(tmp_path, s3_bucket):
    union, term = decrease_dataset()
    out = tmp_path / "r.docx"

    call_command(
        "generate_term_report",
        union=union.slug,
        term=term.label,
        out=out,
        format="docx",
        stdout=StringIO(),
    )

    version = ReportVersion.objects.get()
    assert s3_bucket.keys() == sorted([version.file.name, version.docx_file.name])
    assert hashlib.sha256(out.read_bytes()).hexdigest() == version.docx_checksum
    assert out.read_bytes() == s3_bucket.read(version.docx_file.name)

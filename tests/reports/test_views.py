import datetime

import pytest
from django.urls import reverse

from reports.models import ReportStatus, TermReport
from tests.conftest import make_user
from tests.factories import ReportVersionFactory, TermFactory, TermReportFactory
from tests.querycount import page_queries
from tests.reports.datasets import decrease_dataset, following_term
from tests.reports.pdftools import pdf_text


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_generate_view_queues_a_generation_after_commit(client, django_capture_on_commit_callbacks):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:generate", args=[report.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert len(callbacks) == 1
    version = report.versions.get()
    assert (version.number, version.created_by) == (1, staff)
    with version.file.open("rb") as fh:
        assert "giảm 03 hội viên so với đầu nhiệm kỳ." in pdf_text(fh.read())


@pytest.mark.django_db
def test_detail_view_offers_generate_to_staff_and_approve_to_leadership(client):
    report = TermReportFactory()
    ReportVersionFactory(report=report, number=1)
    generate = reverse("reports:generate", args=[report.pk]).encode()
    approve = reverse("reports:approve", args=[report.pk]).encode()

    client.force_login(make_user("staff", report.union))
    staff_page = client.get(reverse("reports:detail", args=[report.pk])).content
    client.force_login(make_user("leadership", report.union))
    leadership_page = client.get(reverse("reports:detail", args=[report.pk])).content

    assert (generate in staff_page, approve in staff_page) == (True, False)
    assert (generate in leadership_page, approve in leadership_page) == (False, True)


@pytest.mark.django_db
def test_download_view_serves_the_stored_file_as_attachment(client):
    version = ReportVersionFactory(number=3)
    client.force_login(make_user("leadership", version.report.union))

    response = client.get(reverse("reports:download", args=[version.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stand-in"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-nhiem-ky-2018-2023-v3.pdf"'
    )


@pytest.mark.django_db
def test_approve_view_records_the_leadership_approval(client):
    report = TermReportFactory()
    version = ReportVersionFactory(report=report)
    leader = make_user("leadership", report.union)
    client.force_login(leader)

    response = client.post(reverse("reports:approve", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ReportStatus.APPROVED, leader)
    assert report.approved_version == version


@pytest.mark.django_db
def test_approve_view_without_a_version_explains_and_changes_nothing(client):
    report = TermReportFactory()
    client.force_login(make_user("leadership", report.union))

    response = client.post(reverse("reports:approve", args=[report.pk]), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_create_view_starts_the_report_of_a_term(client):
    term = TermFactory()
    following = following_term(term.union)
    client.force_login(make_user("staff", term.union))

    response = client.post(reverse("reports:create"), {"term": term.pk})
    again = client.post(reverse("reports:create"), {"term": term.pk})

    report = TermReport.objects.get()
    assert (report.term, report.next_term) == (term, following)
    assert response["Location"] == again["Location"] == reverse("reports:detail", args=[report.pk])


@pytest.mark.django_db
def test_list_view_shows_own_union_reports_and_terms_without_one(client):
    own = TermReportFactory()
    TermReportFactory()  # another union's
    open_term = following_term(own.union)
    TermFactory()  # another union's term
    client.force_login(make_user("staff", own.union))

    response = client.get(reverse("reports:list"))

    assert list(response.context["reports"]) == [own]
    assert list(response.context["terms_without_report"]) == [open_term]


@pytest.mark.django_db
def test_list_view_for_leadership_offers_no_new_report(client):
    report = TermReportFactory()
    following_term(report.union)
    client.force_login(make_user("leadership", report.union))

    response = client.get(reverse("reports:list"))

    assert list(response.context["reports"]) == [report]
    assert list(response.context["terms_without_report"]) == []
    assert reverse("reports:create").encode() not in response.content


def _list_queries(client, size) -> int:
    first = TermReportFactory()
    for year in range(1, size):
        start = datetime.date(2018 - 5 * year, 1, 1)
        TermReportFactory(
            term=TermFactory(
                union=first.union,
                label=f"{start.year} - {start.year + 5}",
                starts_on=start,
                ends_on=start.replace(year=start.year + 5),
            )
        )
    client.force_login(make_user("staff", first.union))
    assert len(client.get(reverse("reports:list")).context["reports"]) == size
    return page_queries(client, reverse("reports:list"))


@pytest.mark.django_db
def test_list_view_query_count_does_not_grow_with_reports(client):
    assert _list_queries(client, 1) == _list_queries(client, 3)


@pytest.mark.django_db(transaction=True)
def test_generate_view_reports_an_unreachable_broker_instead_of_failing(client, monkeypatch):
    from kombu.exceptions import OperationalError

    from reports import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.task_generate_term_report, "delay", broker_down)
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    client.force_login(make_user("staff", union))

    response = client.post(reverse("reports:generate", args=[report.pk]), follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert report.versions.count() == 0

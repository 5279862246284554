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
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
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
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    version = ReportVersionFactory(report=report)
    leader = make_user("leadership", report.union)
    client.force_login(leader)

    response = client.post(
        reverse("reports:approve", args=[report.pk]), {"confirm": "yes", "version": version.pk}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ReportStatus.APPROVED, leader)
    assert report.approved_version == version


@pytest.mark.django_db
def test_approve_view_without_a_version_explains_and_changes_nothing(client):
    report = TermReportFactory()
    client.force_login(make_user("leadership", report.union))

    response = client.post(
        reverse("reports:approve", args=[report.pk]), {"confirm": "yes"}, follow=True
    )

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


def _approved(report, version, user):
    report.status = ReportStatus.APPROVED
    report.approved_version, report.approved_by = version, user
    report.save()


@pytest.mark.django_db
def test_approve_view_asks_first_and_names_the_version(client):
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    version = ReportVersionFactory(report=report, number=2)
    client.force_login(make_user("leadership", report.union))

    page = client.get(reverse("reports:approve", args=[report.pk]))
    unconfirmed = client.post(reverse("reports:approve", args=[report.pk]))

    assert page.status_code == 200
    assert "version 2" in page.content.decode() or "phiên bản 2" in page.content.decode()
    assert f'name="version" value="{version.pk}"'.encode() in page.content
    assert unconfirmed["Location"] == reverse("reports:approve", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW


@pytest.mark.django_db
def test_approve_view_refuses_a_version_other_than_the_one_shown(client):
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    shown = ReportVersionFactory(report=report, number=1)
    ReportVersionFactory(report=report, number=2)
    client.force_login(make_user("leadership", report.union))

    client.post(
        reverse("reports:approve", args=[report.pk]), {"confirm": "yes", "version": shown.pk}
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW


@pytest.mark.django_db
def test_regenerating_an_approved_report_asks_first(client):
    report = TermReportFactory()
    version = ReportVersionFactory(report=report, number=1)
    staff = make_user("staff", report.union)
    _approved(report, version, make_user("leadership", report.union))
    client.force_login(staff)

    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    unconfirmed = client.post(reverse("reports:generate", args=[report.pk]))
    page = client.get(reverse("reports:generate", args=[report.pk]))

    generate_url = reverse("reports:generate", args=[report.pk])
    assert f'href="{generate_url}"' in detail
    assert unconfirmed["Location"] == generate_url
    assert page.status_code == 200
    assert b'name="confirm" value="yes"' in page.content
    report.refresh_from_db()
    assert (report.status, report.versions.count()) == (ReportStatus.APPROVED, 1)


@pytest.mark.django_db
def test_list_view_preselects_the_last_ended_term_not_the_running_one(client):
    union = TermFactory(label="2013 - 2018", starts_on=datetime.date(2013, 7, 1),
                        ends_on=datetime.date(2018, 6, 30)).union  # fmt: skip
    ended = TermFactory(union=union)
    today = datetime.date.today()
    TermFactory(union=union, label="running", starts_on=datetime.date(2024, 1, 1),
                ends_on=today.replace(year=today.year + 3))  # fmt: skip
    client.force_login(make_user("staff", union))

    response = client.get(reverse("reports:list"))

    assert response.context["default_term"] == ended
    assert f'<option value="{ended.pk}" selected>'.encode() in response.content


@pytest.mark.django_db
def test_detail_view_shows_a_stuck_generation_as_failed_with_retry(
    client, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    settings.REPORT_GENERATION_STALE_AFTER = 600
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    previous = ReportVersionFactory(report=report, number=1)
    TermReport.objects.filter(pk=report.pk).update(
        generation_status="running",
        generation_token="lost",
        generation_heartbeat_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    client.force_login(make_user("staff", union))

    page = client.get(reverse("reports:detail", args=[report.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[report.pk]))
    after = client.get(reverse("reports:detail", args=[report.pk]))

    assert page.context["generation"].failed
    assert b'role="alert"' in page.content
    assert not after.context["generation"].failed
    assert list(report.versions.values_list("number", "checksum")) == [
        (2, report.versions.get(number=2).checksum),
        (1, previous.checksum),
    ]


@pytest.mark.django_db
def test_detail_view_shows_a_recent_generation_as_in_progress(client):
    from django.utils import timezone

    report = TermReportFactory()
    TermReport.objects.filter(pk=report.pk).update(
        generation_status="queued", generation_heartbeat_at=timezone.now()
    )
    client.force_login(make_user("staff", report.union))

    response = client.get(reverse("reports:detail", args=[report.pk]))

    assert response.context["generation"].pending
    assert b'role="status"' in response.content


@pytest.mark.django_db
def test_download_name_keeps_a_term_label_with_a_slash(client):
    version = ReportVersionFactory(number=1, report__term__label="2018/2023 (Đại hội)")
    client.force_login(make_user("leadership", version.report.union))

    response = client.get(reverse("reports:download", args=[version.pk]))
    b"".join(response.streaming_content)

    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-nhiem-ky-2018-2023(Daihoi)-v1.pdf"; '
        "filename*=utf-8''bao-cao-nhiem-ky-2018-2023%28%C4%90%E1%BA%A1ih%E1%BB%99i%29-v1.pdf"
    )

"""Yearly reports and mid-term reviews: their periods, titles, wording variables and creation."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports import services
from reports.models import ReportKind, TermReport
from tests.conftest import make_user
from tests.factories import ReportVersionFactory, TermFactory, UnionFactory
from tests.reports.datasets import decrease_dataset


@pytest.mark.django_db
def test_year_report_covers_the_calendar_year_without_a_term():
    union = UnionFactory()

    report = services.year_report_get_or_create(union=union, year=2024)

    assert (report.kind, report.term, report.period_start, report.period_end) == (
        ReportKind.YEAR,
        None,
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert report.default_title == "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG NĂM 2024"
    assert services.report_period(report) == {
        "kind": "year",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "years": 1,
        "year": 2024,
        "label": "năm 2024",
    }
    assert services.year_report_get_or_create(union=union, year=2024) == report


@pytest.mark.django_db
def test_midterm_review_runs_from_the_term_start_to_the_chosen_date():
    term = TermFactory(starts_on=datetime.date(2018, 7, 1), ends_on=datetime.date(2023, 6, 30))
    until = datetime.date(2020, 6, 30)

    report = services.midterm_report_get_or_create(union=term.union, term=term, until=until)

    assert (report.period_start, report.period_end) == (term.starts_on, until)
    assert report.default_title == "BÁO CÁO SƠ KẾT GIỮA NHIỆM KỲ 2018 - 2023"
    period = services.report_period(report)
    assert (period["kind"], period["years"], period["end"]) == ("midterm", 2, "2020-06-30")


@pytest.mark.django_db
def test_midterm_review_refuses_a_date_outside_the_term():
    term = TermFactory()

    with pytest.raises(services.ReportNotReady):
        services.midterm_report_get_or_create(
            union=term.union, term=term, until=term.ends_on + datetime.timedelta(days=1)
        )

    assert not TermReport.objects.exists()


@pytest.mark.django_db
def test_term_report_period_is_the_terms_and_its_context_has_the_period():
    union, term = decrease_dataset()
    report = services.term_report_get_or_create(union=union, term=term)

    context = services.term_report_context(
        report=report, figures=services.report_figures_for(report)
    )

    assert (report.period_start, report.period_end) == (term.starts_on, term.ends_on)
    assert context["period"]["kind"] == "term"
    assert context["title"].startswith("BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ ")


@pytest.mark.django_db
def test_a_year_report_approves_only_after_its_year():
    report = services.year_report_get_or_create(union=UnionFactory(), year=2999)
    ReportVersionFactory(report=report)
    TermReport.objects.filter(pk=report.pk).update(status="in_review")
    from reports.workflow import report_approve

    with pytest.raises(services.ReportNotReady):
        report_approve(report=report, user=make_user("leadership", report.union))


@pytest.mark.django_db
def test_create_view_starts_a_yearly_report(client):
    union = UnionFactory()
    client.force_login(make_user("staff", union))

    response = client.post(
        reverse("reports:create"), {"kind": "year", "union": union.pk, "year": 2024}
    )

    report = TermReport.objects.get()
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert (report.kind, report.year) == ("year", 2024)


@pytest.mark.django_db
def test_create_view_starts_a_midterm_review(client):
    term = TermFactory()
    client.force_login(make_user("staff", term.union))

    client.post(
        reverse("reports:create"), {"kind": "midterm", "term": term.pk, "until": "2020-12-31"}
    )

    report = TermReport.objects.get()
    assert (report.kind, report.period_end) == ("midterm", datetime.date(2020, 12, 31))


@pytest.mark.django_db
def test_create_view_refuses_a_yearly_report_for_another_union(client):
    client.force_login(make_user("staff", UnionFactory()))

    response = client.post(
        reverse("reports:create"), {"kind": "year", "union": UnionFactory().pk, "year": 2024}
    )

    assert response.status_code == 404
    assert not TermReport.objects.exists()


@pytest.mark.django_db
def test_generate_command_makes_a_yearly_report(tmp_path):
    union, term = decrease_dataset()
    out = tmp_path / "nam.pdf"

    call_command(
        "generate_term_report",
        union=union.slug,
        kind="year",
        year=term.starts_on.year + 1,
        out=out,
        stdout=StringIO(),
    )

    report = TermReport.objects.get(kind="year")
    assert out.read_bytes()[:4] == b"%PDF"
    assert report.versions.get().checksum


@pytest.mark.django_db
def test_generate_command_needs_the_year_of_a_yearly_report(tmp_path):
    union, _term = decrease_dataset()

    with pytest.raises(CommandError, match="--year"):
        call_command("generate_term_report", union=union.slug, kind="year", out=tmp_path / "x.pdf")

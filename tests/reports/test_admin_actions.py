"""The admin drives the workflow with one action per step, through the workflow service."""

import pytest
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind
from reports.models import ReportStatus, TermReport
from tests.factories import ReportVersionFactory, TermReportFactory

from .test_admin import staff_of

CHANGELIST = "admin:reports_termreport_changelist"


def run_action(client, action, report):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [report.pk], "index": 0},
        follow=True,
    )


def staff_and_leader(union):
    user = staff_of(union)
    role_assign(user=user, union=union, kind=RoleKind.LEADERSHIP)
    return user


@pytest.mark.django_db
def test_admin_submit_action_submits_a_draft(client):
    report = TermReportFactory()
    ReportVersionFactory(report=report)
    staff = staff_of(report.union)
    client.force_login(staff)

    response = run_action(client, "submit_reports", report)

    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ReportStatus.IN_REVIEW, staff)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@pytest.mark.django_db
def test_admin_approve_action_refuses_staff_and_says_why(client):
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    ReportVersionFactory(report=report)
    client.force_login(staff_of(report.union))

    response = run_action(client, "approve_reports", report)

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.django_db
def test_admin_approve_action_refuses_the_generator(client):
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    both = staff_and_leader(report.union)
    ReportVersionFactory(report=report, created_by=both)
    client.force_login(both)

    response = run_action(client, "approve_reports", report)

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.django_db
def test_admin_approve_then_publish_actions(client):
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    version = ReportVersionFactory(report=report)
    leader = staff_and_leader(report.union)
    client.force_login(leader)

    run_action(client, "approve_reports", report)
    run_action(client, "publish_reports", report)

    report.refresh_from_db()
    assert (report.status, report.published_by, report.published_version) == (
        ReportStatus.PUBLISHED,
        leader,
        version,
    )


@pytest.mark.django_db
def test_admin_actions_do_not_reach_another_unions_report(client):
    report = TermReportFactory()
    ReportVersionFactory(report=report)
    client.force_login(staff_of(TermReportFactory().union))

    run_action(client, "submit_reports", report)

    assert TermReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_admin_versions_inline_links_the_downloads(client):
    report = TermReportFactory()
    version = ReportVersionFactory(report=report)
    client.force_login(staff_of(report.union))

    page = client.get(reverse("admin:reports_termreport_change", args=[report.pk]))

    assert reverse("reports:download", args=[version.pk]) in page.content.decode()
    assert reverse("reports:compare", args=[version.pk]) in page.content.decode()

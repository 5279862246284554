"""The report admin edits the narrative; approval is the leadership's, through the service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind, User
from reports.models import ReportStatus
from reports.services import term_report_approve
from tests.admin_helpers import post_with_version

from ..conftest import make_user
from ..factories import ReportVersionFactory, TermReportFactory, UserFactory


def staff_of(union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user


def report_form(report, **changes):
    return {
        "union": report.union_id,
        "term": report.term_id,
        "next_term": "",
        "title": report.title,
        "place": report.place,
        "issued_on": "",
        "section_opening": "",
        "section_i_1_before": "",
        "section_i_1": "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        **changes,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_report_admin_cannot_approve_by_editing_the_status(client, who):
    report = TermReportFactory()
    ReportVersionFactory(report=report)
    user = (
        User.objects.create_superuser("root@example.test", "x")
        if who == "superuser"
        else staff_of(report.union)
    )
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:reports_termreport_change", args=[report.pk]),
        report_form(report, status=ReportStatus.APPROVED, approved_by=user.pk),
    )

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.approved_by, report.approved_version) == (
        ReportStatus.DRAFT,
        None,
        None,
    )


@pytest.mark.django_db
def test_report_admin_shows_the_status_read_only(client):
    report = TermReportFactory()
    client.force_login(staff_of(report.union))

    response = client.get(reverse("admin:reports_termreport_change", args=[report.pk]))

    form = response.context["adminform"].form
    assert {"status", "approved_by", "approved_at", "approved_version"} & set(form.fields) == set()


@pytest.mark.django_db
def test_report_admin_shows_every_narrative_section(client):
    report = TermReportFactory(sections={"opening": "Mở đầu", "i_1": "Sau số liệu"})
    client.force_login(staff_of(report.union))

    response = client.get(reverse("admin:reports_termreport_change", args=[report.pk]))

    assert "Mở đầu" in response.content.decode()
    assert "Sau số liệu" in response.content.decode()


@pytest.mark.django_db
def test_term_report_approve_refuses_a_superuser_without_the_leadership_role():
    report = TermReportFactory()
    ReportVersionFactory(report=report)
    superuser = User.objects.create_superuser("root@example.test", "x")

    with pytest.raises(PermissionDenied):
        term_report_approve(report=report, user=superuser)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_term_report_approve_refuses_staff_of_the_union():
    report = TermReportFactory()
    ReportVersionFactory(report=report)

    with pytest.raises(PermissionDenied):
        term_report_approve(report=report, user=staff_of(report.union))

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_term_report_approve_by_leadership_approves():
    report = TermReportFactory(status=ReportStatus.IN_REVIEW)
    version = ReportVersionFactory(report=report)
    leader = make_user("leadership", report.union)

    approved = term_report_approve(report=report, user=leader)

    assert (approved.status, approved.approved_by, approved.approved_version) == (
        ReportStatus.APPROVED,
        leader,
        version,
    )

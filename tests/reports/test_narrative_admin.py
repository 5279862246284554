"""The admin's narrative fields go through the same service as the portal's pages."""

import pytest
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind
from reports.models import ReportSection
from reports.narrative_services import report_section_save
from tests.factories import TermReportFactory, UserFactory


def make_staff(union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user


def change_data(client, url, **changes):
    """The change form's data as the browser would post it, with `changes`."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_saves_a_section_sanitised_with_a_revision_naming_the_user(client):
    report = TermReportFactory()
    staff = make_staff(report.union)
    client.force_login(staff)
    url = reverse("admin:reports_termreport_change", args=[report.pk])

    response = client.post(
        url, change_data(client, url, section_ii='<p onclick="x">Tồn <b>tại</b><script>1</script>')
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    section = ReportSection.objects.get(report=report, key="ii")
    assert (section.text, section.updated_by) == ("<p>Tồn <b>tại</b></p>", staff)
    assert section.history.get().history_user == staff


@pytest.mark.django_db
def test_admin_refuses_a_section_changed_meanwhile_and_keeps_the_other_text(client):
    report = TermReportFactory()
    staff = make_staff(report.union)
    client.force_login(staff)
    url = reverse("admin:reports_termreport_change", args=[report.pk])
    data = change_data(client, url, section_ii="Của tôi")
    report_section_save(report=report, key="ii", text="Của người kia", user=None, version=None)

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["section_ii"]
    assert "Của người kia" in errors[0]
    assert ReportSection.objects.get(report=report, key="ii").text == "<p>Của người kia</p>"


@pytest.mark.django_db
def test_admin_save_leaves_untouched_sections_without_new_revisions(client):
    report = TermReportFactory()
    staff = make_staff(report.union)
    report_section_save(report=report, key="i_1", text="Giữ", user=None, version=None)
    client.force_login(staff)
    url = reverse("admin:reports_termreport_change", args=[report.pk])

    client.post(url, change_data(client, url, place="Hồng Lĩnh"))

    assert ReportSection.objects.get(report=report, key="i_1").history.count() == 1

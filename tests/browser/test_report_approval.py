"""Leadership approves and publishes a report staff generated, then downloads its files."""

import hashlib

from associations.models import Role
from reports import services
from reports.models import TermReport


def test_leadership_approves_publishes_and_downloads_a_generated_report(portal, demo):
    page = portal.page
    staff, leader = demo["staff"], demo["leader"]
    union = Role.objects.get(user=leader, kind="leadership").union
    term = union.terms.get(label="2018 - 2023")
    report = services.term_report_get_or_create(union=union, term=term)

    # Staff generate a version (the task runs as soon as the request commits).
    portal.login_as(staff)
    portal.open(f"/reports/{report.pk}/")
    portal.click_and_check(page.locator("main .actions").get_by_role("button", name="Tạo PDF"))
    version = report.versions.get()
    assert TermReport.objects.get(pk=report.pk).status == "in_review"

    # Leadership approve it after a confirmation page naming the version, then publish it.
    portal.login_as(leader)
    portal.open(f"/reports/{report.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Phê duyệt"))
    assert f"phiên bản {version.number}" in page.locator("main").inner_text()
    portal.click_and_check(page.get_by_role("button", name="Phê duyệt"))
    portal.click_and_check(page.get_by_role("link", name="Ban hành"))
    portal.click_and_check(page.get_by_role("button", name="Ban hành"))
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.published_version) == (
        "published",
        leader,
        version,
    )
    assert "đã ban hành" in page.locator("main").inner_text()

    # Both files of the published version download as stored.
    name, body = portal.download(page.get_by_role("link", name="Tải xuống PDF"))
    assert name.endswith(".pdf") and body.startswith(b"%PDF-")
    assert hashlib.sha256(body).hexdigest() == version.checksum
    if "docx" in services.available_formats():
        name, body = portal.download(page.get_by_role("link", name="Tải xuống DOCX"))
        assert name.endswith(".docx") and body.startswith(b"PK")
        assert hashlib.sha256(body).hexdigest() == version.docx_checksum

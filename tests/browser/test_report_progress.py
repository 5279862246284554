"""The report page follows a generation without reloading: stage and percent, then the result."""

from playwright.sync_api import expect

from associations.models import Role
from reports import services
from reports.models import GenerationStage, TermReport


def test_report_page_follows_the_generation_progress(portal, demo):
    page = portal.page
    leader = demo["leader"]
    union = Role.objects.get(user=leader, kind="leadership").union
    report = services.term_report_get_or_create(
        union=union, term=union.terms.get(label="2018 - 2023")
    )
    token = services.term_report_generation_request(report_id=report.pk)
    portal.login_as(leader)
    portal.open(f"/reports/{report.pk}/")
    assert page.locator("[data-progress-percent]").inner_text() == "0"

    services.term_report_generation_start(report_id=report.pk, token=token)
    services.term_report_generation_progress(
        report_id=report.pk, token=token, stage=GenerationStage.RENDER, percent=40
    )
    # The page's CSP forbids evaluated scripts: wait on the element itself.
    expect(page.locator("[data-progress-percent]")).to_have_text("40", timeout=15000)
    assert page.locator("[data-progress-stage]").inner_text() == "Dựng văn bản"
    assert page.locator("[data-progress-bar]").get_attribute("value") == "40"

    # The generation fails: the page reloads by itself and says why.
    with page.expect_navigation(timeout=15000):
        services.term_report_generation_fail(report_id=report.pk, token=token)
    assert TermReport.objects.get(pk=report.pk).generation_status == "failed"
    assert "Không dựng được văn bản báo cáo." in page.locator("[role=alert]").inner_text()
    portal.check()

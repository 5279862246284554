"""The narrative pages: who sees what, saving, stale saves, revisions, drafts, query counts."""

import pytest
from django.urls import reverse

from core.concurrency import VERSION_FIELD
from reports.models import ReportSection, ReportStatus, TermReport
from reports.narrative import SECTIONS
from reports.narrative_services import report_section_save, section_version
from tests.conftest import make_user, role_users
from tests.factories import SocietyFactory, TermReportFactory, UnionFactory
from tests.querycount import page_queries
from tests.reports.datasets import decrease_dataset


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sections_url(report):
    return reverse("reports:narrative_sections", args=[report.pk])


def edit_url(report, key):
    return reverse("reports:narrative_edit", args=[report.pk, key])


def statuses_of(client, users, url, method="get"):
    found = {}
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        found[role] = getattr(client, method)(url).status_code
    return found


@pytest.fixture
def world():
    report = TermReportFactory()
    users = role_users(
        report.union, own=SocietyFactory(union=report.union), other_union=UnionFactory()
    )
    return report, users


@pytest.mark.django_db
def test_sections_page_answers_per_role(client, world):
    report, users = world

    assert statuses_of(client, users, sections_url(report)) == {
        "staff": 200,
        "leadership": 200,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_edit_page_answers_per_role(client, world):
    report, users = world

    assert statuses_of(client, users, edit_url(report, "ii")) == {
        "staff": 200,
        "leadership": 403,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_edit_page_of_an_unknown_section_is_not_found(client, world):
    report, users = world
    client.force_login(users["staff"])

    assert client.get(edit_url(report, "nope")).status_code == 404


@pytest.mark.django_db
def test_sections_page_lists_every_section_in_order_with_the_computed_sentences(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    report_section_save(
        report=report, key="ii", text="<p>Còn <b>lúng túng</b></p>", user=staff, version="new"
    )
    client.force_login(staff)

    page = client.get(sections_url(report)).content.decode()

    positions = [page.index(f'id="section-{key}"') for key in SECTIONS]
    assert positions == sorted(positions)
    assert "Còn <b>lúng túng</b>" in page
    assert "giảm 03 hội viên so với đầu nhiệm kỳ." in page
    assert f'href="{edit_url(report, "ii")}"' in page


@pytest.mark.django_db
def test_leadership_reads_the_texts_without_edit_links(client, world):
    report, users = world
    report_section_save(report=report, key="ii", text="Tồn tại", user=users["staff"], version="new")
    client.force_login(users["leadership"])

    page = client.get(sections_url(report)).content.decode()

    assert ("<p>Tồn tại</p>" in page, f'href="{edit_url(report, "ii")}"' in page) == (True, False)


@pytest.mark.django_db
def test_staff_save_a_section_sanitised_and_named(client, world):
    report, users = world
    client.force_login(users["staff"])
    url = edit_url(report, "i_1")
    version = client.get(url).context["form"][VERSION_FIELD].value()

    response = client.post(
        url,
        {
            "text": '<p onclick="x()">Có <b>19</b> hội<span class="footnote">Chú thích</span>'
            '<img src="file:///etc/passwd"></p><script>alert(1)</script>',
            VERSION_FIELD: version,
        },
    )

    assert response.status_code == 302
    section = ReportSection.objects.get(report=report, key="i_1")
    assert (section.text, section.updated_by) == (
        '<p>Có <b>19</b> hội<span class="footnote">Chú thích</span></p>',
        users["staff"],
    )


@pytest.mark.django_db
def test_stale_save_is_refused_and_shows_the_other_text(client, world):
    report, users = world
    other = make_user("staff", report.union)
    client.force_login(users["staff"])
    url = edit_url(report, "ii")
    seen = client.get(url).context["form"][VERSION_FIELD].value()
    report_section_save(
        report=report, key="ii", text="Văn bản của người kia", user=other, version=seen
    )

    response = client.post(url, {"text": "Văn bản của tôi", VERSION_FIELD: seen})

    assert response.status_code == 409
    page = response.content.decode()
    assert ("<p>Văn bản của người kia</p>" in page, "Văn bản của tôi" in page) == (True, True)
    assert ReportSection.objects.get(report=report, key="ii").text == "<p>Văn bản của người kia</p>"
    # A deliberate second save, with the version the refusal carried, goes through.
    again = response.context["form"][VERSION_FIELD].value()
    client.post(url, {"text": "Văn bản đã gộp", VERSION_FIELD: again})
    assert ReportSection.objects.get(report=report, key="ii").text == "<p>Văn bản đã gộp</p>"


@pytest.mark.django_db
def test_save_without_a_version_is_refused(client, world):
    report, users = world
    report_section_save(report=report, key="ii", text="Có sẵn", user=users["staff"], version="new")
    client.force_login(users["staff"])

    response = client.post(edit_url(report, "ii"), {"text": "Ghi đè"})

    assert response.status_code == 409
    assert ReportSection.objects.get(report=report, key="ii").text == "<p>Có sẵn</p>"


@pytest.mark.django_db
def test_published_report_narrative_is_read_only(client, world):
    report, users = world
    report_section_save(report=report, key="ii", text="Đã chốt", user=users["staff"], version="new")
    TermReport.objects.filter(pk=report.pk).update(status=ReportStatus.PUBLISHED)
    client.force_login(users["staff"])
    url = edit_url(report, "ii")

    page = client.get(url)
    response = client.post(url, {"text": "Sửa", VERSION_FIELD: "x"})

    assert (page.status_code, "<textarea" in page.content.decode()) == (200, False)
    assert response.status_code == 302
    assert ReportSection.objects.get(report=report, key="ii").text == "<p>Đã chốt</p>"
    sections_page = client.get(sections_url(report)).content.decode()
    assert f'href="{edit_url(report, "ii")}"' not in sections_page


@pytest.mark.django_db
def test_history_and_diff_show_who_when_and_what_changed(client, world):
    report, users = world
    staff = users["staff"]
    first = report_section_save(
        report=report, key="ii", text="một hai ba", user=staff, version="new"
    )
    report_section_save(
        report=report, key="ii", text="một bốn ba", user=staff, version=section_version(first)
    )
    section = ReportSection.objects.get(report=report, key="ii")
    oldest = section.history.order_by("history_date").first()
    client.force_login(users["leadership"])

    history = client.get(reverse("reports:narrative_history", args=[report.pk, "ii"]))
    diff = client.get(
        reverse("reports:narrative_diff", args=[report.pk, "ii", oldest.history_id])
    ).content.decode()

    assert [(r.history_user, r.text) for r in history.context["page"]] == [
        (staff, "<p>một bốn ba</p>"),
        (staff, "<p>một hai ba</p>"),
    ]
    assert "một <del>hai</del> <ins>bốn</ins> ba" in diff


@pytest.mark.django_db
def test_draft_button_fills_empty_sections_only(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    report_section_save(report=report, key="i_1", text="Giữ nguyên", user=staff, version="new")
    client.force_login(staff)

    response = client.post(reverse("reports:narrative_draft", args=[report.pk]))

    assert response.status_code == 302
    texts = dict(report.section_texts.values_list("key", "text"))
    assert texts["i_1"] == "<p>Giữ nguyên</p>"
    assert sorted(texts) == ["i_1", "i_2_1", "i_2_2", "i_2_3", "i_2_4", "i_3", "i_4"]
    assert texts["i_2_2"].startswith("<p>Trong nhiệm kỳ, Liên hiệp hội")
    page = client.get(sections_url(report)).content.decode()
    assert page.count("Bản nháp được tạo từ các câu số liệu") == 6


@pytest.mark.django_db
def test_sections_page_query_count_is_the_same_for_one_and_many_texts(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    client.force_login(staff)
    report_section_save(report=report, key="ii", text="Một", user=staff, version=None)
    one = page_queries(client, sections_url(report), limit=60)
    for key in list(SECTIONS)[:12]:
        report_section_save(report=report, key=key, text=f"Văn bản {key}", user=staff, version=None)
        report_section_save(report=report, key=key, text=f"Sửa {key}", user=staff, version=None)

    many = page_queries(client, sections_url(report), limit=60)

    assert one == many

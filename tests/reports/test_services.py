import datetime
import hashlib

import pytest

from reports.models import ReportStatus, ReportVersion
from reports.selectors import term_report_figures
from reports.services import (
    ReportNotReady,
    term_report_approve,
    term_report_generate,
    term_report_get_or_create,
)
from tests.conftest import make_user
from tests.factories import TermFactory, UserFactory
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_fonts, pdf_page_size, pdf_text

SENTENCE = (
    "Hiện nay, Liên hiệp hội huyện có 07 hội thành viên (trong đó có 04 hội thuộc khối các cơ "
    "quan, doanh nghiệp, trường học và 03 hội của phường, xã), tập hợp được 09 hội viên, giảm "
    "03 hội viên so với đầu nhiệm kỳ."
)


@pytest.fixture
def report():
    union, term = decrease_dataset()
    return term_report_get_or_create(union=union, term=term)


@pytest.mark.django_db
def test_term_report_get_or_create_links_the_following_term():
    union, term = decrease_dataset()
    TermFactory(
        union=union,
        label="2028 - 2033",
        starts_on=datetime.date(2029, 1, 1),
        ends_on=datetime.date(2033, 12, 31),
    )
    following = TermFactory(
        union=union,
        label="2023 - 2028",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )

    report = term_report_get_or_create(union=union, term=term)

    assert report.next_term == following
    assert term_report_get_or_create(union=union, term=term) == report


@pytest.mark.django_db
def test_term_report_generate_writes_the_sentence_into_the_pdf(report):
    version = term_report_generate(report=report)

    with version.file.open("rb") as fh:
        text = pdf_text(fh.read())
    assert SENTENCE in text
    assert "BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.django_db
def test_term_report_generate_keeps_every_generation_as_a_new_version(report):
    user = UserFactory()

    first = term_report_generate(report=report, user=user)
    second = term_report_generate(report=report)

    assert [first.number, second.number] == [1, 2]
    assert list(ReportVersion.objects.filter(report=report).values_list("number", flat=True)) == [
        2,
        1,
    ]
    assert (first.created_by, second.created_by) == (user, None)
    for version in (first, second):
        with version.file.open("rb") as fh:
            content = fh.read()
        assert version.checksum == hashlib.sha256(content).hexdigest()
        assert version.size == len(content)
        assert version.format == "pdf"
    assert first.file.name != second.file.name


@pytest.mark.django_db
def test_term_report_generate_freezes_the_figures(report):
    version = term_report_generate(report=report)

    version.refresh_from_db()
    assert version.figures == term_report_figures(union=report.union, term=report.term)
    assert version.figures["members"]["change"] == -3


@pytest.mark.django_db
def test_term_report_pdf_is_a4_with_the_shipped_font_embedded(report):
    version = term_report_generate(report=report)

    with version.file.open("rb") as fh:
        content = fh.read()
    width, height = pdf_page_size(content)
    assert (round(width, 2), round(height, 2)) == (595.28, 841.89)
    fonts = pdf_fonts(content)
    assert ("Report-Serif", True) in fonts
    assert {name for name, _ in fonts} <= {
        "Report-Serif",
        "Report-Serif-Bold",
        "Report-Serif-Italic",
        "Report-Serif-Bold-Italic",
    }
    assert all(embedded for _, embedded in fonts)


@pytest.mark.django_db
def test_term_report_generate_refuses_unknown_formats(report):
    with pytest.raises(ValueError, match="Unsupported format"):
        term_report_generate(report=report, file_format="odt")

    assert not report.versions.exists()


@pytest.mark.django_db
def test_term_report_approve_records_who_when_and_which_version(report):
    user = make_user("leadership", report.union)
    term_report_generate(report=report)
    latest = term_report_generate(report=report)

    approved = term_report_approve(report=report, user=user)

    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED
    assert approved.approved_by == user
    assert approved.approved_at is not None
    assert approved.approved_version == latest


@pytest.mark.django_db
def test_term_report_approve_refuses_a_report_without_version(report):
    with pytest.raises(ReportNotReady):
        term_report_approve(report=report, user=make_user("leadership", report.union))

    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ReportStatus.DRAFT, None)


@pytest.mark.django_db
def test_term_report_generate_after_approval_asks_for_a_new_approval(report):
    term_report_generate(report=report)
    term_report_approve(report=report, user=make_user("leadership", report.union))

    term_report_generate(report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert (report.approved_by, report.approved_at, report.approved_version) == (None, None, None)

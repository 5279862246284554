import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportVersion, TermReport
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_page_size, pdf_text


@pytest.mark.django_db
def test_generate_term_report_writes_a_new_version_each_time(tmp_path):
    union, term = decrease_dataset()
    first_out, second_out = tmp_path / "r.pdf", tmp_path / "r2.pdf"

    call_command(
        "generate_term_report", union=union.slug, term=term.label, out=first_out, stdout=StringIO()
    )
    call_command(
        "generate_term_report",
        union=union.slug,
        term=term.label,
        out=str(second_out),
        stdout=StringIO(),
    )

    report = TermReport.objects.get(union=union, term=term)
    versions = {v.number: v for v in ReportVersion.objects.filter(report=report)}
    assert sorted(versions) == [1, 2]
    assert hashlib.sha256(first_out.read_bytes()).hexdigest() == versions[1].checksum
    assert hashlib.sha256(second_out.read_bytes()).hexdigest() == versions[2].checksum


@pytest.mark.django_db
def test_generate_term_report_pdf_text_keeps_vietnamese_diacritics(tmp_path):
    union, term = decrease_dataset()
    out = tmp_path / "r.pdf"
    stdout = StringIO()

    call_command("generate_term_report", union=union.slug, term=term.label, out=out, stdout=stdout)

    text = pdf_text(out)
    assert (
        "Hiện nay, Liên hiệp hội huyện có 07 hội thành viên (trong đó có 04 hội thuộc khối các "
        "cơ quan, doanh nghiệp, trường học và 03 hội của phường, xã), tập hợp được 09 hội viên, "
        "giảm 03 hội viên so với đầu nhiệm kỳ."
    ) in text
    assert "Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội" in text
    assert pdf_page_size(out) == pytest.approx((595.28, 841.89), abs=0.01)
    assert stdout.getvalue() == f"{out} ({out.stat().st_size} bytes, version 1)\n"


@pytest.mark.django_db
def test_generate_term_report_names_an_unknown_union(tmp_path):
    decrease_dataset()

    with pytest.raises(CommandError, match="No union with slug 'khong-co'"):
        call_command(
            "generate_term_report", union="khong-co", term="2018 - 2023", out=tmp_path / "r.pdf"
        )

    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.django_db
def test_generate_term_report_names_an_unknown_term_and_lists_the_known_ones(tmp_path):
    union, _term = decrease_dataset()

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "generate_term_report", union=union.slug, term="2030 - 2035", out=tmp_path / "r.pdf"
        )

    assert str(excinfo.value) == (f"No term '2030 - 2035' in {union.slug} (terms: 2018 - 2023).")
    assert not TermReport.objects.exists()


@pytest.mark.django_db
def test_generate_term_report_names_a_missing_output_directory(tmp_path):
    union, term = decrease_dataset()
    out = tmp_path / "khong-co" / "r.pdf"

    with pytest.raises(CommandError, match="does not exist"):
        call_command("generate_term_report", union=union.slug, term=term.label, out=out)

    assert not ReportVersion.objects.exists()

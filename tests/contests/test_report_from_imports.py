"""End to end: the contests example files → import_records → the term report's PDF."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.reports.pdftools import pdf_text

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
KINDS = ["unions", "terms", "societies", "contests", "entries", "awards", "initiatives"]


@pytest.mark.django_db
def test_awards_and_products_in_the_pdf_come_from_imported_files(tmp_path):
    for kind in KINDS:
        call_command("import_records", kind, str(EXAMPLES / f"{kind}.csv"), stdout=None)
    out = tmp_path / "report.pdf"

    call_command("generate_term_report", union="hong-linh", term="2018 - 2023", out=str(out))

    text = pdf_text(out)
    assert (
        "Thị xã có 02 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; 01 đề tài, "
        "sản phẩm đạt giải cấp tỉnh."
    ) in text
    assert "Đã có 02 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống" in text
    assert (
        "“Chuyển động tự quay quanh trục của Trái Đất và các hệ quả Địa lí” (Trường THCS Bắc "
        "Hồng) đạt giải Khuyến khích cấp quốc gia năm 2023"
    ) in text
    assert "DANH SÁCH ĐỀ TÀI, SẢN PHẨM ĐẠT GIẢI NHIỆM KỲ 2018 - 2023" in text

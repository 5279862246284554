"""The opinion letter's PDF: what a reader of the extracted text finds, in correct Vietnamese."""

import datetime

import pytest

from consultations.letters import letter_date, letter_pdf, recipient_lines
from tests.reports.pdftools import pdf_fonts, pdf_page_size, pdf_text


def _context(**overrides) -> dict:
    context = {
        "issuer": {
            "superior_body": "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
            "name": "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
            "uses_national_motto": True,
        },
        "document_number": "07/LHH-PB",
        "excerpt": "V/v phản biện Đề án thu gom rác thải",
        "place": "Hồng Lĩnh",
        "issued_on": "2023-05-04",
        "addressees": ["Ủy ban nhân dân thị xã Hồng Lĩnh"],
        "opening": "Thực hiện đề nghị của Ủy ban nhân dân thị xã về việc phản biện Đề án thu gom "
        "rác thải, Liên hiệp hội có ý kiến như sau:",
        "paragraphs": ["Đề án được xây dựng công phu, phù hợp với thực tiễn địa phương."],
        "recommendations_intro": "Liên hiệp hội kiến nghị một số nội dung sau:",
        "recommendations": [
            {"number": 1, "text": "Bổ sung phương án phân loại rác tại nguồn."},
            {"number": 2, "text": "Làm rõ lộ trình đầu tư lò đốt rác giai đoạn 2023 - 2025."},
        ],
        "closing": "Trên đây là ý kiến phản biện của Liên hiệp hội./.",
        "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Đạt",
        "recipients": ["Như trên", "Thường trực Thị ủy (b/c)", "Lưu: VT, LHH."],
    }
    return {**context, **overrides}


def test_letter_pdf_text_has_every_part_of_the_administrative_format():
    text = pdf_text(letter_pdf(_context()))

    for expected in [
        "LIÊN HIỆP CÁC HỘI KH&KT TỈNH HÀ TĨNH",
        "LIÊN HIỆP CÁC HỘI KH&KT THỊ XÃ HỒNG LĨNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/LHH-PB",
        "V/v phản biện Đề án thu gom rác thải",
        "Hồng Lĩnh, ngày 04 tháng 5 năm 2023",
        "Kính gửi: Ủy ban nhân dân thị xã Hồng Lĩnh",
        "1. Bổ sung phương án phân loại rác tại nguồn.",
        "2. Làm rõ lộ trình đầu tư lò đốt rác giai đoạn 2023 - 2025.",
        "Trên đây là ý kiến phản biện của Liên hiệp hội./.",
        "TM. BAN THƯỜNG TRỰC CHỦ TỊCH Nguyễn Văn Đạt",
        "Nơi nhận: - Như trên; - Thường trực Thị ủy (b/c); - Lưu: VT, LHH.",
    ]:
        assert expected in text, expected


def test_letter_pdf_reading_order_is_header_addressee_body_signature():
    text = pdf_text(letter_pdf(_context()))

    positions = [
        text.index(part)
        for part in ("Số: 07/LHH-PB", "Kính gửi:", "1. Bổ sung", "2. Làm rõ", "Nơi nhận:")
    ]
    assert positions == sorted(positions)


def test_letter_pdf_is_a4_with_the_shipped_font_embedded():
    pdf = letter_pdf(_context())

    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (595, 842)
    fonts = pdf_fonts(pdf)
    assert fonts and all(name.startswith("Report-Serif") and embedded for name, embedded in fonts)


def test_letter_pdf_without_the_national_motto_leaves_the_right_column_to_the_date():
    issuer = {**_context()["issuer"], "uses_national_motto": False}

    text = pdf_text(letter_pdf(_context(issuer=issuer)))

    assert "CỘNG HÒA" not in text
    assert "Hồng Lĩnh, ngày 04 tháng 5 năm 2023" in text


def test_letter_pdf_lists_several_addressees_with_dashes():
    text = pdf_text(letter_pdf(_context(addressees=["Thị ủy Hồng Lĩnh", "UBND thị xã Hồng Lĩnh"])))

    assert "Kính gửi: - Thị ủy Hồng Lĩnh; - UBND thị xã Hồng Lĩnh." in text


@pytest.mark.parametrize(
    "issued_on, expected",
    [
        (datetime.date(2024, 1, 5), "Hồng Lĩnh, ngày 05 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 28), "Hồng Lĩnh, ngày 28 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 9), "Hồng Lĩnh, ngày 09 tháng 3 năm 2024"),
        (datetime.date(2024, 12, 31), "Hồng Lĩnh, ngày 31 tháng 12 năm 2024"),
        ("2024-11-02", "Hồng Lĩnh, ngày 02 tháng 11 năm 2024"),
    ],
)
def test_letter_date_writes_leading_zeros_as_the_decree_says(issued_on, expected):
    assert letter_date("Hồng Lĩnh", issued_on) == expected


def test_recipient_lines_take_a_dash_each_and_end_with_a_full_stop():
    typed = "Như trên;\n\n- Thường trực Thị ủy,\n  Lưu: VT.  "

    assert recipient_lines(typed) == ["- Như trên;", "- Thường trực Thị ủy;", "- Lưu: VT."]


def test_letter_pdf_number_typed_with_its_prefix_is_not_doubled():
    text = pdf_text(letter_pdf(_context(document_number="Số: 12/LHH-TV")))

    assert "Số: 12/LHH-TV" in text
    assert "Số: Số" not in text

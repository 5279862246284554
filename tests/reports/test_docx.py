"""The term report in Word (reports/docx/), read back with python-docx and lxml."""

import datetime
import io
import logging
import shutil
import unicodedata
import zipfile

import lxml.html
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from reports.docx import html_to_docx, report_docx
from reports.narrative import narrative_html
from reports.rendering import term_report_html
from reports.selectors import term_report_figures
from reports.services import term_report_context, term_report_get_or_create
from tests.reports.datasets import decrease_dataset, join

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _context(union, term):
    report = term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term, next_term=report.next_term)
    return term_report_context(report=report, figures=figures)


def _demo_context():
    from associations.models import Term
    from core.demo import load_demo

    load_demo()
    term = Term.objects.select_related("union").get(union__slug="hong-linh", label="2018 - 2023")
    return _context(term.union, term)


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _blocks(document):
    """The body's paragraphs and tables in order."""
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            yield Paragraph(child, document)
        elif child.tag == f"{W}tbl":
            yield Table(child, document)


def _paragraphs(document) -> list[Paragraph]:
    return [block for block in _blocks(document) if isinstance(block, Paragraph)]


def _text(document) -> str:
    return _clean(" ".join(p.text for p in _paragraphs(document)))


def _headings(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.removeprefix("Heading ")), _clean(p.text))
        for p in _paragraphs(document)
        if p.style.name.startswith("Heading ")
    ]


def _tables(document) -> list[Table]:
    return [block for block in _blocks(document) if isinstance(block, Table)]


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.django_db
def test_report_docx_headings_follow_the_html_outline_with_heading_styles():
    context = _demo_context()
    html = lxml.html.document_fromstring(term_report_html(context))
    expected = [
        (int(h.tag[1]), _clean(" ".join(h.itertext()))) for h in html.iter("h1", "h2", "h3", "h4")
    ]

    document = Document(io.BytesIO(report_docx(context)))

    headings = _headings(document)
    assert headings == expected
    seed_outline = [
        (1, "Phần thứ nhất ĐÁNH GIÁ TÌNH HÌNH VÀ KẾT QUẢ HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023"),
        (2, "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        (3, "1. Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội"),
        (3, "2. Thực hiện nhiệm vụ chính trị"),
        (4, "2.2. Hoạt động tư vấn, phản biện và giám định xã hội"),
        (4, "2.3. Hoạt động sáng tạo kỹ thuật, tôn vinh trí thức"),
        (4, "2.4. Hoạt động khoa học công nghệ; triển khai các đề tài, dự án"),
        (1, "Phụ lục DANH SÁCH HỘI THÀNH VIÊN VÀ SỐ HỘI VIÊN"),
    ]
    found = iter(headings)
    assert all(heading in found for heading in seed_outline)  # in this order
    style = document.styles["Heading 1"]
    assert (style.font.name, style.font.size, style.font.bold) == ("Times New Roman", Pt(14), True)
    assert str(style.font.color.rgb) == "000000"


@pytest.mark.django_db
def test_report_docx_demo_prints_the_seed_figure_sentences():
    document = Document(io.BytesIO(report_docx(_demo_context())))

    text = _text(document)
    for sentence in (
        "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối các "
        "cơ quan, doanh nghiệp, trường học và 06 hội của phường, xã), tập hợp được 1.700 hội "
        "viên, tăng 22 hội viên so với đầu nhiệm kỳ.",
        "Thị xã có 12 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; 78 đề tài, "
        "sản phẩm đạt giải cấp tỉnh",
        "Đã có trên 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống",
        "BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023, "
        "PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029",
    ):
        assert sentence in text


@pytest.mark.django_db
def test_report_docx_footnote_lives_in_the_footnotes_part_and_is_referenced_from_the_text():
    data = report_docx(_demo_context())

    notes = _part(data, "word/footnotes.xml")
    normal = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert [_clean("".join(n.itertext())) for n in normal] == [
        "Trong nhiệm kỳ, có 03 đồng chí do chuyển công tác hoặc nghỉ hưu nên không tiếp tục "
        "tham gia BCH; tính đến thời điểm Đại hội lần thứ V, BCH Liên hiệp hội có 14 đồng chí. "
        "Có 04 hội cơ sở tổ chức kiện toàn các chức danh trong BCH.",
        "Tổng số tiền vận động đóng góp được ghi nhận: 49.000.000 đồng.",
    ]
    assert normal[0].find(f".//{W}footnoteRef") is not None
    body = _part(data, "word/document.xml")
    references = list(body.iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in references] == [n.get(f"{W}id") for n in normal]
    sentence = "".join(references[0].getparent().getparent().itertext())
    assert "tăng 22 hội viên so với đầu nhiệm kỳ." in sentence
    document = Document(io.BytesIO(data))
    footnote_rels = [
        rel for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")
    ]
    assert [rel.target_part.partname for rel in footnote_rels] == ["/word/footnotes.xml"]
    types = _part(data, "[Content_Types].xml")
    assert any(
        o.get("PartName") == "/word/footnotes.xml"
        and o.get("ContentType").endswith("footnotes+xml")
        for o in types
    )


@pytest.mark.django_db
def test_report_docx_annex_table_lists_societies_with_a_repeated_header_row():
    union, term = decrease_dataset()

    document = Document(io.BytesIO(report_docx(_context(union, term))))

    header_table = _tables(document)[0]
    annex = next(t for t in _tables(document) if _clean(t.rows[0].cells[0].text) == "TT")
    assert [_clean(c.text) for c in annex.rows[0].cells] == [
        "TT",
        "Tên hội thành viên",
        "Đầu nhiệm kỳ",
        "Cuối nhiệm kỳ",
        "Tăng (+), giảm (-)",
    ]
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert annex.style.name == "Table Grid"
    # header, two group rows, eight societies, the total
    assert len(annex.rows) == 12
    assert [_clean(c.text) for c in annex.rows[1].cells][1] == (
        "Khối cơ quan, doanh nghiệp, trường học"
    )
    total = annex.rows[-1].cells
    assert [_clean(total[i].text) for i in range(1, 5)] == ["Tổng cộng", "12", "9", "-3"]
    assert [_clean(r.cells[0].text) for r in annex.rows[2:7]] == ["1", "2", "3", "4", "5"]
    annex_titles = [
        p for p in _paragraphs(document) if p.style.name == "Heading 1" and "Phụ lục" in p.text
    ]
    assert annex_titles
    assert all(p.paragraph_format.page_break_before for p in annex_titles)
    # The document header is a borderless layout table.
    assert header_table._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert header_table.style.name == "Normal Table"


@pytest.mark.django_db
def test_report_docx_header_and_page_setup_follow_the_administrative_format():
    union, term = decrease_dataset()

    data = report_docx(_context(union, term))

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer is True
    assert _clean(section.first_page_header.paragraphs[0].text) == ""
    header_p = section.header.paragraphs[0]
    assert header_p.alignment == 1  # centred
    instructions = [t.text.strip() for t in header_p._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    body = document.styles["Body Text"].paragraph_format
    assert (body.alignment, body.first_line_indent) == (3, Mm(12.7))  # justified
    header = _tables(document)[0]
    left, right = (_clean(c.text) for c in header.rows[0].cells)
    assert "LIÊN HIỆP CÁC HỘI KH&KT" in left
    assert right == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    # The place-and-date line sits in the header table's second row, right column.
    place = next(p for p in header.rows[1].cells[-1].paragraphs if ", ngày" in p.text)
    # Centred under the national motto (Nghị định 30/2020), italic.
    assert place.alignment == 1 and all(r.italic for r in place.runs)


@pytest.mark.django_db
def test_report_docx_keeps_vietnamese_diacritics_and_follows_the_data():
    union, term = decrease_dataset()
    before = _text(Document(io.BytesIO(report_docx(_context(union, term)))))
    society = union.societies.filter(dissolved_on__isnull=True).order_by("pk").first()
    join(society, joined_on=datetime.date(2020, 1, 1))

    after = _text(Document(io.BytesIO(report_docx(_context(union, term)))))

    assert (
        "Hiện nay, Liên hiệp hội huyện có 07 hội thành viên (trong đó có 04 hội thuộc khối các "
        "cơ quan, doanh nghiệp, trường học và 03 hội của phường, xã), tập hợp được 09 hội viên, "
        "giảm 03 hội viên so với đầu nhiệm kỳ." in before
    )
    assert "tập hợp được 10 hội viên, giảm 02 hội viên so với đầu nhiệm kỳ." in after
    assert "Phần thứ nhất ĐÁNH GIÁ TÌNH HÌNH VÀ KẾT QUẢ HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023" in before
    assert unicodedata.is_normalized("NFC", before)


def test_html_to_docx_narrative_keeps_bold_italic_lists_and_footnotes():
    narrative = narrative_html(
        "<p>Đoạn <strong>đậm</strong> và <em>nghiêng</em><script>alert(1)</script>.</p>"
        "<ul><li>Gạch đầu dòng một</li><li>Hai</li></ul>"
        "<ol><li>Thứ nhất</li><li>Thứ hai</li></ol><ol><li>Lại từ đầu</li></ol>"
    )
    html = (
        f"<html><body><h3>1. Mục</h3>{narrative}"
        '<p>Câu có chú thích.<span class="footnote">Chú thích <i>nghiêng</i>.</span></p>'
        "</body></html>"
    )

    data = html_to_docx(html)

    document = Document(io.BytesIO(data))
    paragraphs = _paragraphs(document)
    assert [p.style.name for p in paragraphs][:1] == ["Heading 3"]
    first = paragraphs[1]
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in first.runs] == [
        ("Đoạn ", False, False),
        ("đậm", True, False),
        (" và ", False, False),
        ("nghiêng", False, True),
        (".", False, False),
    ]
    items = paragraphs[2:7]
    assert [p.text for p in items] == [
        "Gạch đầu dòng một",
        "Hai",
        "Thứ nhất",
        "Thứ hai",
        "Lại từ đầu",
    ]
    num_ids = [p._p.pPr.numPr.numId.val for p in items]
    assert num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3]
    assert len({num_ids[0], num_ids[2], num_ids[4]}) == 3  # each list numbered on its own
    numbering = document.part.numbering_part.element

    def number_format(num_id):
        num = numbering.num_having_numId(num_id)
        abstract_id = num.abstractNumId.val
        abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
        return abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val")

    assert [number_format(n) for n in (num_ids[0], num_ids[2], num_ids[4])] == [
        "bullet",
        "decimal",
        "decimal",
    ]
    notes = _part(data, "word/footnotes.xml")
    note = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None][0]
    assert _clean("".join(note.itertext())) == "Chú thích nghiêng."
    assert note.find(f".//{W}i") is not None
    assert "alert" not in _text(document)


def test_html_to_docx_drops_an_empty_footnote():
    data = html_to_docx('<html><body><p>Câu.<span class="footnote"> </span></p></body></html>')

    body = _part(data, "word/document.xml")
    assert list(body.iter(f"{W}footnoteReference")) == []
    assert _text(Document(io.BytesIO(data))) == "Câu."


def test_html_to_docx_keeps_the_text_of_unknown_tags(caplog):
    with caplog.at_level(logging.DEBUG, logger="reports.docx"):
        data = html_to_docx("<html><body><p>Một <blink>hai</blink> <kbd>ba</kbd></p></body></html>")

    assert _text(Document(io.BytesIO(data))) == "Một hai ba"
    assert "unknown tag <blink>" in caplog.text


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">'
    "<title>Hội viên qua các năm</title>"
    '<rect x="20" y="50" width="40" height="120" fill="#333"/>'
    '<text x="40" y="190" text-anchor="middle">Năm 2019</text></svg>'
)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_html_to_docx_draws_an_svg_chart_as_a_png_image():
    html = f"<html><body><p>Trước</p><figure>{SVG}<figcaption>Biểu đồ 1</figcaption></figure>"
    data = html_to_docx(html + "</body></html>")

    document = Document(io.BytesIO(data))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert round(shapes[0].width.mm) == round(400 * 25.4 / 96)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(images) == 1
        assert archive.read(images[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Biểu đồ 1" in _text(document)


def test_html_to_docx_leaves_a_chart_as_its_text_without_a_rasteriser(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    document = Document(io.BytesIO(html_to_docx(f"<html><body>{SVG}</body></html>")))

    assert len(document.inline_shapes) == 0
    assert _text(document) == "Hội viên qua các năm · Năm 2019"


@pytest.mark.django_db
def test_generate_term_report_writes_a_docx(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    union, term = decrease_dataset()
    out = tmp_path / "r.docx"
    stdout = StringIO()

    call_command(
        "generate_term_report",
        union=union.slug,
        term=term.label,
        out=out,
        format="docx",
        stdout=stdout,
    )

    assert "giảm 03 hội viên so với đầu nhiệm kỳ." in _text(Document(out))
    assert stdout.getvalue().startswith(f"{out} (")


def test_html_to_docx_signature_block_is_a_borderless_two_column_table():
    html = (
        '<html><body><table class="signature"><tr>'
        "<td><p>Nơi nhận:</p><ul><li>Liên hiệp hội tỉnh;</li><li>Lưu: VT.</li></ul></td>"
        "<td><div>TM. BAN CHẤP HÀNH</div><div>CHỦ TỊCH</div><div>Nguyễn Văn An</div></td>"
        "</tr></table></body></html>"
    )

    document = Document(io.BytesIO(html_to_docx(html)))

    (table,) = _tables(document)
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "Liên hiệp hội tỉnh;", "Lưu: VT."]
    title = left.paragraphs[0]
    assert title.alignment == 0 and all(r.bold and r.italic for r in title.runs)
    assert left.paragraphs[1]._p.pPr.numPr is not None
    assert [p.text for p in right.paragraphs] == ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Văn An"]
    assert all(p.alignment == 1 and all(r.bold for r in p.runs) for p in right.paragraphs)


@pytest.mark.django_db
def test_bench_measures_the_docx_beside_the_bare_html_render():
    from associations.models import Union
    from core.demo import load_demo
    from reports.bench import measure_report_docx

    load_demo()

    result = measure_report_docx({"union": Union.objects.get(slug="hong-linh")}, {"pdf_repeat": 1})

    measure = result.to_json()
    assert (measure["name"], measure["unit"], measure["goal"]) == (
        "report_docx",
        "s",
        {"max_value": 3},
    )
    assert measure["floor"]["name"] == "bare HTML render of the same report"
    assert measure["met"] is True

"""The narrative's formatting subset: what survives the sanitiser and what never does."""

import pytest

from reports.narrative import (
    SECTIONS,
    narrative_clean,
    narrative_diff,
    narrative_html,
    narrative_text,
    section_sentences,
)


def test_sections_are_the_outline_keys_in_order():
    assert list(SECTIONS) == [
        "opening",
        "i_1_before",
        "i_1",
        "i_2_1",
        "i_2_2",
        "i_2_3",
        "i_2_4",
        "i_3",
        "i_4",
        "ii",
        "iii",
        "p2_i_1",
        "p2_i_2",
        "p2_ii",
        "closing",
    ]


def test_clean_keeps_the_allowed_subset():
    html = (
        "<p>Một <strong>đậm</strong> <b>đậm</b> <em>nghiêng</em> <i>nghiêng</i><br>dòng</p>"
        "<ul><li>a</li><li>b</li></ul><ol><li>một</li></ol>"
    )

    assert narrative_clean(html) == html


def test_clean_keeps_footnotes_with_only_their_class():
    html = '<p>Có 14 đồng chí<span class="footnote">Tính đến Đại hội lần thứ V.</span>.</p>'

    assert narrative_clean(html) == html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<p onclick="steal()" onmouseover="x">a</p>', "<p>a</p>"),
        ('<p style="color:red">a <b style="font-size:99pt">b</b></p>', "<p>a <b>b</b></p>"),
        ('<p>a<img src="http://evil.example/x.png">b</p>', "<p>ab</p>"),
        ('<p>a<img src="file:///etc/passwd">b</p>', "<p>ab</p>"),
        ('<p><a href="file:///etc/passwd">link</a></p>', "<p>link</p>"),
        ('<p><a href="https://example.com">link</a></p>', "<p>link</p>"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "<p>x</p>"),
        ('<link rel="stylesheet" href="file:///etc/passwd"><p>a</p>', "<p>a</p>"),
        ("<style>@import url(http://evil.example/x.css);</style><p>a</p>", "<p>a</p>"),
        ('<p><span class="footnote evil">a</span></p>', '<p><span class="footnote">a</span></p>'),
        ('<p><span class="other">a</span> <span>b</span></p>', "<p>a b</p>"),
        (
            '<p><span class="footnote" style="x" id="y">a</span></p>',
            '<p><span class="footnote">a</span></p>',
        ),
        ('<svg><image href="file:///etc/passwd"/></svg><p>a</p>', "<p>a</p>"),
        ('<iframe src="http://x"></iframe><object data="x"></object><p>a</p>', "<p>a</p>"),
        ("<table><tr><td>a</td></tr></table>", "<p>a</p>"),
        ("<!-- comment --><p>a</p>", "<p>a</p>"),
    ],
)
def test_clean_removes_what_is_not_allowed(dirty, clean):
    assert narrative_clean(dirty) == clean


def test_clean_keeps_no_footnote_inside_a_footnote_nor_blocks_in_it():
    html = '<span class="footnote">x <span class="footnote">y</span><ul><li>z</li></ul></span>'

    assert narrative_clean(html) == '<p><span class="footnote">x y z</span></p>'


def test_clean_turns_plain_text_lines_into_escaped_paragraphs():
    assert narrative_clean("Dòng một\n\n Dòng hai & ba \n") == (
        "<p>Dòng một</p><p>Dòng hai &amp; ba</p>"
    )
    assert narrative_clean("a < b\nc") == "<p>a &lt; b</p><p>c</p>"


def test_clean_keeps_inline_markup_of_lines_typed_without_paragraphs():
    assert narrative_clean("Một <b>hai</b>\nBa") == "<p>Một <b>hai</b></p><p>Ba</p>"


def test_clean_puts_loose_text_and_editor_divs_into_paragraphs():
    assert narrative_clean("Đầu <i>x</i><p>giữa</p>cuối") == (
        "<p>Đầu <i>x</i></p><p>giữa</p><p>cuối</p>"
    )
    assert narrative_clean("<div>a</div><div>b<br></div><p><br></p>") == "<p>a</p><p>b</p>"


def test_clean_of_its_own_output_is_the_same():
    html = narrative_clean('Một <b>x</b> <span class="footnote">y</span>\n<ul><li>z</li></ul>')

    assert narrative_clean(html) == html


def test_narrative_html_is_safe_and_empty_for_nothing():
    assert narrative_html(None) == ""
    assert narrative_html("<script>x</script>") == ""
    assert narrative_html("<p>a</p>").__html__() == "<p>a</p>"


def test_narrative_text_reads_paragraphs_lists_and_footnotes():
    html = '<p>a <b>b</b></p><ol><li>x</li><li>y<span class="footnote">n</span></li></ol>'

    assert narrative_text(html) == "a b\n1. x\n2. y [chú thích: n]"


def test_diff_marks_words_removed_and_added_and_escapes_them():
    diff = narrative_diff("<p>một hai ba</p>", "<p>một bốn ba</p><p>năm &lt;script&gt;</p>")

    assert diff == "một <del>hai</del> <ins>bốn</ins> ba <br><ins>năm &lt;script&gt;</ins>"


def test_diff_of_equal_texts_has_no_marks():
    assert narrative_diff("<p>a b</p>", "a b") == "a b"


def test_section_sentences_from_the_report_context():
    context = {
        "sentences": {
            "organisation": "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên",
            "committee": "Trong nhiệm kỳ, có 03 đồng chí.",
            "structure": "",
            "consultations": {"summary": "Trong nhiệm kỳ, đã tư vấn.", "recommendations": ""},
        },
        "contest_sentences": {"applied": "Đã có trên 900 đề tài", "awards": ""},
    }

    assert section_sentences(context) == {
        "i_1": [
            "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên.",
            "Trong nhiệm kỳ, có 03 đồng chí.",
        ],
        "i_2_2": ["Trong nhiệm kỳ, đã tư vấn."],
        "i_2_4": ["Đã có trên 900 đề tài."],
    }


def test_paragraphs_filter_reads_stored_html_as_plain_paragraphs():
    from reports.templatetags.reports_tags import paragraphs

    stored = '<p>a <b>b</b><span class="footnote">ghi chú</span>.</p><ul><li>x</li></ul>'

    assert paragraphs(stored) == ["a b (ghi chú).", "• x"]
    assert paragraphs("Dòng 1\n\nDòng 2") == ["Dòng 1", "Dòng 2"]

from reports.narrative import narrative_html


def test_narrative_html_plain_text_becomes_escaped_paragraphs():
    assert (
        narrative_html("Dòng một\n\n Dòng hai & ba ") == "<p>Dòng một</p><p>Dòng hai &amp; ba</p>"
    )


def test_narrative_html_removes_scripts_images_links_and_handlers():
    html = narrative_html(
        '<p onclick="x()">Hi <script>alert(1)</script><img src="http://x/y.png">'
        '<a href="file:///etc/passwd">l</a> <b>b</b></p>'
    )

    assert html == "<p>Hi l <b>b</b></p>"

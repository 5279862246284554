"""The narrative staff write around the computed figures: which sections there are, where each
prints, and how a stored text becomes safe HTML for the document.

Only a small formatting subset survives: paragraphs, bullet and numbered lists, bold, italics and
footnotes (`<span class="footnote">…</span>` inline, which the report CSS floats to the foot of
the page). Texts are cleaned with nh3 when saved AND when rendered: scripts, styles, event
handlers, images, links and every URL are removed, so the renderer has nothing to fetch.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape as html_escape
from html.parser import HTMLParser

import nh3
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# --- the sections, in the outline's order (design §5, the seed report) ----------------------------

BEFORE = _("before the computed figures")
AFTER = _("after the computed figures")
WHOLE = _("the whole section (no computed figures)")


@dataclass(frozen=True)
class Section:
    key: str
    heading: str  # the document's own heading (Vietnamese, as printed)
    place: Promise  # where the text prints within its section


SECTIONS: dict[str, Section] = {
    section.key: section
    for section in [
        Section(
            "opening",
            "Đoạn mở đầu",
            _("after the computed opening sentence, before Part One"),
        ),
        Section(
            "i_1_before",
            "I.1. Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội",
            BEFORE,
        ),
        Section("i_1", "I.1. Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội", AFTER),
        Section(
            "i_2_1",
            "2.1. Công tác thông tin tuyên truyền, hoạt động phổ biến kiến thức KH&KT",
            AFTER,
        ),
        Section("i_2_2", "2.2. Hoạt động tư vấn, phản biện và giám định xã hội", AFTER),
        Section("i_2_3", "2.3. Hoạt động sáng tạo kỹ thuật, tôn vinh trí thức", BEFORE),
        Section("i_2_4", "2.4. Hoạt động khoa học công nghệ; triển khai các đề tài, dự án", BEFORE),
        Section("i_3", "I.3. Hoạt động liên kết và hợp tác", AFTER),
        Section("i_4", "I.4. Phát huy vai trò thành viên Mặt trận Tổ quốc", AFTER),
        Section("ii", "II. Những tồn tại, hạn chế", WHOLE),
        Section("iii", "III. Nguyên nhân và bài học kinh nghiệm", WHOLE),
        Section("p2_i_1", "Phần thứ hai, I.1. Phương hướng, mục tiêu chung", WHOLE),
        Section(
            "p2_i_2",
            "Phần thứ hai, I.2. Các chỉ tiêu cụ thể",
            _("before the list of targets"),
        ),
        Section("p2_ii", "Phần thứ hai, II. Nhiệm vụ và giải pháp", WHOLE),
        Section("closing", "Đoạn kết", _("the last paragraph, before the signature")),
    ]
}


def section_sentences(context: dict) -> dict[str, list[str]]:
    """The sentences the document computes for each section from its figures (a preview beside
    the narrative and the start of a draft). Keys without computed sentences are absent."""
    sentences = context.get("sentences") or {}
    contests = context.get("contest_sentences") or {}
    consultations = sentences.get("consultations") or {}

    def pick(*values) -> list[str]:
        found = []
        for value in values:
            if isinstance(value, list | tuple):
                found.extend(str(v) for v in value if v)
            elif isinstance(value, dict):
                for item in value.values():
                    if isinstance(item, str) and item:
                        found.append(item)
                    elif isinstance(item, list | tuple):
                        found.extend(str(v) for v in item if isinstance(v, str) and v)
            elif value:
                found.append(str(value))
        return [_sentence(value) for value in found]

    out = {
        "i_1": pick(
            sentences.get("organisation"), sentences.get("committee"), sentences.get("structure")
        ),
        "i_2_1": pick(sentences.get("communication")),
        "i_2_2": pick(consultations.get("summary"), consultations.get("recommendations")),
        "i_2_3": pick(
            contests.get("awards"),
            contests.get("fields"),
            contests.get("initiatives_recognised"),
            contests.get("intellectuals"),
        ),
        "i_2_4": pick(contests.get("applied")),
        "i_3": pick(sentences.get("cooperation")),
        "i_4": pick(sentences.get("fundraising"), sentences.get("commendations")),
        "p2_i_2": pick(
            [
                row.get("wording", "")
                for row in context.get("targets") or []
                if isinstance(row, dict)
            ]
        ),
    }
    return {key: value for key, value in out.items() if value}


def printed_sections(sections: dict[str, str], context: dict) -> dict[str, str]:
    """The narrative the document prints, by section: a section whose text is nothing but the
    sentences the document computes for it (a draft made from the figures and not yet
    rewritten) prints nothing of its own, since those sentences are printed already."""
    computed = section_sentences(context)
    printed = {}
    for key, text in sections.items():
        sentences = set(computed.get(key) or ())
        paragraphs = narrative_text(text, labelled=False).splitlines() if text else []
        if sentences and paragraphs and all(_sentence(p) in sentences for p in paragraphs):
            continue
        printed[key] = text
    return printed


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", ":", ";", "!", "?")) else f"{text}."


# --- sanitising -------------------------------------------------------------------------------

# Tags a narrative may keep; everything else (scripts, styles, images, links, tables) is removed.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "span"}
FOOTNOTE_CLASS = "footnote"
BLOCK_TAGS = {"p", "ul", "ol", "li"}
_BLOCK_RE = re.compile(r"<\s*/?\s*(p|ul|ol|li|div|h[1-6]|table|blockquote)\b", re.IGNORECASE)
_AS_PARAGRAPH_RE = re.compile(r"<\s*(/?)\s*(?:div|h[1-6]|blockquote)\b[^>]*>", re.IGNORECASE)
_TRAILING_BR_RE = re.compile(r"(?:\s*<br>\s*)+</p>")
_EMPTY_P_RE = re.compile(r"<p>(?:\s|<br>)*</p>")


def _nh3_clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={},
        allowed_classes={"span": {FOOTNOTE_CLASS}},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )


class _Normaliser(HTMLParser):
    """A second pass over nh3's (well-formed) output: a `<span>` is kept only as a footnote, a
    footnote holds no blocks and no footnote, text outside any block goes into a paragraph."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, written)
        self.depth = 0  # open blocks written
        self.footnote = 0  # open footnotes
        self.loose = False  # a <p> opened for text outside any block

    def _open_loose(self):
        if self.depth == 0 and not self.loose:
            self.out.append("<p>")
            self.loose = True

    def _close_loose(self):
        if self.loose:
            self.out.append("</p>")
            self.loose = False

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            if self.depth == 0 and not self.loose:
                return  # a line break between blocks means nothing
            self.out.append("<br>")
            return
        if tag in BLOCK_TAGS:
            if self.footnote:
                self.stack.append((tag, False))
                if self.out and not self.out[-1][-1:].isspace():
                    self.out.append(" ")
                return
            self._close_loose()
            self.depth += 1
            self.stack.append((tag, True))
            self.out.append(f"<{tag}>")
            return
        if tag == "span":
            is_footnote = dict(attrs).get("class") == FOOTNOTE_CLASS and not self.footnote
            self.stack.append((tag, is_footnote))
            if is_footnote:
                self._open_loose()
                self.footnote += 1
                self.out.append(f'<span class="{FOOTNOTE_CLASS}">')
            return
        self._open_loose()
        self.stack.append((tag, True))
        self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "br":
            return
        # nh3's output is balanced: the end tag closes the innermost open one.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return
        while len(self.stack) > index:
            open_tag, written = self.stack.pop()
            if not written:
                continue
            self.out.append(f"</{open_tag}>")
            if open_tag in BLOCK_TAGS:
                self.depth -= 1
            elif open_tag == "span":
                self.footnote -= 1

    def handle_data(self, data):
        if self.depth == 0 and not self.loose and not data.strip():
            return
        self._open_loose()
        self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def result(self) -> str:
        self.close()
        self._close_loose()
        return "".join(self.out)


def plain_to_html(text: str) -> str:
    """Text typed without block markup: one paragraph a line (empty lines dropped)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{line}</p>" for line in lines)


def narrative_clean(value: str | None) -> str:
    """The stored form of a narrative: the allowed subset only, every paragraph in `<p>`.

    Text without block markup (typed in a plain text area, or stored before the editor
    existed) becomes one paragraph a line; `<` and `&` of plain text are escaped by nh3.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if not _BLOCK_RE.search(text):
        text = plain_to_html(text)
    # Editors write paragraphs as <div> (and headings pasted in): keep them as paragraphs.
    text = _AS_PARAGRAPH_RE.sub(lambda m: f"<{m.group(1)}p>", text)
    normaliser = _Normaliser()
    normaliser.feed(_nh3_clean(text))
    cleaned = _TRAILING_BR_RE.sub("</p>", normaliser.result())
    return _EMPTY_P_RE.sub("", cleaned).strip()


def narrative_html(value: str | None) -> SafeString:
    """Stored text → safe HTML for the document and the portal (cleaned again on every render)."""
    return mark_safe(narrative_clean(value))  # noqa: S308 (nh3 allow-list, see above)


# --- reading and comparing --------------------------------------------------------------------


class _Tokens(HTMLParser):
    """Stored HTML → readable words with formatting marks, for comparing two revisions."""

    MARKS = {"strong": "**", "b": "**", "em": "_", "i": "_"}

    def __init__(self, *, marks: bool = True, labelled: bool = True):
        super().__init__(convert_charrefs=True)
        self.marks = marks
        self.labelled = labelled
        self.tokens: list[str] = []
        self.list_kinds: list[str] = []
        self.counters: list[int] = []
        self.spans: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br"):
            self.tokens.append("\n")
        elif tag in ("ul", "ol"):
            self.list_kinds.append(tag)
            self.counters.append(0)
        elif tag == "li":
            self.tokens.append("\n")
            if self.list_kinds and self.list_kinds[-1] == "ol":
                self.counters[-1] += 1
                self.tokens.append(f"{self.counters[-1]}.")
            else:
                self.tokens.append("•")
        elif tag in self.MARKS:
            if self.marks:
                self.tokens.append(self.MARKS[tag])
        elif tag == "span":
            footnote = dict(attrs).get("class") == FOOTNOTE_CLASS
            self.spans.append(footnote)
            if footnote:
                self.tokens.append("[" + str(_("footnote:")) if self.labelled else "(")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.list_kinds:
            self.list_kinds.pop()
            self.counters.pop()
        elif tag in self.MARKS:
            if self.marks:
                self.tokens.append(self.MARKS[tag])
        elif tag == "span" and self.spans and self.spans.pop():
            self.tokens.append("]" if self.labelled else ")")

    def handle_data(self, data):
        self.tokens.extend(data.split())


def narrative_tokens(value: str | None, *, marks: bool = True, labelled: bool = True) -> list[str]:
    parser = _Tokens(marks=marks, labelled=labelled)
    parser.feed(narrative_clean(value))
    parser.close()
    tokens = list(parser.tokens)
    while tokens and tokens[0] == "\n":
        tokens.pop(0)
    return tokens


class _Text(_Tokens):
    """Like _Tokens, keeping the text's own spacing: data is appended as it is."""

    def handle_data(self, data):
        self.tokens.append(data)

    def handle_starttag(self, tag, attrs):
        before = len(self.tokens)
        super().handle_starttag(tag, attrs)
        if tag == "li" and len(self.tokens) > before + 1:
            self.tokens[-1] += " "
        elif tag == "span" and len(self.tokens) > before and not self.labelled:
            self.tokens[-1] = " ("
        elif tag == "span" and len(self.tokens) > before:
            self.tokens[-1] = " " + self.tokens[-1] + " "


def narrative_text(value: str | None, *, labelled: bool = True) -> str:
    """A narrative as plain text: paragraphs and list items on their own lines; footnotes in
    brackets, labelled as such (or in parentheses with `labelled=False`)."""
    parser = _Text(marks=False, labelled=labelled)
    parser.feed(narrative_clean(value))
    parser.close()
    lines = "".join(parser.tokens).split("\n")
    return "\n".join(cleaned for line in lines if (cleaned := re.sub(r"\s+", " ", line).strip()))


def narrative_diff(old: str | None, new: str | None) -> SafeString:
    """Word-level differences from `old` to `new`: removed words in `<del>`, added in `<ins>`,
    paragraph breaks kept; every word escaped."""
    a, b = narrative_tokens(old), narrative_tokens(new)
    parts: list[str] = []

    def words(tokens: list[str], tag: str | None) -> None:
        chunk: list[str] = []

        def flush():
            if chunk:
                text = html_escape(" ".join(chunk))
                parts.append(f"<{tag}>{text}</{tag}> " if tag else f"{text} ")
                chunk.clear()

        for token in tokens:
            if token == "\n":
                flush()
                parts.append("<br>")
            else:
                chunk.append(token)
        flush()

    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            words(a[a1:a2], None)
        else:
            if a2 > a1:
                words(a[a1:a2], "del")
            if b2 > b1:
                words(b[b1:b2], "ins")
    return mark_safe("".join(parts).strip())  # noqa: S308 (every word escaped above)

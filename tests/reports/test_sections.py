"""Sections 2.1, 3 and 4 of the report, the period's wording, the header and the whole document:
figures from a factory data set, the wording with no data, and the demo report's PDF."""

import datetime
import re

import pytest

from associations.models import SocietyKind, Union
from reports.rendering import term_report_html, term_report_pdf
from reports.selectors import report_figures, term_report_figures
from reports.services import term_report_context, term_report_get_or_create
from reports.text import header_lines
from reports.text_period import period_phrases
from reports.text_sections import (
    amount_words,
    commendation_sentences,
    communication_sentences,
    cooperation_sentences,
    fundraising_sentences,
)
from tests.factories import (
    ActivityFactory,
    CommendationFactory,
    MemberFactory,
    SocietyFactory,
    TermFactory,
    UnionFactory,
)
from tests.reports.datasets import TERM_END, TERM_START, following_term, join
from tests.reports.pdftools import pdf_lines, pdf_text

D = datetime.date
VUSTA = "Liên hiệp các Hội KH&KT Việt Nam"
PROVINCE = "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh"


def _activities(union, society):
    for day, participants in ((D(2019, 3, 1), 40), (D(2020, 3, 1), 60), (D(2021, 3, 1), 50)):
        ActivityFactory(society=society, kind="training", held_on=day, participants=participants)
    ActivityFactory(society=None, union=union, kind="workshop", held_on=D(2021, 5, 1))
    ActivityFactory(
        society=None, union=union, kind="communication", held_on=D(2022, 5, 1), participants=300
    )
    ActivityFactory(
        society=society,
        kind="demonstration",
        title="Mô hình nuôi lươn không bùn",
        held_on=D(2021, 7, 1),
        participants=20,
    )
    ActivityFactory(
        society=None,
        union=union,
        kind="publication",
        title="Xuất bản sách nhạc “Hồng Lĩnh khúc tình ca”",
        held_on=D(2022, 8, 1),
        participants=None,
    )
    ActivityFactory(
        society=society,
        kind="cooperation",
        title="Lớp đào tạo quản trị trong thời đại công nghệ 4.0",
        partners="Phòng Thương mại và Công nghiệp Việt Nam",
        held_on=D(2019, 11, 1),
        participants=60,
    )
    for day, amount in ((D(2018, 10, 1), 8_500_000), (D(2020, 10, 1), 12_000_000)):
        ActivityFactory(
            society=None,
            union=union,
            kind="fundraising",
            held_on=day,
            participants=200,
            amount_vnd=amount,
        )
    # Outside the term, or another union's: never counted.
    ActivityFactory(society=society, kind="training", held_on=D(2024, 2, 1))
    ActivityFactory(kind="training", held_on=D(2020, 2, 1))


def _commendations(union, society):
    for year in (2018, 2021, 2023):
        CommendationFactory(union=union, form="bang_khen", issuer=VUSTA, year=year)
    for year in range(2018, 2024):
        CommendationFactory(union=union, form="giay_khen", issuer=PROVINCE, year=year)
    person = MemberFactory(union=union)
    for member, year in ((person, 2019), (person, 2022), (MemberFactory(union=union), 2020)):
        CommendationFactory(
            union=union, recipient_type="member", member=member, issuer=VUSTA, year=year
        )
    CommendationFactory(
        union=union,
        recipient_type="society",
        society=society,
        form="giay_khen",
        issuer=PROVINCE,
        year=2020,
    )
    CommendationFactory(union=union, form="bang_khen", issuer=VUSTA, year=2017)  # before


@pytest.fixture
def dataset():
    union = UnionFactory(locality_kind="thi_xa")
    term = TermFactory(union=union, starts_on=TERM_START, ends_on=TERM_END)
    society = SocietyFactory(union=union, name="Hội KH&KT cơ quan Chính quyền")
    _activities(union, society)
    _commendations(union, society)
    return Union.objects.select_related("parent").get(pk=union.pk), term


@pytest.mark.django_db
def test_section_2_1_counts_sessions_participants_models_and_publications(dataset):
    union, term = dataset

    sentences = communication_sentences(term_report_figures(union=union, term=term))

    assert sentences == {
        "summary": (
            "Trong nhiệm kỳ, Liên hiệp hội và các hội thành viên đã tổ chức 03 lớp tập huấn, "
            "01 hội thảo và 01 buổi tuyên truyền với 500 lượt người tham dự; xây dựng 01 mô "
            "hình trình diễn; xuất bản 01 ấn phẩm."
        ),
        "models": "Các mô hình trình diễn được xây dựng: mô hình nuôi lươn không bùn.",
        "publications": "Các ấn phẩm được xuất bản: sách nhạc “Hồng Lĩnh khúc tình ca”.",
    }


@pytest.mark.django_db
def test_section_3_lists_cooperation_with_partners(dataset):
    union, term = dataset

    sentences = cooperation_sentences(term_report_figures(union=union, term=term))

    assert sentences == {
        "summary": (
            "Trong nhiệm kỳ, Liên hiệp hội và các hội thành viên đã phối hợp tổ chức 01 hoạt "
            "động liên kết, hợp tác với 01 đối tác:"
        ),
        "lines": [
            "Hội KH&KT cơ quan Chính quyền: lớp đào tạo quản trị trong thời đại công nghệ 4.0 "
            "(phối hợp với Phòng Thương mại và Công nghiệp Việt Nam), năm 2019"
        ],
    }


@pytest.mark.django_db
def test_section_4_fundraising_in_words_and_exact_in_the_note(dataset):
    union, term = dataset

    sentences = fundraising_sentences(term_report_figures(union=union, term=term))

    assert sentences == {
        "summary": (
            "Trong 05 năm qua, Liên hiệp hội và các hội thành viên đã tổ chức 02 đợt vận động "
            "ủng hộ các phong trào, các quỹ xã hội với 400 lượt người tham gia, vận động đóng "
            "góp hàng chục triệu đồng."
        ),
        "note": "Tổng số tiền vận động đóng góp được ghi nhận: 20.500.000 đồng.",
    }


@pytest.mark.django_db
def test_section_4_commendations_received_in_the_seed_phrasing(dataset):
    union, term = dataset

    sentences = commendation_sentences(term_report_figures(union=union, term=term))

    assert sentences == {
        "union": (
            "Trong nhiệm kỳ 2018 - 2023, Liên hiệp hội thị xã 03 lần được Liên hiệp các Hội "
            "KH&KT Việt Nam tặng Bằng khen (năm 2018, 2021, 2023). Hằng năm, Liên hiệp hội thị "
            "xã được Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh tặng Giấy khen."
        ),
        # One person commended twice counts once.
        "recipients": (
            "02 cá nhân được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen; 01 hội thành viên "
            "được Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh tặng Giấy khen."
        ),
    }


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (900_000, "900.000 đồng"),
        (5_000_000, "hàng triệu đồng"),
        (49_000_000, "hàng chục triệu đồng"),
        (350_000_000, "hàng trăm triệu đồng"),
        (2_000_000_000, "hàng tỷ đồng"),
    ],
)
def test_amount_words(amount, words):
    assert amount_words(amount) == words


@pytest.mark.django_db
def test_sections_without_data_say_so_and_never_print_zero():
    term = TermFactory(starts_on=TERM_START, ends_on=TERM_END)
    figures = term_report_figures(union=term.union, term=term)

    texts = [
        communication_sentences(figures)["summary"],
        cooperation_sentences(figures)["summary"],
        fundraising_sentences(figures)["summary"],
        commendation_sentences(figures)["union"],
    ]

    assert texts == [
        "Trong nhiệm kỳ, chưa ghi nhận hoạt động tập huấn, hội thảo, tuyên truyền nào.",
        "Trong nhiệm kỳ, chưa ghi nhận hoạt động liên kết, hợp tác nào.",
        "Trong nhiệm kỳ, chưa ghi nhận hoạt động vận động đóng góp nào.",
        "Trong nhiệm kỳ, chưa ghi nhận khen thưởng nào đối với Liên hiệp hội, các hội thành "
        "viên và hội viên.",
    ]
    report = term_report_get_or_create(union=term.union, term=term)
    text = pdf_text(term_report_pdf(term_report_context(report=report, figures=figures)))
    assert not re.search(r"(?<![\d.,/])0+ (đồng chí|lần|lớp|hội|đề tài|cá nhân|đợt)", text)
    assert "0 đồng" not in text
    assert "Phụ lục" not in text  # no annex without rows


@pytest.mark.django_db
def test_period_wording_of_a_term_a_year_and_a_mid_term_review():
    union = UnionFactory()
    term = TermFactory(union=union, starts_on=TERM_START, ends_on=TERM_END)
    running = following_term(union)
    union = Union.objects.select_related("parent").get(pk=union.pk)

    of_term = period_phrases(term_report_figures(union=union, term=term, next_term=running))
    of_year = period_phrases(
        report_figures(union=union, start=D(2024, 1, 1), end=D(2024, 12, 31), kind="year")
    )
    of_review = period_phrases(
        report_figures(
            union=union, start=running.starts_on, end=D(2025, 12, 31), kind="midterm", term=running
        )
    )

    assert (of_term["over"], of_term["within"], of_term["named"], of_term["next"]) == (
        "Trong 05 năm qua",
        "Trong nhiệm kỳ",
        "nhiệm kỳ 2018 - 2023",
        "nhiệm kỳ 2023 - 2028",
    )
    assert (of_year["over"], of_year["within"], of_year["named"], of_year["next"]) == (
        "Trong năm 2024",
        "Trong năm 2024",
        "năm 2024",
        "năm 2025",
    )
    assert (of_review["over"], of_review["named"], of_review["years"]) == (
        "Trong 02 năm qua",
        "giữa nhiệm kỳ 2023 - 2028",
        2,
    )
    assert of_year["title"] == "KẾT QUẢ HOẠT ĐỘNG NĂM 2024"


@pytest.mark.django_db
def test_a_yearly_report_is_worded_for_its_year():
    union = UnionFactory(locality_kind="thi_xa")
    join(SocietyFactory(union=union))
    CommendationFactory(union=union, form="bang_khen", issuer=VUSTA, year=2024)
    report = term_report_get_or_create(union=union, term=TermFactory(union=union))
    figures = report_figures(union=union, start=D(2024, 1, 1), end=D(2024, 12, 31), kind="year")

    html = term_report_html(term_report_context(report=report, figures=figures))

    assert "Trong năm 2024, Liên hiệp hội đã thực hiện các nhiệm vụ chính trị" in html
    assert "KẾT QUẢ HOẠT ĐỘNG NĂM 2024,<br>PHƯƠNG HƯỚNG NHIỆM VỤ" in html
    assert (
        "Trong năm 2024, Liên hiệp hội thị xã được Liên hiệp các Hội KH&amp;KT Việt Nam tặng "
        "Bằng khen."
    ) in html
    assert "Trong năm 2024, chưa ghi nhận hoạt động liên kết, hợp tác nào." in html
    assert "Biểu đồ 1: Số hội viên đầu năm và cuối năm" in html
    assert figures["charts"]["members"][0]["label"] == "Đầu năm"
    # No activity, task or award this year: those sections say so and draw no empty chart.
    assert "Biểu đồ 2" not in html


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
            ["LIÊN HIỆP CÁC HỘI KH&KT", "THỊ XÃ HỒNG LĨNH"],
        ),
        (
            "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
            ["LIÊN HIỆP CÁC HỘI KH&KT", "TỈNH HÀ TĨNH"],
        ),
        ("Liên hiệp các Hội KH&KT huyện Đức Thọ", ["LIÊN HIỆP CÁC HỘI KH&KT", "HUYỆN ĐỨC THỌ"]),
        (
            "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hà Tĩnh",
            ["LIÊN HIỆP CÁC HỘI KH&KT", "THÀNH PHỐ HÀ TĨNH"],
        ),
        ("Liên hiệp hội Hồng Lĩnh", ["LIÊN HIỆP HỘI HỒNG LĨNH"]),
    ],
)
def test_header_names_break_before_the_locality(name, lines):
    assert header_lines(name) == lines


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_report_figures_query_count_is_the_same_at_two_sizes(size, django_assert_num_queries):
    union = UnionFactory()
    term = TermFactory(union=union, starts_on=TERM_START, ends_on=TERM_END)
    for _ in range(size):
        society = SocietyFactory(union=union, kind=SocietyKind.WARD)
        join(society)
        _activities(union, society)
        _commendations(union, society)
    union = Union.objects.select_related("parent").get(pk=union.pk)

    with django_assert_num_queries(17):  # as test_selectors counts them
        figures = term_report_figures(union=union, term=term)

    assert figures["activities"]["by_kind"]["training"]["count"] == 3 * size


@pytest.mark.django_db
def test_a_parent_union_sums_its_children():
    parent = UnionFactory(locality_kind="tinh")
    children = [UnionFactory(parent=parent) for _ in range(2)]
    for child in children:
        _activities(child, SocietyFactory(union=child))
    parent = Union.objects.select_related("parent").get(pk=parent.pk)

    figures = report_figures(
        union=parent,
        start=TERM_START,
        end=TERM_END,
        union_ids=[parent.id, *(child.id for child in children)],
    )

    assert figures["activities"]["by_kind"]["training"]["count"] == 6
    assert figures["union_count"] == 3
    assert figures["societies"]["total"] == 2


# --- the demo report ---------------------------------------------------------------------------

OUTLINE = [
    "BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023, PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029",
    "Phần thứ nhất ĐÁNH GIÁ TÌNH HÌNH VÀ KẾT QUẢ HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "1. Công tác tập hợp trí thức, xây dựng và phát triển tổ chức hội",
    "2. Thực hiện nhiệm vụ chính trị",
    "2.1. Công tác thông tin tuyên truyền, hoạt động phổ biến kiến thức KH&KT",
    "2.2. Hoạt động tư vấn, phản biện và giám định xã hội",
    "2.3. Hoạt động sáng tạo kỹ thuật, tôn vinh trí thức",
    "2.4. Hoạt động khoa học công nghệ; triển khai các đề tài, dự án",
    "3. Hoạt động liên kết và hợp tác",
    "4. Phát huy vai trò thành viên Mặt trận Tổ quốc",
    "II. NHỮNG TỒN TẠI, HẠN CHẾ",
    "III. NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM",
    "Phần thứ hai PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP NHIỆM KỲ 2024 - 2029",
    "I. PHƯƠNG HƯỚNG, MỤC TIÊU",
    "1. Phương hướng, mục tiêu chung",
    "2. Các chỉ tiêu cụ thể",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    "TM. BAN CHẤP HÀNH",
    "Phụ lục 01 DANH SÁCH HỘI THÀNH VIÊN VÀ SỐ HỘI VIÊN",
    "Phụ lục 02 DANH SÁCH ĐỀ TÀI, SẢN PHẨM ĐẠT GIẢI NHIỆM KỲ 2018 - 2023",
    "Phụ lục 03 DANH SÁCH CÁC ĐỀ ÁN, CHƯƠNG TRÌNH ĐƯỢC TƯ VẤN",
    "Phụ lục 04 DANH SÁCH SÁNG KIẾN, ĐỀ TÀI ĐƯỢC CÔNG NHẬN CẤP TỈNH TRỞ LÊN",
]

SEED_FIGURES = [
    "có 19 hội thành viên (trong đó có 13 hội thuộc khối các cơ quan, doanh nghiệp, trường "
    "học và 06 hội của phường, xã), tập hợp được 1.700 hội viên, tăng 22 hội viên so với đầu "
    "nhiệm kỳ",
    "12 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; 78 đề tài, sản phẩm đạt "
    "giải cấp tỉnh",
    "Đã có trên 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống",
    "vận động đóng góp hàng chục triệu đồng",
    "Trong nhiệm kỳ 2018 - 2023, Liên hiệp hội thị xã 03 lần được Liên hiệp các Hội KH&KT "
    "Việt Nam tặng Bằng khen (năm 2018, 2021, 2023)",
    "03 cá nhân được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen",
    "có 03 trí thức tiêu biểu được giới thiệu dự gặp mặt trí thức tiêu biểu của tỉnh",
    "xây dựng 04 mô hình trình diễn; xuất bản 02 ấn phẩm",
]


@pytest.mark.django_db
def test_demo_report_pdf_has_every_section_in_order_and_the_seed_figures():
    from core.demo import load_demo

    load_demo()
    union = Union.objects.get(slug="hong-linh")
    term = union.terms.get(label="2018 - 2023")
    report = term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term, next_term=report.next_term)

    context = term_report_context(report=report, figures=figures)
    pdf = term_report_pdf(context)
    text = pdf_text(pdf)
    # The sentences are read from the document's HTML: in the PDF a page break may fall inside
    # one, with the page's footnotes and the next page number between its words.
    html = term_report_html(context)
    sentences = " ".join(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").split())

    positions = [text.find(heading) for heading in OUTLINE]
    missing = [heading for heading, at in zip(OUTLINE, positions, strict=True) if at < 0]
    assert missing == []
    assert positions == sorted(positions)
    assert [phrase for phrase in SEED_FIGURES if phrase not in sentences] == []
    # The header's names, one natural part a line.
    assert pdf_lines(pdf)[:4] == [
        "LIÊN HIỆP CÁC HỘI KH&KT",
        "TỈNH HÀ TĨNH",
        "LIÊN HIỆP CÁC HỘI KH&KT",
        "THỊ XÃ HỒNG LĨNH",
    ]
    assert "Số: /BC-LHH" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text


@pytest.mark.django_db
def test_report_headings_are_pdf_bookmarks_in_outline_order(dataset):
    from weasyprint import HTML

    from core.pdf import SCHEME, StaticOnlyFetcher

    union, term = dataset
    report = term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term)
    html = term_report_html(term_report_context(report=report, figures=figures))
    document = HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher()).render()

    def labels(tree, depth=0):
        for label, _destination, children, _state in tree:
            yield depth, label
            yield from labels(children, depth + 1)

    outline = list(labels(document.make_bookmark_tree()))

    assert [label for depth, label in outline if depth == 0] == [
        "BÁO CÁO",
        "Phần thứ nhất ĐÁNH GIÁ TÌNH HÌNH VÀ KẾT QUẢ HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023",
        "Phần thứ hai PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP NHIỆM KỲ TỚI",
        "Phụ lục 01. DANH SÁCH HỘI THÀNH VIÊN VÀ SỐ HỘI VIÊN",
    ]
    assert (2, "4. Phát huy vai trò thành viên Mặt trận Tổ quốc") in outline
    assert (3, "2.1. Công tác thông tin tuyên truyền, hoạt động phổ biến kiến thức KH&KT") in (
        outline
    )


@pytest.mark.django_db
def test_a_mid_term_review_is_worded_for_the_years_so_far():
    union = UnionFactory(locality_kind="thi_xa")
    term = TermFactory(
        union=union, label="2024 - 2029", starts_on=D(2024, 1, 1), ends_on=D(2029, 12, 31)
    )
    report = term_report_get_or_create(union=union, term=term)
    figures = report_figures(
        union=union, start=term.starts_on, end=D(2025, 12, 31), kind="midterm", term=term
    )

    html = term_report_html(term_report_context(report=report, figures=figures))

    assert "Trong 02 năm qua, Liên hiệp hội đã thực hiện Nghị quyết Đại hội" in html
    assert "SƠ KẾT HOẠT ĐỘNG GIỮA NHIỆM KỲ 2024 - 2029" in html
    assert "Từ đầu nhiệm kỳ đến nay, chưa ghi nhận hoạt động liên kết, hợp tác nào." in html

"""Vietnamese text helpers: folding, number styles, alphabetical order."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import (
    SORT_KEY_MAX_LENGTH,
    fold,
    name_sort_key,
    sort_key,
    vn_count,
    vn_month,
    vn_number,
)

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
vietnamese_words = st.text(
    alphabet=VIETNAMESE_LETTERS + "AĂÂĐÊÔƠƯáàảãạếềểễệ", min_size=1, max_size=30
)
# Every letter with every tone, in both cases (NFC, as typed).
TONED_LETTERS = [
    toned
    for letter in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
    for tone in ("", *TONES)
    if len(toned := unicodedata.normalize("NFC", letter + tone)) == 1
]
vietnamese_texts = st.lists(
    st.text(alphabet=st.sampled_from(TONED_LETTERS), min_size=1, max_size=8),
    min_size=1,
    max_size=4,
).map(" ".join)


def reference_key(text: str) -> tuple:
    """Vietnamese dictionary order written plainly, to check the string keys against: word by
    word, the letters as alphabet positions then the tones; then lower case before upper case."""
    words = []
    for word in text.split():
        letters, tones = [], []
        for char in word:
            decomposed = unicodedata.normalize("NFD", char.lower())
            tone = next((TONES.index(m) + 1 for m in decomposed if m in TONES), 0)
            base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONES))
            letters.append(VIETNAMESE_LETTERS.index(base))
            tones.append(tone)
        words.append((letters, tones))
    return words, text.swapcase()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn Đạt", "nguyen van dat"),
        ("  TRẦN   thị  Ánh ", "tran thi anh"),
        ("Phạm Ưng", "pham ung"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_diacritics_case_and_extra_spaces(text, expected):
    assert fold(text) == expected


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    folded = fold(text)

    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)


@given(vietnamese_words)
def test_fold_maps_every_vietnamese_letter_to_ascii(word):
    assert fold(word).isascii()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1700, "1.700"),
        (20995, "20.995"),
        (1234567, "1.234.567"),
        (-1700, "-1.700"),
    ],
)
def test_vn_number_separates_thousands_with_a_dot(value, expected):
    assert vn_number(value) == expected


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_vn_number_reads_back_as_the_same_integer(value):
    text = vn_number(value)

    assert int(text.replace(".", "")) == value
    assert all(len(group) == 3 for group in text.lstrip("-").split(".")[1:])


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "01"), (6, "06"), (9, "09"), (10, "10"), (19, "19"), (1700, "1.700"), (0, "0")],
)
def test_vn_count_pads_counts_below_ten(value, expected):
    assert vn_count(value) == expected


@given(st.integers(min_value=10, max_value=10**9))
def test_vn_count_is_vn_number_from_ten_up(value):
    assert vn_count(value) == vn_number(value)


def test_sort_key_follows_the_vietnamese_alphabet():
    letters = list(VIETNAMESE_LETTERS)

    assert sorted(reversed(letters), key=sort_key) == letters


def test_sort_key_puts_the_tone_after_the_letters():
    words = ["ma", "mà", "mả", "mã", "má", "mạ", "mai", "măng", "mây"]

    assert sorted(reversed(words), key=sort_key) == words


def test_sort_key_puts_d_before_dd_and_u_before_uw():
    names = ["Đào", "Dương", "Ưng", "Uyên", "Ân", "An"]

    assert sorted(names, key=sort_key) == ["An", "Ân", "Dương", "Đào", "Uyên", "Ưng"]


@given(vietnamese_words, vietnamese_words)
def test_sort_key_is_equal_only_for_equal_text(a, b):
    nfc_a, nfc_b = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)

    assert (sort_key(a) == sort_key(b)) == (nfc_a == nfc_b)


@given(vietnamese_words, vietnamese_words)
def test_sort_key_orders_by_letters_before_tones(a, b):
    strip = "".join
    base_a = unicodedata.normalize("NFD", a.lower())
    base_b = unicodedata.normalize("NFD", b.lower())
    letters_a = strip(ch for ch in base_a if ch not in TONES)
    letters_b = strip(ch for ch in base_b if ch not in TONES)
    if letters_a != letters_b and sort_key(a) < sort_key(b):
        assert sort_key(letters_a) < sort_key(letters_b)


def test_name_sort_key_sorts_by_given_then_family_then_middle_name():
    people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê An", "Lê Văn An", "Đặng Bình"]

    assert sorted(people, key=name_sort_key) == [
        "Lê An",
        "Lê Văn An",
        "Nguyễn Thị An",
        "Đặng Bình",
        "Trần Văn Bình",
    ]


@given(vietnamese_texts, vietnamese_texts)
def test_sort_key_orders_as_the_dictionary_does(a, b):
    assert (sort_key(a) < sort_key(b)) == (reference_key(a) < reference_key(b))
    assert (sort_key(a) == sort_key(b)) == (a == b)


@given(st.text(max_size=80))
def test_sort_key_is_lower_case_ascii_letters_and_digits(text):
    """Characters every database collation orders alike, so the database sorts like Python."""
    key = sort_key(text)

    assert key.isascii() and key.isalnum() and key == key.lower()


@given(st.text(max_size=80))
def test_sort_key_is_the_same_for_composed_and_decomposed_text(text):
    assert sort_key(unicodedata.normalize("NFD", text)) == sort_key(
        unicodedata.normalize("NFC", text)
    )


def test_sort_key_puts_ha_before_hoang_and_dd_before_t():
    names = ["Hội KH&KT phường Trung Lương", "Hoàng", "Hội KH&KT phường Đậu Liêu", "Hà"]

    assert sorted(names, key=sort_key) == [
        "Hà",
        "Hoàng",
        "Hội KH&KT phường Đậu Liêu",
        "Hội KH&KT phường Trung Lương",
    ]


def test_sort_key_compares_word_by_word_shorter_words_and_digits_first():
    words = ["An", "An Bình", "An-Bình", "Anh", "ba", "ba hoa", "bà", "Hội 2", "Hội A"]

    assert sorted(reversed(words), key=sort_key) == words


def test_sort_key_cuts_very_long_text_keeping_the_order():
    long_a, long_b = "a" * 2000, "b" * 2000

    assert len(sort_key(long_a)) <= SORT_KEY_MAX_LENGTH
    assert sort_key(long_a) < sort_key(long_b) < sort_key("c")


def test_name_sort_key_puts_given_names_in_alphabetical_order():
    people = ["Bùi Văn Vinh", "Hoàng Văn Hà", "Bùi Đình Bình", "Hà Thị Hoa", "Nguyễn Thị Ánh Tuyết"]

    assert sorted(people, key=name_sort_key) == [
        "Bùi Đình Bình",
        "Hoàng Văn Hà",
        "Hà Thị Hoa",
        "Nguyễn Thị Ánh Tuyết",
        "Bùi Văn Vinh",
    ]


@pytest.mark.parametrize(("month", "shown"), [(1, "01"), (2, "02"), (3, "3"), (10, "10")])
def test_vn_month_has_a_leading_zero_for_january_and_february_only(month, shown):
    assert vn_month(month) == shown

"""Vietnamese text helpers: folding, number styles, alphabetical order."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import fold, name_sort_key, sort_key, vn_count, vn_number

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
vietnamese_words = st.text(alphabet=VIETNAMESE_LETTERS + "AĂÂĐÊÔƠƯáàảãạếềểễệ", min_size=1)


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
